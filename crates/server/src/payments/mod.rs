//! Payment providers: the seam between an order and whoever takes the money.
//!
//! [`PaymentProvider`] has two calls: [`PaymentProvider::create_trade`] (start paying an
//! order's total under a new trade number, in the transaction that moves the order to
//! `paying`) and [`PaymentProvider::query_trade`] (what became of a trade: pending, paid,
//! failed). A `paying` order is settled only by what the provider says, through a query
//! ([`crate::orders`] queries on every read and in the sweeper) or a signed notification;
//! it is never guessed.
//!
//! # Providers
//!
//! - [`sandbox::SandboxProvider`], built in, labelled on every order as `provider:
//!   "sandbox"`, `sandbox: true` (沙箱 in the UI). It keeps its trades in table
//!   `sandbox_trades`, so any instance answers a query about any trade, and confirms
//!   asynchronously: a background task sends a notification signed with HMAC-SHA256 over
//!   the body (key: the server secret) to the very code behind `POST
//!   /api/v1/payments/sandbox/notify` ([`notify`]). Modes (`sandbox_mode` of the pay
//!   request): `succeed`, `decline`, `timeout` (pending until the trade's deadline,
//!   `SANDBOX_TRADE_TIMEOUT_SECS`, then failed; no notification), `late` (paid at once, the
//!   notification much later: a read settles it first), `notify_twice` (the same
//!   notification twice; the second changes nothing).
//! - [`partners::AlipayTradePay`] (支付宝 `my.tradePay` in the Alipay webview) and
//!   [`partners::WechatPay`] (微信 `chooseWXPay` / JSAPI): the same seam, named, not
//!   configured (no merchant credentials here): they answer
//!   [`PaymentError::NotConfigured`].
//!
//! # Which provider an order uses
//!
//! Chosen when the order is created, from the request's `X-Channel` ([`Payments::for_channel`]):
//! `alipay` → Alipay's cashier and `wechat` → WeChat's when configured, otherwise (always,
//! today) the sandbox; every other channel (browser, weibo, taobao, iframe) uses the
//! sandbox. The order stores the provider's name and is paid through it on every attempt.

pub mod notify;
pub mod partners;
pub mod sandbox;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::routing::post;
use axum::Router;
use citizen_core::api::Channel;
use citizen_core::catalog::LocalizedText;
use sqlx::AnyPool;

use crate::db::DbError;
use crate::idempotency::Tx;
use crate::AppState;

/// The payment routes: the sandbox's notification endpoint.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/payments/sandbox/notify", post(notify::endpoint))
}

/// A boxed future, so that [`PaymentProvider`] can be a trait object.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

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

/// Every provider of this server.
#[derive(Debug, Clone)]
pub struct Payments {
    /// The built-in sandbox.
    pub sandbox: Arc<sandbox::SandboxProvider>,
    /// Alipay's cashier (not configured).
    pub alipay: Arc<partners::AlipayTradePay>,
    /// WeChat Pay (not configured).
    pub wechat: Arc<partners::WechatPay>,
}

impl Payments {
    /// The providers, the sandbox with `sandbox`.
    pub fn new(sandbox: sandbox::SandboxProvider) -> Self {
        Payments {
            sandbox: Arc::new(sandbox),
            alipay: Arc::new(partners::AlipayTradePay),
            wechat: Arc::new(partners::WechatPay),
        }
    }

    /// The provider for an order created through `channel`: the partner's cashier inside
    /// its app when configured, else the sandbox.
    pub fn for_channel(&self, channel: Channel) -> &dyn PaymentProvider {
        let partner: Option<&dyn PaymentProvider> = match channel {
            Channel::Alipay => Some(self.alipay.as_ref()),
            Channel::Wechat => Some(self.wechat.as_ref()),
            _ => None,
        };
        match partner {
            Some(p) if p.is_configured() => p,
            _ => self.sandbox.as_ref(),
        }
    }

    /// The provider named `name` (as stored on an order).
    pub fn by_name(&self, name: &str) -> Option<&dyn PaymentProvider> {
        match name {
            "sandbox" => Some(self.sandbox.as_ref()),
            "alipay" => Some(self.alipay.as_ref()),
            "wechat" => Some(self.wechat.as_ref()),
            _ => None,
        }
    }
}
