//! What every payment provider is: the [`PaymentProvider`] trait, its trades and their
//! outcomes, and the [`Settle`] hook through which verified outcomes reach the orders. Kept
//! apart from the root so that the providers import it as a sibling.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use citizen_core::catalog::LocalizedText;
use sqlx::AnyPool;

use crate::db::DbError;
use crate::error::ApiError;
use crate::idempotency::Tx;

/// A boxed future, so that [`PaymentProvider`] can be a trait object.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What settles an order once a trade's outcome is verified: `orders::settle_trade`,
/// handed in by the composition root ([`crate::prepare`]) so that payments never call
/// orders (orders use payments; the other way round would be a module cycle). Arguments:
/// the pool, the order id, the trade number, the outcome; `Ok(true)` when the order moved.
#[derive(Clone)]
pub struct Settle(pub Arc<SettleFn>);

/// The function inside [`Settle`]: (pool, order id, trade number, outcome) → whether the
/// order moved.
pub type SettleFn = dyn Fn(AnyPool, String, String, TradeStatus) -> BoxFuture<'static, Result<bool, ApiError>>
    + Send
    + Sync;

impl Settle {
    /// Settles order `order_id` with `outcome` of trade `trade_no`.
    ///
    /// Errors: those of the settling function (database errors).
    pub async fn run(
        &self,
        pool: &AnyPool,
        order_id: &str,
        trade_no: &str,
        outcome: &TradeStatus,
    ) -> Result<bool, ApiError> {
        (self.0)(
            pool.clone(),
            order_id.to_string(),
            trade_no.to_string(),
            outcome.clone(),
        )
        .await
    }
}

impl std::fmt::Debug for Settle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Settle")
    }
}

pub use citizen_core::api::SandboxMode;

/// The mode's snake_case name, as stored in `sandbox_trades.mode`.
pub fn mode_name(mode: SandboxMode) -> &'static str {
    match mode {
        SandboxMode::Succeed => "succeed",
        SandboxMode::Decline => "decline",
        SandboxMode::Timeout => "timeout",
        SandboxMode::Late => "late",
        SandboxMode::NotifyTwice => "notify_twice",
    }
}

/// The mode named `name` ([`mode_name`]).
pub fn parse_mode(name: &str) -> Option<SandboxMode> {
    [
        SandboxMode::Succeed,
        SandboxMode::Decline,
        SandboxMode::Timeout,
        SandboxMode::Late,
        SandboxMode::NotifyTwice,
    ]
    .into_iter()
    .find(|m| mode_name(*m) == name)
}

/// A trade to start: one payment attempt of an order.
#[derive(Debug, Clone)]
pub struct NewTrade {
    /// Ours, unique: the provider's out_trade_no.
    pub trade_no: String,
    /// The order.
    pub order_id: String,
    /// The provider's name ([`PaymentProvider::name`]).
    pub provider: String,
    /// The order's total, in 分.
    pub amount_fen: i64,
    /// What the resident sees in the cashier.
    pub subject: String,
    /// The sandbox's behaviour (ignored by partner providers).
    pub mode: SandboxMode,
}

/// What a provider says about a trade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TradeStatus {
    /// No outcome yet.
    Pending,
    /// The money was taken.
    Paid,
    /// Refused, timed out or closed: no money was taken.
    Failed(LocalizedText),
}

/// Why a provider call failed.
#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// The provider has no merchant configuration on this server.
    #[error("payment provider {0} is not configured")]
    NotConfigured(&'static str),
    /// The provider knows no such trade.
    #[error("unknown trade")]
    UnknownTrade,
    /// Our database failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for PaymentError {
    fn from(e: sqlx::Error) -> Self {
        PaymentError::Db(DbError::Sqlx(e))
    }
}

/// A payment provider ([module documentation](self)).
pub trait PaymentProvider: Send + Sync + std::fmt::Debug {
    /// `sandbox`, `alipay`, `wechat`: stored on the order, shown as `provider`.
    fn name(&self) -> &'static str;

    /// Whether it is the sandbox (the API then says `sandbox: true`).
    fn is_sandbox(&self) -> bool {
        false
    }

    /// Whether it can take payments on this server.
    fn is_configured(&self) -> bool;

    /// Starts `trade`, in the transaction that moves the order to `paying` (the sandbox
    /// records the trade there; a partner would place its order with the cashier).
    ///
    /// Errors: [`PaymentError`]; the caller rolls the transaction back.
    fn create_trade<'a>(
        &'a self,
        tx: &'a mut Tx<'static>,
        trade: &'a NewTrade,
    ) -> BoxFuture<'a, Result<(), PaymentError>>;

    /// After the transaction of [`PaymentProvider::create_trade`] committed: the sandbox
    /// schedules its notifications here. Default: nothing.
    fn started(&self, trade: &NewTrade) {
        let _ = trade;
    }

    /// What became of trade `trade_no`.
    ///
    /// Errors: [`PaymentError`].
    fn query_trade<'a>(
        &'a self,
        pool: &'a AnyPool,
        trade_no: &'a str,
    ) -> BoxFuture<'a, Result<TradeStatus, PaymentError>>;
}
