//! Bill lookups: `POST /api/v1/cities/{code}/services/{id}/bill-lookups` and
//! `GET /api/v1/bill-lookups/{lookup_id}` (see the parent module).

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use citizen_core::api::{Bill, BillLookupRequest, BillLookupResponse, BillStatus, ProviderRef};
use citizen_core::catalog::OnlineService;
use citizen_core::date::CalendarDate;
use citizen_core::utility::{validate_bill_lookup, Utility, UtilityProvider};

use super::common::{
    encode, json_body, new_id, owned_lookup, standing, store_lookup, ItemOrders, LookupRow,
    Standing, ITEM_ORDERS_COLUMNS, ITEM_ORDERS_JOINS,
};
use super::online;
use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;
use crate::error::{json_no_store, ApiError};
use crate::sandbox::plan::late_fee_fen;
use crate::sessions::{self, MaybeSession};
use crate::AppState;

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    holder_masked: String,
    address_masked: String,
}

/// The stored account of this city, service, provider and 户号.
async fn find_account(
    pool: &sqlx::AnyPool,
    city: &str,
    service: &str,
    provider: &str,
    account_no: &str,
) -> Result<Option<AccountRow>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, holder_masked, address_masked FROM utility_accounts \
         WHERE city_code = $1 AND service_id = $2 AND provider_id = $3 AND account_no = $4",
    )
    .bind(city)
    .bind(service)
    .bind(provider)
    .bind(account_no)
    .fetch_optional(pool)
    .await?)
}

/// `POST /api/v1/cities/{code}/services/{id}/bill-lookups`.
pub(super) async fn create(
    State(state): State<AppState>,
    params: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path((code, service_id))) = params else {
        return Err(ApiError::CityNotFound);
    };
    let OnlineService::UtilityBill { utility, providers } =
        online::city_service(&state.pool, &code, &service_id).await?
    else {
        return Err(ApiError::ServiceNotFound);
    };
    let (_, request): (_, BillLookupRequest) = json_body(body)?;
    let (provider, account_no) = validate_bill_lookup(&request, &providers)
        .map(|(p, a)| (p.clone(), a))
        .map_err(|errors| {
            tracing::info!(city = %code, service = %service_id, status = 422, failing_fields = errors.len(), "bill lookup rejected");
            ApiError::Validation {
                errors,
                messages: Default::default(),
            }
        })?;
    let Some(account) =
        find_account(&state.pool, &code, &service_id, &provider.id, &account_no).await?
    else {
        tracing::info!(city = %code, service = %service_id, status = 422, "bill lookup: account not found");
        return Err(ApiError::AccountNotFound);
    };
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM bills WHERE account_id = $1 ORDER BY period DESC, id")
            .bind(account.id.as_str())
            .fetch_all(&state.pool)
            .await?;
    let (session, cookie) = sessions::ensure(&state, &headers).await?;
    let lookup = LookupRow {
        id: new_id()?,
        city_code: code.clone(),
        service_id: service_id.clone(),
        subject: format!("{}|{}", provider.id, account_no),
        created_at: china_rfc3339(now_unix()),
    };
    store_lookup(&state.pool, &lookup, &session, "bill", "utility_bill", &ids).await?;
    let response = answer(&state, lookup, utility, provider, account_no, account).await?;
    tracing::info!(city = %code, service = %service_id, status = 200, bills = response.bills.len(), "bill lookup");
    Ok(sessions::with_cookie(
        json_no_store(StatusCode::OK, encode(&response)?),
        cookie,
    ))
}

/// `GET /api/v1/bill-lookups/{lookup_id}`.
pub(super) async fn show(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path(id)) = id else {
        return Err(ApiError::LookupNotFound);
    };
    let lookup = owned_lookup(&state.pool, session.as_ref(), "bill", &id).await?;
    let (provider_id, account_no) = lookup
        .subject
        .split_once('|')
        .map(|(p, a)| (p.to_string(), a.to_string()))
        .ok_or_else(|| DbError::Corrupt(format!("lookup {id}: subject")))?;
    // The catalog may have changed since: a provider no longer listed reads as not found.
    let Some(OnlineService::UtilityBill { utility, providers }) =
        online::of_service_if_any(&state.pool, &lookup.city_code, &lookup.service_id).await?
    else {
        return Err(ApiError::LookupNotFound);
    };
    let provider = providers
        .into_iter()
        .find(|p| p.id == provider_id)
        .ok_or(ApiError::LookupNotFound)?;
    let account = find_account(
        &state.pool,
        &lookup.city_code,
        &lookup.service_id,
        &provider_id,
        &account_no,
    )
    .await?
    .ok_or(ApiError::LookupNotFound)?;
    let response = answer(&state, lookup, utility, provider, account_no, account).await?;
    Ok(json_no_store(StatusCode::OK, encode(&response)?))
}

#[derive(sqlx::FromRow)]
struct BillRow {
    id: String,
    period: String,
    amount_fen: i64,
    late_fee_permille_per_day: i64,
    due_date: String,
    paid_at: Option<String>,
    #[sqlx(flatten)]
    orders: ItemOrders,
}

/// The answer for a stored lookup: the bills it showed, with statuses and late fees now.
async fn answer(
    state: &AppState,
    lookup: LookupRow,
    utility: Utility,
    provider: UtilityProvider,
    account_no: String,
    account: AccountRow,
) -> Result<BillLookupResponse, ApiError> {
    let rows: Vec<BillRow> = sqlx::query_as(&format!(
        "SELECT item.id, item.period, item.amount_fen, item.late_fee_permille_per_day, \
             item.due_date, item.paid_at, {ITEM_ORDERS_COLUMNS} \
             FROM lookup_items li JOIN bills item ON item.id = li.item_id \
             {ITEM_ORDERS_JOINS} \
             WHERE li.lookup_id = $1 AND li.item_kind = 'utility_bill' ORDER BY li.position"
    ))
    .bind(lookup.id.as_str())
    .fetch_all(&state.pool)
    .await?;
    let today = CalendarDate::in_china_at(now_unix());
    let mut bills = Vec::with_capacity(rows.len());
    for r in rows {
        let due = CalendarDate::parse(&r.due_date)
            .map_err(|_| DbError::Corrupt(format!("bill {}: due_date", r.id)))?;
        // A paid bill's late fee stops on the day it was paid (+08:00 time: its date first).
        let on = r
            .paid_at
            .as_deref()
            .and_then(|t| t.get(..10))
            .and_then(|d| CalendarDate::parse(d).ok())
            .unwrap_or(today);
        let standing = standing(&r.orders);
        let status = match standing {
            Standing::Paid(_) => BillStatus::Paid,
            Standing::Paying(_) => BillStatus::Paying,
            Standing::Open => BillStatus::Unpaid,
        };
        bills.push(Bill {
            late_fee_fen: late_fee_fen(r.amount_fen, r.late_fee_permille_per_day, due, on),
            id: r.id,
            period: r.period,
            amount_fen: r.amount_fen,
            due_date: r.due_date,
            status,
            order_id: standing.order_id(),
            paying_elsewhere: standing.paying_elsewhere(),
        });
    }
    Ok(BillLookupResponse {
        lookup_id: lookup.id,
        city_code: lookup.city_code,
        service_id: lookup.service_id,
        utility,
        provider: ProviderRef {
            id: provider.id,
            name: provider.name,
        },
        account_no,
        holder_masked: account.holder_masked,
        address_masked: account.address_masked,
        looked_up_at: lookup.created_at,
        bills,
    })
}
