//! Typed client of the `/api/v1` API: one async fn per endpoint, one [`ApiError`].
//!
//! The API base comes from `<meta name="citizen-api-base" content="...">` in index.html
//! (empty: same origin), so a deployment can point the SPA elsewhere without a rebuild.

use citizen_core::api::{CitiesResponse, CityResponse, ErrorBody, ServiceResponse};
use serde::de::DeserializeOwned;

/// Why a request failed, as a resident should hear it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// No answer: offline, DNS, connection reset, CORS.
    #[error("网络连接失败，请检查网络后重试")]
    Network,
    /// The server answered with an error body (or an unreadable 5xx).
    #[error("{message}")]
    Server {
        /// HTTP status.
        status: u16,
        /// Stable error code from the body, for example `city_not_found`.
        code: String,
        /// The server's message.
        message: String,
    },
    /// The answer was not the JSON we expect (an old or broken server, a proxy page).
    #[error("服务暂时不可用，请稍后重试")]
    Decode,
}

impl ApiError {
    /// True for a 404: the thing asked for does not exist (no point retrying).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::Server { status: 404, .. })
    }
}

fn api_base() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=citizen-api-base]")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .map(|s| s.trim_end_matches('/').to_string())
        .unwrap_or_default()
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let url = format!("{}/api/v1{path}", api_base());
    let resp = gloo_net::http::Request::get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    let status = resp.status();
    if resp.ok() {
        return resp.json::<T>().await.map_err(|_| ApiError::Decode);
    }
    match resp.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Server {
            status,
            code: body.error.code,
            message: body.error.message,
        }),
        Err(_) => Err(ApiError::Server {
            status,
            code: "http".into(),
            message: format!("服务暂时不可用（{status}），请稍后重试"),
        }),
    }
}

/// Percent-encodes a path segment taken from a URL parameter, so odd input cannot change
/// the API path it is placed in.
fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `GET /api/v1/cities`: every city of the picker.
pub async fn cities() -> Result<CitiesResponse, ApiError> {
    get_json("/cities").await
}

/// `GET /api/v1/cities/{code}`: a city and its services.
pub async fn city(code: &str) -> Result<CityResponse, ApiError> {
    get_json(&format!("/cities/{}", segment(code))).await
}

/// `GET /api/v1/cities/{code}/services/{id}`: one service.
pub async fn service(code: &str, id: &str) -> Result<ServiceResponse, ApiError> {
    get_json(&format!(
        "/cities/{}/services/{}",
        segment(code),
        segment(id)
    ))
    .await
}
