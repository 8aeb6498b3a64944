//! Who the resident is: a server-side session behind a signed cookie, and its 实名 identity.
//!
//! | path | answer |
//! |---|---|
//! | `GET /api/v1/session` | 200 `{"identity": null \| {"name_masked", "resident_id_masked", "phone_masked"}}`; never creates a session |
//! | `PUT /api/v1/session/identity` | body `{"name", "resident_id", "phone"}` → 200 as above with a new cookie (the id is rotated); 422 `validation_failed` (fields `name`, `resident_id`, `phone`), 400 `invalid_body` |
//! | `DELETE /api/v1/session` | 204: the row is deleted (identity forgotten) and the cookie cleared (`Max-Age=0`) |
//!
//! # The cookie and the row
//!
//! Cookie `ch_session` = `<id>.<mac>` ([`cookie`]): `id` is 32 random bytes, `mac` the
//! HMAC-SHA256 of the id under the [`ServerSecret`], both base64url. `HttpOnly;
//! SameSite=Lax; Path=/; Max-Age=2592000` (30 days), `Secure` unless the request came to a
//! loopback host ([`cookie::is_loopback`]). Never in a URL, never logged.
//!
//! Table `sessions` holds `id_hash` (SHA-256 of the current id; the id itself is never
//! stored), `session_key` (SHA-256 of the session's *first* id: the [`SessionKey`] that owned
//! rows store as `session_id_hash`; it never changes, so rotating the id moves no rows and
//! needs no knowledge of the other resources' tables), `created_at`, `last_seen_at`,
//! `expires_at` (30 days after the last write) and `identity_json`. Nothing is kept in
//! memory: any instance on the database reads any session. An expired, unknown or badly
//! signed cookie counts as no session and is replaced on the next write; expired rows are
//! deleted by the sweeper ([`sweep`]).
//!
//! A GET never creates a session ([`MaybeSession`]); a write that needs one calls
//! [`ensure`] and adds the cookie to its answer with [`with_cookie`].
//!
//! # Identity
//!
//! Validated by the same rules the browser runs (`citizen_core`), stored masked for display
//! (`张*`, `3101**********1234`, `138****5678`) with `resident_id_hash` = HMAC-SHA256(secret,
//! normalised ID) for matching. Never the whole ID, name or phone. Attaching it rotates the
//! session id in the same statement that stores it (session fixation). Partner sign-in is
//! a seam only: [`partner::exchange_auth_code`].

mod cookie;
mod handlers;
mod identity;
pub mod partner;
mod secret;
mod store;

use axum::routing::{get, put};
use axum::Router;

pub use cookie::{is_loopback, COOKIE_NAME, MAX_AGE_SECS};
pub use secret::{hex, unhex, ServerSecret, MIN_SECRET_BYTES};
pub use store::{ensure, identity, sweep, with_cookie, MaybeSession, SessionKey, StoredIdentity};

use crate::AppState;

/// The session routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/session",
            get(handlers::get_session).delete(handlers::delete_session),
        )
        .route("/api/v1/session/identity", put(handlers::put_identity))
}
