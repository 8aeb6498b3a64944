//! The idempotency keys of the resident's intents to pay, kept for this tab in
//! sessionStorage (memory when it refuses), so that a double tap, a retry after a lost
//! answer, a reload, or a return from the identity page sends the same key and the server
//! answers with the same single order or payment.
//!
//! | intent | storage key | forgotten when |
//! |---|---|---|
//! | an order of these items | `ch.intent.order.{kind:id,…}` (sorted) | the order is created (a later order of the same items is a new intent) |
//! | paying order `id` | `ch.intent.pay.{id}` | the order has failed, so 重新支付 is a new payment |
//! | saving the account of bill lookup `id` | `ch.intent.account.{id}` | it is saved |

use crate::state::drafts::new_idempotency_key;
use crate::state::storage;

/// The storage key of an order of `items` (`kind:id` each), in any order.
fn order_slot(items: &[String]) -> String {
    let mut items = items.to_vec();
    items.sort();
    items.dedup();
    format!("ch.intent.order.{}", items.join(","))
}

fn pay_slot(order_id: &str) -> String {
    format!("ch.intent.pay.{order_id}")
}

fn account_slot(lookup_id: &str) -> String {
    format!("ch.intent.account.{lookup_id}")
}

/// The key kept under `slot`, or a new one (kept from now on; in memory for this page's
/// life when sessionStorage refuses it).
fn key(slot: &str) -> String {
    if let Some(k) = storage::session_get(slot).filter(|k| !k.is_empty()) {
        return k;
    }
    let k = new_idempotency_key();
    storage::session_set(slot, &k);
    k
}

fn forget(slot: &str) {
    storage::session_remove(slot);
}

/// The key of an order of `items` (`traffic_fine:V1`, `utility_bill:B2`; any order).
pub(super) fn order_key(items: &[String]) -> String {
    key(&order_slot(items))
}

/// The order of `items` was created: the next order of them is a new intent.
pub(super) fn forget_order_key(items: &[String]) {
    forget(&order_slot(items));
}

/// The key of paying order `order_id` (the same for every tap until it fails).
pub(super) fn pay_key(order_id: &str) -> String {
    key(&pay_slot(order_id))
}

/// The payment of `order_id` failed (or the order is over): 重新支付 is a new payment.
pub(super) fn forget_pay_key(order_id: &str) {
    forget(&pay_slot(order_id));
}

/// The key of saving the account of bill lookup `lookup_id` (the 户号 itself stays out of
/// storage keys).
pub(super) fn account_key(lookup_id: &str) -> String {
    key(&account_slot(lookup_id))
}

/// Account saved: forget its key.
pub(super) fn forget_account_key(lookup_id: &str) {
    forget(&account_slot(lookup_id));
}
