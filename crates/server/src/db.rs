//! The database: one [`AnyPool`] over SQLite or PostgreSQL, chosen by `DATABASE_URL`, and
//! its migrations. The queries live with the resource that runs them (`catalog`,
//! `submissions`, `idempotency`, ...).
//!
//! All SQL, there and in `migrations/`, is portable between the two: `$1` placeholders
//! (sqlx's SQLite driver binds `$N` by number), BIGINT integers, TEXT for JSON and times,
//! `INSERT ... ON CONFLICT (...) DO NOTHING`, no dialect-only syntax.

use std::path::Path;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, Connection};

/// The schema migrations in `crates/server/migrations/`, embedded at compile time. Applied
/// ones are recorded in `_sqlx_migrations`, so running them at every start is idempotent.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Why a query failed or what it read back made no sense. Both are our fault (HTTP 500).
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database did not answer or rejected the query.
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    /// A stored value does not decode (for example a service's JSON).
    #[error("corrupt data in the database: {0}")]
    Corrupt(String),
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The parent directory of an SQLite file could not be created.
    #[error("cannot create the database directory {}: {source}", path.display())]
    Directory {
        /// The directory.
        path: std::path::PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The driver could not connect.
    #[error("cannot open the database {url}: {source}")]
    Open {
        /// `DATABASE_URL` with any password hidden.
        url: String,
        /// The driver's reason.
        source: sqlx::Error,
    },
    /// The database did not answer within [`CONNECT_TIMEOUT`].
    #[error("cannot open the database {url}: no answer within 10 s")]
    Timeout {
        /// `DATABASE_URL` with any password hidden.
        url: String,
    },
}

/// How long opening the database may take at start.
pub const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Opens a pool on `url` (`sqlite://PATH?mode=rwc`, `postgres://…`), first creating the
/// parent directory of an SQLite file.
///
/// Errors: [`ConnectError`].
pub async fn connect(url: &str) -> Result<AnyPool, ConnectError> {
    sqlx::any::install_default_drivers();
    if let Some(parent) = sqlite_path(url).and_then(Path::parent) {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|source| ConnectError::Directory {
                path: parent.to_path_buf(),
                source,
            })?;
        }
    }
    let open_error = |source| ConnectError::Open {
        url: redact(url),
        source,
    };
    // One plain connection first: a pool retries failed connects until its timeout and then
    // reports only "timed out", hiding the reason (refused, wrong password, no database).
    match tokio::time::timeout(CONNECT_TIMEOUT, AnyConnection::connect(url)).await {
        Ok(Ok(probe)) => {
            // Only a probe: an error while closing it changes nothing.
            let _ = probe.close().await;
        }
        Ok(Err(source)) => return Err(open_error(source)),
        Err(_) => return Err(ConnectError::Timeout { url: redact(url) }),
    }
    AnyPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect(url)
        .await
        .map_err(open_error)
}

/// The file of an `sqlite:` URL, `None` for other schemes and in-memory databases.
fn sqlite_path(url: &str) -> Option<&Path> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        None
    } else {
        Some(Path::new(path))
    }
}

/// `url` with the password of its user-info replaced by `***`, safe to print.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    // A password may also be a query parameter (`?password=…`): drop such a query whole.
    let rest = match rest.split_once('?') {
        Some((before, query)) if query.to_ascii_lowercase().contains("password") => {
            format!("{before}?***")
        }
        _ => rest.to_string(),
    };
    // Both indices below come from `find`/`rfind` on `rest`, so they are char boundaries
    // within it and the slices cannot panic.
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let userinfo = rest[..authority_end]
        .rfind('@')
        .map(|at| (&rest[..at], &rest[at..]));
    match userinfo.and_then(|(info, host)| info.split_once(':').map(|(user, _)| (user, host))) {
        Some((user, host)) => format!("{scheme}://{user}:***{host}"),
        None => format!("{scheme}://{rest}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_paths() {
        assert_eq!(
            sqlite_path("sqlite://data/citizen-home.sqlite?mode=rwc"),
            Some(Path::new("data/citizen-home.sqlite"))
        );
        assert_eq!(
            sqlite_path("sqlite:///tmp/x.db"),
            Some(Path::new("/tmp/x.db"))
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://localhost/db"), None);
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/citizen"),
            "postgres://app:***@db:5432/citizen"
        );
        assert_eq!(redact("postgres://db/citizen"), "postgres://db/citizen");
        assert_eq!(
            redact("postgres://app@db/citizen"),
            "postgres://app@db/citizen"
        );
        assert_eq!(
            redact("postgres://db/c?user=a&password=b"),
            "postgres://db/c?***"
        );
        assert_eq!(
            redact("sqlite://data/x.sqlite?mode=rwc"),
            "sqlite://data/x.sqlite?mode=rwc"
        );
    }
}
