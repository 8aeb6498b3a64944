//! WeChat 微信 (and its mini program web-views). Bridge: `WeixinJSBridge`, ready event
//! `WeixinJSBridgeReady`; calls are `WeixinJSBridge.invoke(name, params, callback)`.
//!
//! - Title: WeChat's title bar shows `document.title` and follows its changes; there is no
//!   bridge call for it, so [`HostBridge::set_title`] has nothing to add.
//! - Font size: WeChat scales web pages with the resident's font setting. Some H5 pages
//!   cancel that with `invoke('setFontSizeCallback', {fontSize: 0})`: we never do.
//! - Later (seams in [`HostBridge`]): sign-on is an OAuth redirect (`snsapi_base`) whose
//!   `code` our server exchanges; the cashier is `invoke('getBrandWCPayRequest', …)` with
//!   parameters signed by our server.

use citizen_core::api::Channel;

use super::{HostBridge, HostError};

/// WeChat's bridge.
pub struct Wechat;

impl HostBridge for Wechat {
    fn channel(&self) -> Channel {
        Channel::Wechat
    }

    fn bridge(&self) -> Option<(&'static str, &'static str)> {
        Some(("WeixinJSBridge", "WeixinJSBridgeReady"))
    }

    fn draws_title_bar(&self) -> bool {
        true
    }

    fn set_title(&self, _title: &str) -> Result<(), HostError> {
        Ok(())
    }
}
