//! Orders (订单): what a resident pays for (a fee, a bill), its items with amounts in 分,
//! and its states, 待支付 → 支付中 → 已支付 / 支付失败 / 已取消 / 已关闭, changed only through
//! [`OrderState::transition`], which refuses every move the table below does not list.
//!
//! | from | to |
//! |---|---|
//! | `pending_payment` 待支付 | `paying` (the resident starts paying), `cancelled` (the resident cancels), `closed` (the time to pay ran out) |
//! | `paying` 支付中 | `paid` (the payment channel confirms), `failed` (it refuses or reports an error) |
//! | `failed` 支付失败 | `paying` (try again), `cancelled`, `closed` |
//! | `paid` 已支付, `cancelled` 已取消, `closed` 已关闭 | nothing: final (a refund is a new order with a negative amount, not a state) |
//!
//! The total is always computed from the items ([`Order::total`]); no order carries a
//! total of its own, so a client cannot send one (the field is rejected).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::localized::LocalizedText;
use crate::money::{Fen, MoneyError};

/// Where an order is. On the wire in snake_case: `pending_payment`, `paying`, `paid`,
/// `failed`, `cancelled`, `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// 待支付: created, not paid yet.
    PendingPayment,
    /// 支付中: handed to a payment channel, waiting for its answer.
    Paying,
    /// 已支付: the channel confirmed the payment. Final.
    Paid,
    /// 支付失败: the channel refused the payment or reported an error; may be tried again.
    Failed,
    /// 已取消: cancelled by the resident before paying. Final.
    Cancelled,
    /// 已关闭: closed unpaid by the system (the time to pay ran out). Final.
    Closed,
}

/// A state change [`OrderState::transition`] refuses: `from` may not become `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an order that is {} cannot become {}", .from.as_str(), .to.as_str())]
pub struct OrderTransitionError {
    /// The state the order is in.
    pub from: OrderState,
    /// The state asked for.
    pub to: OrderState,
}

impl OrderState {
    /// Every state, in the order of the table in the module documentation.
    pub const ALL: [OrderState; 6] = [
        OrderState::PendingPayment,
        OrderState::Paying,
        OrderState::Paid,
        OrderState::Failed,
        OrderState::Cancelled,
        OrderState::Closed,
    ];

    /// The snake_case name, as on the wire: `pending_payment`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::PendingPayment => "pending_payment",
            OrderState::Paying => "paying",
            OrderState::Paid => "paid",
            OrderState::Failed => "failed",
            OrderState::Cancelled => "cancelled",
            OrderState::Closed => "closed",
        }
    }

    /// How the state reads for residents: 待支付 / Awaiting payment, 支付中 / Payment in
    /// progress, 已支付 / Paid, 支付失败 / Payment failed, 已取消 / Cancelled, 已关闭 /
    /// Closed.
    pub fn label(self) -> LocalizedText {
        let (zh, en) = match self {
            OrderState::PendingPayment => ("待支付", "Awaiting payment"),
            OrderState::Paying => ("支付中", "Payment in progress"),
            OrderState::Paid => ("已支付", "Paid"),
            OrderState::Failed => ("支付失败", "Payment failed"),
            OrderState::Cancelled => ("已取消", "Cancelled"),
            OrderState::Closed => ("已关闭", "Closed"),
        };
        LocalizedText::new(zh, en)
    }

    /// Whether no transition leaves this state (paid, cancelled, closed).
    pub fn is_final(self) -> bool {
        OrderState::ALL.iter().all(|to| !self.can_become(*to))
    }

    /// Whether the table of the module documentation allows `self` → `to`. A state never
    /// "becomes" itself: a repeated event is the caller's to recognise.
    pub fn can_become(self, to: OrderState) -> bool {
        use OrderState::*;
        matches!(
            (self, to),
            (PendingPayment, Paying | Cancelled | Closed)
                | (Paying, Paid | Failed)
                | (Failed, Paying | Cancelled | Closed)
        )
    }

    /// `to`, when `self` may become it.
    ///
    /// Errors: [`OrderTransitionError`] for every move the table does not list (`paid` →
    /// `paying`, `paying` → `cancelled`, `closed` → anything, a state to itself …).
    pub fn transition(self, to: OrderState) -> Result<OrderState, OrderTransitionError> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(OrderTransitionError { from: self, to })
        }
    }
}

impl fmt::Display for OrderState {
    /// The snake_case name ([`OrderState::as_str`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of an order: what is paid for, its unit price and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderItem {
    /// What it is, for example 工本费 / Card fee.
    pub name: LocalizedText,
    /// The price of one, in 分 (a plain integer on the wire); not negative.
    pub unit_price: Fen,
    /// How many; at least 1.
    pub quantity: u32,
}

impl OrderItem {
    /// `unit_price × quantity`, in 分.
    ///
    /// Errors: [`MoneyError::Overflow`].
    pub fn amount(&self) -> Result<Fen, MoneyError> {
        self.unit_price.checked_mul(self.quantity)
    }
}

/// An order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// Its 受理编号 ([`crate::reference`]).
    pub reference: String,
    /// The catalog id of the service it pays for (`passport-fee`).
    pub service_id: String,
    /// What is paid for; at least one item.
    pub items: Vec<OrderItem>,
    /// Where it is.
    pub state: OrderState,
}

/// Why an order's items cannot be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// No items.
    #[error("an order needs at least one item")]
    NoItems,
    /// An item with quantity 0.
    #[error("item {index} has quantity 0")]
    ZeroQuantity {
        /// The item's index, from 0.
        index: usize,
    },
    /// An item with a negative unit price.
    #[error("item {index} has a negative price")]
    NegativePrice {
        /// The item's index, from 0.
        index: usize,
    },
    /// The total does not fit ([`MoneyError::Overflow`]).
    #[error(transparent)]
    Money(#[from] MoneyError),
}

impl Order {
    /// The amount due: the sum of the items' amounts, in 分.
    ///
    /// Errors: [`MoneyError::Overflow`].
    pub fn total(&self) -> Result<Fen, MoneyError> {
        let amounts = self
            .items
            .iter()
            .map(OrderItem::amount)
            .collect::<Result<Vec<_>, _>>()?;
        Fen::checked_sum(amounts)
    }

    /// Checks the items: at least one, each with quantity 1 or more and a price of 0 or
    /// more, and a total that can be computed. Returns the total.
    ///
    /// Errors: [`OrderError`].
    pub fn check(&self) -> Result<Fen, OrderError> {
        if self.items.is_empty() {
            return Err(OrderError::NoItems);
        }
        for (index, item) in self.items.iter().enumerate() {
            if item.quantity == 0 {
                return Err(OrderError::ZeroQuantity { index });
            }
            if item.unit_price.is_negative() {
                return Err(OrderError::NegativePrice { index });
            }
        }
        Ok(self.total()?)
    }

    /// Moves the order to `to` ([`OrderState::transition`]); on error it stays as it was.
    ///
    /// Errors: [`OrderTransitionError`].
    pub fn transition(&mut self, to: OrderState) -> Result<(), OrderTransitionError> {
        self.state = self.state.transition(to)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderState::*;

    fn item(unit_price: i64, quantity: u32) -> OrderItem {
        OrderItem {
            name: LocalizedText::new("工本费", "Card fee"),
            unit_price: Fen(unit_price),
            quantity,
        }
    }

    fn order(items: Vec<OrderItem>) -> Order {
        Order {
            reference: "20260310-310100-0000000000".into(),
            service_id: "passport-fee".into(),
            items,
            state: PendingPayment,
        }
    }

    #[test]
    fn exactly_the_listed_transitions_are_allowed() {
        let allowed = [
            (PendingPayment, Paying),
            (PendingPayment, Cancelled),
            (PendingPayment, Closed),
            (Paying, Paid),
            (Paying, Failed),
            (Failed, Paying),
            (Failed, Cancelled),
            (Failed, Closed),
        ];
        for from in OrderState::ALL {
            for to in OrderState::ALL {
                let want = allowed.contains(&(from, to));
                assert_eq!(from.can_become(to), want, "{from} -> {to}");
                match from.transition(to) {
                    Ok(s) => assert!(want && s == to, "{from} -> {to}"),
                    Err(e) => {
                        assert!(!want, "{from} -> {to}");
                        assert_eq!(e, OrderTransitionError { from, to });
                    }
                }
            }
        }
        assert_eq!(
            Paid.transition(Paying).unwrap_err().to_string(),
            "an order that is paid cannot become paying"
        );
        let finals: Vec<_> = OrderState::ALL
            .into_iter()
            .filter(|s| s.is_final())
            .collect();
        assert_eq!(finals, [Paid, Cancelled, Closed]);
    }

    #[test]
    fn an_order_moves_only_when_allowed() {
        let mut o = order(vec![item(2000, 1)]);
        assert_eq!(o.transition(Paying), Ok(()));
        assert!(o.transition(Cancelled).is_err());
        assert_eq!(o.state, Paying);
        assert_eq!(o.transition(Failed), Ok(()));
        assert_eq!(o.transition(Paying), Ok(()));
        assert_eq!(o.transition(Paid), Ok(()));
        assert!(o.transition(Paying).is_err());
        assert_eq!(o.state, Paid);
    }

    #[test]
    fn total_is_computed_from_the_items() {
        let o = order(vec![item(2000, 1), item(1050, 3)]);
        assert_eq!(o.total(), Ok(Fen(5150)));
        assert_eq!(o.check(), Ok(Fen(5150)));
        assert_eq!(order(vec![]).check(), Err(OrderError::NoItems));
        assert_eq!(
            order(vec![item(1, 1), item(1, 0)]).check(),
            Err(OrderError::ZeroQuantity { index: 1 })
        );
        assert_eq!(
            order(vec![item(-1, 1)]).check(),
            Err(OrderError::NegativePrice { index: 0 })
        );
        assert_eq!(
            order(vec![item(i64::MAX, 2)]).check(),
            Err(OrderError::Money(MoneyError::Overflow))
        );
        assert_eq!(
            order(vec![item(i64::MAX, 1), item(1, 1)]).total(),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn wire_shape_has_no_total() {
        let o = order(vec![item(2000, 2)]);
        let json = serde_json::to_value(&o).unwrap();
        assert_eq!(json["state"], "pending_payment");
        assert_eq!(json["items"][0]["unit_price"], 2000);
        assert!(json.get("total").is_none());
        let mut sent = json.clone();
        sent["total"] = serde_json::json!(1);
        assert!(
            serde_json::from_value::<Order>(sent).is_err(),
            "a total sent by a client is refused"
        );
        assert_eq!(serde_json::from_value::<Order>(json).unwrap(), o);
    }

    #[test]
    fn labels_in_both_languages() {
        assert_eq!(PendingPayment.label().zh, "待支付");
        assert_eq!(Paying.label().zh, "支付中");
        assert_eq!(Paid.label().en, "Paid");
        for s in OrderState::ALL {
            let l = s.label();
            assert!(!l.zh.is_empty() && !l.en.is_empty());
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
