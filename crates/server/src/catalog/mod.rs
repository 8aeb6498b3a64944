//! The service catalog: cities and the services of the joined ones.
//!
//! - At start: the catalog directory is read and checked ([`load_catalog`]) and written
//!   into the database as a whole ([`replace_catalog`]).
//! - `GET /api/v1/cities`, `GET /api/v1/cities/{code}`,
//!   `GET /api/v1/cities/{code}/services/{id}` ([`routes`]): read from the database with
//!   the queries below; `find_city` and `find_service` also serve submissions.

mod load;
mod store;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use citizen_core::api::{CitiesResponse, CityResponse, ServiceResponse};
use citizen_core::catalog::Service;
use citizen_core::city::{is_division_code, City};
use sqlx::AnyPool;

pub use load::{load_catalog, LoadError, LoadedCatalog};
pub use store::replace_catalog;

use crate::db::DbError;
use crate::error::ApiError;
use crate::AppState;

/// The catalog's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/cities", get(list_cities))
        .route("/api/v1/cities/{code}", get(get_city))
        .route("/api/v1/cities/{code}/services/{id}", get(get_service))
}

/// `GET /api/v1/cities`: every city in pinyin order.
async fn list_cities(State(state): State<AppState>) -> Result<Json<CitiesResponse>, ApiError> {
    let source: Option<String> = sqlx::query_scalar("SELECT source FROM catalog_meta WHERE id = 1")
        .fetch_optional(&state.pool)
        .await?;
    let source = source.ok_or_else(|| DbError::Corrupt("catalog_meta has no row".into()))?;
    let rows: Vec<CityRow> = sqlx::query_as(&format!(
        "SELECT {CITY_COLUMNS} FROM cities ORDER BY position"
    ))
    .fetch_all(&state.pool)
    .await?;
    let cities = rows
        .into_iter()
        .map(CityRow::into_city)
        .collect::<Result<_, _>>()?;
    Ok(Json(CitiesResponse { source, cities }))
}

/// `GET /api/v1/cities/{code}`: one city and its services (empty when not joined).
async fn get_city(
    State(state): State<AppState>,
    code: Result<Path<String>, PathRejection>,
) -> Result<Json<CityResponse>, ApiError> {
    let Ok(Path(code)) = code else {
        return Err(ApiError::CityNotFound);
    };
    let city = find_city(&state.pool, &code).await?;
    let json: Vec<String> = sqlx::query_scalar(
        "SELECT service_json FROM services WHERE city_code = $1 ORDER BY position",
    )
    .bind(city.code.as_str())
    .fetch_all(&state.pool)
    .await?;
    let services = json
        .iter()
        .map(|j| decode_service(j))
        .collect::<Result<_, _>>()?;
    Ok(Json(CityResponse { city, services }))
}

/// `GET /api/v1/cities/{code}/services/{id}`: one service of one city.
async fn get_service(
    State(state): State<AppState>,
    params: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<ServiceResponse>, ApiError> {
    let Ok(Path((code, id))) = params else {
        return Err(ApiError::CityNotFound);
    };
    let city = find_city(&state.pool, &code).await?;
    let service = find_service(&state.pool, &city.code, &id)
        .await?
        .ok_or(ApiError::ServiceNotFound)?;
    Ok(Json(ServiceResponse { city, service }))
}

/// The listed city `code`; a malformed code is not looked up.
///
/// Errors: [`ApiError::CityNotFound`]; a database error or an undecodable row.
pub(crate) async fn find_city(pool: &AnyPool, code: &str) -> Result<City, ApiError> {
    if !is_division_code(code) {
        return Err(ApiError::CityNotFound);
    }
    let row: Option<CityRow> = sqlx::query_as(&format!(
        "SELECT {CITY_COLUMNS} FROM cities WHERE code = $1"
    ))
    .bind(code)
    .fetch_optional(pool)
    .await?;
    Ok(row.ok_or(ApiError::CityNotFound)?.into_city()?)
}

/// Service `id` of city `code`, if the city offers it.
///
/// Errors: a database error or stored JSON that does not decode.
pub(crate) async fn find_service(
    pool: &AnyPool,
    code: &str,
    id: &str,
) -> Result<Option<Service>, DbError> {
    let json: Option<String> =
        sqlx::query_scalar("SELECT service_json FROM services WHERE city_code = $1 AND id = $2")
            .bind(code)
            .bind(id)
            .fetch_optional(pool)
            .await?;
    json.as_deref().map(decode_service).transpose()
}

fn decode_service(json: &str) -> Result<Service, DbError> {
    serde_json::from_str(json)
        .map_err(|e| DbError::Corrupt(format!("stored service does not decode: {e}")))
}

const CITY_COLUMNS: &str = "code, name, province, pinyin, launch_order, joined";

/// A row of `cities` as stored: pinyin space-joined, `joined` 0 or 1.
#[derive(sqlx::FromRow)]
struct CityRow {
    code: String,
    name: String,
    province: String,
    pinyin: String,
    launch_order: Option<i64>,
    joined: i64,
}

impl CityRow {
    fn into_city(self) -> Result<City, DbError> {
        let row = self;
        let launch_order = row
            .launch_order
            .map(u32::try_from)
            .transpose()
            .map_err(|_| {
                DbError::Corrupt(format!("city {}: launch_order out of range", row.code))
            })?;
        Ok(City {
            name: row.name,
            province: row.province,
            pinyin: row.pinyin.split_whitespace().map(str::to_string).collect(),
            launch_order,
            joined: row.joined != 0,
            code: row.code,
        })
    }
}
