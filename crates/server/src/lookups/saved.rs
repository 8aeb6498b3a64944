//! Saved 户号 (常用户号): `GET`/`POST /api/v1/saved-accounts`,
//! `PATCH`/`DELETE /api/v1/saved-accounts/{id}` (see the parent module).
//!
//! `POST` runs through the shared idempotency piece under scope `saved_accounts`; the
//! fingerprint covers the session as well as the body, so one key never replays another
//! session's account.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use citizen_core::api::lookups::validate_account_label;
use citizen_core::api::{
    BillLookupRequest, RenameAccountRequest, SaveAccountRequest, SavedAccount,
    SavedAccountsResponse,
};
use citizen_core::catalog::{LocalizedText, OnlineService};
use citizen_core::form::FieldErrors;
use citizen_core::utility::{validate_bill_lookup, Utility};
use serde_json::json;

use super::common::{encode, json_body, new_id};
use super::online;
use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;
use crate::error::{json_no_store, ApiError};
use crate::idempotency::{self, Claim, Stored, Tx, Written};
use crate::sessions::{self, MaybeSession, SessionKey};
use crate::AppState;

/// The idempotency scope of saved accounts.
const SCOPE: &str = "saved_accounts";

#[derive(sqlx::FromRow)]
struct SavedRow {
    id: String,
    city_code: String,
    service_id: String,
    utility: String,
    provider_id: String,
    account_no: String,
    label: String,
    created_at: String,
}

const COLUMNS: &str =
    "id, city_code, service_id, utility, provider_id, account_no, label, created_at";

/// The row as an answer, with the provider's name from the catalog (its id when the
/// catalog no longer lists it).
async fn to_wire(pool: &sqlx::AnyPool, row: SavedRow) -> Result<SavedAccount, ApiError> {
    let name = online::of_service_if_any(pool, &row.city_code, &row.service_id)
        .await?
        .and_then(|o| o.provider(&row.provider_id).map(|p| p.name.clone()));
    let utility = utility_of(&row.utility)?;
    Ok(SavedAccount {
        provider_name: name.unwrap_or_else(|| {
            LocalizedText::new(row.provider_id.clone(), row.provider_id.clone())
        }),
        id: row.id,
        city_code: row.city_code,
        service_id: row.service_id,
        utility,
        provider_id: row.provider_id,
        account_no: row.account_no,
        label: row.label,
        created_at: row.created_at,
    })
}

/// `GET /api/v1/saved-accounts`.
pub(super) async fn list(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
) -> Result<Response, ApiError> {
    let mut accounts = Vec::new();
    if let Some(session) = session {
        let rows: Vec<SavedRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM saved_accounts WHERE session_id_hash = $1 \
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(session.0.as_str())
        .fetch_all(&state.pool)
        .await?;
        for row in rows {
            accounts.push(to_wire(&state.pool, row).await?);
        }
    }
    Ok(json_no_store(
        StatusCode::OK,
        encode(&SavedAccountsResponse { accounts })?,
    ))
}

/// `POST /api/v1/saved-accounts`.
pub(super) async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = idempotency::key(&headers)?;
    let (value, request): (_, SaveAccountRequest) = json_body(body)?;
    let (session, cookie) = sessions::ensure(&state, &headers).await?;
    let claim = Claim::new(
        SCOPE,
        key,
        "saved-accounts",
        &json!({ "session": session.0, "request": value }),
    );
    if let Some(stored) = claim.stored(&state.pool).await? {
        return Ok(sessions::with_cookie(
            idempotency::replayed(stored.body),
            cookie,
        ));
    }
    let OnlineService::UtilityBill { utility, providers } =
        online::city_service(&state.pool, &request.city_code, &request.service_id).await?
    else {
        return Err(ApiError::ServiceNotFound);
    };
    let mut errors = FieldErrors::new();
    let lookup = BillLookupRequest {
        provider_id: request.provider_id.clone(),
        account_no: request.account_no.clone(),
    };
    let account = match validate_bill_lookup(&lookup, &providers) {
        Ok((p, a)) => Some((p.clone(), a)),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let label = match validate_account_label(&request.label) {
        Ok(label) => Some(label),
        Err(e) => {
            errors.insert("label".into(), e);
            None
        }
    };
    let (Some((provider, account_no)), Some(label)) = (account, label) else {
        tracing::info!(
            status = 422,
            failing_fields = errors.len(),
            "saved account rejected"
        );
        return Err(ApiError::Validation {
            errors,
            messages: Default::default(),
        });
    };
    // Only a 户号 the provider has can be kept: the same answer as a lookup of it.
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM utility_accounts \
         WHERE city_code = $1 AND service_id = $2 AND provider_id = $3 AND account_no = $4",
    )
    .bind(request.city_code.as_str())
    .bind(request.service_id.as_str())
    .bind(provider.id.as_str())
    .bind(account_no.as_str())
    .fetch_optional(&state.pool)
    .await?;
    if exists.is_none() {
        tracing::info!(status = 422, "saved account rejected: account not found");
        return Err(ApiError::AccountNotFound);
    }
    let saved = SavedAccount {
        id: new_id()?,
        city_code: request.city_code.clone(),
        service_id: request.service_id.clone(),
        utility,
        provider_id: provider.id,
        provider_name: provider.name,
        account_no,
        label,
        created_at: china_rfc3339(now_unix()),
    };
    let written = claim
        .write(&state.pool, |tx| {
            Box::pin(insert(tx, session.clone(), saved))
        })
        .await?;
    let reply = match written {
        Written::New(saved) => {
            tracing::info!(status = 201, "saved account stored");
            json_no_store(StatusCode::CREATED, encode(&saved)?)
        }
        Written::Replay(stored) => idempotency::replayed(stored.body),
    };
    Ok(sessions::with_cookie(reply, cookie))
}

/// Inserts the account unless the session saved it already.
async fn insert(
    tx: &mut Tx<'_>,
    session: SessionKey,
    saved: SavedAccount,
) -> Result<(Stored, SavedAccount), ApiError> {
    let done = sqlx::query(
        "INSERT INTO saved_accounts (id, session_id_hash, city_code, service_id, utility, \
         provider_id, account_no, label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (session_id_hash, provider_id, account_no) DO NOTHING",
    )
    .bind(saved.id.as_str())
    .bind(session.0.as_str())
    .bind(saved.city_code.as_str())
    .bind(saved.service_id.as_str())
    .bind(saved.utility.as_str())
    .bind(saved.provider_id.as_str())
    .bind(saved.account_no.as_str())
    .bind(saved.label.as_str())
    .bind(saved.created_at.as_str())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::AccountAlreadySaved);
    }
    let stored = Stored {
        status: StatusCode::CREATED,
        body: encode(&saved)?,
        resource_id: Some(saved.id.clone()),
    };
    Ok((stored, saved))
}

/// `PATCH /api/v1/saved-accounts/{id}`.
pub(super) async fn rename(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (Ok(Path(id)), Some(session)) = (id, session) else {
        return Err(ApiError::SavedAccountNotFound);
    };
    let (_, patch): (_, RenameAccountRequest) = json_body(body)?;
    let label = validate_account_label(&patch.label).map_err(|e| ApiError::Validation {
        errors: FieldErrors::from([("label".to_string(), e)]),
        messages: Default::default(),
    })?;
    let done =
        sqlx::query("UPDATE saved_accounts SET label = $1 WHERE id = $2 AND session_id_hash = $3")
            .bind(label.as_str())
            .bind(id.as_str())
            .bind(session.0.as_str())
            .execute(&state.pool)
            .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::SavedAccountNotFound);
    }
    let row: SavedRow = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM saved_accounts WHERE id = $1 AND session_id_hash = $2"
    ))
    .bind(id.as_str())
    .bind(session.0.as_str())
    .fetch_optional(&state.pool)
    .await?
    .ok_or(ApiError::SavedAccountNotFound)?;
    let saved = to_wire(&state.pool, row).await?;
    Ok(json_no_store(StatusCode::OK, encode(&saved)?))
}

/// `DELETE /api/v1/saved-accounts/{id}`.
pub(super) async fn remove(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let (Ok(Path(id)), Some(session)) = (id, session) else {
        return Err(ApiError::SavedAccountNotFound);
    };
    let done = sqlx::query("DELETE FROM saved_accounts WHERE id = $1 AND session_id_hash = $2")
        .bind(id.as_str())
        .bind(session.0.as_str())
        .execute(&state.pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::SavedAccountNotFound);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The stored utility name as the core's [`Utility`].
fn utility_of(name: &str) -> Result<Utility, ApiError> {
    Utility::ALL
        .into_iter()
        .find(|u| u.as_str() == name)
        .ok_or_else(|| ApiError::Internal(DbError::Corrupt(format!("utility {name}"))))
}
