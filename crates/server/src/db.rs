//! The database: one [`AnyPool`] over SQLite or PostgreSQL, chosen by `DATABASE_URL`.
//!
//! All SQL here and in `migrations/` is portable between the two: `$1` placeholders (sqlx's
//! SQLite driver binds `$N` by number), BIGINT integers, no dialect-only syntax.

use std::path::Path;

use citizen_core::catalog::{Category, Service};
use citizen_core::city::City;
use citizen_core::form::Answers;
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

/// A submission to store: what [`insert_submission`] writes to `submissions`.
#[derive(Debug, Clone)]
pub struct NewSubmission<'a> {
    /// 受理编号 (primary key).
    pub reference: &'a str,
    /// GB/T 2260 code of the city.
    pub city_code: &'a str,
    /// The service's id.
    pub service_id: &'a str,
    /// The normalised answers as JSON text. Personal data: never log it.
    pub answers_json: &'a str,
    /// The channel's name ([`citizen_core::api::Channel::as_str`]).
    pub channel: &'a str,
    /// The status's snake_case name (`received`).
    pub status: &'a str,
    /// RFC 3339 with `+08:00`.
    pub created_at: &'a str,
}

/// The idempotency key that goes with a new submission, and the response it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyRecord {
    /// SHA-256 (hex) of the service id and the canonical request body.
    pub request_hash: String,
    /// The submission it produced.
    pub reference: String,
    /// The HTTP status of the original response (201).
    pub response_status: u16,
    /// The original response body without its answers, JSON.
    pub response_json: String,
}

/// What [`insert_submission`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertOutcome {
    /// Both rows are stored.
    Inserted,
    /// Another request stored a submission under this idempotency key first; nothing was
    /// written. Read its record with [`find_idempotency_key`].
    KeyTaken,
    /// The reference number is already in use (a random collision); nothing was written.
    /// Draw a new one and try again.
    ReferenceTaken,
}

/// The record stored for idempotency key `key`, if any.
///
/// Errors: a database error or a stored status out of range.
pub async fn find_idempotency_key(
    pool: &AnyPool,
    key: &str,
) -> Result<Option<IdempotencyRecord>, DbError> {
    let row = sqlx::query(
        "SELECT request_hash, reference, response_status, response_json \
         FROM idempotency_keys WHERE idempotency_key = $1",
    )
    .bind(key)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let status: i64 = row.try_get("response_status")?;
    Ok(Some(IdempotencyRecord {
        request_hash: row.try_get("request_hash")?,
        reference: row.try_get("reference")?,
        response_status: u16::try_from(status)
            .map_err(|_| DbError::Corrupt(format!("stored response status {status}")))?,
        response_json: row.try_get("response_json")?,
    }))
}

/// Stores a submission and its idempotency key in one transaction: the submission row,
/// then the key with `INSERT ... ON CONFLICT (idempotency_key) DO NOTHING`. When the key
/// is already taken (also by a concurrent request: PostgreSQL makes the second insert wait
/// for the first transaction, SQLite runs writers one at a time) the transaction is rolled
/// back, so of any number of requests with one key exactly one submission is stored.
///
/// The transaction's first statement is a write, so SQLite waits for its write lock with
/// its busy timeout instead of failing.
///
/// Errors: any database error other than the two conflicts of [`InsertOutcome`].
pub async fn insert_submission(
    pool: &AnyPool,
    submission: &NewSubmission<'_>,
    key: &str,
    record: &IdempotencyRecord,
) -> Result<InsertOutcome, DbError> {
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO submissions \
         (reference, city_code, service_id, answers_json, channel, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(submission.reference)
    .bind(submission.city_code)
    .bind(submission.service_id)
    .bind(submission.answers_json)
    .bind(submission.channel)
    .bind(submission.status)
    .bind(submission.created_at)
    .execute(&mut *tx)
    .await;
    if let Err(e) = inserted {
        let unique = e
            .as_database_error()
            .is_some_and(|d| d.is_unique_violation());
        tx.rollback().await?;
        return if unique {
            Ok(InsertOutcome::ReferenceTaken)
        } else {
            Err(e.into())
        };
    }
    let claimed = sqlx::query(
        "INSERT INTO idempotency_keys \
         (idempotency_key, request_hash, reference, response_status, response_json, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(key)
    .bind(record.request_hash.as_str())
    .bind(record.reference.as_str())
    .bind(i64::from(record.response_status))
    .bind(record.response_json.as_str())
    .bind(submission.created_at)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(InsertOutcome::KeyTaken);
    }
    tx.commit().await?;
    Ok(InsertOutcome::Inserted)
}

/// A stored submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSubmission {
    /// 受理编号.
    pub reference: String,
    /// GB/T 2260 code of the city.
    pub city_code: String,
    /// The service's id.
    pub service_id: String,
    /// The normalised answers. Personal data.
    pub answers: Answers,
    /// The channel's name.
    pub channel: String,
    /// The status's snake_case name.
    pub status: String,
    /// RFC 3339 with `+08:00`.
    pub created_at: String,
}

/// The submission with this reference, if any.
///
/// Errors: a database error or stored answers that do not decode.
pub async fn find_submission(
    pool: &AnyPool,
    reference: &str,
) -> Result<Option<StoredSubmission>, DbError> {
    let row = sqlx::query(
        "SELECT reference, city_code, service_id, answers_json, channel, status, created_at \
         FROM submissions WHERE reference = $1",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let answers_json: String = row.try_get("answers_json")?;
    let reference: String = row.try_get("reference")?;
    let answers = serde_json::from_str(&answers_json).map_err(|e| {
        // The decode error may quote an answer: log the position only.
        DbError::Corrupt(format!(
            "answers of submission {reference} do not decode (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    Ok(Some(StoredSubmission {
        city_code: row.try_get("city_code")?,
        service_id: row.try_get("service_id")?,
        answers,
        channel: row.try_get("channel")?,
        status: row.try_get("status")?,
        created_at: row.try_get("created_at")?,
        reference,
    }))
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
