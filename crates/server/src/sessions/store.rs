//! The session rows: reading the request's session, creating one, the identity stored with
//! it. Kept apart from the root so that the handlers and the identity code import it as a
//! sibling (no module reaches back into `mod.rs`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use super::cookie::{self, is_loopback, MAX_AGE_SECS};
use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;
use crate::error::ApiError;
use crate::AppState;

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
pub(super) struct Current {
    /// The cookie's id (secret: never log it).
    pub(super) id: String,
    /// SHA-256 hex of `id`: the row's current key.
    pub(super) id_hash: String,
    /// The owner key (fixed for the session's life).
    pub(super) key: SessionKey,
    /// The stored identity, JSON.
    pub(super) identity_json: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    session_key: String,
    identity_json: Option<String>,
}

/// The session of the request's cookie when the cookie is well signed and its row alive.
pub(super) async fn current(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Current>, ApiError> {
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
pub(super) async fn insert(
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

pub(super) fn decode_identity(json: Option<&str>) -> Result<Option<StoredIdentity>, ApiError> {
    let Some(json) = json else { return Ok(None) };
    serde_json::from_str(json)
        .map(Some)
        .map_err(|_| DbError::Corrupt("a session's identity does not decode".into()).into())
}
