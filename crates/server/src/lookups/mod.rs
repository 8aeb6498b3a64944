//! Traffic and bill lookups, and saved 户号 (issue 14; docs/issue14-contract.md).
//!
//! | path | answer |
//! |---|---|
//! | `POST /api/v1/cities/{code}/services/{id}/traffic-lookups` | body `{"plate", "plate_type", "vehicle_check"}` → 200 [`citizen_core::api::TrafficLookupResponse`]; 404 `city_not_found` / `service_not_found` (no traffic lookup there); 400 `invalid_body`; 422 `validation_failed` (fields `plate`, `plate_type`, `vehicle_check`), 422 `vehicle_not_matched` |
//! | `GET /api/v1/traffic-lookups/{lookup_id}` | the same answer with fresh statuses; 404 `lookup_not_found` (also another session's) |
//! | `POST /api/v1/cities/{code}/services/{id}/bill-lookups` | body `{"provider_id", "account_no"}` → 200 [`citizen_core::api::BillLookupResponse`]; 404 as above; 422 `validation_failed` (fields `provider_id`, `account_no`), 422 `account_not_found` |
//! | `GET /api/v1/bill-lookups/{lookup_id}` | the same, fresh; 404 `lookup_not_found` |
//! | `GET /api/v1/saved-accounts` | `{"accounts": [SavedAccount]}` of the session, newest first (none without a session) |
//! | `POST /api/v1/saved-accounts` | `Idempotency-Key`, body `{city_code, service_id, provider_id, account_no, label}` → 201 [`citizen_core::api::SavedAccount`] (a replay: 200 and `Idempotent-Replayed: true`; another body with the key: 409 `idempotency_key_reused`); 409 `account_already_saved`; 422 `validation_failed` (`provider_id`, `account_no`, `label`), 422 `account_not_found` (field `account_no`: the provider has no such 户号, as a lookup would say) |
//! | `PATCH /api/v1/saved-accounts/{id}` | `{label}` → 200 SavedAccount; 404 `saved_account_not_found` |
//! | `DELETE /api/v1/saved-accounts/{id}` | 204; 404 `saved_account_not_found` |
//!
//! Every lookup is a row owned by the session ([`crate::sessions::ensure`] creates one when
//! missing and the answer carries its cookie), with the items it showed
//! (`lookup_items`): that is what [`crate::payable::price`] checks an order against. A
//! lookup takes no `Idempotency-Key`: it reads, and each call stores one more row.
//!
//! Statuses are derived when read: `paid` when `paid_order_id` is set, `paying` while an
//! order holds the item in `order_item_locks` (taken only when an order goes `paying`, so
//! this means "being paid right now", by anyone: an order waiting for 确认支付 holds
//! nothing), `needs_visit` for a fine that cannot be paid online, else `unpaid`. An
//! answer names an order (`order_id`) only when it is the asking session's; for another
//! session's payment it says `paying_elsewhere: true` (另一笔支付正在进行) and no id. A bill's late fee is computed as of today in China (or the day it
//! was paid) by [`crate::sandbox::plan::late_fee_fen`].
//!
//! Nothing personal is logged: no plate, no tail, no 户号.

mod bills;
mod common;
pub mod online;
mod saved;
mod traffic;

use axum::routing::{get, patch, post};
use axum::Router;

use crate::AppState;

/// The lookup and saved-account routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/cities/{code}/services/{id}/traffic-lookups",
            post(traffic::create),
        )
        .route("/api/v1/traffic-lookups/{lookup_id}", get(traffic::show))
        .route(
            "/api/v1/cities/{code}/services/{id}/bill-lookups",
            post(bills::create),
        )
        .route("/api/v1/bill-lookups/{lookup_id}", get(bills::show))
        .route(
            "/api/v1/saved-accounts",
            get(saved::list).post(saved::create),
        )
        .route(
            "/api/v1/saved-accounts/{id}",
            patch(saved::rename).delete(saved::remove),
        )
}
