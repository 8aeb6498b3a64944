//! Traffic lookups: `POST /api/v1/cities/{code}/services/{id}/traffic-lookups` and
//! `GET /api/v1/traffic-lookups/{lookup_id}` (see the parent module).

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use citizen_core::api::{TrafficLookupRequest, TrafficLookupResponse, Violation, ViolationStatus};
use citizen_core::catalog::{LocalizedText, OnlineService};
use citizen_core::traffic::{validate_traffic_lookup, PlateType, VehicleCheckKind};

use super::common::{
    encode, json_body, new_id, owned_lookup, standing, store_lookup, ItemOrders, LookupRow,
    Standing, ITEM_ORDERS_COLUMNS, ITEM_ORDERS_JOINS,
};
use super::online;
use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;
use crate::error::{json_no_store, ApiError};
use crate::sessions::{self, MaybeSession};
use crate::AppState;

/// Why fines of a city without online payment are not payable here.
const CITY_NOT_PAYABLE: (&str, &str) = (
    "本市暂未开通交通罚款在线缴纳，请到交警违法处理窗口或代收银行缴纳。",
    "Fines cannot be paid online in this city yet: pay at a traffic police office or an agent bank.",
);

#[derive(sqlx::FromRow)]
struct VehicleRow {
    engine_tail: String,
    vin_tail: String,
}

/// `POST /api/v1/cities/{code}/services/{id}/traffic-lookups`.
pub(super) async fn create(
    State(state): State<AppState>,
    params: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path((code, service_id))) = params else {
        return Err(ApiError::CityNotFound);
    };
    let OnlineService::Traffic {
        vehicle_check: kind,
        payable,
    } = online::city_service(&state.pool, &code, &service_id).await?
    else {
        return Err(ApiError::ServiceNotFound);
    };
    let (_, request): (_, TrafficLookupRequest) = json_body(body)?;
    let checked = validate_traffic_lookup(&request, kind).map_err(|errors| {
        tracing::info!(city = %code, service = %service_id, status = 422, failing_fields = errors.len(), "traffic lookup rejected");
        ApiError::Validation {
            errors,
            messages: Default::default(),
        }
    })?;
    let vehicle: Option<VehicleRow> = sqlx::query_as(
        "SELECT engine_tail, vin_tail FROM vehicles \
         WHERE city_code = $1 AND plate = $2 AND plate_type = $3",
    )
    .bind(code.as_str())
    .bind(checked.plate.as_str())
    .bind(checked.plate_type.code())
    .fetch_optional(&state.pool)
    .await?;
    // Unknown plate and wrong tail: the same answer, so nobody learns which plates exist.
    let matched = vehicle.is_some_and(|v| {
        let expected = match kind {
            VehicleCheckKind::Engine => v.engine_tail,
            VehicleCheckKind::Vin => v.vin_tail,
        };
        expected == checked.vehicle_check
    });
    if !matched {
        tracing::info!(city = %code, service = %service_id, status = 422, "traffic lookup: vehicle not matched");
        return Err(ApiError::VehicleNotMatched);
    }
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM violations WHERE city_code = $1 AND plate = $2 AND plate_type = $3 \
         ORDER BY occurred_at DESC, id",
    )
    .bind(code.as_str())
    .bind(checked.plate.as_str())
    .bind(checked.plate_type.code())
    .fetch_all(&state.pool)
    .await?;
    let (session, cookie) = sessions::ensure(&state, &headers).await?;
    let lookup = LookupRow {
        id: new_id()?,
        city_code: code.clone(),
        service_id: service_id.clone(),
        subject: format!("{}|{}", checked.plate, checked.plate_type.code()),
        created_at: china_rfc3339(now_unix()),
    };
    store_lookup(
        &state.pool,
        &lookup,
        &session,
        "traffic",
        "traffic_fine",
        &ids,
    )
    .await?;
    let response = answer(&state, lookup, payable).await?;
    tracing::info!(city = %code, service = %service_id, status = 200, violations = response.violations.len(), "traffic lookup");
    Ok(sessions::with_cookie(
        json_no_store(StatusCode::OK, encode(&response)?),
        cookie,
    ))
}

/// `GET /api/v1/traffic-lookups/{lookup_id}`.
pub(super) async fn show(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path(id)) = id else {
        return Err(ApiError::LookupNotFound);
    };
    let lookup = owned_lookup(&state.pool, session.as_ref(), "traffic", &id).await?;
    let payable = matches!(
        online::of_service_if_any(&state.pool, &lookup.city_code, &lookup.service_id).await?,
        Some(OnlineService::Traffic { payable: true, .. })
    );
    let response = answer(&state, lookup, payable).await?;
    Ok(json_no_store(StatusCode::OK, encode(&response)?))
}

#[derive(sqlx::FromRow)]
struct ViolationRow {
    id: String,
    occurred_at: String,
    place_zh: String,
    place_en: String,
    description_zh: String,
    description_en: String,
    fine_fen: i64,
    points: i64,
    payable: i64,
    not_payable_reason_zh: Option<String>,
    not_payable_reason_en: Option<String>,
    #[sqlx(flatten)]
    orders: ItemOrders,
}

/// The answer for a stored lookup: the violations it showed, with their statuses now.
/// `service_payable`: whether the service looked up from takes payments (a lookup-only
/// service shows payable fines as unpaid, not payable here, with where to pay them).
async fn answer(
    state: &AppState,
    lookup: LookupRow,
    service_payable: bool,
) -> Result<TrafficLookupResponse, ApiError> {
    let rows: Vec<ViolationRow> = sqlx::query_as(&format!(
        "SELECT item.id, item.occurred_at, item.place_zh, item.place_en, \
             item.description_zh, item.description_en, item.fine_fen, item.points, \
             item.payable, item.not_payable_reason_zh, item.not_payable_reason_en, \
             {ITEM_ORDERS_COLUMNS} \
             FROM lookup_items li JOIN violations item ON item.id = li.item_id \
             {ITEM_ORDERS_JOINS} \
             WHERE li.lookup_id = $1 AND li.item_kind = 'traffic_fine' ORDER BY li.position"
    ))
    .bind(lookup.id.as_str())
    .fetch_all(&state.pool)
    .await?;
    let pay_here = if service_payable {
        None
    } else {
        Some(
            match online::payable_traffic_service(&state.pool, &lookup.city_code).await? {
                Some((_, name)) => LocalizedText::new(
                    format!("请在“{}”中在线缴纳。", name.zh),
                    format!("Pay it online under “{}”.", name.en),
                ),
                None => LocalizedText::new(CITY_NOT_PAYABLE.0, CITY_NOT_PAYABLE.1),
            },
        )
    };
    let violations = rows
        .into_iter()
        .map(|r| {
            let needs_visit = r.payable == 0;
            let standing = standing(&r.orders);
            let status = match standing {
                Standing::Paid(_) => ViolationStatus::Paid,
                Standing::Paying(_) => ViolationStatus::Paying,
                Standing::Open if needs_visit => ViolationStatus::NeedsVisit,
                Standing::Open => ViolationStatus::Unpaid,
            };
            let reason = match (status, r.not_payable_reason_zh, r.not_payable_reason_en) {
                (ViolationStatus::NeedsVisit, Some(zh), Some(en)) => {
                    Some(LocalizedText::new(zh, en))
                }
                (ViolationStatus::NeedsVisit, _, _) => Some(LocalizedText::new(
                    "需到窗口处理",
                    "Must be dealt with at a traffic police window",
                )),
                (ViolationStatus::Unpaid, _, _) => pay_here.clone(),
                _ => None,
            };
            let points = u32::try_from(r.points)
                .map_err(|_| DbError::Corrupt(format!("violation {}: points", r.id)))?;
            Ok(Violation {
                id: r.id,
                occurred_at: r.occurred_at,
                place: LocalizedText::new(r.place_zh, r.place_en),
                description: LocalizedText::new(r.description_zh, r.description_en),
                fine_fen: r.fine_fen,
                points,
                status,
                payable: status == ViolationStatus::Unpaid && service_payable,
                not_payable_reason: reason,
                order_id: standing.order_id(),
                paying_elsewhere: standing.paying_elsewhere(),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let (plate, plate_type) = lookup
        .subject
        .split_once('|')
        .and_then(|(p, t)| Some((p.to_string(), PlateType::from_code(t)?)))
        .ok_or_else(|| DbError::Corrupt(format!("lookup {}: subject", lookup.id)))?;
    Ok(TrafficLookupResponse {
        lookup_id: lookup.id,
        city_code: lookup.city_code,
        service_id: lookup.service_id,
        plate,
        plate_type,
        looked_up_at: lookup.created_at,
        violations,
    })
}
