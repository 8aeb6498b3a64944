//! `GET /api/v1/session`, `PUT /api/v1/session/identity`, `DELETE /api/v1/session`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use citizen_core::api::{IdentityRequest, IdentitySummary, SessionResponse};
use citizen_core::date::CalendarDate;

use super::cookie::{self, MAX_AGE_SECS};
use super::identity::check;
use super::store::{current, decode_identity, insert, with_cookie, StoredIdentity};
use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;
use crate::error::{json_no_store, ApiError};
use crate::AppState;

impl From<StoredIdentity> for IdentitySummary {
    fn from(s: StoredIdentity) -> Self {
        IdentitySummary {
            name_masked: s.name_masked,
            resident_id_masked: s.resident_id_masked,
            phone_masked: s.phone_masked,
        }
    }
}

fn answer(identity: Option<StoredIdentity>) -> Result<Response, ApiError> {
    let body = SessionResponse {
        identity: identity.map(IdentitySummary::from),
    };
    let text = serde_json::to_string(&body)
        .map_err(|e| DbError::Corrupt(format!("cannot encode a session: {e}")))?;
    Ok(json_no_store(StatusCode::OK, text))
}

/// `GET /api/v1/session`: the identity of the request's session, `null` without one.
pub(super) async fn get_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let identity = match current(&state, &headers).await? {
        Some(c) => decode_identity(c.identity_json.as_deref())?,
        None => None,
    };
    answer(identity)
}

/// `PUT /api/v1/session/identity`: checks and stores the identity, rotating the session id
/// (or creating the session, when there is none), and sends the new cookie.
pub(super) async fn put_identity(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|_| ApiError::InvalidBody)?;
    let request: IdentityRequest =
        serde_json::from_slice(&body).map_err(|_| ApiError::InvalidBody)?;
    let now = now_unix();
    let identity = check(&request, CalendarDate::in_china_at(now), &state.secret)?;
    let identity_json = serde_json::to_string(&identity)
        .map_err(|e| DbError::Corrupt(format!("cannot encode an identity: {e}")))?;
    let new_id = cookie::new_id()?;
    let rotated = match current(&state, &headers).await? {
        Some(old) => {
            // The old id stops working in the same statement that stores the identity.
            let done = sqlx::query(
                "UPDATE sessions SET id_hash = $1, identity_json = $2, last_seen_at = $3, \
                 expires_at = $4 WHERE id_hash = $5 AND expires_at > $3",
            )
            .bind(cookie::id_hash(&new_id))
            .bind(identity_json.as_str())
            .bind(china_rfc3339(now))
            .bind(china_rfc3339(now + MAX_AGE_SECS))
            .bind(old.id_hash.as_str())
            .execute(&state.pool)
            .await?;
            done.rows_affected() == 1
        }
        None => false,
    };
    if !rotated {
        insert(&state.pool, &new_id, Some(&identity_json), now).await?;
    }
    tracing::info!(rotated, "identity attached to a session");
    let value = cookie::sign(&state.secret, &new_id);
    let set = cookie::set_cookie(&value, cookie::is_loopback(&headers))?;
    Ok(with_cookie(answer(Some(identity))?, Some(set)))
}

/// `DELETE /api/v1/session` (退出): the session and its identity are deleted, the cookie
/// cleared. 204 also without a session.
pub(super) async fn delete_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(c) = current(&state, &headers).await? {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(c.id_hash.as_str())
            .execute(&state.pool)
            .await?;
    }
    let clear = cookie::clear_cookie(cookie::is_loopback(&headers))?;
    Ok(with_cookie(
        StatusCode::NO_CONTENT.into_response(),
        Some(clear),
    ))
}
