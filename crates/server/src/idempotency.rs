//! Idempotent writes: the one piece every `POST` that creates something uses.
//!
//! A write endpoint reads the `Idempotency-Key` header ([`key`]) and makes a [`Claim`] of
//! (scope, key, fingerprint): the scope is its resource (`submissions`; to come `orders`,
//! `bookings`), so one key means different things in different scopes; the fingerprint
//! ([`fingerprint`]) is the SHA-256 of what the request targets and of its body as
//! canonical JSON. Then:
//!
//! 1. [`Claim::stored`]: a key already used in this scope gives its stored answer
//!    ([`Stored`]; answer it with [`replayed`]: 200 and `Idempotent-Replayed: true`), or
//!    409 `idempotency_key_reused` when the fingerprint differs, worded for the scope
//!    ([`reused_message`]: 这份申请…, 这笔订单…, 这笔支付…, 这个户号已经保存过…). Check it before validating,
//!    so a retry gets the original answer even when the request would no longer pass.
//! 2. [`Claim::write`]: one transaction that first claims the key (`INSERT ... ON CONFLICT
//!    DO NOTHING` into `idempotency_keys`), then runs the endpoint's write, then stores the
//!    answer it returns, then commits. Of any number of concurrent requests with one key
//!    exactly one writes (PostgreSQL makes a second insert of the key wait for the first
//!    transaction; SQLite runs writers one at a time, and since the first statement is a
//!    write it waits with its busy timeout instead of failing); the others get
//!    [`Written::Replay`]. An error inside the write rolls the claim back: only a
//!    committed write binds a key, so a 422 leaves it free for the corrected request.
//!
//! A replay answers the first answer as it was stored: a snapshot of the resource when it
//! was created (an order replayed later still says `pending_payment` or `paying`), never
//! its state now; clients read the resource for that.
//!
//! The stored answer is JSON text; a resource may leave personal data out of it and add it
//! back on replay from the resource named by [`Stored::resource_id`] (submissions do).
//!
//! ```ignore
//! let claim = Claim::new("orders", idempotency::key(&headers)?, &service_id, &body);
//! if let Some(stored) = claim.stored(&state.pool).await? {
//!     return Ok(replayed(stored.body));
//! }
//! // ... validate ...
//! match claim.write(&state.pool, |tx| Box::pin(insert_order(tx, &order))).await? {
//!     Written::New(order) => Ok(created(order)), // 201
//!     Written::Replay(stored) => Ok(replayed(stored.body)),
//! }
//! ```

use std::future::Future;
use std::pin::Pin;

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use citizen_core::api::{IDEMPOTENCY_KEY_HEADER, MAX_IDEMPOTENCY_KEY_LEN, REPLAYED_HEADER};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{Any, AnyPool, Transaction};

use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;
use crate::error::{json_no_store, ApiError};

/// The transaction a write runs in ([`Claim::write`]).
pub type Tx<'c> = Transaction<'c, Any>;

/// What a write returns: the answer to store and whatever the endpoint needs to answer the
/// first request (for submissions: the response with the answers the stored one omits).
pub type WriteFuture<'t, T> =
    Pin<Box<dyn Future<Output = Result<(Stored, T), ApiError>> + Send + 't>>;

/// An answer kept for replays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The status of the first answer (201); a replay is 200, as it creates nothing.
    pub status: StatusCode,
    /// The first answer's body, JSON text (possibly without its personal data).
    pub body: String,
    /// The id of the resource the write created (a submission's 受理编号), if any.
    pub resource_id: Option<String>,
}

/// What [`Claim::write`] did.
#[derive(Debug)]
pub enum Written<T> {
    /// The write ran and committed with the key; the write's own value.
    New(T),
    /// Another request with the key and the same fingerprint committed first; its answer.
    Replay(Stored),
}

/// One request's idempotency key within a scope, with the request's fingerprint.
#[derive(Debug, Clone)]
pub struct Claim {
    scope: &'static str,
    key: String,
    target: String,
    fingerprint: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    fingerprint: String,
    response_status: i64,
    response_json: String,
    resource_id: Option<String>,
}

impl Claim {
    /// A claim of `key` ([`key`]) in `scope` (the resource, `submissions`) for a request
    /// to `target` (what it writes to, a service id; logged, so nothing personal) with
    /// `body`.
    pub fn new(scope: &'static str, key: String, target: &str, body: &Value) -> Self {
        let fingerprint = fingerprint(target, body);
        let target = target.to_string();
        Claim {
            scope,
            key,
            target,
            fingerprint,
        }
    }

    /// The stored answer for this key in this scope, if the key was used.
    ///
    /// Errors: [`ApiError::IdempotencyKeyReused`] when it was used for another request; a
    /// database error or a stored status out of range ([`ApiError::Internal`]).
    pub async fn stored(&self, pool: &AnyPool) -> Result<Option<Stored>, ApiError> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT fingerprint, response_status, response_json, resource_id \
             FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2",
        )
        .bind(self.scope)
        .bind(self.key.as_str())
        .fetch_optional(pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        if row.fingerprint != self.fingerprint {
            tracing::warn!(scope = self.scope, target = %self.target, status = 409, "idempotency key reused with a different request");
            return Err(ApiError::IdempotencyKeyReused { scope: self.scope });
        }
        let status = u16::try_from(row.response_status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .ok_or_else(|| DbError::Corrupt(format!("stored status {}", row.response_status)))?;
        Ok(Some(Stored {
            status,
            body: row.response_json,
            resource_id: row.resource_id,
        }))
    }

    /// Runs `write` in a transaction that claims the key first and stores the [`Stored`]
    /// answer `write` returns (see the module documentation).
    ///
    /// Errors: those of `write` (nothing is kept, the key stays free), those of
    /// [`Claim::stored`] when another request won the key, and database errors.
    pub async fn write<'c, T, F>(&self, pool: &AnyPool, write: F) -> Result<Written<T>, ApiError>
    where
        F: for<'t> FnOnce(&'t mut Tx<'c>) -> WriteFuture<'t, T>,
    {
        let mut tx: Tx<'c> = pool.begin().await?;
        let claimed = sqlx::query(
            "INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, \
             response_status, response_json, created_at) VALUES ($1, $2, $3, 0, '', $4) \
             ON CONFLICT (scope, idempotency_key) DO NOTHING",
        )
        .bind(self.scope)
        .bind(self.key.as_str())
        .bind(self.fingerprint.as_str())
        .bind(china_rfc3339(now_unix()))
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            tx.rollback().await?;
            let stored = self.stored(pool).await?;
            let stored =
                stored.ok_or_else(|| DbError::Corrupt("idempotency key vanished".into()))?;
            return Ok(Written::Replay(stored));
        }
        // On an error the transaction is dropped, which rolls it back (the claim too).
        let (stored, value) = write(&mut tx).await?;
        sqlx::query(
            "UPDATE idempotency_keys SET response_status = $1, response_json = $2, \
             resource_id = $3 WHERE scope = $4 AND idempotency_key = $5",
        )
        .bind(i64::from(stored.status.as_u16()))
        .bind(stored.body)
        .bind(stored.resource_id)
        .bind(self.scope)
        .bind(self.key.as_str())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Written::New(value))
    }
}

pub use crate::error::reused_message;

/// The answer to a replay: 200 with `body` (JSON text), `Idempotent-Replayed: true` and
/// `Cache-Control: no-store`.
pub fn replayed(body: String) -> Response {
    let mut response = json_no_store(StatusCode::OK, body);
    let replayed = HeaderValue::from_static("true");
    response.headers_mut().insert(REPLAYED_HEADER, replayed);
    response
}

/// The `Idempotency-Key`: 1 to [`MAX_IDEMPOTENCY_KEY_LEN`] visible ASCII characters.
///
/// Errors: [`ApiError::IdempotencyKeyMissing`]; [`ApiError::IdempotencyKeyInvalid`] when
/// empty, too long, not visible ASCII, or given twice.
pub fn key(headers: &HeaderMap) -> Result<String, ApiError> {
    let mut values = headers.get_all(IDEMPOTENCY_KEY_HEADER).iter();
    let value = values.next().ok_or(ApiError::IdempotencyKeyMissing)?;
    let key = value.as_bytes();
    let ok = values.next().is_none()
        && !key.is_empty()
        && key.len() <= MAX_IDEMPOTENCY_KEY_LEN
        && key.iter().all(|b| (0x21..=0x7e).contains(b));
    match std::str::from_utf8(key) {
        Ok(key) if ok => Ok(key.to_string()),
        _ => Err(ApiError::IdempotencyKeyInvalid),
    }
}

/// SHA-256 (hex) of `target` (what the request writes to: a service id), a newline and the
/// canonical JSON of `body`: what "the same request" means for a key. Keys stored before
/// the shared piece used exactly this, so they keep matching.
pub fn fingerprint(target: &str, body: &Value) -> String {
    let mut text = String::new();
    canonical_json(body, &mut text);
    let mut hasher = Sha256::new();
    hasher.update(target.as_bytes());
    hasher.update(b"\n");
    hasher.update(text.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// JSON text with object keys sorted at every level and no white space: equal JSON values
/// give equal text, whatever order or spacing a client used.
fn canonical_json(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                canonical_json(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical_json(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_ignores_order_and_spacing() {
        let a: Value =
            serde_json::from_str(r#"{"b": [1, {"y": 2, "x": "张"}], "a": null}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":null,"b":[1,{"x":"张","y":2}]}"#).unwrap();
        assert_eq!(fingerprint("s", &a), fingerprint("s", &b));
        assert_ne!(fingerprint("s", &a), fingerprint("t", &a));
        let mut text = String::new();
        canonical_json(&a, &mut text);
        assert_eq!(text, r#"{"a":null,"b":[1,{"x":"张","y":2}]}"#);
    }

    #[test]
    fn fingerprints_match_those_stored_before() {
        // SHA-256 of "s\n" + the canonical text above, as the submissions code computed it
        // before the shared piece: keys stored then must keep replaying.
        let a: Value = serde_json::from_str(r#"{"b":[1,{"y":2,"x":"张"}],"a":null}"#).unwrap();
        assert_eq!(
            fingerprint("s", &a),
            "5f5a5e23a04fcdd9d7cefb273693ce6ed575c951b105bab06a484012babd1bd8"
        );
    }
}
