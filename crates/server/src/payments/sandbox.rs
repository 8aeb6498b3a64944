//! The built-in sandbox payment provider: trades in table `sandbox_trades`, outcomes decided
//! by the trade's mode and deadline (so every instance gives the same answer), and signed
//! notifications sent from a background task to [`receive`], the code behind
//! `POST /api/v1/payments/sandbox/notify`.
//!
//! | mode | the trade | notifications |
//! |---|---|---|
//! | `succeed` | pending, paid once `notify_delay` has passed | one, after `notify_delay` |
//! | `decline` | pending, failed (declined) after `notify_delay` | one, after `notify_delay` |
//! | `timeout` | pending until `trade_timeout`, then failed (timed out) | none: a query settles it |
//! | `late` | pending until `late_delay` (the cashier's answer comes late: a query says pending until then), then paid | one, after `late_delay` (a read at or after the deadline may settle it first) |
//! | `notify_twice` | as `succeed` | two, the second changing nothing |
//!
//! A trade's outcome is written once (`UPDATE … WHERE status = 'pending'`), when a query or
//! the notifier first finds its deadline passed.

use std::sync::Arc;
use std::time::Duration;

use citizen_core::api::{NotifyStatus, SandboxNotification};
use citizen_core::catalog::LocalizedText;
use sqlx::AnyPool;

use super::provider::{
    mode_name, parse_mode, BoxFuture, NewTrade, PaymentError, PaymentProvider, SandboxMode, Settle,
    TradeStatus,
};
use crate::clock::{china_rfc3339, now_unix};
use crate::config::SandboxTiming;
use crate::error::ApiError;
use crate::idempotency::Tx;
use crate::sessions::{hex, unhex, ServerSecret};

/// The header carrying a notification's signature: hex HMAC-SHA256 of the body.
pub use citizen_core::api::SANDBOX_SIGNATURE_HEADER as SIGNATURE_HEADER;

/// The sandbox provider.
#[derive(Debug, Clone)]
pub struct SandboxProvider {
    pool: AnyPool,
    secret: Arc<ServerSecret>,
    timing: SandboxTiming,
    settle: Settle,
}

impl SandboxProvider {
    /// A sandbox on `pool`, signing with `secret`, with `timing`; its notifications settle
    /// orders through `settle`.
    pub fn new(
        pool: AnyPool,
        secret: Arc<ServerSecret>,
        timing: SandboxTiming,
        settle: Settle,
    ) -> Self {
        SandboxProvider {
            pool,
            secret,
            timing,
            settle,
        }
    }

    /// What its notifications settle orders with.
    pub fn settle(&self) -> &Settle {
        &self.settle
    }

    /// `body` signed as the sandbox signs its notifications: hex HMAC-SHA256 under the
    /// server secret.
    pub fn sign(secret: &ServerSecret, body: &[u8]) -> String {
        hex(&secret.mac(body))
    }
}

/// Seconds from now, rounded up to the next whole second (times are stored to the second).
fn after(now_ms: i64, delay: Duration) -> i64 {
    let ms = now_ms.saturating_add(i64::try_from(delay.as_millis()).unwrap_or(i64::MAX / 2));
    ms.saturating_add(999).div_euclid(1000)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2))
        .unwrap_or(0)
}

fn declined() -> LocalizedText {
    LocalizedText::new(
        "沙箱模拟：支付被拒绝，未扣款。",
        "Sandbox: the payment was declined; nothing was charged.",
    )
}

fn timed_out() -> LocalizedText {
    LocalizedText::new(
        "支付超时，未扣款，可以重新支付。",
        "The payment timed out; nothing was charged. You can pay again.",
    )
}

/// Why a failed trade of `mode` failed, as its query and its notification say.
pub(super) fn failure_reason(mode: &str) -> LocalizedText {
    match parse_mode(mode) {
        Some(SandboxMode::Decline) => declined(),
        _ => timed_out(),
    }
}

#[derive(sqlx::FromRow)]
struct TradeRow {
    mode: String,
    status: String,
    deadline_at: String,
}

/// The trade's status, deciding its outcome first when its deadline has passed.
async fn resolve(pool: &AnyPool, trade_no: &str) -> Result<TradeStatus, PaymentError> {
    for _ in 0..2 {
        let row: Option<TradeRow> = sqlx::query_as(
            "SELECT mode, status, deadline_at FROM sandbox_trades WHERE trade_no = $1",
        )
        .bind(trade_no)
        .fetch_optional(pool)
        .await?;
        let row = row.ok_or(PaymentError::UnknownTrade)?;
        let mode = parse_mode(&row.mode).unwrap_or(SandboxMode::Timeout);
        match row.status.as_str() {
            "paid" => return Ok(TradeStatus::Paid),
            "failed" => return Ok(TradeStatus::Failed(failure_reason(&row.mode))),
            _ => {}
        }
        let now = china_rfc3339(now_unix());
        if now < row.deadline_at {
            return Ok(TradeStatus::Pending);
        }
        let outcome = match mode {
            SandboxMode::Decline | SandboxMode::Timeout => "failed",
            SandboxMode::Succeed | SandboxMode::Late | SandboxMode::NotifyTwice => "paid",
        };
        sqlx::query(
            "UPDATE sandbox_trades SET status = $1, settled_at = $2 \
             WHERE trade_no = $3 AND status = 'pending'",
        )
        .bind(outcome)
        .bind(now.as_str())
        .bind(trade_no)
        .execute(pool)
        .await?;
        // Read it back: whoever wrote first decided (the same outcome, by the mode).
    }
    Err(PaymentError::UnknownTrade)
}

impl PaymentProvider for SandboxProvider {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn is_sandbox(&self) -> bool {
        true
    }

    fn is_configured(&self) -> bool {
        true
    }

    fn create_trade<'a>(
        &'a self,
        tx: &'a mut Tx<'static>,
        trade: &'a NewTrade,
    ) -> BoxFuture<'a, Result<(), PaymentError>> {
        Box::pin(async move {
            let now = now_ms();
            let decided_after = match trade.mode {
                SandboxMode::Timeout => self.timing.trade_timeout,
                // Late: no outcome until the late answer; the page shows 支付中 till then.
                SandboxMode::Late => self.timing.late_delay.max(self.timing.notify_delay),
                _ => self.timing.notify_delay,
            };
            sqlx::query(
                "INSERT INTO sandbox_trades (trade_no, order_id, amount_fen, mode, status, \
                 created_at, deadline_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6)",
            )
            .bind(trade.trade_no.as_str())
            .bind(trade.order_id.as_str())
            .bind(trade.amount_fen)
            .bind(mode_name(trade.mode))
            .bind(china_rfc3339(now.div_euclid(1000)))
            .bind(china_rfc3339(after(now, decided_after)))
            .execute(&mut **tx)
            .await?;
            Ok(())
        })
    }

    fn started(&self, trade: &NewTrade) {
        let delay = match trade.mode {
            SandboxMode::Timeout => return,
            SandboxMode::Late => self.timing.late_delay.max(self.timing.notify_delay),
            _ => self.timing.notify_delay,
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let times = if trade.mode == SandboxMode::NotifyTwice {
            2
        } else {
            1
        };
        let (pool, secret, trade) = (self.pool.clone(), Arc::clone(&self.secret), trade.clone());
        let settle = self.settle.clone();
        runtime.spawn(async move {
            // Decided to the second: wait until the deadline has surely passed.
            tokio::time::sleep(delay + Duration::from_millis(1000)).await;
            let status = match resolve(&pool, &trade.trade_no).await {
                Ok(TradeStatus::Paid) => NotifyStatus::Paid,
                Ok(TradeStatus::Failed(_)) => NotifyStatus::Failed,
                Ok(TradeStatus::Pending) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "sandbox notifier cannot read its trade");
                    return;
                }
            };
            for _ in 0..times {
                let body = SandboxNotification {
                    trade_no: trade.trade_no.clone(),
                    order_id: trade.order_id.clone(),
                    amount_fen: trade.amount_fen,
                    status,
                    notified_at: china_rfc3339(now_unix()),
                };
                let Ok(body) = serde_json::to_vec(&body) else {
                    return;
                };
                let signature = SandboxProvider::sign(&secret, &body);
                match receive(&pool, &secret, &settle, &body, Some(&signature)).await {
                    Ok(changed) => tracing::info!(changed, "sandbox notification delivered"),
                    Err(e) => tracing::warn!(error = %e, "sandbox notification refused"),
                }
            }
        });
    }

    fn query_trade<'a>(
        &'a self,
        pool: &'a AnyPool,
        trade_no: &'a str,
    ) -> BoxFuture<'a, Result<TradeStatus, PaymentError>> {
        Box::pin(resolve(pool, trade_no))
    }
}

#[derive(sqlx::FromRow)]
struct NotifiedTrade {
    order_id: String,
    amount_fen: i64,
    status: String,
    mode: String,
}

/// Verifies and applies one notification; `Ok(true)` when it moved an order.
///
/// Errors: [`ApiError::SignatureInvalid`] (nothing read, nothing changed),
/// [`ApiError::InvalidBody`], a database error.
pub async fn receive(
    pool: &AnyPool,
    secret: &ServerSecret,
    settle: &Settle,
    body: &[u8],
    signature: Option<&str>,
) -> Result<bool, ApiError> {
    let tag = signature
        .and_then(|s| unhex(s.trim()))
        .ok_or(ApiError::SignatureInvalid)?;
    if !secret.verify(body, &tag) {
        tracing::warn!(status = 401, "sandbox notification with a wrong signature");
        return Err(ApiError::SignatureInvalid);
    }
    let note: SandboxNotification =
        serde_json::from_slice(body).map_err(|_| ApiError::InvalidBody)?;
    let status = match note.status {
        NotifyStatus::Paid => "paid",
        NotifyStatus::Failed => "failed",
    };
    let trade: Option<NotifiedTrade> = sqlx::query_as(
        "SELECT order_id, amount_fen, status, mode FROM sandbox_trades WHERE trade_no = $1",
    )
    .bind(note.trade_no.as_str())
    .fetch_optional(pool)
    .await?;
    let agrees = trade.as_ref().is_some_and(|t| {
        t.order_id == note.order_id && t.amount_fen == note.amount_fen && t.status == status
    });
    let Some(trade) = trade.filter(|_| agrees) else {
        tracing::warn!(order = %note.order_id, "sandbox notification disagrees with the trade; ignored");
        return Ok(false);
    };
    let outcome = if trade.status == "paid" {
        TradeStatus::Paid
    } else {
        // The same reason the provider's query gives.
        TradeStatus::Failed(failure_reason(&trade.mode))
    };
    settle
        .run(pool, &trade.order_id, &note.trade_no, &outcome)
        .await
}
