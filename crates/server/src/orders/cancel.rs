//! `POST /api/v1/orders/{id}/cancel`.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use citizen_core::order::{OrderState, OrderTransitionError};

use super::model::{checked, encode, find, find_any};
use super::settle::{delete_locks, refresh};
use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;
use crate::error::{json_no_store, ApiError};
use crate::idempotency::Tx;
use crate::sessions::MaybeSession;
use crate::AppState;

/// `POST /api/v1/orders/{id}/cancel`: `pending_payment` or `failed` → `cancelled`, its items
/// freed. 409 `order_state_conflict` from any other state (a `paying` order cannot be
/// cancelled: the money may be on its way); 404 `order_not_found`.
pub(super) async fn cancel(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    MaybeSession(session): MaybeSession,
) -> Result<Response, ApiError> {
    let (Ok(Path(id)), Some(session)) = (id, session) else {
        return Err(ApiError::OrderNotFound);
    };
    let row = find(&state.pool, &id, &session)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    let row = refresh(&state.pool, &state.payments, row).await?;
    let from = row.state()?;
    let (from_name, to_name) = checked(from, OrderState::Cancelled)?;
    let mut tx: Tx<'static> = state.pool.begin().await?;
    let moved =
        sqlx::query("UPDATE orders SET state = $1, cancelled_at = $2 WHERE id = $3 AND state = $4")
            .bind(to_name)
            .bind(china_rfc3339(now_unix()))
            .bind(id.as_str())
            .bind(from_name)
            .execute(&mut *tx)
            .await?;
    if moved.rows_affected() == 0 {
        tx.rollback().await?;
        let now = find_any(&state.pool, &id)
            .await?
            .ok_or(ApiError::OrderNotFound)?;
        return Err(ApiError::OrderStateConflict(OrderTransitionError {
            from: now.state()?,
            to: OrderState::Cancelled,
        }));
    }
    delete_locks(&mut tx, &id).await?;
    tx.commit().await?;
    tracing::info!(order = %id, "order cancelled");
    let row = find_any(&state.pool, &id)
        .await?
        .ok_or_else(|| DbError::Corrupt(format!("order {id} vanished")))?;
    Ok(json_no_store(
        StatusCode::OK,
        encode(&row.response(&state.payments)?)?,
    ))
}
