//! Typed client of the `/api/v1` API: one async fn per endpoint, one [`ApiError`].
//!
//! The API base comes from `<meta name="citizen-api-base" content="...">` in index.html
//! (empty: same origin), so a deployment can point the SPA elsewhere without a rebuild.
//! Parameters taken from a URL are percent-encoded into the API path
//! ([`encode_segment`], the same encoding as the SPA's own paths), so odd input cannot
//! change the path it is placed in.

use std::cell::Cell;
#[cfg(feature = "forms")]
use std::collections::BTreeMap;

use citizen_core::api::{Channel, CitiesResponse, CityResponse, ErrorBrief, ServiceResponse};
#[cfg(feature = "forms")]
use citizen_core::api::{
    ErrorBody, RegionsResponse, SubmissionRequest, SubmissionResponse, IDEMPOTENCY_KEY_HEADER,
};
#[cfg(feature = "forms")]
use citizen_core::catalog::LocalizedText;
use citizen_core::routes::encode_segment;
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

thread_local! {
    /// The entrance of this visit, for `X-Channel` ([`set_channel`]).
    static CHANNEL: Cell<Channel> = const { Cell::new(Channel::Browser) };
}

/// Sets the entrance of this visit that every later request names in its `X-Channel`
/// header ([`citizen_core::api::CHANNEL_HEADER`]); [`Channel::Browser`] until called.
/// Called once at start by the host detection (`crate::host`), which passes the value in
/// so that this client needs nothing of the host code.
pub fn set_channel(channel: Channel) {
    CHANNEL.set(channel);
}

/// Adds the `X-Channel` header: the entrance of this visit ([`set_channel`]), so the
/// server records where a submission came from. Every request goes through here.
fn with_channel(request: gloo_net::http::RequestBuilder) -> gloo_net::http::RequestBuilder {
    request.header(citizen_core::api::CHANNEL_HEADER, CHANNEL.get().as_str())
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let url = format!("{}/api/v1{path}", api_base());
    let resp = with_channel(gloo_net::http::Request::get(&url))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    let status = resp.status();
    if resp.ok() {
        return decode::<T>(&resp).await.ok_or(ApiError::Decode);
    }
    // Code and message only: a GET is never a rejected form.
    match decode::<ErrorBrief>(&resp).await {
        Some(body) => Err(ApiError::Server {
            status,
            code: body.error.code,
            message: body.error.message,
        }),
        None => Err(ApiError::Server {
            status,
            code: "http".into(),
            message: format!("服务暂时不可用（{status}），请稍后重试"),
        }),
    }
}

/// The body of `resp` read as JSON into `T`; `None` when it is not JSON or not a `T`.
///
/// The browser parses the text (`JSON.parse`) and serde-wasm-bindgen reads the result, so
/// the SPA carries no JSON parser of its own (about 3 KB brotli less than serde_json's,
/// issue 2's first-load budget). Numbers become JavaScript numbers on the way: the API's
/// numbers (launch positions, form bounds) are small integers, exact below 2^53.
async fn decode<T: DeserializeOwned>(resp: &gloo_net::http::Response) -> Option<T> {
    let text = resp.text().await.ok()?;
    let value = web_sys::js_sys::JSON::parse(&text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// `GET /api/v1/cities`: every city of the picker.
pub async fn cities() -> Result<CitiesResponse, ApiError> {
    get_json("/cities").await
}

/// `GET /api/v1/cities/{code}`: a city and its services.
pub async fn city<F: DeserializeOwned>(code: &str) -> Result<CityResponse<F>, ApiError> {
    get_json(&format!("/cities/{}", encode_segment(code))).await
}

/// `GET /api/v1/cities/{code}/services/{id}`: one service.
pub async fn service<F: DeserializeOwned>(
    code: &str,
    id: &str,
) -> Result<ServiceResponse<F>, ApiError> {
    get_json(&format!(
        "/cities/{}/services/{}",
        encode_segment(code),
        encode_segment(id)
    ))
    .await
}

/// `GET /api/v1/embed`: the partner origins allowed to embed the SPA (read only when it
/// runs in an iframe, by the iframe host in `crate::host`).
pub async fn embed() -> Result<citizen_core::api::EmbedResponse, ApiError> {
    get_json("/embed").await
}

/// `GET /api/v1/regions`: the region picker's data (province → city → district), about
/// 140 KB of JSON that the server marks cacheable for a day.
#[cfg(feature = "forms")]
pub async fn regions() -> Result<RegionsResponse, ApiError> {
    get_json("/regions").await
}

/// Why a submission was not accepted (see [`submit`]).
#[cfg(feature = "forms")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitError {
    /// 422 `validation_failed`: the server's checks found these fields wrong.
    Rejected {
        /// Field key → error code ([`citizen_core::rules::FieldError::code`]).
        fields: BTreeMap<String, String>,
        /// Field key → the message for residents, when the server sent one.
        messages: BTreeMap<String, LocalizedText>,
    },
    /// 409 `idempotency_key_reused`: this key already stored a submission with other
    /// answers (sent before the connection dropped, then changed).
    KeyReused,
    /// No answer, an unreadable answer, or any other error status.
    Api(ApiError),
}

/// `POST /api/v1/services/{service_id}/submissions` with the `Idempotency-Key` header.
///
/// Returns the stored submission: the 201 of the first request with this key and body,
/// or the 200 replay of it for any later one (a double tap, a retry, a reload).
///
/// Errors: [`SubmitError::Rejected`] (422), [`SubmitError::KeyReused`] (409), and
/// [`SubmitError::Api`] for the network, an unreadable body and every other status.
#[cfg(feature = "forms")]
pub async fn submit(
    service_id: &str,
    idempotency_key: &str,
    body: &SubmissionRequest,
) -> Result<SubmissionResponse, SubmitError> {
    let url = format!(
        "{}/api/v1/services/{}/submissions",
        api_base(),
        encode_segment(service_id)
    );
    let request = with_channel(gloo_net::http::Request::post(&url))
        .header("Accept", "application/json")
        .header(IDEMPOTENCY_KEY_HEADER, idempotency_key)
        .json(body)
        .map_err(|_| SubmitError::Api(ApiError::Decode))?;
    let resp = request
        .send()
        .await
        .map_err(|_| SubmitError::Api(ApiError::Network))?;
    let status = resp.status();
    if resp.ok() {
        return decode::<SubmissionResponse>(&resp)
            .await
            .ok_or(SubmitError::Api(ApiError::Decode));
    }
    let Some(body) = decode::<ErrorBody>(&resp).await else {
        return Err(SubmitError::Api(ApiError::Server {
            status,
            code: "http".into(),
            message: format!("服务暂时不可用（{status}），请稍后重试"),
        }));
    };
    let detail = body.error;
    match (status, detail.code.as_str()) {
        (422, _) if !detail.fields.is_empty() => Err(SubmitError::Rejected {
            fields: detail.fields,
            messages: detail.field_messages,
        }),
        (409, "idempotency_key_reused") => Err(SubmitError::KeyReused),
        _ => Err(SubmitError::Api(ApiError::Server {
            status,
            code: detail.code,
            message: detail.message,
        })),
    }
}
