//! Orders and payments.
//!
//! | endpoint | body | answer |
//! |---|---|---|
//! | `POST /api/v1/orders` (`Idempotency-Key`) | [`CreateOrderRequest`] | 201 [`OrderResponse`]; 400 `invalid_body` (an unknown field such as `amount` or `total`: amounts come from the server; no items; an item twice), 401 `identity_required`, 404 `city_not_found` / `item_not_found` (also an item of another city or session), 409 `item_not_payable` / `item_already_paid` / `idempotency_key_reused`. Creating holds nothing: another open order with the same items is no obstacle |
//! | `GET /api/v1/orders/{id}` | none | 200 [`OrderResponse`] (a `paying` order is settled by asking the provider first; a `pending_payment` order past `closes_at` is closed); 404 `order_not_found` |
//! | `POST /api/v1/orders/{id}/payments` (`Idempotency-Key`) | [`PayRequest`] | 202 [`OrderResponse`] (state `paying`); 409 `order_state_conflict` (not `pending_payment` or `failed`), 409 `item_in_open_order` (another order, of any session, is being paid for one of its items: try again later, the order stays payable), 409 `item_already_paid`, 409 `idempotency_key_reused`, 502 `payment_unavailable` |
//! | `POST /api/v1/orders/{id}/cancel` | none | 200 [`OrderResponse`]; 409 `order_state_conflict` (not `pending_payment` or `failed`: a paying order cannot be cancelled) |
//! | `POST /api/v1/payments/sandbox/notify` | [`SandboxNotification`], header [`SANDBOX_SIGNATURE_HEADER`] | 200; 401 `signature_invalid` (nothing changes); a repeated notification changes nothing |
//!
//! Amounts are integer 分 (`*_fen: i64`), times RFC 3339 with `+08:00`. States and their
//! transitions: [`crate::order::OrderState`].
//!
//! An item (fine or bill) is held for an order only while that order is `paying` (handed
//! to the cashier): of several open orders naming it, one at a time can be paying, and it
//! is never paid twice. A request repeated with its `Idempotency-Key` answers 200 with the
//! first answer, byte for byte (`Idempotent-Replayed: true`): a snapshot of the order then,
//! not its state now; read `GET /api/v1/orders/{id}` for that.

use serde::{Deserialize, Serialize};

use crate::localized::LocalizedText;
use crate::order::OrderState;

/// The header carrying the sandbox notification's signature: lower-case hex of
/// HMAC-SHA256(secret, the body's bytes).
pub const SANDBOX_SIGNATURE_HEADER: &str = "X-Sandbox-Signature";

/// What an order item is. On the wire: `traffic_fine`, `utility_bill`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A traffic violation's fine ([`crate::api::lookups::Violation::id`]).
    TrafficFine,
    /// A utility bill ([`crate::api::lookups::Bill::id`]).
    UtilityBill,
}

impl ItemKind {
    /// `traffic_fine` or `utility_bill`, as on the wire and in `order_item_locks`.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::TrafficFine => "traffic_fine",
            ItemKind::UtilityBill => "utility_bill",
        }
    }

    /// The kind named `name` exactly as [`ItemKind::as_str`] writes it.
    pub fn parse(name: &str) -> Option<ItemKind> {
        [ItemKind::TrafficFine, ItemKind::UtilityBill]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// One thing to pay, by reference: `{"kind": "traffic_fine", "id": "v1"}`. No amount: the
/// server prices it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRef {
    /// What it is.
    pub kind: ItemKind,
    /// The violation's or bill's id.
    pub id: String,
}

/// The body of `POST /api/v1/orders`: `{"city_code": "310100", "items": [{"kind":
/// "traffic_fine", "id": "v1"}]}`. Any other property (`amount`, `total`) is rejected
/// (400): the server computes amounts from its own records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateOrderRequest {
    /// The city whose fines or bills these are.
    pub city_code: String,
    /// The items, at least one, each once.
    pub items: Vec<ItemRef>,
}

/// An order as the resident sees it (every order endpoint answers with it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderResponse {
    /// Its id (opaque; `/orders/{order_id}` shows it).
    pub order_id: String,
    /// 受理编号 in [`crate::reference`]'s format, for the receipt and 我的办件.
    pub reference: String,
    /// The city.
    pub city_code: String,
    /// Where it is.
    pub state: OrderState,
    /// `state` for residents ([`OrderState::label`]).
    pub state_label: LocalizedText,
    /// What is paid for, with the amounts the server set.
    pub items: Vec<OrderItemView>,
    /// The sum of the items' amounts in 分.
    pub total_fen: i64,
    /// When it was created, RFC 3339 `+08:00`.
    pub created_at: String,
    /// When an unpaid order closes (15 minutes after creation), RFC 3339 `+08:00`.
    pub closes_at: String,
    /// When the payment was confirmed; `null` until then.
    pub paid_at: Option<String>,
    /// The payment's receipt number (交易流水号) once paid; `null` until then.
    pub receipt_no: Option<String>,
    /// The payment provider: `sandbox`, `alipay`, `wechat`.
    pub provider: String,
    /// Whether the provider is the built-in sandbox (no real money; the UI says 沙箱).
    pub sandbox: bool,
    /// Why the last payment failed (declined, timed out), when `state` is `failed`;
    /// `null` otherwise.
    pub failure: Option<LocalizedText>,
    /// The steps so far and to come: 待支付 → 支付中 → 已支付.
    pub timeline: Vec<TimelineStep>,
}

/// One item of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItemView {
    /// What it is.
    pub kind: ItemKind,
    /// The violation's or bill's id.
    pub id: String,
    /// What it reads as (`交通违法罚款 沪A12345 2026-03-01`, `水费 2026-10`).
    pub title: LocalizedText,
    /// Its amount in 分 (a bill's includes its late fee).
    pub amount_fen: i64,
}

/// How the sandbox provider should answer a payment (ignored by real providers). On the
/// wire: `succeed`, `decline`, `timeout`, `late`, `notify_twice`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SandboxMode {
    /// Confirms with one signed notification shortly after.
    #[default]
    Succeed,
    /// Refuses the payment (the order becomes `failed`; it may be tried again).
    Decline,
    /// Never answers; the order stays `paying` until a query settles it as failed.
    Timeout,
    /// Confirms, but only after the client has given up waiting (a query settles it).
    Late,
    /// Confirms and sends the same notification twice (the second changes nothing).
    NotifyTwice,
}

/// The body of `POST /api/v1/orders/{id}/payments`: `{}` or `{"sandbox_mode": "decline"}`
/// (the mode only with the sandbox provider).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayRequest {
    /// How the sandbox should answer; `succeed` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox_mode: Option<SandboxMode>,
}

/// A step of an order's or a submission's timeline: `{"label": {"zh": "已支付", …}, "at":
/// "2026-03-10T14:05:09+08:00", "done": true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStep {
    /// The step (提交, 受理, 办结; 待支付, 已支付 …).
    pub label: LocalizedText,
    /// When it happened, RFC 3339 `+08:00`; `null` for a step still to come.
    pub at: Option<String>,
    /// Whether it has happened.
    pub done: bool,
}

/// What the sandbox's notification reports. On the wire: `paid`, `failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotifyStatus {
    /// The payment went through.
    Paid,
    /// It did not.
    Failed,
}

/// The body of `POST /api/v1/payments/sandbox/notify`, signed in
/// [`SANDBOX_SIGNATURE_HEADER`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SandboxNotification {
    /// The sandbox's trade number.
    pub trade_no: String,
    /// The order paid.
    pub order_id: String,
    /// The amount charged in 分 (must equal the order's total).
    pub amount_fen: i64,
    /// The outcome.
    pub status: NotifyStatus,
    /// When the sandbox sent it, RFC 3339 `+08:00`.
    pub notified_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_request_carries_no_amounts() {
        let ok: CreateOrderRequest = serde_json::from_str(
            r#"{"city_code": "310100", "items": [{"kind": "traffic_fine", "id": "v1"}, {"kind": "utility_bill", "id": "b1"}]}"#,
        )
        .unwrap();
        assert_eq!(ok.items[1].kind, ItemKind::UtilityBill);
        for tampered in [
            r#"{"city_code": "310100", "items": [], "total": 1}"#,
            r#"{"city_code": "310100", "items": [{"kind": "traffic_fine", "id": "v1", "amount_fen": 1}]}"#,
            r#"{"city_code": "310100", "items": [{"kind": "parking", "id": "v1"}]}"#,
        ] {
            assert!(
                serde_json::from_str::<CreateOrderRequest>(tampered).is_err(),
                "{tampered}"
            );
        }
        assert_eq!(ItemKind::parse("traffic_fine"), Some(ItemKind::TrafficFine));
        assert_eq!(ItemKind::parse("x"), None);
    }

    #[test]
    fn pay_requests() {
        let p: PayRequest = serde_json::from_str("{}").unwrap();
        assert_eq!(p.sandbox_mode, None);
        let p: PayRequest = serde_json::from_str(r#"{"sandbox_mode": "notify_twice"}"#).unwrap();
        assert_eq!(p.sandbox_mode, Some(SandboxMode::NotifyTwice));
        assert!(serde_json::from_str::<PayRequest>(r#"{"sandbox_mode": "maybe"}"#).is_err());
        assert!(serde_json::from_str::<PayRequest>(r#"{"amount_fen": 1}"#).is_err());
        assert_eq!(serde_json::to_string(&PayRequest::default()).unwrap(), "{}");
    }
}
