//! The JSON API under `/api/v1`, typed by [`citizen_core::api`], and its errors.
//!
//! Every answer, errors included, is JSON. Errors are [`ErrorBody`] with a stable `code`:
//! `city_not_found`, `service_not_found`, `not_found` (no such endpoint),
//! `method_not_allowed` (405) and `internal` (500, our fault; the detail goes to the log,
//! never to the client).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use citizen_core::api::{CitiesResponse, CityResponse, ErrorBody, ServiceResponse};
use citizen_core::city::is_division_code;

use crate::db::{self, DbError};
use crate::AppState;

/// An API request that failed, rendered as an [`ErrorBody`] with the matching status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 404 `city_not_found`: the code is not a listed city (or not a division code at all).
    #[error("city not found")]
    CityNotFound,
    /// 404 `service_not_found`: the city does not offer a service with this id.
    #[error("service not found")]
    ServiceNotFound,
    /// 404 `not_found`: no endpoint at this path.
    #[error("no such endpoint")]
    NotFound,
    /// 405 `method_not_allowed`: the endpoint exists but not for this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 500 `internal`: our fault. The detail is logged, the client gets a generic message.
    #[error("internal error: {0}")]
    Internal(#[from] DbError),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match &self {
            ApiError::CityNotFound => (
                StatusCode::NOT_FOUND,
                "city_not_found",
                "没有找到这个城市，请返回重新选择城市。",
            ),
            ApiError::ServiceNotFound => (
                StatusCode::NOT_FOUND,
                "service_not_found",
                "这个城市暂未提供该服务，请返回首页查看可办理的服务。",
            ),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "请求的接口不存在。"),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "该接口不支持这种请求方式。",
            ),
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "服务暂时出了问题，请稍后再试。",
                )
            }
        };
        let mut response = (status, Json(ErrorBody::new(code, message))).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// `GET /api/v1/cities`: every city in pinyin order.
pub(crate) async fn list_cities(
    State(state): State<AppState>,
) -> Result<Json<CitiesResponse>, ApiError> {
    let (source, cities) = db::list_cities(&state.pool).await?;
    Ok(Json(CitiesResponse { source, cities }))
}

/// `GET /api/v1/cities/{code}`: one city and its services (empty when not joined).
pub(crate) async fn get_city(
    State(state): State<AppState>,
    code: Result<Path<String>, PathRejection>,
) -> Result<Json<CityResponse>, ApiError> {
    let Ok(Path(code)) = code else {
        return Err(ApiError::CityNotFound);
    };
    let city = find_city(&state, &code).await?;
    let services = db::city_services(&state.pool, &city.code).await?;
    Ok(Json(CityResponse { city, services }))
}

/// `GET /api/v1/cities/{code}/services/{id}`: one service of one city.
pub(crate) async fn get_service(
    State(state): State<AppState>,
    params: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<ServiceResponse>, ApiError> {
    let Ok(Path((code, id))) = params else {
        return Err(ApiError::CityNotFound);
    };
    let city = find_city(&state, &code).await?;
    let service = db::find_service(&state.pool, &city.code, &id)
        .await?
        .ok_or(ApiError::ServiceNotFound)?;
    Ok(Json(ServiceResponse { city, service }))
}

/// The listed city `code`; a malformed code is not looked up.
async fn find_city(state: &AppState, code: &str) -> Result<citizen_core::city::City, ApiError> {
    if !is_division_code(code) {
        return Err(ApiError::CityNotFound);
    }
    db::find_city(&state.pool, code)
        .await?
        .ok_or(ApiError::CityNotFound)
}

/// The answer for a known path asked with the wrong method (axum adds `Allow`).
pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
