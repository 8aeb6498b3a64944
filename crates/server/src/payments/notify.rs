//! `POST /api/v1/payments/sandbox/notify`: a sandbox payment notification, and
//! [`receive`], the one verification every notification goes through (the endpoint's and
//! the sandbox's own background notifier's).
//!
//! Body `{"trade_no", "order_id", "amount_fen", "status": "paid" | "failed",
//! "notified_at"}`, header `X-Sandbox-Signature: <hex HMAC-SHA256(secret, body)>` checked in
//! constant time over the exact bytes received. A missing or wrong signature is 401
//! `signature_invalid` and changes nothing. A verified notification must agree with the
//! sandbox's record of the trade (order, amount, outcome); it then settles the order
//! through [`crate::orders::settle_trade`], a transition conditional on the order still
//! being `paying` with this trade, so a repeated or replayed notification changes nothing
//! (200 `{"changed": false}`).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use sqlx::AnyPool;

use citizen_core::api::{NotifyStatus, SandboxNotification};

use super::sandbox::SIGNATURE_HEADER;
use super::TradeStatus;
use crate::error::{json_no_store, ApiError};
use crate::sessions::{unhex, ServerSecret};
use crate::AppState;

/// The endpoint: 200 `{"changed": bool}`, 401 `signature_invalid`, 400 `invalid_body`.
pub(super) async fn endpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    let changed = receive(&state.pool, &state.secret, &body, signature).await?;
    Ok(json_no_store(
        StatusCode::OK,
        format!(r#"{{"changed":{changed}}}"#),
    ))
}

#[derive(sqlx::FromRow)]
struct TradeRow {
    order_id: String,
    amount_fen: i64,
    status: String,
    mode: String,
}

/// Verifies and applies one notification; `Ok(true)` when it moved an order.
///
/// Errors: [`ApiError::SignatureInvalid`] (nothing read, nothing changed),
/// [`ApiError::InvalidBody`], a database error.
pub async fn receive(
    pool: &AnyPool,
    secret: &ServerSecret,
    body: &[u8],
    signature: Option<&str>,
) -> Result<bool, ApiError> {
    let tag = signature
        .and_then(|s| unhex(s.trim()))
        .ok_or(ApiError::SignatureInvalid)?;
    if !secret.verify(body, &tag) {
        tracing::warn!(status = 401, "sandbox notification with a wrong signature");
        return Err(ApiError::SignatureInvalid);
    }
    let note: SandboxNotification =
        serde_json::from_slice(body).map_err(|_| ApiError::InvalidBody)?;
    let status = match note.status {
        NotifyStatus::Paid => "paid",
        NotifyStatus::Failed => "failed",
    };
    let trade: Option<TradeRow> = sqlx::query_as(
        "SELECT order_id, amount_fen, status, mode FROM sandbox_trades WHERE trade_no = $1",
    )
    .bind(note.trade_no.as_str())
    .fetch_optional(pool)
    .await?;
    let agrees = trade.as_ref().is_some_and(|t| {
        t.order_id == note.order_id && t.amount_fen == note.amount_fen && t.status == status
    });
    let Some(trade) = trade.filter(|_| agrees) else {
        tracing::warn!(order = %note.order_id, "sandbox notification disagrees with the trade; ignored");
        return Ok(false);
    };
    let outcome = if trade.status == "paid" {
        TradeStatus::Paid
    } else {
        // The same reason the provider's query gives.
        TradeStatus::Failed(super::sandbox::failure_reason(&trade.mode))
    };
    crate::orders::settle_trade(pool, &trade.order_id, &note.trade_no, &outcome).await
}
