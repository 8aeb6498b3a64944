//! An order as stored (`orders`) and as answered (`OrderResponse`), and its timeline.

use citizen_core::api::{ItemKind, ItemRef, OrderItemView, OrderResponse, TimelineStep};
use citizen_core::order::OrderState;
use sqlx::AnyPool;

use crate::db::DbError;
use crate::error::ApiError;
use crate::idempotency::Tx;
use crate::payable;
use crate::payments::Payments;
use crate::sessions::SessionKey;

/// The columns of `orders`, in [`OrderRow`]'s order.
pub(crate) const COLUMNS: &str = "id, reference, city_code, state, items_json, \
     total_fen, provider, trade_no, failure_json, receipt_no, created_at, closes_at, \
     paying_at, paid_at, failed_at, cancelled_at, closed_at";

/// A row of `orders`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct OrderRow {
    pub id: String,
    pub reference: String,
    pub city_code: String,
    pub state: String,
    pub items_json: String,
    pub total_fen: i64,
    pub provider: String,
    pub trade_no: Option<String>,
    pub failure_json: Option<String>,
    pub receipt_no: Option<String>,
    pub created_at: String,
    pub closes_at: String,
    pub paying_at: Option<String>,
    pub paid_at: Option<String>,
    pub failed_at: Option<String>,
    pub cancelled_at: Option<String>,
    pub closed_at: Option<String>,
}

/// The wire kind of a [`crate::payable`] kind.
pub(crate) fn wire_kind(kind: payable::ItemKind) -> ItemKind {
    match kind {
        payable::ItemKind::TrafficFine => ItemKind::TrafficFine,
        payable::ItemKind::UtilityBill => ItemKind::UtilityBill,
    }
}

/// The [`crate::payable`] reference of a wire one.
pub(crate) fn payable_ref(item: &ItemRef) -> payable::ItemRef {
    payable::ItemRef {
        kind: match item.kind {
            ItemKind::TrafficFine => payable::ItemKind::TrafficFine,
            ItemKind::UtilityBill => payable::ItemKind::UtilityBill,
        },
        id: item.id.clone(),
    }
}

impl OrderRow {
    /// The stored state.
    ///
    /// Errors: an unknown state name (corrupt data).
    pub fn state(&self) -> Result<OrderState, DbError> {
        OrderState::ALL
            .into_iter()
            .find(|s| s.as_str() == self.state)
            .ok_or_else(|| {
                DbError::Corrupt(format!("order {} has state {:?}", self.id, self.state))
            })
    }

    /// The stored items.
    ///
    /// Errors: items JSON that does not decode.
    pub fn items(&self) -> Result<Vec<OrderItemView>, DbError> {
        serde_json::from_str(&self.items_json)
            .map_err(|e| DbError::Corrupt(format!("items of order {}: {e}", self.id)))
    }

    /// The items as references, for locks and [`crate::payable::mark_paid`].
    pub fn item_refs(&self) -> Result<Vec<payable::ItemRef>, DbError> {
        Ok(self
            .items()?
            .into_iter()
            .map(|i| {
                payable_ref(&ItemRef {
                    kind: i.kind,
                    id: i.id,
                })
            })
            .collect())
    }

    /// The answer for this row.
    ///
    /// Errors: corrupt stored data.
    pub fn response(&self, payments: &Payments) -> Result<OrderResponse, DbError> {
        let state = self.state()?;
        let failure = match (&self.failure_json, state) {
            (Some(json), OrderState::Failed) => Some(
                serde_json::from_str(json)
                    .map_err(|e| DbError::Corrupt(format!("failure of order {}: {e}", self.id)))?,
            ),
            _ => None,
        };
        let sandbox = payments
            .by_name(&self.provider)
            .is_some_and(|p| p.is_sandbox());
        Ok(OrderResponse {
            order_id: self.id.clone(),
            reference: self.reference.clone(),
            city_code: self.city_code.clone(),
            state,
            state_label: state.label(),
            items: self.items()?,
            total_fen: self.total_fen,
            created_at: self.created_at.clone(),
            closes_at: self.closes_at.clone(),
            paid_at: self.paid_at.clone(),
            receipt_no: self.receipt_no.clone(),
            provider: self.provider.clone(),
            sandbox,
            failure,
            timeline: self.timeline(state),
        })
    }

    /// 待支付 (created) → 支付中 (when paying started) → the end: 已支付, or 支付失败 /
    /// 已取消 / 已关闭 when it ended so; 已支付 not done while open.
    pub fn timeline(&self, state: OrderState) -> Vec<TimelineStep> {
        let step = |s: OrderState, at: &Option<String>| TimelineStep {
            label: s.label(),
            at: at.clone(),
            done: at.is_some(),
        };
        let mut steps = vec![step(
            OrderState::PendingPayment,
            &Some(self.created_at.clone()),
        )];
        if self.paying_at.is_some() {
            steps.push(step(OrderState::Paying, &self.paying_at));
        }
        steps.push(match state {
            OrderState::Failed => step(OrderState::Failed, &self.failed_at),
            OrderState::Cancelled => step(OrderState::Cancelled, &self.cancelled_at),
            OrderState::Closed => step(OrderState::Closed, &self.closed_at),
            _ => step(OrderState::Paid, &self.paid_at),
        });
        steps
    }
}

/// The order `id` if it belongs to session `key`.
///
/// Errors: a database error.
pub(crate) async fn find(
    pool: &AnyPool,
    id: &str,
    key: &SessionKey,
) -> Result<Option<OrderRow>, ApiError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM orders WHERE id = $1 AND session_id_hash = $2"
    ))
    .bind(id)
    .bind(key.0.as_str())
    .fetch_optional(pool)
    .await?)
}

/// The order `id`, whoever owns it (settlement, the sweeper).
///
/// Errors: a database error.
pub(crate) async fn find_any(pool: &AnyPool, id: &str) -> Result<Option<OrderRow>, ApiError> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM orders WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// Every order of session `key`, newest first.
///
/// Errors: a database error.
pub(crate) async fn of_session(
    pool: &AnyPool,
    key: &SessionKey,
) -> Result<Vec<OrderRow>, ApiError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM orders WHERE session_id_hash = $1 ORDER BY created_at DESC, id"
    ))
    .bind(key.0.as_str())
    .fetch_all(pool)
    .await?)
}

/// The names of `from` and `to` for a conditional `UPDATE … SET state = to WHERE state =
/// from`, when [`OrderState::transition`] allows the move.
///
/// Errors: [`ApiError::OrderStateConflict`].
pub(crate) fn checked(
    from: OrderState,
    to: OrderState,
) -> Result<(&'static str, &'static str), ApiError> {
    let to = from.transition(to)?;
    Ok((from.as_str(), to.as_str()))
}

/// `n` random bytes as lower-case hex.
pub(crate) fn random_hex(n: usize) -> Result<String, DbError> {
    let mut bytes = vec![0u8; n];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| DbError::Corrupt(format!("no randomness: {e}")))?;
    Ok(crate::sessions::hex(&bytes))
}

/// The idempotency scope of order creation.
pub const SCOPE_ORDERS: &str = "orders";
/// The idempotency scope of payments.
pub const SCOPE_PAYMENTS: &str = "payments";
/// How long an unpaid order stays open, in seconds (15 minutes).
pub const CLOSE_AFTER_SECS: i64 = 15 * 60;
/// Holds `items` for order `order_id` while it is paid: in the transaction that moves it
/// to `paying`, one `INSERT … ON CONFLICT DO NOTHING` into `order_item_locks` per item, in
/// a fixed order (kind, id) so that two orders with common items never wait on each other
/// in a cycle. PostgreSQL makes an insert of a key another open transaction inserted wait
/// for it; SQLite runs writers one at a time: of concurrent payments with a common item
/// exactly one takes it.
///
/// Errors: [`ApiError::ItemAlreadyPaid`] when an item was paid meanwhile (by another
/// order), [`ApiError::ItemInOpenOrder`] when another order holds one (it is being paid),
/// a database error. The caller's transaction must roll back.
pub(super) async fn lock_items(
    tx: &mut Tx<'static>,
    order_id: &str,
    items: &[payable::ItemRef],
) -> Result<(), ApiError> {
    let now = crate::clock::china_rfc3339(crate::clock::now_unix());
    let mut items: Vec<&payable::ItemRef> = items.iter().collect();
    items.sort_by(|a, b| (a.kind, a.id.as_str()).cmp(&(b.kind, b.id.as_str())));
    for item in items {
        let table = match item.kind {
            payable::ItemKind::TrafficFine => "violations",
            payable::ItemKind::UtilityBill => "bills",
        };
        let paid_by: Option<Option<String>> =
            sqlx::query_scalar(&format!("SELECT paid_order_id FROM {table} WHERE id = $1"))
                .bind(item.id.as_str())
                .fetch_optional(&mut **tx)
                .await?;
        if paid_by.flatten().is_some() {
            return Err(ApiError::ItemAlreadyPaid);
        }
        let locked = sqlx::query(
            "INSERT INTO order_item_locks (item_kind, item_id, order_id, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (item_kind, item_id) DO NOTHING",
        )
        .bind(item.kind.as_str())
        .bind(item.id.as_str())
        .bind(order_id)
        .bind(now.as_str())
        .execute(&mut **tx)
        .await?;
        if locked.rows_affected() == 0 {
            return Err(ApiError::ItemInOpenOrder);
        }
    }
    Ok(())
}

/// The order answer as JSON text.
pub(super) fn encode(response: &citizen_core::api::OrderResponse) -> Result<String, DbError> {
    serde_json::to_string(response)
        .map_err(|e| DbError::Corrupt(format!("cannot encode an order: {e}")))
}
