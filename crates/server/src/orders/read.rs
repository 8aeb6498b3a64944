//! `GET /api/v1/orders/{id}`.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::model::{encode, find};
use super::settle::refresh;
use crate::error::{json_no_store, ApiError};
use crate::sessions::MaybeSession;
use crate::AppState;

/// `GET /api/v1/orders/{id}`: the order, settled first (a `paying` one by a query to its
/// provider, an unpaid one past its time closed). 404 `order_not_found` to any session but
/// its own.
pub(super) async fn get_order(
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
    Ok(json_no_store(
        StatusCode::OK,
        encode(&row.response(&state.payments)?)?,
    ))
}
