//! What an order may contain: traffic fines and utility bills that one of the session's
//! lookups showed, priced by the server from the database (docs/issue14-contract.md,
//! "Server seams"). The orders module calls [`price`] when it creates an order and
//! [`mark_paid`] in the transaction that moves an order to `paid`.
//!
//! - A fine is payable when its record allows it (no window visit needed) and the city
//!   has a traffic service with `payable: true`, whichever service showed it. It costs
//!   its `fine_fen`; a bill its `amount_fen` plus the late fee (违约金) as of
//!   today in China ([`crate::sandbox::plan::late_fee_fen`]: the bill's daily rate in ‰ of
//!   the amount per day past its due date, rounded down, at most the amount).
//! - Visible means: some lookup of this session (`lookups.session_id_hash`) listed the
//!   item (`lookup_items`). Anything else is 404 `item_not_found`, as is an item of
//!   another city than the order's.
//! - [`mark_paid`] sets `paid_order_id` only where it is still NULL and fails when a row
//!   was paid already: a fine or bill is never paid twice.

pub use citizen_core::api::{ItemKind, ItemRef};
use citizen_core::catalog::LocalizedText;
use citizen_core::date::CalendarDate;
use citizen_core::utility::Utility;

use crate::clock::{china_rfc3339, now_unix};
use crate::error::ApiError;
use crate::idempotency::Tx;
use crate::lookups::online;
use crate::sandbox::plan::late_fee_fen;
use crate::sessions::SessionKey;

/// An item as the server prices it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedItem {
    /// Fine or bill.
    pub kind: ItemKind,
    /// Its id.
    pub id: String,
    /// What it is, for the order: `交通违法罚款 沪A10001 2026-10-25`.
    pub title: LocalizedText,
    /// What it costs now, in 分 (a bill's late fee included).
    pub amount_fen: i64,
    /// Its city.
    pub city_code: String,
}

/// SQL: some lookup of session `$3` showed the item of kind `$2` whose id is `column`.
fn visible(column: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM lookup_items li JOIN lookups l ON l.id = li.lookup_id \
         WHERE li.item_kind = $2 AND li.item_id = {column} AND l.session_id_hash = $3)"
    )
}

#[derive(sqlx::FromRow)]
struct FineRow {
    city_code: String,
    plate: String,
    occurred_at: String,
    fine_fen: i64,
    payable: i64,
    paid_order_id: Option<String>,
}

#[derive(sqlx::FromRow)]
struct BillRow {
    city_code: String,
    service_id: String,
    provider_id: String,
    utility: String,
    period: String,
    amount_fen: i64,
    late_fee_permille_per_day: i64,
    due_date: String,
    paid_order_id: Option<String>,
}

/// The utility's bill name: 水费 / Water bill … ([`Utility::label`]).
fn utility_name(utility: &str) -> LocalizedText {
    Utility::ALL
        .into_iter()
        .find(|u| u.as_str() == utility)
        .map(Utility::label)
        .unwrap_or_else(|| LocalizedText::new(utility, utility))
}

/// Prices `items` for an order of city `city_code` by session `session`: each must be
/// visible to the session (one of its lookups showed it), of that city, payable and
/// unpaid. The answer is in the order of `items`.
///
/// Errors: [`ApiError::InvalidBody`] (no items, or one named twice),
/// [`ApiError::ItemNotFound`] (404), [`ApiError::ItemAlreadyPaid`],
/// [`ApiError::ItemNotPayable`] (409), a database error.
pub async fn price(
    tx: &mut Tx<'_>,
    session: &SessionKey,
    city_code: &str,
    items: &[ItemRef],
) -> Result<Vec<PricedItem>, ApiError> {
    if items.is_empty() {
        return Err(ApiError::InvalidBody);
    }
    let mut seen = std::collections::HashSet::new();
    if !items.iter().all(|i| seen.insert((i.kind, i.id.as_str()))) {
        return Err(ApiError::InvalidBody);
    }
    let today = CalendarDate::in_china_at(now_unix());
    let mut priced = Vec::with_capacity(items.len());
    for item in items {
        let kind = item.kind.as_str();
        let p = match item.kind {
            ItemKind::TrafficFine => {
                let row: Option<FineRow> = sqlx::query_as(&format!(
                    "SELECT v.city_code, v.plate, v.occurred_at, v.fine_fen, v.payable, \
                     v.paid_order_id FROM violations v WHERE v.id = $1 AND {}",
                    visible("v.id")
                ))
                .bind(item.id.as_str())
                .bind(kind)
                .bind(session.0.as_str())
                .fetch_optional(&mut **tx)
                .await?;
                let row = row
                    .filter(|r| r.city_code == city_code)
                    .ok_or(ApiError::ItemNotFound)?;
                if row.paid_order_id.is_some() {
                    return Err(ApiError::ItemAlreadyPaid);
                }
                if row.payable == 0
                    || online::payable_traffic_service(&mut **tx, city_code)
                        .await?
                        .is_none()
                {
                    return Err(ApiError::ItemNotPayable);
                }
                let date = row.occurred_at.get(..10).unwrap_or(&row.occurred_at);
                PricedItem {
                    kind: item.kind,
                    id: item.id.clone(),
                    title: LocalizedText::new(
                        format!("交通违法罚款 {} {date}", row.plate),
                        format!("Traffic fine, {}, {date}", row.plate),
                    ),
                    amount_fen: row.fine_fen,
                    city_code: row.city_code,
                }
            }
            ItemKind::UtilityBill => {
                let row: Option<BillRow> = sqlx::query_as(&format!(
                    "SELECT a.city_code, a.service_id, a.provider_id, a.utility, b.period, \
                     b.amount_fen, b.late_fee_permille_per_day, b.due_date, b.paid_order_id \
                     FROM bills b JOIN utility_accounts a ON a.id = b.account_id \
                     WHERE b.id = $1 AND {}",
                    visible("b.id")
                ))
                .bind(item.id.as_str())
                .bind(kind)
                .bind(session.0.as_str())
                .fetch_optional(&mut **tx)
                .await?;
                let row = row
                    .filter(|r| r.city_code == city_code)
                    .ok_or(ApiError::ItemNotFound)?;
                if row.paid_order_id.is_some() {
                    return Err(ApiError::ItemAlreadyPaid);
                }
                let provider = online::of_service_if_any(&mut **tx, city_code, &row.service_id)
                    .await?
                    .and_then(|o| o.provider(&row.provider_id).cloned());
                let Some(provider) = provider else {
                    // The catalog no longer offers this provider's bills online.
                    return Err(ApiError::ItemNotPayable);
                };
                let due = CalendarDate::parse(&row.due_date).map_err(|_| {
                    crate::db::DbError::Corrupt(format!("bill {}: due_date", item.id))
                })?;
                let fee = late_fee_fen(row.amount_fen, row.late_fee_permille_per_day, due, today);
                let name = utility_name(&row.utility);
                PricedItem {
                    kind: item.kind,
                    id: item.id.clone(),
                    title: LocalizedText::new(
                        format!("{} {}账期 {}", name.zh, row.period, provider.name.zh),
                        format!("{} {}, {}", name.en, row.period, provider.name.en),
                    ),
                    amount_fen: row.amount_fen.saturating_add(fee),
                    city_code: row.city_code,
                }
            }
        };
        priced.push(p);
    }
    Ok(priced)
}

/// Marks `items` paid by order `order_id`, now, in the transaction that moves the order
/// to `paid`: `UPDATE … SET paid_order_id = $1 … WHERE id = $3 AND paid_order_id IS NULL`.
///
/// Errors: [`ApiError::ItemAlreadyPaid`] when an item was paid already (by any order,
/// this one included: the caller must roll back), [`ApiError::ItemNotFound`] when it does
/// not exist, a database error.
pub async fn mark_paid(tx: &mut Tx<'_>, items: &[ItemRef], order_id: &str) -> Result<(), ApiError> {
    let now = china_rfc3339(now_unix());
    for item in items {
        let table = match item.kind {
            ItemKind::TrafficFine => "violations",
            ItemKind::UtilityBill => "bills",
        };
        let done = sqlx::query(&format!(
            "UPDATE {table} SET paid_order_id = $1, paid_at = $2 \
             WHERE id = $3 AND paid_order_id IS NULL"
        ))
        .bind(order_id)
        .bind(now.as_str())
        .bind(item.id.as_str())
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 0 {
            let exists: Option<i64> =
                sqlx::query_scalar(&format!("SELECT 1 FROM {table} WHERE id = $1"))
                    .bind(item.id.as_str())
                    .fetch_optional(&mut **tx)
                    .await?;
            return Err(if exists.is_some() {
                ApiError::ItemAlreadyPaid
            } else {
                ApiError::ItemNotFound
            });
        }
    }
    Ok(())
}
