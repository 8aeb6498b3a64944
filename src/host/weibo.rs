//! Weibo 微博. Bridge: `WeiboJSBridge`, ready event `WeiboJSBridgeReady`; calls are
//! `WeiboJSBridge.invoke(name, params, callback(params, success, code))`.
//!
//! - Title: `invoke('setBrowserTitle', {title})`.
//! - Large text: no documented bridge call or event tells a web page the app's font
//!   size or elder mode, so none is read ([`HostBridge::watch_large_text`] keeps its
//!   default); the app's text scaling reaches the page as browser text size.
//! - Later (seams in [`HostBridge`]): sign-on with `invoke('login', …)`; Weibo has no
//!   cashier for government payments, so [`HostBridge::pay`] stays "not supported".

use citizen_core::api::Channel;

use super::bridge::{call_bridge, object, HostBridge, HostError};

/// Weibo's bridge.
pub struct Weibo;

impl HostBridge for Weibo {
    fn channel(&self) -> Channel {
        Channel::Weibo
    }

    fn bridge(&self) -> Option<(&'static str, &'static str)> {
        Some(("WeiboJSBridge", "WeiboJSBridgeReady"))
    }

    fn draws_title_bar(&self) -> bool {
        true
    }

    fn set_title(&self, title: &str) -> Result<(), HostError> {
        call_bridge(
            self,
            "invoke",
            &["setBrowserTitle".into(), object(&[("title", title)]).into()],
        )
    }
}
