//! The partner cashiers: Alipay's `my.tradePay` and WeChat's `chooseWXPay`, behind the same
//! [`PaymentProvider`] seam as the sandbox. Not configured on this server (no merchant id,
//! keys or certificates): every call answers [`PaymentError::NotConfigured`], and
//! [`super::Payments::for_channel`] falls back to the sandbox.
//!
//! Configuring one means: merchant settings here, `create_trade` placing the order with the
//! partner (Alipay `alipay.trade.create` → `trade_no` for `my.tradePay`; WeChat
//! `v3/pay/transactions/jsapi` → `prepay_id` for `chooseWXPay`), `query_trade` calling the
//! partner's query API, and a notify endpoint verifying the partner's signature before
//! calling the same settlement as the sandbox's.

use sqlx::AnyPool;

use super::provider::{BoxFuture, NewTrade, PaymentError, PaymentProvider, TradeStatus};
use crate::idempotency::Tx;

/// Alipay (支付宝) `my.tradePay` in the Alipay webview. Not configured.
#[derive(Debug, Clone, Copy, Default)]
pub struct AlipayTradePay;

/// WeChat Pay (微信支付) `chooseWXPay` in the WeChat webview. Not configured.
#[derive(Debug, Clone, Copy, Default)]
pub struct WechatPay;

macro_rules! not_configured {
    ($ty:ty, $name:literal) => {
        impl PaymentProvider for $ty {
            fn name(&self) -> &'static str {
                $name
            }

            fn is_configured(&self) -> bool {
                false
            }

            fn create_trade<'a>(
                &'a self,
                _tx: &'a mut Tx<'static>,
                _trade: &'a NewTrade,
            ) -> BoxFuture<'a, Result<(), PaymentError>> {
                Box::pin(async { Err(PaymentError::NotConfigured($name)) })
            }

            fn query_trade<'a>(
                &'a self,
                _pool: &'a AnyPool,
                _trade_no: &'a str,
            ) -> BoxFuture<'a, Result<TradeStatus, PaymentError>> {
                Box::pin(async { Err(PaymentError::NotConfigured($name)) })
            }
        }
    };
}

not_configured!(AlipayTradePay, "alipay");
not_configured!(WechatPay, "wechat");
