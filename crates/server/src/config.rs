//! Run-time configuration: command-line flags, then environment variables, then defaults.
//!
//! | flag | variable | default | what |
//! |---|---|---|---|
//! | `--catalog DIR` | `CATALOG_DIR` | `catalog` | `cities.json` and `cities/*.json` |
//! | `--dist DIR` | `DIST_DIR` | `dist` | the SPA built by Trunk |
//! | `--addr HOST:PORT` | `ADDR` | `127.0.0.1:8080` | where to listen |
//! | | `DATABASE_URL` | `sqlite://data/citizen-home.sqlite?mode=rwc` | SQLite file or `postgres://…` |
//! | `--partner-origins LIST` | `PARTNER_ORIGINS` | empty | origins that may embed the SPA and call the API ([`crate::security`]) |
//!
//! Flags may also be written `--catalog=DIR`. An empty variable counts as unset.
//!
//! [`Settings`] are read from the environment only (no flags), by [`crate::run`]:
//!
//! | variable | default | what |
//! |---|---|---|
//! | `SESSION_SECRET` | a random secret created once in the database (`server_secrets`) | key of the session cookies' HMAC, the resident ID hashes and the sandbox notifications; at least 32 bytes |
//! | `SANDBOX_TRADE_TIMEOUT_SECS` | `30` | how long a sandbox trade in `timeout` mode stays pending before a query reports it failed |
//! | `SANDBOX_NOTIFY_DELAY_MS` | `500` | how long the sandbox waits before it notifies a payment's outcome |
//! | `SANDBOX_LATE_DELAY_MS` | `10000` | in `late` mode, when the cashier's answer comes: the trade is pending (to queries too) until then, then paid and notified |

use std::path::PathBuf;

use crate::security::{OriginError, PartnerOrigins};

/// Default `CATALOG_DIR`, relative to the working directory.
pub const DEFAULT_CATALOG_DIR: &str = "catalog";
/// Default `DIST_DIR`, relative to the working directory.
pub const DEFAULT_DIST_DIR: &str = "dist";
/// Default listening address: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// Default `DATABASE_URL`: an SQLite file under `data/`, created on first run.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/citizen-home.sqlite?mode=rwc";

/// The text printed by `--help`.
pub const USAGE: &str = "\
citizen-server: the 市民之家 (citizen-home) backend: /api/v1 JSON API and the built SPA

USAGE:
    citizen-server [--catalog DIR] [--dist DIR] [--addr HOST:PORT] [--partner-origins LIST]

OPTIONS (each falls back to an environment variable, then a default):
    --catalog DIR      catalog directory        CATALOG_DIR   [default: catalog]
    --dist DIR         built SPA (Trunk output) DIST_DIR      [default: dist]
    --addr HOST:PORT   address to listen on     ADDR          [default: 127.0.0.1:8080]
    --partner-origins LIST                      PARTNER_ORIGINS [default: none]
                       origins (https://partner.example.gov.cn, comma or space separated)
                       that may embed the SPA in an iframe (CSP frame-ancestors), call the
                       API from their pages (CORS) and exchange postMessage with the SPA
    --reset-sandbox    empty the sandbox tables (test vehicles, fines, 户号, bills and
                       the lookups of them) of DATABASE_URL, seed them afresh and exit
                       (docs/sandbox.md; `cargo xtask reset-sandbox`)
    -h, --help         print this help

ENVIRONMENT:
    DATABASE_URL   sqlite://PATH?mode=rwc or postgres://USER:PASSWORD@HOST/DB
                   [default: sqlite://data/citizen-home.sqlite?mode=rwc]
    RUST_LOG       log filter for stderr [default: info]
    SESSION_SECRET key of the session cookies and payment notifications, 32+ bytes
                   [default: a random one created once in the database]
    SANDBOX_TRADE_TIMEOUT_SECS  sandbox 'timeout' trades fail after this [default: 30]
    SANDBOX_NOTIFY_DELAY_MS     sandbox notification delay [default: 500]
    SANDBOX_LATE_DELAY_MS       sandbox 'late' answer delay [default: 10000]
";

/// Where the server finds its data and listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Directory holding `cities.json` and `cities/<division code>.json`.
    pub catalog_dir: PathBuf,
    /// Directory of the built SPA (`index.html`, hashed `.wasm`/`.js`/`.css`).
    pub dist_dir: PathBuf,
    /// `HOST:PORT` to listen on; port `0` picks a free port.
    pub addr: String,
    /// sqlx URL of the database (`sqlite:` or `postgres:`). May hold a password: never log it
    /// whole.
    pub database_url: String,
    /// Partner sites that may frame the SPA and call the API cross-origin
    /// ([`crate::security`]); empty by default.
    pub partner_origins: PartnerOrigins,
}

/// Settings that only the environment gives ([`Settings::from_env`]); tests build them
/// directly ([`crate::prepare_with`]).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `SESSION_SECRET`: at least 32 bytes; `None` uses the database's shared random secret.
    pub session_secret: Option<String>,
    /// The sandbox payment provider's timing.
    pub sandbox: SandboxTiming,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field(
                "session_secret",
                &self.session_secret.as_ref().map(|_| "***"),
            )
            .field("sandbox", &self.sandbox)
            .finish()
    }
}

/// When the sandbox payment provider answers ([`crate::payments`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SandboxTiming {
    /// A `timeout` trade stays pending this long, then a query reports it failed.
    pub trade_timeout: std::time::Duration,
    /// The delay before the outcome is notified (`succeed`, `decline`, `notify_twice`).
    pub notify_delay: std::time::Duration,
    /// How long a `late` trade stays pending (to queries too) before it is paid and its
    /// outcome notified.
    pub late_delay: std::time::Duration,
}

impl Default for SandboxTiming {
    fn default() -> Self {
        SandboxTiming {
            trade_timeout: std::time::Duration::from_secs(30),
            notify_delay: std::time::Duration::from_millis(500),
            late_delay: std::time::Duration::from_secs(10),
        }
    }
}

impl Settings {
    /// Reads `SESSION_SECRET`, `SANDBOX_TRADE_TIMEOUT_SECS`, `SANDBOX_NOTIFY_DELAY_MS`,
    /// `SANDBOX_LATE_DELAY_MS` from the process's environment.
    ///
    /// Errors: see [`Settings::parse`].
    pub fn from_env() -> Result<Settings, ConfigError> {
        Self::parse(|name| std::env::var(name).ok())
    }

    /// The settings from `env`; unset or empty variables take their defaults.
    ///
    /// Errors: [`ConfigError::SessionSecretTooShort`], [`ConfigError::BadNumber`].
    pub fn parse(env: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let get = |name: &str| env(name).filter(|v| !v.is_empty());
        let session_secret = get("SESSION_SECRET");
        if session_secret
            .as_ref()
            .is_some_and(|s| s.len() < crate::sessions::MIN_SECRET_BYTES)
        {
            return Err(ConfigError::SessionSecretTooShort);
        }
        let number = |name: &'static str| -> Result<Option<u64>, ConfigError> {
            get(name)
                .map(|v| {
                    v.trim()
                        .parse::<u64>()
                        .map_err(|_| ConfigError::BadNumber(name))
                })
                .transpose()
        };
        let mut sandbox = SandboxTiming::default();
        if let Some(secs) = number("SANDBOX_TRADE_TIMEOUT_SECS")? {
            sandbox.trade_timeout = std::time::Duration::from_secs(secs);
        }
        if let Some(ms) = number("SANDBOX_NOTIFY_DELAY_MS")? {
            sandbox.notify_delay = std::time::Duration::from_millis(ms);
        }
        if let Some(ms) = number("SANDBOX_LATE_DELAY_MS")? {
            sandbox.late_delay = std::time::Duration::from_millis(ms);
        }
        Ok(Settings {
            session_secret,
            sandbox,
        })
    }
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Start the server with this configuration.
    Run(Config),
    /// Print [`USAGE`] and exit.
    Help,
    /// `--reset-sandbox`: empty and re-seed the sandbox tables of this configuration's
    /// database, then exit ([`crate::sandbox::reset_database`]).
    ResetSandbox(Config),
}

/// A command line or environment the server cannot start from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// An argument that is not one of the flags.
    #[error("unknown argument `{0}`; run `citizen-server --help` for the options")]
    UnknownArgument(String),
    /// A flag given without its value.
    #[error("`{0}` needs a value, for example `{0} {1}`")]
    MissingValue(&'static str, &'static str),
    /// An argument or variable that is not valid Unicode.
    #[error("{0} is not valid Unicode")]
    NotUnicode(String),
    /// An entry of `PARTNER_ORIGINS` / `--partner-origins` that is not an origin.
    #[error(transparent)]
    BadOrigin(#[from] OriginError),
    /// `SESSION_SECRET` is set but shorter than 32 bytes.
    #[error("SESSION_SECRET must be at least 32 bytes (or unset, for a random one kept in the database)")]
    SessionSecretTooShort,
    /// A numeric setting that is not a whole number.
    #[error("{0} must be a whole number")]
    BadNumber(&'static str),
}

impl Config {
    /// Reads the process's arguments and environment.
    ///
    /// Errors: see [`ConfigError`].
    pub fn from_process() -> Result<Command, ConfigError> {
        let args = std::env::args_os()
            .skip(1)
            .map(|a| {
                a.into_string()
                    .map_err(|a| ConfigError::NotUnicode(format!("argument {a:?}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut env_error = None;
        let command = Self::parse(args, |name| match std::env::var(name) {
            Ok(v) => Some(v),
            Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(_)) => {
                env_error = Some(ConfigError::NotUnicode(format!(
                    "environment variable {name}"
                )));
                None
            }
        })?;
        match env_error {
            Some(e) => Err(e),
            None => Ok(command),
        }
    }

    /// Parses `args` (without the program name), looking up unset options with `env`.
    ///
    /// Errors: an unknown argument or a flag without a value.
    pub fn parse<I, E>(args: I, mut env: E) -> Result<Command, ConfigError>
    where
        I: IntoIterator<Item = String>,
        E: FnMut(&str) -> Option<String>,
    {
        let mut catalog = None;
        let mut dist = None;
        let mut addr = None;
        let mut partners = None;
        let mut reset_sandbox = false;
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "-h" || arg == "--help" {
                return Ok(Command::Help);
            }
            if arg == "--reset-sandbox" {
                reset_sandbox = true;
                continue;
            }
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => {
                    (flag.to_string(), Some(value.to_string()))
                }
                _ => (arg.clone(), None),
            };
            let (slot, name, example) = match flag.as_str() {
                "--catalog" => (&mut catalog, "--catalog", "catalog"),
                "--dist" => (&mut dist, "--dist", "dist"),
                "--addr" => (&mut addr, "--addr", DEFAULT_ADDR),
                "--partner-origins" => (
                    &mut partners,
                    "--partner-origins",
                    "https://partner.example.gov.cn",
                ),
                _ => return Err(ConfigError::UnknownArgument(arg)),
            };
            let value = match inline.or_else(|| args.next()) {
                Some(v) if !v.is_empty() => v,
                _ => return Err(ConfigError::MissingValue(name, example)),
            };
            *slot = Some(value);
        }
        let mut pick = |flag: Option<String>, var: &str, default: &str| {
            flag.or_else(|| env(var).filter(|v| !v.is_empty()))
                .unwrap_or_else(|| default.to_string())
        };
        let partner_origins = PartnerOrigins::parse(&pick(partners, "PARTNER_ORIGINS", ""))?;
        let config = Config {
            catalog_dir: pick(catalog, "CATALOG_DIR", DEFAULT_CATALOG_DIR).into(),
            dist_dir: pick(dist, "DIST_DIR", DEFAULT_DIST_DIR).into(),
            addr: pick(addr, "ADDR", DEFAULT_ADDR),
            database_url: pick(None, "DATABASE_URL", DEFAULT_DATABASE_URL),
            partner_origins,
        };
        Ok(if reset_sandbox {
            Command::ResetSandbox(config)
        } else {
            Command::Run(config)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Command, ConfigError> {
        Config::parse(args.iter().map(|s| s.to_string()), |k| {
            env.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_env_and_flags() {
        let Ok(Command::Run(c)) = parse(&[], &[]) else {
            panic!("defaults")
        };
        assert_eq!(c.catalog_dir, PathBuf::from("catalog"));
        assert_eq!(c.dist_dir, PathBuf::from("dist"));
        assert_eq!(c.addr, DEFAULT_ADDR);
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert!(c.partner_origins.as_slice().is_empty());

        let env = [
            ("CATALOG_DIR", "/c"),
            ("DIST_DIR", ""),
            ("ADDR", "0.0.0.0:1"),
            ("DATABASE_URL", "postgres://x/y"),
        ];
        let Ok(Command::Run(c)) = parse(&["--catalog", "/flag", "--addr=[::1]:9"], &env) else {
            panic!("flags")
        };
        assert_eq!(c.catalog_dir, PathBuf::from("/flag"));
        assert_eq!(
            c.dist_dir,
            PathBuf::from("dist"),
            "empty variable counts as unset"
        );
        assert_eq!(c.addr, "[::1]:9");
        assert_eq!(c.database_url, "postgres://x/y");
    }

    #[test]
    fn partner_origins_from_flag_or_env() {
        let env = [("PARTNER_ORIGINS", "https://a.cn, http://127.0.0.1:9")];
        let Ok(Command::Run(c)) = parse(&[], &env) else {
            panic!("env")
        };
        assert_eq!(
            c.partner_origins.as_slice(),
            ["https://a.cn", "http://127.0.0.1:9"]
        );
        let Ok(Command::Run(c)) = parse(&["--partner-origins=https://b.cn/"], &env) else {
            panic!("flag")
        };
        assert_eq!(c.partner_origins.as_slice(), ["https://b.cn"]);
        let err = parse(&["--partner-origins", "https://*.a.cn"], &[]).expect_err("wildcard");
        assert!(matches!(err, ConfigError::BadOrigin(_)), "{err:?}");
        assert!(err.to_string().contains("`https://*.a.cn`"), "{err}");
    }

    #[test]
    fn settings_from_env() {
        let s = Settings::parse(|_| None).unwrap();
        assert_eq!(s, Settings::default());
        let short = Settings::parse(|k| (k == "SESSION_SECRET").then(|| "short".into()));
        assert_eq!(short, Err(ConfigError::SessionSecretTooShort));
        let s = Settings::parse(|k| match k {
            "SESSION_SECRET" => Some("x".repeat(32)),
            "SANDBOX_TRADE_TIMEOUT_SECS" => Some("2".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.session_secret.as_deref().map(str::len), Some(32));
        assert_eq!(s.sandbox.trade_timeout, std::time::Duration::from_secs(2));
        assert!(!format!("{s:?}").contains("xxxx"));
        let bad = Settings::parse(|k| (k == "SANDBOX_NOTIFY_DELAY_MS").then(|| "soon".into()));
        assert_eq!(bad, Err(ConfigError::BadNumber("SANDBOX_NOTIFY_DELAY_MS")));
    }

    #[test]
    fn help_and_errors() {
        assert_eq!(parse(&["--dist", "d", "-h"], &[]), Ok(Command::Help));
        assert!(matches!(
            parse(&["--reset-sandbox", "--catalog", "c"], &[]),
            Ok(Command::ResetSandbox(c)) if c.catalog_dir == std::path::Path::new("c")
        ));
        assert_eq!(
            parse(&["--port", "1"], &[]),
            Err(ConfigError::UnknownArgument("--port".into()))
        );
        assert_eq!(
            parse(&["--dist"], &[]),
            Err(ConfigError::MissingValue("--dist", "dist"))
        );
        assert_eq!(
            parse(&["--dist="], &[]),
            Err(ConfigError::MissingValue("--dist", "dist"))
        );
    }
}
