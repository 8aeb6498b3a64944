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

#[cfg(feature = "services")]
use citizen_core::api::{lookups, my_items, orders, session};
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
///
/// Credentials are `same-origin` (also fetch's default, said here so it stays so): the
/// resident's session cookie (`ch_session`, HttpOnly) goes with every call to our own API
/// and never to another origin.
fn with_channel(request: gloo_net::http::RequestBuilder) -> gloo_net::http::RequestBuilder {
    request
        .header(citizen_core::api::CHANNEL_HEADER, CHANNEL.get().as_str())
        .credentials(web_sys::RequestCredentials::SameOrigin)
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
pub async fn city<F: DeserializeOwned, O: DeserializeOwned>(
    code: &str,
) -> Result<CityResponse<F, O>, ApiError> {
    get_json(&format!("/cities/{}", encode_segment(code))).await
}

/// `GET /api/v1/cities/{code}/services/{id}`: one service.
pub async fn service<F: DeserializeOwned, O: DeserializeOwned>(
    code: &str,
    id: &str,
) -> Result<ServiceResponse<F, O>, ApiError> {
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

// ---------------------------------------------------------------------------------------
// Look up and pay (issue 14, the services bundle): sessions and identity, traffic and bill
// lookups, saved accounts, orders and payments, 我的办件. The session is the `ch_session`
// cookie, sent by the browser (credentials same-origin, [`with_channel`]).

/// Why a write (a lookup, an identity, an order, a payment, a saved account) failed.
#[cfg(feature = "services")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// A 422 naming fields: `validation_failed`, or a check the records made
    /// (`vehicle_not_matched` on `vehicle_check`, `account_not_found`).
    Rejected {
        /// The error's code (`validation_failed`, `vehicle_not_matched`, …).
        code: String,
        /// The server's message.
        message: String,
        /// Field key → error code.
        fields: BTreeMap<String, String>,
        /// Field key → the message for residents, when the server sent one.
        messages: BTreeMap<String, LocalizedText>,
    },
    /// No answer, an unreadable answer, or any other error status (its code in
    /// [`ApiError::Server`]: `identity_required` with 401, `item_in_open_order` with 409 …).
    Api(ApiError),
}

#[cfg(feature = "services")]
impl WriteError {
    /// Whether the answer may have been lost on the way (no answer, or a 5xx): the write may
    /// have happened.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            WriteError::Api(ApiError::Network | ApiError::Decode)
                | WriteError::Api(ApiError::Server { status: 500.., .. })
        )
    }
}

/// Sends `method path` with `body` as JSON (and `idempotency_key` in its header when
/// given), reads a 2xx answer as `T` (`None` for a 204), an error answer as [`WriteError`].
#[cfg(feature = "services")]
async fn write<B: serde::Serialize, T: DeserializeOwned>(
    method: gloo_net::http::Method,
    path: &str,
    idempotency_key: Option<&str>,
    body: Option<&B>,
) -> Result<Option<T>, WriteError> {
    let url = format!("{}/api/v1{path}", api_base());
    let mut request = with_channel(gloo_net::http::RequestBuilder::new(&url).method(method))
        .header("Accept", "application/json");
    if let Some(key) = idempotency_key {
        request = request.header(IDEMPOTENCY_KEY_HEADER, key);
    }
    let request = match body {
        Some(body) => request.json(body),
        None => request.build(),
    }
    .map_err(|_| WriteError::Api(ApiError::Decode))?;
    let resp = request
        .send()
        .await
        .map_err(|_| WriteError::Api(ApiError::Network))?;
    let status = resp.status();
    if status == 204 {
        return Ok(None);
    }
    if resp.ok() {
        return decode::<T>(&resp)
            .await
            .map(Some)
            .ok_or(WriteError::Api(ApiError::Decode));
    }
    let Some(body) = decode::<ErrorBody>(&resp).await else {
        return Err(WriteError::Api(ApiError::Server {
            status,
            code: "http".into(),
            message: format!("服务暂时不可用（{status}），请稍后重试"),
        }));
    };
    let detail = body.error;
    if status == 422 && !detail.fields.is_empty() {
        return Err(WriteError::Rejected {
            code: detail.code,
            message: detail.message,
            fields: detail.fields,
            messages: detail.field_messages,
        });
    }
    Err(WriteError::Api(ApiError::Server {
        status,
        code: detail.code,
        message: detail.message,
    }))
}

/// [`write`] of an endpoint that always answers with a body.
#[cfg(feature = "services")]
async fn write_json<B: serde::Serialize, T: DeserializeOwned>(
    method: gloo_net::http::Method,
    path: &str,
    idempotency_key: Option<&str>,
    body: Option<&B>,
) -> Result<T, WriteError> {
    write(method, path, idempotency_key, body)
        .await?
        .ok_or(WriteError::Api(ApiError::Decode))
}

/// `GET /api/v1/session`: who the resident is (masked), `identity: null` before 实名.
#[cfg(feature = "services")]
pub async fn session() -> Result<session::SessionResponse, ApiError> {
    get_json("/session").await
}

/// `PUT /api/v1/session/identity`: attaches name, resident ID and phone to the session
/// (checked again by the server with `citizen_core::identity`); 422 names the fields.
#[cfg(feature = "services")]
pub async fn set_identity(
    body: &citizen_core::identity::IdentityRequest,
) -> Result<session::SessionResponse, WriteError> {
    write_json(
        gloo_net::http::Method::PUT,
        "/session/identity",
        None,
        Some(body),
    )
    .await
}

/// `DELETE /api/v1/session` (退出): the identity is forgotten and the session ends.
#[cfg(feature = "services")]
pub async fn end_session() -> Result<(), WriteError> {
    write::<(), serde::de::IgnoredAny>(gloo_net::http::Method::DELETE, "/session", None, None)
        .await
        .map(|_| ())
}

/// `POST /api/v1/cities/{code}/services/{id}/traffic-lookups`: the violations of one
/// vehicle. 422 `validation_failed` or `vehicle_not_matched` ([`WriteError::Rejected`]).
#[cfg(feature = "services")]
pub async fn traffic_lookup(
    code: &str,
    service_id: &str,
    body: &citizen_core::traffic::TrafficLookupRequest,
) -> Result<lookups::TrafficLookupResponse, WriteError> {
    let path = format!(
        "/cities/{}/services/{}/traffic-lookups",
        encode_segment(code),
        encode_segment(service_id)
    );
    write_json(gloo_net::http::Method::POST, &path, None, Some(body)).await
}

/// `GET /api/v1/traffic-lookups/{lookup_id}`: a lookup of this session again, statuses fresh
/// (404 `lookup_not_found`).
#[cfg(feature = "services")]
pub async fn traffic_lookup_result(
    lookup_id: &str,
) -> Result<lookups::TrafficLookupResponse, ApiError> {
    get_json(&format!("/traffic-lookups/{}", encode_segment(lookup_id))).await
}

/// `POST /api/v1/cities/{code}/services/{id}/bill-lookups`: an account's holder (masked)
/// and bills. 422 `validation_failed` or `account_not_found` ([`WriteError::Rejected`]).
#[cfg(feature = "services")]
pub async fn bill_lookup(
    code: &str,
    service_id: &str,
    body: &citizen_core::utility::BillLookupRequest,
) -> Result<lookups::BillLookupResponse, WriteError> {
    let path = format!(
        "/cities/{}/services/{}/bill-lookups",
        encode_segment(code),
        encode_segment(service_id)
    );
    write_json(gloo_net::http::Method::POST, &path, None, Some(body)).await
}

/// `GET /api/v1/bill-lookups/{lookup_id}` (404 `lookup_not_found`).
#[cfg(feature = "services")]
pub async fn bill_lookup_result(lookup_id: &str) -> Result<lookups::BillLookupResponse, ApiError> {
    get_json(&format!("/bill-lookups/{}", encode_segment(lookup_id))).await
}

/// `GET /api/v1/saved-accounts`: this session's saved 户号.
#[cfg(feature = "services")]
pub async fn saved_accounts() -> Result<lookups::SavedAccountsResponse, ApiError> {
    get_json("/saved-accounts").await
}

/// `POST /api/v1/saved-accounts` with the `Idempotency-Key` header: keeps an account with a
/// label (409 `account_already_saved`).
#[cfg(feature = "services")]
pub async fn save_account(
    idempotency_key: &str,
    body: &lookups::SaveAccountRequest,
) -> Result<lookups::SavedAccount, WriteError> {
    write_json(
        gloo_net::http::Method::POST,
        "/saved-accounts",
        Some(idempotency_key),
        Some(body),
    )
    .await
}

/// `PATCH /api/v1/saved-accounts/{id}`: a new label.
#[cfg(feature = "services")]
pub async fn rename_account(
    id: &str,
    body: &lookups::RenameAccountRequest,
) -> Result<lookups::SavedAccount, WriteError> {
    let path = format!("/saved-accounts/{}", encode_segment(id));
    write_json(gloo_net::http::Method::PATCH, &path, None, Some(body)).await
}

/// `DELETE /api/v1/saved-accounts/{id}`.
#[cfg(feature = "services")]
pub async fn remove_account(id: &str) -> Result<(), WriteError> {
    let path = format!("/saved-accounts/{}", encode_segment(id));
    write::<(), serde::de::IgnoredAny>(gloo_net::http::Method::DELETE, &path, None, None)
        .await
        .map(|_| ())
}

/// `POST /api/v1/orders` with the `Idempotency-Key` header: an order of fines or bills, its
/// amounts from the server. 401 `identity_required` before 实名; 409 `item_in_open_order`,
/// `item_not_payable`, `item_already_paid`.
#[cfg(feature = "services")]
pub async fn create_order(
    idempotency_key: &str,
    body: &orders::CreateOrderRequest,
) -> Result<orders::OrderResponse, WriteError> {
    write_json(
        gloo_net::http::Method::POST,
        "/orders",
        Some(idempotency_key),
        Some(body),
    )
    .await
}

/// `GET /api/v1/orders/{id}`: the order's true state (a `paying` order is settled by the
/// server asking the provider first). 404 `order_not_found`.
#[cfg(feature = "services")]
pub async fn order(id: &str) -> Result<orders::OrderResponse, ApiError> {
    get_json(&format!("/orders/{}", encode_segment(id))).await
}

/// `POST /api/v1/orders/{id}/payments` with the `Idempotency-Key` header: starts paying
/// (202, state `paying`); the same key again replays the same answer, one charge.
#[cfg(feature = "services")]
pub async fn pay_order(
    id: &str,
    idempotency_key: &str,
    body: &orders::PayRequest,
) -> Result<orders::OrderResponse, WriteError> {
    let path = format!("/orders/{}/payments", encode_segment(id));
    write_json(
        gloo_net::http::Method::POST,
        &path,
        Some(idempotency_key),
        Some(body),
    )
    .await
}

/// `POST /api/v1/orders/{id}/cancel`.
#[cfg(feature = "services")]
pub async fn cancel_order(id: &str) -> Result<orders::OrderResponse, WriteError> {
    let path = format!("/orders/{}/cancel", encode_segment(id));
    write_json::<(), _>(gloo_net::http::Method::POST, &path, None, None).await
}

/// `GET /api/v1/my/items`: 我的办件, newest first.
#[cfg(feature = "services")]
pub async fn my_items() -> Result<my_items::MyItemsResponse, ApiError> {
    get_json("/my/items").await
}
