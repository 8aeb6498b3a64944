//! Orders (订单) and paying them.
//!
//! | path | answer |
//! |---|---|
//! | `POST /api/v1/orders` | `Idempotency-Key` (scope `orders`); body `{"city_code", "items": [{"kind": "traffic_fine" \| "utility_bill", "id"}]}` → 201 `OrderResponse`; 400 `invalid_body` (also for an `amount`/`total` or any other field, no items, an item twice), 401 `identity_required`, 404 `city_not_found` / `item_not_found`, 409 `item_not_payable` / `item_already_paid` / `idempotency_key_reused` (never `item_in_open_order`: creating holds nothing) |
//! | `GET /api/v1/orders/{id}` | 200 `OrderResponse`, settled first (below); 404 `order_not_found` |
//! | `POST /api/v1/orders/{id}/payments` | `Idempotency-Key` (scope `payments`); body `{}` or `{"sandbox_mode": …}` → 202 `OrderResponse` (`paying`); 409 `order_state_conflict` (the order is not `pending_payment` or `failed`: paying, paid, cancelled, closed), 409 `item_in_open_order` (another order, of any session, is paying one of its items now: the order stays payable), 409 `item_already_paid` (another order paid one), 409 `idempotency_key_reused`, 404, 502 `payment_unavailable` |
//! | `POST /api/v1/orders/{id}/cancel` | 200 `OrderResponse` (`cancelled`); 409 `order_state_conflict` (not `pending_payment` or `failed`: a paying order cannot be cancelled, the money may be on its way); 404 |
//!
//! `OrderResponse` is [`citizen_core::api::OrderResponse`]. A replayed key answers 200 with the first
//! answer and `Idempotent-Replayed: true` ([`crate::idempotency`]): a snapshot of the order
//! as it was then (a replayed payment still says `paying` after the order was paid), so a
//! client reads `GET /api/v1/orders/{id}` for its current state. The session is part of
//! what a key names, so another session's key never replays this one's answer; the same
//! key with another body is 409 `idempotency_key_reused`.
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
//! - Creating an order holds nothing: it checks only that the items are visible to the
//!   session, payable and unpaid, so two open orders (of one session or of two) may name
//!   the same item, and nobody who merely knows a 户号 or plate can keep its household from
//!   paying. An item is held only while an order is being paid: table
//!   `order_item_locks`, primary key (item_kind, item_id), inserted by the pay step in the
//!   transaction that moves the order `pending_payment`/`failed` → `paying` (409
//!   `item_in_open_order` when another order holds one; the transaction rolls back and the
//!   order stays payable), deleted when the payment fails (and when the order is
//!   cancelled or closes), kept when it is paid. So of several orders with one item only
//!   one can be paying at a time, and [`crate::payable::mark_paid`] (conditional on the
//!   item being unpaid) never pays it twice.
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
