//! `POST /api/v1/orders/{id}/payments`: start paying an order (`pending_payment` or `failed`
//! → `paying`) through its provider, under the request's idempotency key (scope
//! `payments`). Answers 202 with the order `paying`; the outcome arrives by notification or
//! is found by a query on the next read.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use citizen_core::api::PayRequest;
use citizen_core::order::{OrderState, OrderTransitionError};
use serde_json::{json, Value};

use super::model::{
    checked, encode, find, lock_items, random_hex, OrderRow, COLUMNS, SCOPE_PAYMENTS,
};
use super::settle::refresh;
use crate::clock::{china_rfc3339, now_unix};
use crate::error::{json_no_store, ApiError};
use crate::idempotency::{self, Claim, Stored, Tx, Written};
use crate::payments::{mode_name, NewTrade, PaymentError, PaymentProvider, Payments};
use crate::sessions::MaybeSession;
use crate::AppState;

/// `POST /api/v1/orders/{id}/payments`.
pub(super) async fn pay(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    MaybeSession(session): MaybeSession,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path(id)) = id else {
        return Err(ApiError::OrderNotFound);
    };
    let key = idempotency::key(&headers)?;
    let body = body.map_err(|_| ApiError::InvalidBody)?;
    let value: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(&body).map_err(|_| ApiError::InvalidBody)?
    };
    let request: PayRequest =
        serde_json::from_value(value.clone()).map_err(|_| ApiError::InvalidBody)?;
    let session = session.ok_or(ApiError::OrderNotFound)?;
    let claim = Claim::new(
        SCOPE_PAYMENTS,
        key,
        "payments",
        &json!({"session": session.0, "order": id, "request": value}),
    );
    if let Some(stored) = claim.stored(&state.pool).await? {
        return Ok(idempotency::replayed(stored.body));
    }
    let row = find(&state.pool, &id, &session)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    let row = refresh(&state.pool, &state.payments, row).await?;
    let payments = state.payments.clone();
    let provider = provider_of(&payments, &row)?;
    if !provider.is_sandbox() && request.sandbox_mode.is_some() {
        return Err(ApiError::InvalidBody);
    }
    let trade = NewTrade {
        trade_no: format!("T{}", random_hex(12)?),
        order_id: row.id.clone(),
        provider: row.provider.clone(),
        amount_fen: row.total_fen,
        subject: format!("市民之家 {}", row.reference),
        mode: request.sandbox_mode.unwrap_or_default(),
    };
    let written = claim
        .write(&state.pool, move |tx| {
            Box::pin(async move {
                let provider = provider_of(&payments, &row)?;
                let row = start(tx, provider, &row.id, &trade).await?;
                let body = encode(&row.response(&payments)?)?;
                let stored = Stored {
                    status: StatusCode::ACCEPTED,
                    body: body.clone(),
                    resource_id: Some(row.id.clone()),
                };
                Ok((stored, (body, trade)))
            })
        })
        .await?;
    match written {
        Written::New((body, trade)) => {
            let provider = state
                .payments
                .by_name(&trade.provider)
                .ok_or_else(|| ApiError::PaymentUnavailable(trade.provider.clone()))?;
            provider.started(&trade);
            tracing::info!(order = %trade.order_id, provider = provider.name(), mode = mode_name(trade.mode), status = 202, "payment started");
            Ok(json_no_store(StatusCode::ACCEPTED, body))
        }
        Written::Replay(stored) => Ok(idempotency::replayed(stored.body)),
    }
}

/// The provider that order `row` is paid through.
fn provider_of<'p>(
    payments: &'p Payments,
    row: &OrderRow,
) -> Result<&'p dyn PaymentProvider, ApiError> {
    payments
        .by_name(&row.provider)
        .ok_or_else(|| ApiError::PaymentUnavailable(format!("unknown provider {}", row.provider)))
}

/// In the key's transaction (after the key was claimed, so a concurrent request with the
/// same key replays instead of getting here): the order as it is now, moved `from` →
/// `paying` by an `UPDATE … WHERE state = from` (a forbidden move, or one lost to a
/// concurrent request, is a 409 `order_state_conflict`), its items locked for it in
/// `order_item_locks` ([`lock_items`]: 409 `item_in_open_order` when another order is
/// paying one, `item_already_paid` when one was paid), the trade created with the
/// provider.
async fn start(
    tx: &mut Tx<'static>,
    provider: &dyn PaymentProvider,
    order_id: &str,
    trade: &NewTrade,
) -> Result<OrderRow, ApiError> {
    let row = read(tx, order_id).await?;
    let from = row.state()?;
    let (from_name, to_name) = checked(from, OrderState::Paying)?;
    let moved = sqlx::query(
        "UPDATE orders SET state = $1, trade_no = $2, attempts = attempts + 1, paying_at = $3, \
         failure_json = NULL WHERE id = $4 AND state = $5",
    )
    .bind(to_name)
    .bind(trade.trade_no.as_str())
    .bind(china_rfc3339(now_unix()))
    .bind(order_id)
    .bind(from_name)
    .execute(&mut **tx)
    .await?;
    if moved.rows_affected() == 0 {
        // Someone else moved it first: refuse as its present state refuses.
        let now = read(tx, order_id).await?;
        checked(now.state()?, OrderState::Paying)?;
        return Err(ApiError::OrderStateConflict(OrderTransitionError {
            from: now.state()?,
            to: OrderState::Paying,
        }));
    }
    // Only now are the items held: while this order is paying, no other order (this
    // session's or another's) can start paying them. Taken, or paid meanwhile → 409, and
    // the whole transaction rolls back: the order stays payable, the key free.
    lock_items(tx, &row.id, &row.item_refs()?).await?;
    provider
        .create_trade(tx, trade)
        .await
        .map_err(|e| match e {
            PaymentError::Db(e) => ApiError::Internal(e),
            other => ApiError::PaymentUnavailable(other.to_string()),
        })?;
    read(tx, order_id).await
}

async fn read(tx: &mut Tx<'static>, order_id: &str) -> Result<OrderRow, ApiError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM orders WHERE id = $1"))
            .bind(order_id)
            .fetch_one(&mut **tx)
            .await?,
    )
}
