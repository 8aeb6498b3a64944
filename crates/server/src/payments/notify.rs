//! `POST /api/v1/payments/sandbox/notify`: a sandbox payment notification, through
//! [`sandbox::receive`], the one verification every notification goes through (the
//! endpoint's and the sandbox's own background notifier's).
//!
//! Body `{"trade_no", "order_id", "amount_fen", "status": "paid" | "failed",
//! "notified_at"}`, header `X-Sandbox-Signature: <hex HMAC-SHA256(secret, body)>` checked in
//! constant time over the exact bytes received. A missing or wrong signature is 401
//! `signature_invalid` and changes nothing. A verified notification must agree with the
//! sandbox's record of the trade (order, amount, outcome); it then settles the order
//! through the [`Settle`] it is given (`orders::settle_trade`), a transition conditional on the order still
//! being `paying` with this trade, so a repeated or replayed notification changes nothing
//! (200 `{"changed": false}`).

use super::sandbox::{self, SIGNATURE_HEADER};
use crate::error::{json_no_store, ApiError};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// The endpoint: 200 `{"changed": bool}`, 401 `signature_invalid`, 400 `invalid_body`.
pub(super) async fn endpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    let settle = state.payments.sandbox.settle();
    let changed = sandbox::receive(&state.pool, &state.secret, settle, &body, signature).await?;
    Ok(json_no_store(
        StatusCode::OK,
        format!(r#"{{"changed":{changed}}}"#),
    ))
}
