//! Alipay 支付宝 (city services and mini program web-views). Bridge: `AlipayJSBridge`,
//! ready event `AlipayJSBridgeReady` on `document`; calls are
//! `AlipayJSBridge.call(name, params, callback)`.
//!
//! - Title: `call('setTitle', {title})`.
//! - Later (seams in [`HostBridge`]): single sign-on with `call('getAuthCode',
//!   {scopeNicks: ['auth_base']}, cb)`, whose `authCode` our server exchanges; the cashier
//!   with `call('tradePay', {tradeNO}, cb)` for a trade our server created.

use citizen_core::api::Channel;

use super::{call_bridge, object, HostBridge, HostError};

/// Alipay's bridge.
pub struct Alipay;

impl HostBridge for Alipay {
    fn channel(&self) -> Channel {
        Channel::Alipay
    }

    fn bridge(&self) -> Option<(&'static str, &'static str)> {
        Some(("AlipayJSBridge", "AlipayJSBridgeReady"))
    }

    fn draws_title_bar(&self) -> bool {
        true
    }

    fn set_title(&self, title: &str) -> Result<(), HostError> {
        call_bridge(
            self,
            "call",
            &["setTitle".into(), object(&[("title", title)]).into()],
        )
    }
}
