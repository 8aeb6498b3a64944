//! Mobile Taobao 手机淘宝 (WindVane container). Bridge: `WindVane`, ready event
//! `WindVaneReady`; calls are `WindVane.call(module, method, params, success, failure)`.
//!
//! - Title: `call('WebAppInterface', 'setCustomPageTitle', {title})`.
//! - Large text: no documented bridge call or event tells a web page the app's font
//!   size or elder mode, so none is read ([`HostBridge::watch_large_text`] keeps its
//!   default); the app's text scaling reaches the page as browser text size.
//! - Later (seams in [`HostBridge`]): sign-on and the cashier go through Alipay's
//!   authorisation and trade APIs that Taobao's container exposes.

use citizen_core::api::Channel;

use super::bridge::{call_bridge, object, HostBridge, HostError};

/// Taobao's WindVane bridge.
pub struct Taobao;

impl HostBridge for Taobao {
    fn channel(&self) -> Channel {
        Channel::Taobao
    }

    fn bridge(&self) -> Option<(&'static str, &'static str)> {
        Some(("WindVane", "WindVaneReady"))
    }

    fn draws_title_bar(&self) -> bool {
        true
    }

    fn set_title(&self, title: &str) -> Result<(), HostError> {
        call_bridge(
            self,
            "call",
            &[
                "WebAppInterface".into(),
                "setCustomPageTitle".into(),
                object(&[("title", title)]).into(),
            ],
        )
    }
}
