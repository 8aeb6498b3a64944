//! Form submissions.
//!
//! - `POST /api/v1/services/{id}/submissions` (`create`): the contract (headers, body,
//!   statuses) is documented on [`citizen_core::api`]; here is how it is kept.
//! - `GET /api/v1/submissions/{reference}` (`status`): the submission, answers masked.
//!
//! # Idempotency
//!
//! Through the shared [`crate::idempotency`] piece, in scope `submissions`: the target of
//! a request is its service id. The stored answer is the 201's body without its answers
//! (personal data stays in `submissions` only); a replay adds them back from the
//! submission named by the stored resource id, its reference. Only a 201 binds a key: a
//! 422 leaves it free for the corrected answers.
//!
//! # Logging
//!
//! Only the reference, the city, the service, the status and counts are logged: never an
//! answer, a request body or a serde error about one (those can quote an ID number).

mod create;
mod status;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::AppState;

/// The largest submission body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The submission routes; the POST accepts at most [`MAX_BODY_BYTES`].
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/services/{id}/submissions",
            post(create::submit).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .route(
            "/api/v1/submissions/{reference}",
            get(status::get_submission),
        )
}
