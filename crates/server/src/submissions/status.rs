//! `GET /api/v1/submissions/{reference}`, and reading a stored submission.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use citizen_core::api::{SubmissionStatus, SubmissionStatusResponse};
use citizen_core::catalog::LocalizedText;
use citizen_core::form::Answers;
use citizen_core::reference::is_reference;
use citizen_core::rules::mask_text;
use serde_json::Value;
use sqlx::AnyPool;

use crate::catalog::find_service;
use crate::db::DbError;
use crate::error::{json_no_store, ApiError};
use crate::sessions::{MaybeSession, SessionKey};
use crate::AppState;

/// `GET /api/v1/submissions/{reference}`: the submission with its answers masked
/// ([`citizen_core::form::FormSchema::mask_answers`]; when the service or its form has left
/// the catalog, every text answer is masked as free text). 404 `submission_not_found`, also
/// to any session but the one it belongs to (a submission stored before sessions belongs
/// to none and is read by its reference alone).
pub(super) async fn get_submission(
    State(state): State<AppState>,
    reference: Result<Path<String>, PathRejection>,
    MaybeSession(session): MaybeSession,
) -> Result<Response, ApiError> {
    let Ok(Path(reference)) = reference else {
        return Err(ApiError::SubmissionNotFound);
    };
    if !is_reference(&reference) {
        return Err(ApiError::SubmissionNotFound);
    }
    let submission = find(&state.pool, &reference)
        .await?
        .filter(|s| s.visible_to(session.as_ref()))
        .ok_or(ApiError::SubmissionNotFound)?;
    let service = find_service(&state.pool, &submission.city_code, &submission.service_id).await?;
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
            return Err(DbError::Corrupt(format!(
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
        .map_err(|e| DbError::Corrupt(format!("cannot encode response: {:?}", e.classify())))?;
    Ok(json_no_store(StatusCode::OK, text))
}

/// The snake_case name of a status as stored (`received`), as serde writes it.
pub(super) fn status_name(status: SubmissionStatus) -> &'static str {
    match status {
        SubmissionStatus::Received => "received",
    }
}

/// A submission as read back, its answers decoded.
pub(super) struct StoredSubmission {
    /// 受理编号.
    pub reference: String,
    /// GB/T 2260 code of the city.
    pub city_code: String,
    /// The service's id.
    pub service_id: String,
    /// The normalised answers. Personal data.
    pub answers: Answers,
    /// The status's snake_case name.
    pub status: String,
    /// RFC 3339 with `+08:00`.
    pub created_at: String,
    /// The owning session's key; `None` for submissions stored before sessions.
    pub session_id_hash: Option<String>,
}

impl StoredSubmission {
    /// Whether `session` may read it: its own session, or anyone when it has none.
    pub fn visible_to(&self, session: Option<&SessionKey>) -> bool {
        match &self.session_id_hash {
            None => true,
            Some(owner) => session.is_some_and(|s| &s.0 == owner),
        }
    }
}

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    reference: String,
    city_code: String,
    service_id: String,
    answers_json: String,
    status: String,
    created_at: String,
    session_id_hash: Option<String>,
}

/// The submission with this reference, if any.
///
/// Errors: a database error or stored answers that do not decode.
pub(super) async fn find(
    pool: &AnyPool,
    reference: &str,
) -> Result<Option<StoredSubmission>, DbError> {
    let row: Option<SubmissionRow> = sqlx::query_as(
        "SELECT reference, city_code, service_id, answers_json, status, created_at, \
         session_id_hash FROM submissions WHERE reference = $1",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let answers = serde_json::from_str(&row.answers_json).map_err(|e| {
        // The decode error may quote an answer: log the position only.
        DbError::Corrupt(format!(
            "answers of submission {} do not decode (line {}, column {})",
            row.reference,
            e.line(),
            e.column()
        ))
    })?;
    Ok(Some(StoredSubmission {
        reference: row.reference,
        city_code: row.city_code,
        service_id: row.service_id,
        answers,
        status: row.status,
        created_at: row.created_at,
        session_id_hash: row.session_id_hash,
    }))
}
