//! The database: one [`AnyPool`] over SQLite or PostgreSQL, chosen by `DATABASE_URL`.
//!
//! All SQL here and in `migrations/` is portable between the two: `$1` placeholders (sqlx's
//! SQLite driver binds `$N` by number), BIGINT integers, no dialect-only syntax.

use std::path::Path;

use citizen_core::catalog::{Category, Service};
use citizen_core::city::City;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, Connection, Row};

use crate::catalog::LoadedCatalog;

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
    #[error("corrupt catalog data in the database: {0}")]
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

/// Replaces the catalog tables' contents with `catalog`, in one transaction: readers see
/// the old catalog or the new one, never a mix, and a failure leaves the old one.
///
/// Errors: any database error (the transaction is rolled back).
pub async fn replace_catalog(pool: &AnyPool, catalog: &LoadedCatalog) -> Result<(), DbError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM services")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM cities").execute(&mut *tx).await?;
    sqlx::query("DELETE FROM catalog_meta")
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO catalog_meta (id, source) VALUES (1, $1)")
        .bind(catalog.source.as_str())
        .execute(&mut *tx)
        .await?;
    for (position, city) in (0_i64..).zip(&catalog.cities) {
        sqlx::query(
            "INSERT INTO cities (code, position, name, province, pinyin, launch_order, joined) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(city.code.as_str())
        .bind(position)
        .bind(city.name.as_str())
        .bind(city.province.as_str())
        .bind(city.pinyin.join(" "))
        .bind(city.launch_order.map(i64::from))
        .bind(i64::from(city.joined))
        .execute(&mut *tx)
        .await?;
    }
    for catalog in &catalog.catalogs {
        for (position, service) in (0_i64..).zip(&catalog.services) {
            let json = serde_json::to_string(service).map_err(|e| {
                DbError::Corrupt(format!("cannot encode service {}: {e}", service.id))
            })?;
            sqlx::query(
                "INSERT INTO services (city_code, id, position, category, service_json) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(catalog.city_code.as_str())
            .bind(service.id.as_str())
            .bind(position)
            .bind(category_name(service.category))
            .bind(json)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The snake_case wire name of a category (`exit_entry`), as serde writes it.
fn category_name(category: Category) -> String {
    match serde_json::to_value(category) {
        Ok(serde_json::Value::String(s)) => s,
        // A unit enum variant always serialises to a string; keep a readable fallback anyway.
        _ => format!("{category:?}"),
    }
}

/// Checks that the database answers (`SELECT 1`).
///
/// Errors: the database's.
pub async fn ping(pool: &AnyPool) -> Result<(), DbError> {
    sqlx::query("SELECT 1").fetch_one(pool).await?;
    Ok(())
}

const CITY_COLUMNS: &str = "code, name, province, pinyin, launch_order, joined";

/// The city list's source and every city, in list (pinyin) order.
///
/// Errors: a database error, or [`DbError::Corrupt`] when no catalog was loaded.
pub async fn list_cities(pool: &AnyPool) -> Result<(String, Vec<City>), DbError> {
    let source: String = sqlx::query("SELECT source FROM catalog_meta WHERE id = 1")
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| DbError::Corrupt("catalog_meta has no row".into()))?
        .try_get("source")?;
    let rows = sqlx::query(&format!(
        "SELECT {CITY_COLUMNS} FROM cities ORDER BY position"
    ))
    .fetch_all(pool)
    .await?;
    let cities = rows.iter().map(city_from_row).collect::<Result<_, _>>()?;
    Ok((source, cities))
}

/// The city with division code `code`, if listed.
///
/// Errors: a database error or an undecodable row.
pub async fn find_city(pool: &AnyPool, code: &str) -> Result<Option<City>, DbError> {
    let row = sqlx::query(&format!(
        "SELECT {CITY_COLUMNS} FROM cities WHERE code = $1"
    ))
    .bind(code)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(city_from_row).transpose()
}

/// The services of city `code` in catalog order; empty when it has not joined.
///
/// Errors: a database error or a service whose stored JSON does not decode.
pub async fn city_services(pool: &AnyPool, code: &str) -> Result<Vec<Service>, DbError> {
    let rows =
        sqlx::query("SELECT service_json FROM services WHERE city_code = $1 ORDER BY position")
            .bind(code)
            .fetch_all(pool)
            .await?;
    rows.iter().map(service_from_row).collect()
}

/// Service `id` of city `code`, if the city offers it.
///
/// Errors: a database error or stored JSON that does not decode.
pub async fn find_service(
    pool: &AnyPool,
    code: &str,
    id: &str,
) -> Result<Option<Service>, DbError> {
    let row = sqlx::query("SELECT service_json FROM services WHERE city_code = $1 AND id = $2")
        .bind(code)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(service_from_row).transpose()
}

fn city_from_row(row: &AnyRow) -> Result<City, DbError> {
    let code: String = row.try_get("code")?;
    let pinyin: String = row.try_get("pinyin")?;
    let launch_order: Option<i64> = row.try_get("launch_order")?;
    let joined: i64 = row.try_get("joined")?;
    let launch_order = launch_order
        .map(u32::try_from)
        .transpose()
        .map_err(|_| DbError::Corrupt(format!("city {code}: launch_order out of range")))?;
    Ok(City {
        name: row.try_get("name")?,
        province: row.try_get("province")?,
        pinyin: pinyin.split_whitespace().map(str::to_string).collect(),
        launch_order,
        joined: joined != 0,
        code,
    })
}

fn service_from_row(row: &AnyRow) -> Result<Service, DbError> {
    let json: String = row.try_get("service_json")?;
    serde_json::from_str(&json)
        .map_err(|e| DbError::Corrupt(format!("stored service does not decode: {e}")))
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

    #[test]
    fn category_names_are_snake_case() {
        assert_eq!(category_name(Category::ExitEntry), "exit_entry");
    }
}
