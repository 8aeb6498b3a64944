//! `GET /healthz`: whether the server can answer, for load balancers and monitors.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::db::DbError;
use crate::AppState;

/// The health route.
pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz))
}

/// `GET /healthz`: `ok` when the database answers `SELECT 1` within 3 s, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> Response {
    let ping = sqlx::query("SELECT 1").fetch_one(&state.pool);
    let answer = tokio::time::timeout(Duration::from_secs(3), ping).await;
    let (status, body) = match answer {
        Ok(Ok(_)) => (StatusCode::OK, "ok"),
        Ok(Err(e)) => {
            tracing::warn!(error = %DbError::from(e), "health check: the database did not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
        Err(_) => {
            tracing::warn!("health check: the database did not answer within 3 s");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    };
    (status, [(header::CACHE_CONTROL, "no-store")], body).into_response()
}
