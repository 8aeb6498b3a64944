//! Orders (订单) and paying them.
//!
//! | path | answer |
//! |---|---|
//! | `POST /api/v1/orders` | `Idempotency-Key` (scope `orders`); body `{"city_code", "items": [{"kind": "traffic_fine" \| "utility_bill", "id"}]}` → 201 `OrderResponse`; 400 `invalid_body` (also for an `amount`/`total` or any other field, no items, an item twice), 401 `identity_required`, 404 `city_not_found` / `item_not_found`, 409 `item_not_payable` / `item_already_paid` / `item_in_open_order` / `idempotency_key_reused` |
//! | `GET /api/v1/orders/{id}` | 200 `OrderResponse`, settled first (below); 404 `order_not_found` |
//! | `POST /api/v1/orders/{id}/payments` | `Idempotency-Key` (scope `payments`); body `{}` or `{"sandbox_mode": …}` → 202 `OrderResponse` (`paying`); 409 `order_state_conflict`, 409 `item_in_open_order` (a retry whose items another order took), 404, 502 `payment_unavailable` |
//! | `POST /api/v1/orders/{id}/cancel` | 200 `OrderResponse` (`cancelled`); 409 `order_state_conflict`; 404 |
//!
//! `OrderResponse` is [`citizen_core::api::OrderResponse`]. A replayed key answers 200 with the first
//! answer and `Idempotent-Replayed: true` ([`crate::idempotency`]); the session is part
//! of what a key names, so another session's key never replays this one's answer.
//!
//! # Rules
//!
//! - Amounts come from the database ([`crate::payable::price`]): the client names items,
//!   never amounts. The total is the sum of the items, stored with the order.
//! - Only the session that created an order sees it: to any other session, or none, every
//!   order endpoint answers 404 `order_not_found`. Creating one needs the session's 实名
//!   identity (401 `identity_required`).
//! - States change only through [`citizen_core::order::OrderState::transition`] (a
//!   forbidden move is 409 `order_state_conflict`), each by an `UPDATE … WHERE state =
//!   $old`: of concurrent requests only one moves the order.
//! - An item is in at most one live order: table `order_item_locks`, primary key
//!   (item_kind, item_id), inserted with the order (409 `item_in_open_order` when taken),
//!   deleted when the order is cancelled, closes or fails, kept when it is paid. A retry
//!   after a failure takes the locks again.
//! - An unpaid order (待支付 or 支付失败) closes [`CLOSE_AFTER_SECS`] (15 minutes) after its
//!   creation: on its next read, and by the sweeper ([`sweeper`], every
//!   [`SWEEP_EVERY`]).
//! - A `paying` order is settled by its provider's word only ([`crate::payments`]): the
//!   signed notification, or a query made on every read and by the sweeper. When paid, the
//!   fine or bill is marked paid ([`crate::payable::mark_paid`]) in the same transaction,
//!   and the order gets a receipt number.

mod cancel;
mod create;
pub mod model;
mod pay;
mod read;
mod settle;

use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;

pub use settle::{settle_trade, sweep};

use crate::AppState;

pub(crate) use model::of_session;
pub use model::{CLOSE_AFTER_SECS, SCOPE_ORDERS, SCOPE_PAYMENTS};
pub(crate) use settle::refresh;

/// How often the sweeper runs.
pub const SWEEP_EVERY: Duration = Duration::from_secs(30);

/// The order routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/orders", post(create::create))
        .route("/api/v1/orders/{id}", get(read::get_order))
        .route("/api/v1/orders/{id}/payments", post(pay::pay))
        .route("/api/v1/orders/{id}/cancel", post(cancel::cancel))
}

/// Runs [`sweep`] and [`crate::sessions::sweep`] every [`SWEEP_EVERY`] until the task is
/// dropped; errors are logged and the next round tries again.
pub async fn sweeper(state: AppState) {
    let mut every = tokio::time::interval(SWEEP_EVERY);
    loop {
        every.tick().await;
        match sweep(&state.pool, &state.payments).await {
            Ok(0) => {}
            Ok(moved) => tracing::info!(moved, "order sweep"),
            Err(e) => tracing::warn!(error = %e, "order sweep failed"),
        }
        if let Err(e) = crate::sessions::sweep(&state.pool).await {
            tracing::warn!(error = %e, "session sweep failed");
        }
    }
}
