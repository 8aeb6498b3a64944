//! A throwaway PostgreSQL server for the test command, so the server's tests always run
//! against PostgreSQL as well as SQLite (`TEST_POSTGRES_URL`), not only when someone sets
//! a variable.
//!
//! It uses Debian's `postgresql` package (installed when missing, as root): `initdb` into a
//! new temporary directory, `pg_ctl start` on a free loopback port with its socket in that
//! directory, trust authentication for the `postgres` user on loopback only. As root,
//! PostgreSQL refuses to run, so the server runs as the package's `postgres` system user
//! (`runuser`). Dropping the value stops the server (`pg_ctl stop -m fast`) and removes the
//! directory.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// A running throwaway PostgreSQL server.
pub struct TempPostgres {
    dir: PathBuf,
    bin: PathBuf,
    run_as: Option<String>,
    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    pub url: String,
}

/// The newest `/usr/lib/postgresql/<version>/bin` that has `initdb`.
fn find_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Installs Debian's `postgresql` when no server binaries are there (needs root).
fn install() -> Result<PathBuf, String> {
    if let Some(bin) = find_bin() {
        return Ok(bin);
    }
    if !is_root() {
        return Err("PostgreSQL is missing. Install it as root: \
                    apt-get update && apt-get install -y postgresql"
            .into());
    }
    crate::sh(Command::new("apt-get").arg("update"))?;
    crate::sh(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", "postgresql"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    find_bin().ok_or_else(|| "apt-get installed postgresql but no initdb was found".into())
}

impl TempPostgres {
    /// Installs PostgreSQL if needed, creates a cluster in a new temporary directory and
    /// starts it on a free port; waits until it accepts connections.
    ///
    /// Errors: the install, `initdb` or `pg_ctl start` failed (their output is shown).
    pub fn start() -> Result<TempPostgres, String> {
        let bin = install()?;
        let port = crate::free_port()?;
        let dir = std::env::temp_dir().join(format!("citizen-pg-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let run_as = is_root().then(|| "postgres".to_string());
        if run_as.is_some() {
            // The cluster's files must belong to the user the server runs as.
            let ids = Command::new("id")
                .args(["-u", "postgres"])
                .output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .and_then(|u| u.parse::<u32>().ok())
                .ok_or("running as root, but there is no `postgres` user to run PostgreSQL as")?;
            std::os::unix::fs::chown(&dir, Some(ids), None)
                .map_err(|e| format!("cannot hand {} to postgres: {e}", dir.display()))?;
        }
        let pg = TempPostgres {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            dir,
            bin,
            run_as,
        };
        let data = pg.dir.join("data");
        pg.run(
            "initdb",
            &[
                "-D",
                &data.display().to_string(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
        )?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            pg.dir.display()
        );
        pg.run(
            "pg_ctl",
            &[
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                &data.display().to_string(),
                "-l",
                &pg.dir.join("log").display().to_string(),
                "-o",
                &options,
            ],
        )?;
        eprintln!("xtask: throwaway PostgreSQL at {}", pg.url);
        Ok(pg)
    }

    /// Runs `tool` of the PostgreSQL binaries (as `postgres` when we are root), quietly;
    /// its output is shown only when it fails.
    fn run(&self, tool: &str, args: &[&str]) -> Result<(), String> {
        let exe = self.bin.join(tool);
        let mut c = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        };
        c.args(args).current_dir(&self.dir).stdin(Stdio::null());
        let out = c
            .output()
            .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
        if out.status.success() {
            return Ok(());
        }
        let log = std::fs::read_to_string(self.dir.join("log")).unwrap_or_default();
        Err(format!(
            "{tool} failed ({}):\n{}{}\n{log}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        let data = self.dir.join("data").display().to_string();
        let _ = self.run("pg_ctl", &["stop", "-m", "fast", "-D", &data]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The throwaway server answers SQL on its URL, and is gone with its files once dropped.
    #[test]
    fn starts_answers_and_cleans_up() {
        let pg = TempPostgres::start().unwrap();
        let query = |url: &str| {
            Command::new("psql")
                .args([url, "-tAc", "SELECT 40 + 2"])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        };
        assert_eq!(query(&pg.url).unwrap(), "42");
        let (url, dir) = (pg.url.clone(), pg.dir.clone());
        drop(pg);
        assert!(!dir.exists(), "{} left behind", dir.display());
        assert_ne!(
            query(&url).unwrap_or_default(),
            "42",
            "still answering after drop"
        );
    }
}
