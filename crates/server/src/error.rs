//! The API's error type, [`ApiError`], and the JSON answers every endpoint shares.
//!
//! Every answer, errors included, is JSON. Errors are [`ErrorBody`] with a stable `code`:
//! `city_not_found`, `service_not_found`, `form_not_found`, `submission_not_found`,
//! `not_found` (no such endpoint), `method_not_allowed` (405), the write errors
//! (`idempotency_key_missing`, `idempotency_key_invalid`, `channel_unknown`,
//! `invalid_body`, `body_too_large`, `idempotency_key_reused`, `validation_failed`; see
//! [`citizen_core::api`]) and `internal` (500, our fault; the detail goes to the log, never
//! to the client).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use citizen_core::api::ErrorBody;
use citizen_core::form::FieldErrors;

use crate::db::DbError;

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
    /// 404 `form_not_found`: the service takes no applications (it has no form).
    #[error("the service has no form")]
    FormNotFound,
    /// 404 `submission_not_found`: no submission has this reference number.
    #[error("submission not found")]
    SubmissionNotFound,
    /// 400 `idempotency_key_missing`: a POST that creates something came without an
    /// `Idempotency-Key` header.
    #[error("Idempotency-Key header missing")]
    IdempotencyKeyMissing,
    /// 400 `idempotency_key_invalid`: the key is empty, longer than 128 bytes, not
    /// visible ASCII, or given twice.
    #[error("Idempotency-Key header invalid")]
    IdempotencyKeyInvalid,
    /// 400 `channel_unknown`: `X-Channel` names no known channel.
    #[error("unknown X-Channel")]
    ChannelUnknown,
    /// 400 `invalid_body`: the body is not JSON of the expected shape.
    #[error("invalid request body")]
    InvalidBody,
    /// 413 `body_too_large`: the body is larger than the endpoint accepts.
    #[error("request body too large")]
    BodyTooLarge,
    /// 409 `idempotency_key_reused`: the key already produced something (in the same
    /// scope, see [`crate::idempotency`]) for a different request. The message says what,
    /// by the scope ([`reused_message`]).
    #[error("idempotency key reused with a different request (scope {scope})")]
    IdempotencyKeyReused {
        /// The key's scope: `submissions`, `orders`, `payments`, `saved_accounts` ….
        scope: &'static str,
    },
    /// 422 `validation_failed`: answers rejected; `fields` and `field_messages` say which
    /// and why. `messages` holds each field's message naming its question
    /// ([`citizen_core::form::error_message`]); a field missing there gets the plain one.
    #[error("answers rejected ({} fields)", .errors.len())]
    Validation {
        /// Field key → what is wrong.
        errors: FieldErrors,
        /// Field key → the message to show.
        messages: std::collections::BTreeMap<String, citizen_core::catalog::LocalizedText>,
    },
    /// 500 `internal`: our fault. The detail is logged, the client gets a generic message.
    #[error("internal error: {0}")]
    Internal(#[from] DbError),
    /// 404 `lookup_not_found`: no traffic or bill lookup with this id belongs to the
    /// request's session ([`crate::lookups`]).
    #[error("lookup not found")]
    LookupNotFound,
    /// 422 `vehicle_not_matched` (field `vehicle_check`): the plate, type and engine/VIN
    /// tail are not a vehicle of the records. An unknown plate and a wrong tail give this
    /// same answer, so nobody can probe which plates exist.
    #[error("vehicle not matched")]
    VehicleNotMatched,
    /// 422 `account_not_found` (field `account_no`): the provider has no such 户号.
    #[error("utility account not found")]
    AccountNotFound,
    /// 404 `saved_account_not_found`: no saved account with this id belongs to the session.
    #[error("saved account not found")]
    SavedAccountNotFound,
    /// 409 `account_already_saved`: this session saved this provider's 户号 already.
    #[error("account already saved")]
    AccountAlreadySaved,
    /// 404 `item_not_found`: an order item that is not visible to the session (none of its
    /// lookups showed it), or not of the order's city ([`crate::payable`]).
    #[error("item not found")]
    ItemNotFound,
    /// 409 `item_not_payable`: the item cannot be paid online (a fine that needs a window
    /// visit, a city without online payment).
    #[error("item not payable")]
    ItemNotPayable,
    /// 409 `item_already_paid`: the item was paid already.
    #[error("item already paid")]
    ItemAlreadyPaid,
    /// 409 `item_in_open_order`: paying an order, one of its items is being paid by another
    /// order (支付中, of this session or another) right now; table `order_item_locks`
    /// ([`crate::orders`]). The order stays payable once that payment ends.
    #[error("item in an open order")]
    ItemInOpenOrder,
    /// 401 `identity_required`: creating an order needs the session's 实名 identity
    /// (`PUT /api/v1/session/identity`, [`crate::sessions`]).
    #[error("identity required")]
    IdentityRequired,
    /// 404 `order_not_found`: no order with this id belongs to the request's session.
    #[error("order not found")]
    OrderNotFound,
    /// 409 `order_state_conflict`: the order's state does not allow this
    /// ([`citizen_core::order::OrderState::transition`]: paying a paid order, cancelling
    /// one being paid …).
    #[error(transparent)]
    OrderStateConflict(#[from] citizen_core::order::OrderTransitionError),
    /// 401 `signature_invalid`: a payment notification whose signature is missing or wrong
    /// ([`crate::payments`]); nothing was changed.
    #[error("notification signature invalid")]
    SignatureInvalid,
    /// 502 `payment_unavailable`: the payment provider could not be reached or refused to
    /// start the payment; the order stays payable.
    #[error("payment provider unavailable: {0}")]
    PaymentUnavailable(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match &self {
            ApiError::FormNotFound => (
                StatusCode::NOT_FOUND,
                "form_not_found",
                "这项服务暂不支持在线申请，请查看服务说明。",
            ),
            ApiError::SubmissionNotFound => (
                StatusCode::NOT_FOUND,
                "submission_not_found",
                "没有找到这个受理编号，请核对后再试。",
            ),
            ApiError::IdempotencyKeyMissing => (
                StatusCode::BAD_REQUEST,
                "idempotency_key_missing",
                "请求缺少 Idempotency-Key，请刷新页面后重新提交。",
            ),
            ApiError::IdempotencyKeyInvalid => (
                StatusCode::BAD_REQUEST,
                "idempotency_key_invalid",
                "Idempotency-Key 格式不对（1至128个可见ASCII字符），请刷新页面后重新提交。",
            ),
            ApiError::ChannelUnknown => (
                StatusCode::BAD_REQUEST,
                "channel_unknown",
                "X-Channel 不是已知的渠道名称。",
            ),
            ApiError::InvalidBody => (
                StatusCode::BAD_REQUEST,
                "invalid_body",
                "提交的内容格式不对，请刷新页面后重新提交。",
            ),
            ApiError::BodyTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "提交的内容太大，请删减后再提交。",
            ),
            ApiError::IdempotencyKeyReused { scope } => (
                StatusCode::CONFLICT,
                "idempotency_key_reused",
                reused_message(scope),
            ),
            ApiError::Validation { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "有些内容需要修改，请按提示更正后再提交。",
            ),
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
            ApiError::LookupNotFound => (
                StatusCode::NOT_FOUND,
                "lookup_not_found",
                "没有找到这次查询的结果，请重新查询。",
            ),
            ApiError::VehicleNotMatched => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "vehicle_not_matched",
                "号牌号码、号牌种类与发动机号或车辆识别代号后六位不匹配，请对照行驶证核对。",
            ),
            ApiError::AccountNotFound => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "account_not_found",
                "没有找到这个户号，请对照账单核对户号和缴费单位。",
            ),
            ApiError::SavedAccountNotFound => (
                StatusCode::NOT_FOUND,
                "saved_account_not_found",
                "没有找到这个常用户号，可能已经删除。",
            ),
            ApiError::AccountAlreadySaved => (
                StatusCode::CONFLICT,
                "account_already_saved",
                "这个户号已经保存过了。",
            ),
            ApiError::ItemNotFound => (
                StatusCode::NOT_FOUND,
                "item_not_found",
                "没有找到要缴纳的项目，请重新查询后再缴费。",
            ),
            ApiError::ItemNotPayable => (
                StatusCode::CONFLICT,
                "item_not_payable",
                "这一项不能在线缴纳，请按提示到窗口办理。",
            ),
            ApiError::ItemAlreadyPaid => (
                StatusCode::CONFLICT,
                "item_already_paid",
                "这一项已经缴纳过了，无需重复缴纳。",
            ),
            ApiError::ItemInOpenOrder => (
                StatusCode::CONFLICT,
                "item_in_open_order",
                "其中有一项正在另一笔支付中，请稍后刷新查看结果；那笔支付未成功的话，可以再支付这笔订单。",
            ),
            ApiError::IdentityRequired => (
                StatusCode::UNAUTHORIZED,
                "identity_required",
                "缴费前需要先完成实名登记（姓名、身份证号码、手机号码）。",
            ),
            ApiError::OrderNotFound => (
                StatusCode::NOT_FOUND,
                "order_not_found",
                "没有找到这笔订单，请到“我的办件”查看。",
            ),
            ApiError::OrderStateConflict(_) => (
                StatusCode::CONFLICT,
                "order_state_conflict",
                "这笔订单当前的状态不能进行这个操作，请刷新后查看最新状态。",
            ),
            ApiError::SignatureInvalid => (
                StatusCode::UNAUTHORIZED,
                "signature_invalid",
                "通知的签名不正确。",
            ),
            ApiError::PaymentUnavailable(detail) => {
                tracing::warn!(error = %detail, "payment provider unavailable");
                (
                    StatusCode::BAD_GATEWAY,
                    "payment_unavailable",
                    "支付渠道暂时无法使用，请稍后再试，未扣款。",
                )
            }
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "服务暂时出了问题，请稍后再试。",
                )
            }
        };
        let mut body = ErrorBody::new(code, message);
        if let ApiError::Validation { errors, messages } = &self {
            for (key, e) in errors {
                body.error.fields.insert(key.clone(), e.code().to_string());
                let message = messages.get(key).cloned().unwrap_or_else(|| e.message());
                body.error.field_messages.insert(key.clone(), message);
            }
        }
        let field = match &self {
            ApiError::VehicleNotMatched => Some((
                "vehicle_check",
                "vehicle_not_matched",
                citizen_core::catalog::LocalizedText::new(
                    "与号牌号码不匹配，请对照行驶证核对后六位。",
                    "This does not match the plate. Check the last six characters against the vehicle licence.",
                ),
            )),
            ApiError::AccountNotFound => Some((
                "account_no",
                "account_not_found",
                citizen_core::catalog::LocalizedText::new(
                    "没有找到这个户号，请对照账单核对。",
                    "No account has this number. Check it against your bill.",
                ),
            )),
            _ => None,
        };
        if let Some((key, code, message)) = field {
            body.error.fields.insert(key.to_string(), code.to_string());
            body.error.field_messages.insert(key.to_string(), message);
        }
        let mut response = (status, Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

impl From<sqlx::Error> for ApiError {
    /// A failed query is our fault: [`ApiError::Internal`].
    fn from(e: sqlx::Error) -> Self {
        ApiError::Internal(DbError::Sqlx(e))
    }
}

/// The answer for a known path asked with the wrong method (axum adds `Allow`).
pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// A JSON answer with `Cache-Control: no-store` (it may carry personal data, which must
/// not be cached). `body` is JSON text.
pub(crate) fn json_no_store(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// What the 409 `idempotency_key_reused` of a key in `scope` says: what the key was used
/// for, and what to do (the form wording only for the form's own scope).
pub fn reused_message(scope: &str) -> &'static str {
    match scope {
        "submissions" => "这份申请已经提交过，内容与本次不同。如需再次申请，请重新填写表单。",
        "orders" => "这笔订单已经提交过，内容与本次不同。请回到查询结果，重新选择要缴纳的项目。",
        "payments" => "这笔支付已经发起过，内容与本次不同。请刷新页面，查看订单的最新状态。",
        "saved_accounts" => "这个户号已经保存过，内容与本次不同。请刷新页面后再保存。",
        _ => "这个请求已经提交过，内容与本次不同。请刷新页面后再试。",
    }
}
