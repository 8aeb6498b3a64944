//! Bodies of the JSON API under `/api/v1`, shared by the server and the browser client.
//!
//! | endpoint | response |
//! |---|---|
//! | `GET /api/v1/cities` | [`CitiesResponse`] |
//! | `GET /api/v1/cities/{code}` | [`CityResponse`] (404 [`ErrorBody`] `city_not_found`) |
//! | `GET /api/v1/cities/{code}/services/{id}` | [`ServiceResponse`] (404 `city_not_found` / `service_not_found`) |
//!
//! Errors always have the shape `{"error": {"code", "message", "fields"}}`: 4xx for the
//! caller's fault, 5xx only for ours.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::Service;
use crate::city::City;

/// `GET /api/v1/cities`: every city of the picker, in pinyin order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitiesResponse {
    /// Where the city list comes from, with versions.
    pub source: String,
    /// All cities; launch cities carry `launch_order`, joined ones `joined: true`.
    pub cities: Vec<City>,
}

/// `GET /api/v1/cities/{code}`: one city and its services (empty when it has not joined).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityResponse {
    /// The city.
    pub city: City,
    /// Its services in catalog order; empty for a city that has not joined yet.
    pub services: Vec<Service>,
}

/// `GET /api/v1/cities/{code}/services/{id}`: one service of one city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceResponse {
    /// The city offering the service.
    pub city: City,
    /// The service.
    pub service: Service,
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong: a stable machine `code`, a `message` for people (Chinese), and for
/// rejected forms a map from field key to error code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, snake_case, for example `city_not_found`.
    pub code: String,
    /// A message a resident can act on.
    pub message: String,
    /// Field key → error code, for validation failures; empty otherwise.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl ErrorBody {
    /// An error body with no field errors.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                fields: BTreeMap::new(),
            },
        }
    }
}
