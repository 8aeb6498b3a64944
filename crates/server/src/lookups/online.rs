//! What a service offers online ([`OnlineService`], the catalog's `online`): a traffic
//! lookup or a bill lookup with its providers, read from the stored catalog.

use citizen_core::catalog::{LocalizedText, OnlineService, Service};
use sqlx::AnyPool;

use crate::catalog::find_city;
use crate::db::DbError;
use crate::error::ApiError;

/// The stored service `service_id` of city `city_code`, if the city offers it.
///
/// Errors: a database error, stored JSON that does not decode.
async fn stored_service<'e, E>(
    executor: E,
    city_code: &str,
    service_id: &str,
) -> Result<Option<Service>, ApiError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let json: Option<String> =
        sqlx::query_scalar("SELECT service_json FROM services WHERE city_code = $1 AND id = $2")
            .bind(city_code)
            .bind(service_id)
            .fetch_optional(executor)
            .await?;
    json.as_deref().map(decode).transpose()
}

fn decode(json: &str) -> Result<Service, ApiError> {
    serde_json::from_str(json).map_err(|e| {
        ApiError::Internal(DbError::Corrupt(format!(
            "stored service does not decode: {e}"
        )))
    })
}

/// The `online` of service `service_id` of city `city_code`.
///
/// Errors: [`ApiError::ServiceNotFound`] (no such service, or none online), a database
/// error.
pub async fn of_service<'e, E>(
    executor: E,
    city_code: &str,
    service_id: &str,
) -> Result<OnlineService, ApiError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    stored_service(executor, city_code, service_id)
        .await?
        .and_then(|s| s.online)
        .ok_or(ApiError::ServiceNotFound)
}

/// The `online` of a service in the catalog, `None` for other services or errors; an
/// [`ApiError::ServiceNotFound`] reads as `None`, other errors pass.
pub async fn of_service_if_any<'e, E>(
    executor: E,
    city_code: &str,
    service_id: &str,
) -> Result<Option<OnlineService>, ApiError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    match of_service(executor, city_code, service_id).await {
        Ok(online) => Ok(Some(online)),
        Err(ApiError::ServiceNotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The city (404 `city_not_found`) and the `online` of its service (404
/// `service_not_found`).
pub async fn city_service(
    pool: &AnyPool,
    city_code: &str,
    service_id: &str,
) -> Result<OnlineService, ApiError> {
    find_city(pool, city_code).await?;
    of_service(pool, city_code, service_id).await
}

/// The city's traffic service where fines are paid online (`payable: true`), if any: its
/// id and name. Fines of the city's records are payable when there is one, whichever
/// service they were looked up from.
pub async fn payable_traffic_service<'e, E>(
    executor: E,
    city_code: &str,
) -> Result<Option<(String, LocalizedText)>, ApiError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let json: Vec<String> = sqlx::query_scalar(
        "SELECT service_json FROM services WHERE city_code = $1 ORDER BY position",
    )
    .bind(city_code)
    .fetch_all(executor)
    .await?;
    for j in &json {
        let service = decode(j)?;
        if let Some(OnlineService::Traffic { payable: true, .. }) = service.online {
            return Ok(Some((service.id, service.name)));
        }
    }
    Ok(None)
}
