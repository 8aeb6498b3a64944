//! Form submissions and the region data.
//!
//! - `POST /api/v1/services/{id}/submissions`: `submit`. The contract (headers, body,
//!   statuses) is documented on [`citizen_core::api`]; here is how it is kept.
//! - `GET /api/v1/submissions/{reference}`: `get_submission`, answers masked.
//! - `GET /api/v1/regions`: `get_regions`, from memory with an `ETag`.
//!
//! # Idempotency
//!
//! The `Idempotency-Key` of a stored submission is kept with the SHA-256 of the request
//! (the service id and the body as canonical JSON: keys sorted, no white space), the
//! reference and the response without its answers. A request whose key is known gets:
//! 200 with the original body (answers added back from the submission) and
//! `Idempotent-Replayed: true` when its hash matches, 409 `idempotency_key_reused` when
//! not. A new key is claimed in the same transaction that stores the submission
//! ([`db::insert_submission`]); a request that loses that race rolls back and answers like
//! a replay. Only a 201 binds a key: a 422 leaves it free for the corrected answers.
//!
//! # Logging
//!
//! Only the reference, the city, the service, the status and counts are logged: never an
//! answer, a request body or a serde error about one (those can quote an ID number).

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use citizen_core::api::{
    Channel, SubmissionRequest, SubmissionResponse, SubmissionStatus, SubmissionStatusResponse,
    CHANNEL_HEADER, IDEMPOTENCY_KEY_HEADER, MAX_IDEMPOTENCY_KEY_LEN, REPLAYED_HEADER,
};
use citizen_core::catalog::LocalizedText;
use citizen_core::city::is_division_code;
use citizen_core::date::CalendarDate;
use citizen_core::form::{error_message, validate_answers, Answers};
use citizen_core::region::RegionList;
use citizen_core::rules::mask_text;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::api::ApiError;
use crate::db::{self, IdempotencyRecord, InsertOutcome, NewSubmission};
use crate::AppState;

/// The largest submission body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// `Cache-Control` of `/api/v1/regions`: the data only changes with a new deployment.
const REGIONS_CACHE: &str = "public, max-age=86400";

/// The region data as served: the parsed list (for checking answers), its JSON and its
/// `ETag`, computed once at start.
#[derive(Debug)]
pub struct RegionsData {
    /// The regions, for [`validate_answers`] and for masking.
    pub list: RegionList,
    json: Bytes,
    etag: HeaderValue,
}

impl RegionsData {
    /// Serialises `list` once and derives its weak `ETag` (`W/"<16 hex of SHA-256>"`; weak
    /// because responses may be compressed).
    pub fn new(list: RegionList) -> Self {
        let json = match serde_json::to_vec(&list) {
            Ok(json) => json,
            // Strings and vectors only: serialising cannot fail. Keep a valid body anyway.
            Err(_) => b"{\"source\":\"\",\"provinces\":[]}".to_vec(),
        };
        let digest = hex(&Sha256::digest(&json));
        let etag = HeaderValue::from_str(&format!("W/\"{}\"", &digest[..16]))
            .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
        RegionsData {
            list,
            json: Bytes::from(json),
            etag,
        }
    }
}

/// `GET /api/v1/regions`: the region data with `ETag` and `Cache-Control: public,
/// max-age=86400`; 304 when `If-None-Match` names the current `ETag`.
pub(crate) async fn get_regions(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let data = &state.regions;
    let ours = data.etag.to_str().unwrap_or("").trim_start_matches("W/");
    // Weak comparison (RFC 9110 §13.1.2): `W/` prefixes do not matter.
    let matches = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == ours);
    let common = [
        (header::ETAG, data.etag.clone()),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(REGIONS_CACHE),
        ),
    ];
    if matches {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        StatusCode::OK,
        common,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        data.json.clone(),
    )
        .into_response()
}

/// Seconds since 1970-01-01T00:00:00Z now. A clock before 1970 counts as 1970.
fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// RFC 3339 time with the explicit offset `+08:00` (China Standard Time) for a Unix time:
/// `2026-03-10T14:05:09+08:00`.
pub fn china_rfc3339(unix_seconds: i64) -> String {
    let local = unix_seconds.saturating_add(8 * 3600);
    let date = CalendarDate::in_china_at(unix_seconds);
    let secs = local.rem_euclid(86_400);
    format!(
        "{date}T{:02}:{:02}:{:02}+08:00",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Crockford's base32 alphabet: digits and capitals without I, L, O, U.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new 受理编号: `YYYYMMDD-CCCCCC-XXXXXXXXXX`, the date in China Standard Time, the city
/// code, and 10 Crockford base32 characters from 50 bits of the operating system's
/// randomness.
///
/// Errors: no randomness available (an internal error).
pub fn new_reference(date: CalendarDate, city_code: &str) -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes)?;
    let mut bits = u64::from_le_bytes(bytes);
    let mut random = String::with_capacity(10);
    for _ in 0..10 {
        random.push(char::from(CROCKFORD[(bits & 31) as usize]));
        bits >>= 5;
    }
    Ok(format!(
        "{:04}{:02}{:02}-{city_code}-{random}",
        date.year(),
        date.month(),
        date.day()
    ))
}

/// Whether `text` has the shape of a reference number (so it is worth looking up).
fn is_reference(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 26
        && b[8] == b'-'
        && b[15] == b'-'
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[16..].iter().all(|c| CROCKFORD.contains(c))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

/// SHA-256 (hex) of the service id and the canonical JSON of the body: what "the same
/// request" means for an idempotency key.
fn request_hash(service_id: &str, body: &Value) -> String {
    let mut text = String::new();
    canonical_json(body, &mut text);
    let mut hasher = Sha256::new();
    hasher.update(service_id.as_bytes());
    hasher.update(b"\n");
    hasher.update(text.as_bytes());
    hex(&hasher.finalize())
}

/// The `Idempotency-Key`: 1 to [`MAX_IDEMPOTENCY_KEY_LEN`] visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let mut values = headers.get_all(IDEMPOTENCY_KEY_HEADER).iter();
    let Some(value) = values.next() else {
        return Err(ApiError::IdempotencyKeyMissing);
    };
    if values.next().is_some() {
        return Err(ApiError::IdempotencyKeyInvalid);
    }
    let key = value.as_bytes();
    let ok = !key.is_empty()
        && key.len() <= MAX_IDEMPOTENCY_KEY_LEN
        && key.iter().all(|b| (0x21..=0x7e).contains(b));
    match std::str::from_utf8(key) {
        Ok(key) if ok => Ok(key.to_string()),
        _ => Err(ApiError::IdempotencyKeyInvalid),
    }
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

/// A JSON response with `Cache-Control: no-store` (personal data must not be cached).
fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// The stored answer to a reused key: 200 (nothing new was created) with the original body
/// (answers added back from the submission), marked `Idempotent-Replayed: true`; 409 when
/// the request differs.
async fn replay(
    state: &AppState,
    record: &IdempotencyRecord,
    hash: &str,
    service_id: &str,
) -> Result<Response, ApiError> {
    if record.request_hash != hash {
        tracing::warn!(service = %service_id, status = 409, "idempotency key reused with a different request");
        return Err(ApiError::IdempotencyKeyReused);
    }
    let submission = db::find_submission(&state.pool, &record.reference)
        .await?
        .ok_or_else(|| {
            db::DbError::Corrupt(format!(
                "idempotency key of {} without its submission",
                record.reference
            ))
        })?;
    let mut body: SubmissionResponse =
        serde_json::from_str(&record.response_json).map_err(|e| {
            db::DbError::Corrupt(format!("stored response of {}: {e}", record.reference))
        })?;
    body.answers = submission.answers;
    let text = serde_json::to_string(&body)
        .map_err(|e| db::DbError::Corrupt(format!("cannot encode response: {e}")))?;
    // The original was a 201; a replay creates nothing, so it is a 200 with that body.
    let status = StatusCode::OK;
    tracing::info!(reference = %record.reference, service = %service_id, status = status.as_u16(), replayed = true, "submission replayed");
    let mut response = json_response(status, text);
    response
        .headers_mut()
        .insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    Ok(response)
}

/// `POST /api/v1/services/{id}/submissions`: see the module documentation and
/// [`citizen_core::api`].
pub(crate) async fn submit(
    State(state): State<AppState>,
    service_id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path(service_id)) = service_id else {
        return Err(ApiError::ServiceNotFound);
    };
    let key = idempotency_key(&headers)?;
    let channel = channel(&headers)?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::BodyTooLarge
        } else {
            ApiError::InvalidBody
        }
    })?;
    let value: Value = serde_json::from_slice(&body).map_err(|_| ApiError::InvalidBody)?;
    let hash = request_hash(&service_id, &value);
    let request: SubmissionRequest =
        serde_json::from_value(value).map_err(|_| ApiError::InvalidBody)?;

    if let Some(record) = db::find_idempotency_key(&state.pool, &key).await? {
        return replay(&state, &record, &hash, &service_id).await;
    }

    if !is_division_code(&request.city_code) {
        return Err(ApiError::CityNotFound);
    }
    db::find_city(&state.pool, &request.city_code)
        .await?
        .ok_or(ApiError::CityNotFound)?;
    let service = db::find_service(&state.pool, &request.city_code, &service_id)
        .await?
        .ok_or(ApiError::ServiceNotFound)?;
    let form = service.form.as_ref().ok_or(ApiError::FormNotFound)?;

    let now = now_unix();
    let today = CalendarDate::in_china_at(now);
    let answers = match validate_answers(form, &request.answers, today, &state.regions.list) {
        Ok(answers) => answers,
        Err(errors) => {
            tracing::info!(city = %request.city_code, service = %service_id, status = 422, failing_fields = errors.len(), "submission rejected");
            let messages = errors
                .iter()
                .map(|(key, e)| (key.clone(), error_message(form, key, e)))
                .collect();
            return Err(ApiError::Validation { errors, messages });
        }
    };
    let answers_json = serde_json::to_string(&answers)
        .map_err(|e| db::DbError::Corrupt(format!("cannot encode answers: {:?}", e.classify())))?;
    let submitted_at = china_rfc3339(now);

    for _attempt in 0..3 {
        let reference = new_reference(today, &request.city_code).map_err(|e| {
            db::DbError::Corrupt(format!("no randomness for a reference number: {e}"))
        })?;
        let mut response = SubmissionResponse {
            reference: reference.clone(),
            submitted_at: submitted_at.clone(),
            city_code: request.city_code.clone(),
            service_id: service.id.clone(),
            service_name: service.name.clone(),
            next_steps: form.next_steps.clone(),
            answers: Answers::new(),
        };
        let encode = |r: &SubmissionResponse| {
            serde_json::to_string(r).map_err(|e| {
                db::DbError::Corrupt(format!("cannot encode response: {:?}", e.classify()))
            })
        };
        let record = IdempotencyRecord {
            request_hash: hash.clone(),
            reference: reference.clone(),
            response_status: StatusCode::CREATED.as_u16(),
            response_json: encode(&response)?,
        };
        let new = NewSubmission {
            reference: &reference,
            city_code: &request.city_code,
            service_id: &service.id,
            answers_json: &answers_json,
            channel: channel.as_str(),
            status: status_name(SubmissionStatus::Received),
            created_at: &submitted_at,
        };
        match db::insert_submission(&state.pool, &new, &key, &record).await? {
            InsertOutcome::Inserted => {
                tracing::info!(reference = %reference, city = %request.city_code, service = %service.id, channel = channel.as_str(), status = 201, "submission stored");
                response.answers = answers;
                let mut reply = json_response(StatusCode::CREATED, encode(&response)?);
                if let Ok(location) =
                    HeaderValue::from_str(&format!("/api/v1/submissions/{reference}"))
                {
                    reply.headers_mut().insert(header::LOCATION, location);
                }
                return Ok(reply);
            }
            InsertOutcome::KeyTaken => {
                let record = db::find_idempotency_key(&state.pool, &key)
                    .await?
                    .ok_or_else(|| db::DbError::Corrupt("idempotency key vanished".into()))?;
                return replay(&state, &record, &hash, &service_id).await;
            }
            InsertOutcome::ReferenceTaken => continue,
        }
    }
    Err(db::DbError::Corrupt("three reference numbers in a row were taken".into()).into())
}

/// The snake_case wire name of a status (`received`), as serde writes it.
fn status_name(status: SubmissionStatus) -> &'static str {
    match status {
        SubmissionStatus::Received => "received",
    }
}

/// `GET /api/v1/submissions/{reference}`: the submission with its answers masked
/// ([`citizen_core::form::FormSchema::mask_answers`]; when the service or its form has left
/// the catalog, every text answer is masked as free text). 404 `submission_not_found`.
pub(crate) async fn get_submission(
    State(state): State<AppState>,
    reference: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path(reference)) = reference else {
        return Err(ApiError::SubmissionNotFound);
    };
    if !is_reference(&reference) {
        return Err(ApiError::SubmissionNotFound);
    }
    let submission = db::find_submission(&state.pool, &reference)
        .await?
        .ok_or(ApiError::SubmissionNotFound)?;
    let service =
        db::find_service(&state.pool, &submission.city_code, &submission.service_id).await?;
    let answers = match service.as_ref().and_then(|s| s.form.as_ref()) {
        Some(form) => form.mask_answers(&submission.answers),
        None => submission
            .answers
            .iter()
            .map(|(k, v)| {
                let masked = match v {
                    Value::String(s) => Value::String(mask_text(s)),
                    other => other.clone(),
                };
                (k.clone(), masked)
            })
            .collect(),
    };
    let status = match submission.status.as_str() {
        "received" => SubmissionStatus::Received,
        other => {
            return Err(db::DbError::Corrupt(format!(
                "submission {reference} has unknown status {other:?}"
            ))
            .into())
        }
    };
    let body = SubmissionStatusResponse {
        reference: submission.reference,
        status,
        submitted_at: submission.created_at,
        city_code: submission.city_code,
        service_name: service.map(|s| s.name).unwrap_or_else(|| LocalizedText {
            zh: submission.service_id.clone(),
            en: submission.service_id.clone(),
        }),
        service_id: submission.service_id,
        answers,
    };
    let text = serde_json::to_string(&body)
        .map_err(|e| db::DbError::Corrupt(format!("cannot encode response: {:?}", e.classify())))?;
    Ok(json_response(StatusCode::OK, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_china_standard_time() {
        let t = CalendarDate::parse("2026-03-10").unwrap().to_days() * 86_400;
        assert_eq!(china_rfc3339(t), "2026-03-10T08:00:00+08:00");
        assert_eq!(
            china_rfc3339(t + 16 * 3600 - 1),
            "2026-03-10T23:59:59+08:00"
        );
        assert_eq!(china_rfc3339(t + 16 * 3600), "2026-03-11T00:00:00+08:00");
    }

    #[test]
    fn references_are_random_crockford() {
        let d = CalendarDate::parse("2026-03-10").unwrap();
        let a = new_reference(d, "310100").unwrap();
        let b = new_reference(d, "310100").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("20260310-310100-"), "{a}");
        assert!(is_reference(&a), "{a}");
        assert!(!is_reference("20260310-310100-ILOU000000"));
        assert!(!is_reference("x"));
    }

    #[test]
    fn canonical_json_ignores_order_and_spacing() {
        let a: Value =
            serde_json::from_str(r#"{"b": [1, {"y": 2, "x": "张"}], "a": null}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":null,"b":[1,{"x":"张","y":2}]}"#).unwrap();
        assert_eq!(request_hash("s", &a), request_hash("s", &b));
        assert_ne!(request_hash("s", &a), request_hash("t", &a));
        let mut text = String::new();
        canonical_json(&a, &mut text);
        assert_eq!(text, r#"{"a":null,"b":[1,{"x":"张","y":2}]}"#);
    }
}
