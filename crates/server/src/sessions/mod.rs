//! Who the resident is: a server-side session behind a signed cookie, and its 实名 identity.
//!
//! | path | answer |
//! |---|---|
//! | `GET /api/v1/session` | 200 `{"identity": null \| {"name_masked", "resident_id_masked", "phone_masked"}}`; never creates a session |
//! | `PUT /api/v1/session/identity` | body `{"name", "resident_id", "phone"}` → 200 as above with a new cookie (the id is rotated); 422 `validation_failed` (fields `name`, `resident_id`, `phone`), 400 `invalid_body` |
//! | `DELETE /api/v1/session` | 204: the row is deleted (identity forgotten) and the cookie cleared (`Max-Age=0`) |
//!
//! # The cookie and the row
//!
//! Cookie `ch_session` = `<id>.<mac>` ([`cookie`]): `id` is 32 random bytes, `mac` the
//! HMAC-SHA256 of the id under the [`ServerSecret`], both base64url. `HttpOnly;
//! SameSite=Lax; Path=/; Max-Age=2592000` (30 days), `Secure` unless the request came to a
//! loopback host ([`cookie::is_loopback`]). Never in a URL, never logged.
//!
//! Table `sessions` holds `id_hash` (SHA-256 of the current id; the id itself is never
//! stored), `session_key` (SHA-256 of the session's *first* id: the [`SessionKey`] that owned
//! rows store as `session_id_hash`; it never changes, so rotating the id moves no rows and
//! needs no knowledge of the other resources' tables), `created_at`, `last_seen_at`,
//! `expires_at` (30 days after the last write) and `identity_json`. Nothing is kept in
//! memory: any instance on the database reads any session. An expired, unknown or badly
//! signed cookie counts as no session and is replaced on the next write; expired rows are
//! deleted by the sweeper ([`sweep`]).
//!
//! A GET never creates a session ([`MaybeSession`]); a write that needs one calls
//! [`ensure`] and adds the cookie to its answer with [`with_cookie`].
//!
//! # Identity
//!
//! Validated by the same rules the browser runs (`citizen_core`), stored masked for display
//! (`张*`, `3101**********1234`, `138****5678`) with `resident_id_hash` = HMAC-SHA256(secret,
//! normalised ID) for matching. Never the whole ID, name or phone. Attaching it rotates the
//! session id in the same statement that stores it (session fixation). Partner sign-in is
//! a seam only: [`partner::exchange_auth_code`].

mod cookie;
mod handlers;
mod identity;
pub mod partner;
mod secret;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use axum::routing::{get, put};
use axum::Router;
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

pub use cookie::{is_loopback, COOKIE_NAME, MAX_AGE_SECS};
pub use secret::{hex, unhex, ServerSecret, MIN_SECRET_BYTES};

use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;
use crate::error::ApiError;
use crate::AppState;

/// The session routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/session",
            get(handlers::get_session).delete(handlers::delete_session),
        )
        .route("/api/v1/session/identity", put(handlers::put_identity))
}

/// The owner key of a session: SHA-256 hex of its first id, what owned rows store as
/// `session_id_hash`. Not a credential: it never leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionKey(pub String);

/// Axum extractor: the request's valid, unexpired session, if any. Never creates one.
/// Rejects only when the database fails (500).
#[derive(Debug, Clone)]
pub struct MaybeSession(pub Option<SessionKey>);

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(MaybeSession(
            current(state, &parts.headers).await?.map(|c| c.key),
        ))
    }
}

/// The identity of a session as stored (`identity_json`): masked fields for display and
/// the HMAC of the normalised resident ID for matching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredIdentity {
    /// `张*`.
    pub name_masked: String,
    /// `3101**********1234`.
    pub resident_id_masked: String,
    /// `138****5678`.
    pub phone_masked: String,
    /// HMAC-SHA256(secret, normalised resident ID), hex.
    pub resident_id_hash: String,
}

/// The request's session, or a new one, with the `Set-Cookie` value to send (a new
/// session's cookie, or the existing one's renewed for another 30 days: its row's
/// `expires_at` moves with it). Add it to the answer with [`with_cookie`].
///
/// Errors: a database error (500).
pub async fn ensure(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(SessionKey, Option<HeaderValue>), ApiError> {
    let loopback = is_loopback(headers);
    let now = now_unix();
    if let Some(current) = current(state, headers).await? {
        let touched = sqlx::query(
            "UPDATE sessions SET last_seen_at = $1, expires_at = $2 \
             WHERE id_hash = $3 AND expires_at > $1",
        )
        .bind(china_rfc3339(now))
        .bind(china_rfc3339(now + MAX_AGE_SECS))
        .bind(current.id_hash.as_str())
        .execute(&state.pool)
        .await?;
        if touched.rows_affected() == 1 {
            let value = cookie::sign(&state.secret, &current.id);
            return Ok((current.key, Some(cookie::set_cookie(&value, loopback)?)));
        }
    }
    let id = cookie::new_id()?;
    let key = insert(&state.pool, &id, None, now).await?;
    let value = cookie::sign(&state.secret, &id);
    Ok((key, Some(cookie::set_cookie(&value, loopback)?)))
}

/// `response` with `Set-Cookie: cookie` added, when there is one.
pub fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// The identity attached to the session `key`, if any (and if the session is alive).
///
/// Errors: a database error, or stored identity JSON that does not decode (500).
pub async fn identity(
    pool: &AnyPool,
    key: &SessionKey,
) -> Result<Option<StoredIdentity>, ApiError> {
    let row: Option<Option<String>> = sqlx::query_scalar(
        "SELECT identity_json FROM sessions WHERE session_key = $1 AND expires_at > $2",
    )
    .bind(key.0.as_str())
    .bind(china_rfc3339(now_unix()))
    .fetch_optional(pool)
    .await?;
    decode_identity(row.flatten().as_deref())
}

/// Deletes the sessions that expired; returns how many.
///
/// Errors: a database error.
pub async fn sweep(pool: &AnyPool) -> Result<u64, DbError> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(china_rfc3339(now_unix()))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// A request's live session as read from its cookie.
struct Current {
    /// The cookie's id (secret: never log it).
    id: String,
    id_hash: String,
    key: SessionKey,
    identity_json: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    session_key: String,
    identity_json: Option<String>,
}

/// The session of the request's cookie when the cookie is well signed and its row alive.
async fn current(state: &AppState, headers: &HeaderMap) -> Result<Option<Current>, ApiError> {
    let Some(id) = cookie::from_headers(headers).and_then(|v| cookie::verify(&state.secret, v))
    else {
        return Ok(None);
    };
    let id_hash = cookie::id_hash(id);
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT session_key, identity_json FROM sessions WHERE id_hash = $1 AND expires_at > $2",
    )
    .bind(id_hash.as_str())
    .bind(china_rfc3339(now_unix()))
    .fetch_optional(&state.pool)
    .await?;
    Ok(row.map(|row| Current {
        id: id.to_string(),
        id_hash,
        key: SessionKey(row.session_key),
        identity_json: row.identity_json,
    }))
}

/// Inserts a new session for `id` (its key is the id's hash) and returns its key.
async fn insert(
    pool: &AnyPool,
    id: &str,
    identity_json: Option<&str>,
    now: i64,
) -> Result<SessionKey, ApiError> {
    let id_hash = cookie::id_hash(id);
    sqlx::query(
        "INSERT INTO sessions (id_hash, session_key, created_at, last_seen_at, expires_at, \
         identity_json) VALUES ($1, $1, $2, $2, $3, $4)",
    )
    .bind(id_hash.as_str())
    .bind(china_rfc3339(now))
    .bind(china_rfc3339(now + MAX_AGE_SECS))
    .bind(identity_json)
    .execute(pool)
    .await?;
    Ok(SessionKey(id_hash))
}

fn decode_identity(json: Option<&str>) -> Result<Option<StoredIdentity>, ApiError> {
    let Some(json) = json else { return Ok(None) };
    serde_json::from_str(json)
        .map(Some)
        .map_err(|_| DbError::Corrupt("a session's identity does not decode".into()).into())
}
