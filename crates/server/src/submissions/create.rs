//! `POST /api/v1/services/{id}/submissions`: check, validate, store under the request's
//! idempotency key, answer 201 (or the stored answer of the key).

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use citizen_core::api::{
    Channel, SubmissionRequest, SubmissionResponse, SubmissionStatus, CHANNEL_HEADER,
};
use citizen_core::date::CalendarDate;
use citizen_core::form::{error_message, validate_answers, Answers};
use citizen_core::reference::format_reference;
use serde_json::Value;

use super::status::{self, status_name};
use crate::catalog::{find_city, find_service};
use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;
use crate::error::{json_no_store, ApiError};
use crate::idempotency::{self, Claim, Stored, Tx, Written};
use crate::sessions;
use crate::AppState;

/// The idempotency scope of submissions ([`crate::idempotency`]).
const SCOPE: &str = "submissions";

/// `POST /api/v1/services/{id}/submissions`: see the parent module and
/// [`citizen_core::api`].
pub(super) async fn submit(
    State(state): State<AppState>,
    service_id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path(service_id)) = service_id else {
        return Err(ApiError::ServiceNotFound);
    };
    let key = idempotency::key(&headers)?;
    let channel = channel(&headers)?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::BodyTooLarge
        } else {
            ApiError::InvalidBody
        }
    })?;
    let value: Value = serde_json::from_slice(&body).map_err(|_| ApiError::InvalidBody)?;
    let claim = Claim::new(SCOPE, key, &service_id, &value);
    let request: SubmissionRequest =
        serde_json::from_value(value).map_err(|_| ApiError::InvalidBody)?;

    if let Some(stored) = claim.stored(&state.pool).await? {
        return replay(&state, stored, &service_id).await;
    }

    let city = find_city(&state.pool, &request.city_code).await?;
    let service = find_service(&state.pool, &city.code, &service_id)
        .await?
        .ok_or(ApiError::ServiceNotFound)?;
    let form = service.form.as_ref().ok_or(ApiError::FormNotFound)?;

    let now = now_unix();
    let today = CalendarDate::in_china_at(now);
    let answers = match validate_answers(form, &request.answers, today, &state.regions.list) {
        Ok(answers) => answers,
        Err(errors) => {
            tracing::info!(city = %city.code, service = %service_id, status = 422, failing_fields = errors.len(), "submission rejected");
            let messages = errors
                .iter()
                .map(|(key, e)| (key.clone(), error_message(form, key, e)))
                .collect();
            return Err(ApiError::Validation { errors, messages });
        }
    };
    let answers_json = serde_json::to_string(&answers)
        .map_err(|e| DbError::Corrupt(format!("cannot encode answers: {:?}", e.classify())))?;
    let submitted_at = china_rfc3339(now);
    // The submission belongs to the request's session, created now when there is none.
    let (session, cookie) = sessions::ensure(&state, &headers).await?;
    let new = NewSubmission {
        session_id_hash: &session.0,
        city_code: &city.code,
        service_id: &service.id,
        answers_json: &answers_json,
        channel: channel.as_str(),
        created_at: &submitted_at,
        today,
    };
    let response = SubmissionResponse {
        reference: String::new(),
        submitted_at: submitted_at.clone(),
        city_code: city.code.clone(),
        service_id: service.id.clone(),
        service_name: service.name.clone(),
        next_steps: form.next_steps.clone(),
        answers: Answers::new(),
    };
    let written = claim
        .write(&state.pool, |tx| Box::pin(insert(tx, &new, response)))
        .await?;
    let mut response = match written {
        Written::New(response) => response,
        Written::Replay(stored) => {
            let reply = replay(&state, stored, &service_id).await?;
            return Ok(sessions::with_cookie(reply, cookie));
        }
    };
    let reference = response.reference.clone();
    tracing::info!(reference = %reference, city = %city.code, service = %service.id, channel = channel.as_str(), status = 201, "submission stored");
    response.answers = answers;
    let mut reply = json_no_store(StatusCode::CREATED, encode(&response)?);
    if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/submissions/{reference}")) {
        reply.headers_mut().insert(header::LOCATION, location);
    }
    Ok(sessions::with_cookie(reply, cookie))
}

/// A checked submission to store.
struct NewSubmission<'a> {
    /// The owner ([`crate::sessions::SessionKey`]).
    session_id_hash: &'a str,
    city_code: &'a str,
    service_id: &'a str,
    /// The normalised answers as JSON text. Personal data: never log it.
    answers_json: &'a str,
    /// [`Channel::as_str`].
    channel: &'a str,
    /// RFC 3339 with `+08:00`.
    created_at: &'a str,
    /// The date of `created_at`, for the reference number.
    today: CalendarDate,
}

/// Stores `new` under a fresh reference number (drawn again on a random collision, at most
/// three times) and returns the answer to keep for the key, `response` without its
/// answers, with `response` itself.
async fn insert(
    tx: &mut Tx<'_>,
    new: &NewSubmission<'_>,
    mut response: SubmissionResponse,
) -> Result<(Stored, SubmissionResponse), ApiError> {
    for _attempt in 0..3 {
        let reference = new_reference(new.today, new.city_code)?;
        let inserted = sqlx::query(
            "INSERT INTO submissions \
             (reference, city_code, service_id, answers_json, channel, status, created_at, \
             session_id_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (reference) DO NOTHING",
        )
        .bind(reference.as_str())
        .bind(new.city_code)
        .bind(new.service_id)
        .bind(new.answers_json)
        .bind(new.channel)
        .bind(status_name(SubmissionStatus::Received))
        .bind(new.created_at)
        .bind(new.session_id_hash)
        .execute(&mut **tx)
        .await?;
        if inserted.rows_affected() == 0 {
            continue;
        }
        response.reference = reference.clone();
        let stored = Stored {
            status: StatusCode::CREATED,
            body: encode(&response)?,
            resource_id: Some(reference),
        };
        return Ok((stored, response));
    }
    Err(DbError::Corrupt("three reference numbers in a row were taken".into()).into())
}

/// The stored answer to a reused key: 200 (nothing new was created) with the original body,
/// its answers added back from the submission, marked `Idempotent-Replayed: true`. To any
/// session: only a request with the same key and the very same answers gets here (a first
/// double tap may come from two new sessions), and it learns nothing it did not send but
/// the reference, which reads nothing without the owning session's cookie.
async fn replay(state: &AppState, stored: Stored, service_id: &str) -> Result<Response, ApiError> {
    let reference = stored.resource_id.ok_or_else(|| {
        DbError::Corrupt("idempotency key of a submission without its reference".into())
    })?;
    let submission = status::find(&state.pool, &reference)
        .await?
        .ok_or_else(|| {
            DbError::Corrupt(format!(
                "idempotency key of {reference} without its submission"
            ))
        })?;
    let mut body: SubmissionResponse = serde_json::from_str(&stored.body)
        .map_err(|e| DbError::Corrupt(format!("stored response of {reference}: {e}")))?;
    body.answers = submission.answers;
    let response = idempotency::replayed(encode(&body)?);
    tracing::info!(reference = %reference, service = %service_id, status = response.status().as_u16(), replayed = true, "submission replayed");
    Ok(response)
}

/// A new 受理编号 ([`citizen_core::reference`]) for `date` and `city_code`, with 50 bits of
/// the operating system's randomness.
///
/// Errors: no randomness available, or a city code that is no division code (both
/// internal: the city was looked up before).
fn new_reference(date: CalendarDate, city_code: &str) -> Result<String, DbError> {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| DbError::Corrupt(format!("no randomness for a reference number: {e}")))?;
    format_reference(date, city_code, u64::from_le_bytes(bytes))
        .map_err(|e| DbError::Corrupt(format!("cannot make a reference number: {e}")))
}

fn encode(response: &SubmissionResponse) -> Result<String, DbError> {
    serde_json::to_string(response)
        .map_err(|e| DbError::Corrupt(format!("cannot encode response: {:?}", e.classify())))
}

/// The `X-Channel` header: absent is [`Channel::Browser`]; anything not in [`Channel`] is
/// refused.
fn channel(headers: &HeaderMap) -> Result<Channel, ApiError> {
    match headers.get(CHANNEL_HEADER) {
        None => Ok(Channel::Browser),
        Some(v) => v
            .to_str()
            .ok()
            .and_then(Channel::parse)
            .ok_or(ApiError::ChannelUnknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use citizen_core::reference::is_reference;

    #[test]
    fn references_are_random() {
        let d = CalendarDate::parse("2026-03-10").unwrap();
        let a = new_reference(d, "310100").unwrap();
        let b = new_reference(d, "310100").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("20260310-310100-"), "{a}");
        assert!(is_reference(&a), "{a}");
    }
}
