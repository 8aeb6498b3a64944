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
    -h, --help         print this help

ENVIRONMENT:
    DATABASE_URL   sqlite://PATH?mode=rwc or postgres://USER:PASSWORD@HOST/DB
                   [default: sqlite://data/citizen-home.sqlite?mode=rwc]
    RUST_LOG       log filter for stderr [default: info]
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

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Start the server with this configuration.
    Run(Config),
    /// Print [`USAGE`] and exit.
    Help,
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
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "-h" || arg == "--help" {
                return Ok(Command::Help);
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
        Ok(Command::Run(Config {
            catalog_dir: pick(catalog, "CATALOG_DIR", DEFAULT_CATALOG_DIR).into(),
            dist_dir: pick(dist, "DIST_DIR", DEFAULT_DIST_DIR).into(),
            addr: pick(addr, "ADDR", DEFAULT_ADDR),
            database_url: pick(None, "DATABASE_URL", DEFAULT_DATABASE_URL),
            partner_origins,
        }))
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
    fn help_and_errors() {
        assert_eq!(parse(&["--dist", "d", "-h"], &[]), Ok(Command::Help));
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
