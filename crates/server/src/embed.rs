//! `GET /api/v1/embed`: the partner origins ([`crate::security`]) for the SPA, which
//! `postMessage`s only to these origins and ignores messages from any other.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use citizen_core::api::EmbedResponse;

use crate::AppState;

/// The embed route.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/embed", get(embed))
}

/// `GET /api/v1/embed`: [`EmbedResponse`] with the partner origins, cacheable for five
/// minutes.
async fn embed(State(state): State<AppState>) -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(EmbedResponse {
            partner_origins: state.partner_origins.as_slice().to_vec(),
        }),
    )
        .into_response()
}
