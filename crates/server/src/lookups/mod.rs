//! Traffic and bill lookups, and saved 户号 (issue 14; docs/issue14-contract.md).
//!
//! | path | answer |
//! |---|---|
//! | `POST /api/v1/cities/{code}/services/{id}/traffic-lookups` | body `{"plate", "plate_type", "vehicle_check"}` → 200 [`citizen_core::api::TrafficLookupResponse`]; 404 `city_not_found` / `service_not_found` (no traffic lookup there); 400 `invalid_body`; 422 `validation_failed` (fields `plate`, `plate_type`, `vehicle_check`), 422 `vehicle_not_matched` |
//! | `GET /api/v1/traffic-lookups/{lookup_id}` | the same answer with fresh statuses; 404 `lookup_not_found` (also another session's) |
//! | `POST /api/v1/cities/{code}/services/{id}/bill-lookups` | body `{"provider_id", "account_no"}` → 200 [`citizen_core::api::BillLookupResponse`]; 404 as above; 422 `validation_failed` (fields `provider_id`, `account_no`), 422 `account_not_found` |
//! | `GET /api/v1/bill-lookups/{lookup_id}` | the same, fresh; 404 `lookup_not_found` |
//! | `GET /api/v1/saved-accounts` | `{"accounts": [SavedAccount]}` of the session, newest first (none without a session) |
//! | `POST /api/v1/saved-accounts` | `Idempotency-Key`, body `{city_code, service_id, provider_id, account_no, label}` → 201 [`citizen_core::api::SavedAccount`] (a replay: 200 and `Idempotent-Replayed: true`; another body with the key: 409 `idempotency_key_reused`); 409 `account_already_saved`; 422 `validation_failed` (`provider_id`, `account_no`, `label`) |
//! | `PATCH /api/v1/saved-accounts/{id}` | `{label}` → 200 SavedAccount; 404 `saved_account_not_found` |
//! | `DELETE /api/v1/saved-accounts/{id}` | 204; 404 `saved_account_not_found` |
//!
//! Every lookup is a row owned by the session ([`crate::sessions::ensure`] creates one when
//! missing and the answer carries its cookie), with the items it showed
//! (`lookup_items`): that is what [`crate::payable::price`] checks an order against. A
//! lookup takes no `Idempotency-Key`: it reads, and each call stores one more row.
//!
//! Statuses are derived when read: `paid` when `paid_order_id` is set, `paying` while an
//! order holds the item in `order_item_locks`, `needs_visit` for a fine that cannot be paid
//! online, else `unpaid`. A bill's late fee is computed as of today in China (or the day it
//! was paid) by [`crate::sandbox::plan::late_fee_fen`].
//!
//! Nothing personal is logged: no plate, no tail, no 户号.

mod bills;
pub mod online;
mod saved;
mod traffic;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::routing::{get, patch, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::db::DbError;
use crate::error::ApiError;
use crate::AppState;

/// The lookup and saved-account routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/cities/{code}/services/{id}/traffic-lookups",
            post(traffic::create),
        )
        .route("/api/v1/traffic-lookups/{lookup_id}", get(traffic::show))
        .route(
            "/api/v1/cities/{code}/services/{id}/bill-lookups",
            post(bills::create),
        )
        .route("/api/v1/bill-lookups/{lookup_id}", get(bills::show))
        .route(
            "/api/v1/saved-accounts",
            get(saved::list).post(saved::create),
        )
        .route(
            "/api/v1/saved-accounts/{id}",
            patch(saved::rename).delete(saved::remove),
        )
}

/// A new random id: 16 bytes from the OS as 32 hex digits.
///
/// Errors: the OS has no randomness to give (500).
pub(crate) fn new_id() -> Result<String, ApiError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| DbError::Corrupt(format!("no randomness for an id: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The JSON body as a value (for fingerprints) and as `T`.
///
/// Errors: [`ApiError::BodyTooLarge`], [`ApiError::InvalidBody`].
fn json_body<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
) -> Result<(Value, T), ApiError> {
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::BodyTooLarge
        } else {
            ApiError::InvalidBody
        }
    })?;
    let value: Value = serde_json::from_slice(&body).map_err(|_| ApiError::InvalidBody)?;
    let request = serde_json::from_value(value.clone()).map_err(|_| ApiError::InvalidBody)?;
    Ok((value, request))
}

/// The answer's JSON text.
fn encode<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value)
        .map_err(|e| ApiError::Internal(DbError::Corrupt(format!("cannot encode: {e}"))))
}

/// A stored lookup row.
#[derive(Debug, sqlx::FromRow)]
struct LookupRow {
    id: String,
    city_code: String,
    service_id: String,
    subject: String,
    created_at: String,
}

/// The lookup `id` of kind `kind` owned by `session`.
///
/// Errors: [`ApiError::LookupNotFound`] (no session, no such lookup, or another
/// session's), a database error.
async fn owned_lookup(
    pool: &sqlx::AnyPool,
    session: Option<&crate::sessions::SessionKey>,
    kind: &str,
    id: &str,
) -> Result<LookupRow, ApiError> {
    let Some(session) = session else {
        return Err(ApiError::LookupNotFound);
    };
    let row: Option<LookupRow> = sqlx::query_as(
        "SELECT id, city_code, service_id, subject, created_at FROM lookups \
         WHERE id = $1 AND kind = $2 AND session_id_hash = $3",
    )
    .bind(id)
    .bind(kind)
    .bind(session.0.as_str())
    .fetch_optional(pool)
    .await?;
    row.ok_or(ApiError::LookupNotFound)
}

/// Stores a lookup and the items it showed, in one transaction.
async fn store_lookup(
    pool: &sqlx::AnyPool,
    lookup: &LookupRow,
    session: &crate::sessions::SessionKey,
    kind: &str,
    item_kind: &str,
    item_ids: &[String],
) -> Result<(), ApiError> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO lookups (id, session_id_hash, kind, city_code, service_id, subject, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(lookup.id.as_str())
    .bind(session.0.as_str())
    .bind(kind)
    .bind(lookup.city_code.as_str())
    .bind(lookup.service_id.as_str())
    .bind(lookup.subject.as_str())
    .bind(lookup.created_at.as_str())
    .execute(&mut *tx)
    .await?;
    for (position, item_id) in (0_i64..).zip(item_ids) {
        sqlx::query(
            "INSERT INTO lookup_items (lookup_id, item_kind, item_id, position) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(lookup.id.as_str())
        .bind(item_kind)
        .bind(item_id.as_str())
        .bind(position)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Where an item stands, from its row.
enum Standing {
    /// `paid_order_id` is set: that order paid it.
    Paid(String),
    /// An open order holds it in `order_item_locks`.
    Paying(String),
    /// Neither.
    Open,
}

fn standing(paid_order_id: Option<String>, lock_order_id: Option<String>) -> Standing {
    match (paid_order_id, lock_order_id) {
        (Some(order), _) => Standing::Paid(order),
        (None, Some(order)) => Standing::Paying(order),
        (None, None) => Standing::Open,
    }
}
