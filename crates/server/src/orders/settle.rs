//! Moving an order on from what happened: a provider's outcome (query or notification), or
//! the time to pay running out. Every move is checked by [`OrderState::transition`] and
//! made by an `UPDATE … WHERE id = $1 AND state = $old` (and, for outcomes, the trade
//! number of the current attempt), so of concurrent attempts to move an order only one
//! does; the others change nothing.

use citizen_core::catalog::LocalizedText;
use citizen_core::order::OrderState;
use sqlx::AnyPool;

use super::model::{checked, find_any, random_hex, OrderRow, COLUMNS};
use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;
use crate::error::ApiError;
use crate::idempotency::Tx;
use crate::payments::{PaymentError, Payments, TradeStatus};

/// Applies a provider's `outcome` for trade `trade_no` of order `order_id`: `Paid` moves
/// `paying` → `paid` (with a receipt number) and marks the items paid
/// ([`crate::payable::mark_paid`]) in the same transaction; `Failed` moves `paying` →
/// `failed` and frees the items' locks; `Pending` changes nothing. `Ok(true)` when the
/// order moved; `Ok(false)` when it was not `paying` with this trade (a repeated, late or
/// stray outcome).
///
/// Errors: a database error; an item already paid by another order (nothing is changed).
pub async fn settle_trade(
    pool: &AnyPool,
    order_id: &str,
    trade_no: &str,
    outcome: &TradeStatus,
) -> Result<bool, ApiError> {
    let label = match outcome {
        TradeStatus::Pending => return Ok(false),
        TradeStatus::Paid => "paid",
        TradeStatus::Failed(_) => "failed",
    };
    let now = china_rfc3339(now_unix());
    let mut tx: Tx<'static> = pool.begin().await?;
    // The conditional UPDATE comes first: it is the transaction's first statement, so
    // SQLite takes the write lock at once, and PostgreSQL makes a concurrent one wait.
    let moved = match outcome {
        TradeStatus::Pending => return Ok(false),
        TradeStatus::Paid => {
            let (from, to) = checked(OrderState::Paying, OrderState::Paid)?;
            let receipt = format!(
                "R{}{}",
                &now[..10].replace('-', ""),
                random_hex(6)?.to_uppercase()
            );
            sqlx::query(
                "UPDATE orders SET state = $1, paid_at = $2, receipt_no = $3 \
                 WHERE id = $4 AND state = $5 AND trade_no = $6",
            )
            .bind(to)
            .bind(now.as_str())
            .bind(receipt)
            .bind(order_id)
            .bind(from)
            .bind(trade_no)
            .execute(&mut *tx)
            .await?
        }
        TradeStatus::Failed(reason) => {
            let (from, to) = checked(OrderState::Paying, OrderState::Failed)?;
            sqlx::query(
                "UPDATE orders SET state = $1, failed_at = $2, failure_json = $3 \
                 WHERE id = $4 AND state = $5 AND trade_no = $6",
            )
            .bind(to)
            .bind(now.as_str())
            .bind(encode(reason)?)
            .bind(order_id)
            .bind(from)
            .bind(trade_no)
            .execute(&mut *tx)
            .await?
        }
    };
    if moved.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    if matches!(outcome, TradeStatus::Paid) {
        let row: OrderRow = sqlx::query_as(&format!("SELECT {COLUMNS} FROM orders WHERE id = $1"))
            .bind(order_id)
            .fetch_one(&mut *tx)
            .await?;
        if let Err(e) = crate::payable::mark_paid(&mut tx, &row.item_refs()?, order_id).await {
            tracing::error!(order = %order_id, error = %e, "a confirmed payment's item cannot be marked paid; the order stays paying");
            return Err(e);
        }
    } else {
        delete_locks(&mut tx, order_id).await?;
    }
    tx.commit().await?;
    tracing::info!(order = %order_id, outcome = label, "order settled");
    Ok(true)
}

/// Frees the items of order `order_id` for other orders.
pub(crate) async fn delete_locks(tx: &mut Tx<'static>, order_id: &str) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM order_item_locks WHERE order_id = $1")
        .bind(order_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Closes order `order_id` if it is `from` (待支付 or 支付失败) and past its `closes_at`,
/// freeing its items. `Ok(true)` when it closed.
///
/// Errors: a database error; `from` cannot become `closed`.
pub(crate) async fn close_if_expired(
    pool: &AnyPool,
    order_id: &str,
    from: OrderState,
) -> Result<bool, ApiError> {
    let (from, to) = checked(from, OrderState::Closed)?;
    let now = china_rfc3339(now_unix());
    let mut tx: Tx<'static> = pool.begin().await?;
    let moved = sqlx::query(
        "UPDATE orders SET state = $1, closed_at = $2 \
         WHERE id = $3 AND state = $4 AND closes_at <= $2",
    )
    .bind(to)
    .bind(now.as_str())
    .bind(order_id)
    .bind(from)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    delete_locks(&mut tx, order_id).await?;
    tx.commit().await?;
    Ok(true)
}

/// Brings `row` up to date before it is answered: a `paying` order is settled by querying
/// its provider (never guessed: while the provider says pending it stays `paying`), an
/// unpaid one past `closes_at` is closed. Returns the row as it now is.
///
/// Errors: a database error. A provider that cannot answer leaves the order as it is.
pub(crate) async fn refresh(
    pool: &AnyPool,
    payments: &Payments,
    row: OrderRow,
) -> Result<OrderRow, ApiError> {
    let moved = match row.state()? {
        OrderState::Paying => {
            let (Some(trade_no), Some(provider)) =
                (row.trade_no.as_deref(), payments.by_name(&row.provider))
            else {
                return Ok(row);
            };
            match provider.query_trade(pool, trade_no).await {
                Ok(status) => settle_trade(pool, &row.id, trade_no, &status).await?,
                Err(PaymentError::Db(e)) => return Err(e.into()),
                Err(e) => {
                    tracing::warn!(order = %row.id, error = %e, "cannot query the payment provider");
                    false
                }
            }
        }
        state @ (OrderState::PendingPayment | OrderState::Failed) => {
            let now = china_rfc3339(now_unix());
            row.closes_at <= now && close_if_expired(pool, &row.id, state).await?
        }
        _ => false,
    };
    if !moved {
        return Ok(row);
    }
    find_any(pool, &row.id)
        .await?
        .ok_or_else(|| DbError::Corrupt(format!("order {} vanished", row.id)).into())
}

/// One sweep: settles every `paying` order by a query and closes every unpaid one past
/// its time (at most 500 of each per sweep). Returns how many moved.
///
/// Errors: a database error.
pub async fn sweep(pool: &AnyPool, payments: &Payments) -> Result<usize, ApiError> {
    let now = china_rfc3339(now_unix());
    let rows: Vec<OrderRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM orders WHERE state = 'paying' \
         OR (state IN ('pending_payment', 'failed') AND closes_at <= $1) \
         ORDER BY created_at LIMIT 1000"
    ))
    .bind(now.as_str())
    .fetch_all(pool)
    .await?;
    let mut moved = 0;
    for row in rows {
        let before = row.state.clone();
        let after = refresh(pool, payments, row).await?;
        if after.state != before {
            moved += 1;
        }
    }
    Ok(moved)
}

fn encode(text: &LocalizedText) -> Result<String, DbError> {
    serde_json::to_string(text).map_err(|e| DbError::Corrupt(format!("cannot encode: {e}")))
}
