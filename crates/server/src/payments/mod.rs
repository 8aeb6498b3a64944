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
//!   `SANDBOX_TRADE_TIMEOUT_SECS`, then failed; no notification), `late` (the cashier's answer
//!   comes late: pending, to a query too, until `SANDBOX_LATE_DELAY_MS`, then paid, by the
//!   notification or the next query), `notify_twice` (the same
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
mod provider;
pub mod sandbox;

use std::sync::Arc;

use axum::routing::post;
use axum::Router;
use citizen_core::api::Channel;

use crate::AppState;

/// The payment routes: the sandbox's notification endpoint.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/payments/sandbox/notify", post(notify::endpoint))
}

pub use provider::{
    mode_name, parse_mode, BoxFuture, NewTrade, PaymentError, PaymentProvider, SandboxMode, Settle,
    TradeStatus,
};

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
