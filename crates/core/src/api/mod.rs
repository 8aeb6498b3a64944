//! Bodies of the JSON API under `/api/v1`, shared by the server and the browser client.
//!
//! | endpoint | response |
//! |---|---|
//! | `GET /api/v1/cities` | [`CitiesResponse`] |
//! | `GET /api/v1/cities/{code}` | [`CityResponse`] (404 [`ErrorBody`] `city_not_found`) |
//! | `GET /api/v1/cities/{code}/services/{id}` | [`ServiceResponse`] (404 `city_not_found` / `service_not_found`) |
//! | `GET /api/v1/regions` | [`RegionsResponse`] (`ETag`, cacheable for a day) |
//! | `POST /api/v1/services/{id}/submissions` | body [`SubmissionRequest`], headers [`IDEMPOTENCY_KEY_HEADER`] (required) and [`CHANNEL_HEADER`]; 201 [`SubmissionResponse`] (200 on a replay) |
//! | `GET /api/v1/submissions/{reference}` | [`SubmissionStatusResponse`], personal data masked (404 `submission_not_found`) |
//! | `GET /api/v1/embed` | [`EmbedResponse`]: the partner origins allowed to embed the SPA in an iframe |
//! | `GET`/`DELETE /api/v1/session`, `PUT /api/v1/session/identity` | [`session`]: [`SessionResponse`] |
//! | `POST /api/v1/cities/{code}/services/{id}/traffic-lookups`, `GET /api/v1/traffic-lookups/{id}` | [`lookups`]: [`TrafficLookupResponse`] |
//! | `POST /api/v1/cities/{code}/services/{id}/bill-lookups`, `GET /api/v1/bill-lookups/{id}` | [`lookups`]: [`BillLookupResponse`] |
//! | `GET`/`POST /api/v1/saved-accounts`, `PATCH`/`DELETE /api/v1/saved-accounts/{id}` | [`lookups`]: [`SavedAccountsResponse`], [`SavedAccount`] |
//! | `POST /api/v1/orders`, `GET /api/v1/orders/{id}`, `POST …/payments`, `POST …/cancel` | [`orders`]: [`OrderResponse`] |
//! | `POST /api/v1/payments/sandbox/notify` | [`orders`]: [`SandboxNotification`] |
//! | `GET /api/v1/my/items` | [`my_items`]: [`MyItemsResponse`] |
//!
//! The submodules ([`session`], [`lookups`], [`orders`], [`my_items`]) each list their
//! endpoints, statuses and error codes; everything in them is re-exported here
//! (`citizen_core::api::OrderResponse`).
//!
//! # Error codes
//!
//! | status | codes |
//! |---|---|
//! | 400 | `invalid_body`, `idempotency_key_missing`, `idempotency_key_invalid`, `channel_unknown` |
//! | 401 | `identity_required` (creating an order needs 实名: ask at `/identity?next=…`), `signature_invalid` (a sandbox notification whose signature does not verify) |
//! | 404 | `city_not_found`, `service_not_found`, `form_not_found`, `submission_not_found`, `lookup_not_found`, `saved_account_not_found`, `order_not_found`, `item_not_found`: another session's item is "not found" too, never 403 |
//! | 409 | `idempotency_key_reused` (the key was used with another body: the message says for what, by its scope), `account_already_saved`, `item_not_payable`, `item_already_paid`, `item_in_open_order` (paying: another order is being paid for one of the items right now), `order_state_conflict` (paying or cancelling an order whose state does not allow it: paying, paid, cancelled, closed) |
//! | 413 | `body_too_large` |
//! | 422 | `validation_failed` (with `fields` and `field_messages`), `vehicle_not_matched` (field `vehicle_check`), `account_not_found` (field `account_no`: a bill lookup or a saved account of a 户号 the provider does not have) |
//! | 502 | `payment_unavailable` (the payment provider could not start the payment; nothing was charged) |
//!
//! Errors always have the shape `{"error": {"code", "message", "fields"}}`: 4xx for the
//! caller's fault, 5xx only for ours.
//!
//! # Submitting a form
//!
//! `POST /api/v1/services/{id}/submissions`. A service id is unique only within its city,
//! so the body names the city: [`SubmissionRequest`] `{"city_code": "310100", "answers":
//! {...}}`. Headers: `Idempotency-Key` (required: 1–[`MAX_IDEMPOTENCY_KEY_LEN`] visible
//! ASCII characters, one per form instance, for example a UUID) and `X-Channel` (optional,
//! one of [`Channel`], default `browser`). The server checks the answers again with
//! [`crate::form::validate_answers`], then:
//!
//! | status | when | body |
//! |---|---|---|
//! | 201 | stored | [`SubmissionResponse`] |
//! | 200 | the same key with the same body again (double tap, retry, reload): nothing new is stored; header `Idempotent-Replayed: true` | the original [`SubmissionResponse`], byte for byte |
//! | 400 | `idempotency_key_missing`, `idempotency_key_invalid`, `channel_unknown`, `invalid_body` (not JSON of the right shape) | [`ErrorBody`] |
//! | 404 | `city_not_found`, `service_not_found`, `form_not_found` (the service takes no applications) | [`ErrorBody`] |
//! | 409 | `idempotency_key_reused`: the key was used for a different body (or service) | [`ErrorBody`] |
//! | 413 | `body_too_large`: more than 64 KiB | [`ErrorBody`] |
//! | 422 | `validation_failed`: `fields` maps each failing field key to its [`crate::rules::FieldError`] code, `field_messages` to its message | [`ErrorBody`] |
//!
//! Only a 201 binds the key: after a 422 the resident corrects the answers and sends them
//! again with the same key.

use std::collections::BTreeMap;

pub mod lookups;
pub mod my_items;
pub mod orders;
pub mod session;

pub use lookups::{
    paying_elsewhere_label, validate_account_label, Bill, BillLookupRequest, BillLookupResponse,
    BillStatus, ProviderRef, RenameAccountRequest, SaveAccountRequest, SavedAccount,
    SavedAccountsResponse, TrafficLookupRequest, TrafficLookupResponse, Violation, ViolationStatus,
    LABEL_KEY, MAX_ACCOUNT_LABEL_LEN,
};
pub use my_items::{MyItem, MyItemKind, MyItemStatus, MyItemsResponse};
pub use orders::{
    CreateOrderRequest, ItemKind, ItemRef, NotifyStatus, OrderItemView, OrderResponse, PayRequest,
    SandboxMode, SandboxNotification, TimelineStep, SANDBOX_SIGNATURE_HEADER,
};
pub use session::{IdentityRequest, IdentitySummary, SessionResponse};

use serde::{Deserialize, Serialize};

use crate::catalog::{OnlineService, Service};
use crate::city::City;
use crate::form::{Answers, FormSchema};
use crate::localized::LocalizedText;
use crate::region::RegionList;

/// `GET /api/v1/cities`: every city of the picker, in pinyin order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitiesResponse {
    /// Where the city list comes from, with versions.
    pub source: String,
    /// All cities; launch cities carry `launch_order`, joined ones `joined: true`.
    pub cities: Vec<City>,
}

/// `GET /api/v1/cities/{code}`: one city and its services (empty when it has not joined).
/// `F`, `O`: how each service's form and online part are read ([`Service`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityResponse<F = FormSchema, O = OnlineService> {
    /// The city.
    pub city: City,
    /// Its services in catalog order; empty for a city that has not joined yet.
    pub services: Vec<Service<F, O>>,
}

/// `GET /api/v1/cities/{code}/services/{id}`: one service of one city. `F`, `O`: how its
/// form and online part are read ([`Service`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceResponse<F = FormSchema, O = OnlineService> {
    /// The city offering the service.
    pub city: City,
    /// The service.
    pub service: Service<F, O>,
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
    /// Field key → the error's message for residents (same keys as `fields`), so a client
    /// can show the server's words when its own check passed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_messages: BTreeMap<String, LocalizedText>,
}

/// An [`ErrorBody`] read for its `code` and `message` only: the field maps of a rejected
/// form are skipped unread. What the residents' pages read (they send no forms), so the code
/// that builds those maps stays out of their first load (issue 2's budget).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorBrief {
    /// The error's code and message.
    pub error: ErrorBriefDetail,
}

/// [`ErrorDetail`]'s `code` and `message`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ErrorBriefDetail {
    /// Stable, snake_case, for example `city_not_found`.
    pub code: String,
    /// A message a resident can act on.
    pub message: String,
}

impl ErrorBody {
    /// An error body with no field errors.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                fields: BTreeMap::new(),
                field_messages: BTreeMap::new(),
            },
        }
    }
}

/// `GET /api/v1/regions`: the region picker's data, `catalog/regions.json` as loaded.
pub type RegionsResponse = RegionList;

/// The request header carrying the idempotency key of a POST that creates something.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The longest idempotency key accepted, in bytes (a UUID is 36).
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 128;

/// The request header naming the channel a submission came through ([`Channel`]).
pub const CHANNEL_HEADER: &str = "X-Channel";

/// The response header set on a replayed answer to a reused idempotency key.
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";

/// Where a resident used the service: a plain browser or a partner app's webview. Sent by
/// the SPA in the [`CHANNEL_HEADER`] header as [`Channel::as_str`]; stored with each
/// submission.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Any browser, and the default when the header is absent.
    #[default]
    Browser,
    /// Alipay (支付宝) city services webview.
    Alipay,
    /// WeChat (微信) webview.
    Wechat,
    /// Weibo (微博) webview.
    Weibo,
    /// Taobao (淘宝) webview.
    Taobao,
    /// Embedded in a partner page in an iframe.
    Iframe,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 6] = [
        Channel::Browser,
        Channel::Alipay,
        Channel::Wechat,
        Channel::Weibo,
        Channel::Taobao,
        Channel::Iframe,
    ];

    /// The header value and stored name: `browser`, `alipay`, `wechat`, `weibo`,
    /// `taobao`, `iframe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Browser => "browser",
            Channel::Alipay => "alipay",
            Channel::Wechat => "wechat",
            Channel::Weibo => "weibo",
            Channel::Taobao => "taobao",
            Channel::Iframe => "iframe",
        }
    }

    /// The channel named `name` (exactly as [`Channel::as_str`] writes it, ASCII case
    /// ignored), or `None` for anything else.
    pub fn parse(name: &str) -> Option<Channel> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// `GET /api/v1/embed`: what the SPA needs when it runs inside another site's iframe.
///
/// The server's `PARTNER_ORIGINS` setting is the one allowlist behind three rules: which
/// pages may frame the SPA (CSP `frame-ancestors`), which origins may call the API from a
/// browser (CORS), and which origins the SPA talks to with `postMessage`. The SPA reads
/// this only when it is framed, so the list changes without a rebuild.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedResponse {
    /// Serialised origins (`https://partner.example.gov.cn`, `http://127.0.0.1:18101`):
    /// scheme, host and a non-default port; no path, no wildcard. Empty: no partner may
    /// embed the SPA.
    pub partner_origins: Vec<String>,
}

/// The body of `POST /api/v1/services/{id}/submissions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmissionRequest {
    /// The GB/T 2260 code of the city whose service this is (`310100`): service ids are
    /// unique only within a city.
    pub city_code: String,
    /// Field key → answer, as typed or already normalised (see [`crate::form`]).
    pub answers: Answers,
}

/// The 201 answer to a submission (and the 200 replay of it): what the confirmation page
/// shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionResponse {
    /// 受理编号, the reference number: `YYYYMMDD-CCCCCC-XXXXXXXXXX`, the submission date
    /// (China Standard Time), the city code, and 10 random Crockford base32 characters
    /// (50 bits; digits and capitals without I, L, O, U). Unguessable and unique.
    pub reference: String,
    /// When it was stored, RFC 3339 with the explicit offset `+08:00`
    /// (`2026-03-10T14:05:09+08:00`).
    pub submitted_at: String,
    /// The city (`310100`).
    pub city_code: String,
    /// The service id.
    pub service_id: String,
    /// The service's name.
    pub service_name: LocalizedText,
    /// What happens next (the form's `next_steps`).
    pub next_steps: LocalizedText,
    /// The answers as stored (normalised), unmasked: this goes only to the resident who
    /// submitted them.
    pub answers: Answers,
}

/// Where a submission stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    /// 已受理: stored, waiting for the department. (The only state until departments
    /// report back.)
    Received,
}

/// `GET /api/v1/submissions/{reference}`: one submission, for anyone holding its
/// reference, so with personal data masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionStatusResponse {
    /// 受理编号.
    pub reference: String,
    /// Where it stands.
    pub status: SubmissionStatus,
    /// When it was stored, RFC 3339 with `+08:00`.
    pub submitted_at: String,
    /// The city.
    pub city_code: String,
    /// The service id.
    pub service_id: String,
    /// The service's name (as it is now in the catalog; the id when the service left it).
    pub service_name: LocalizedText,
    /// The answers with resident IDs, mobiles, plates and free text (names) masked
    /// ([`crate::form::Field::mask_answer`]): `4403**********108X`, `138****8000`, `张*`.
    pub answers: Answers,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::localized::LocalizedText;

    /// The residents' pages read every error answer as an [`ErrorBrief`]: a rejected form's
    /// body (with its field maps) and a plain one read the same code and message.
    #[test]
    fn error_bodies_read_as_briefs() {
        let mut rejected = ErrorBody::new("validation_failed", "请检查填写的内容");
        rejected
            .error
            .fields
            .insert("phone".into(), "phone_invalid".into());
        rejected.error.field_messages.insert(
            "phone".into(),
            LocalizedText {
                zh: "手机号码应为 11 位数字".into(),
                en: "Enter an 11-digit mobile number".into(),
            },
        );
        for body in [
            rejected,
            ErrorBody::new("city_not_found", "没有找到这个城市"),
        ] {
            let json = serde_json::to_string(&body).expect("serialises");
            let brief: ErrorBrief = serde_json::from_str(&json).expect("reads as a brief");
            assert_eq!(brief.error.code, body.error.code);
            assert_eq!(brief.error.message, body.error.message);
        }
        assert!(serde_json::from_str::<ErrorBrief>(r#"{"error":{"code":"x"}}"#).is_err());
    }
}
