//! WeChat 微信 (and its mini program web-views). Bridge: `WeixinJSBridge`, ready event
//! `WeixinJSBridgeReady`; calls are `WeixinJSBridge.invoke(name, params, callback)`.
//!
//! - Title: WeChat's title bar shows `document.title` and follows its changes; there is no
//!   bridge call for it, so [`HostBridge::set_title`] has nothing to add.
//! - Font size: WeChat scales web pages with the resident's font setting. Some H5 pages
//!   cancel that with `invoke('setFontSizeCallback', {fontSize: 0})`: we never do.
//! - Large text: the page is scaled by WeChat itself, and when the resident changes the
//!   size from the page's menu the bridge fires `menu:setfont` with `fontScale` (per cent of
//!   the standard size; WeUI's own demo page reads it). At least 125 % (20 px of 16 px, see
//!   [`super::large_text::is_large_text_percent`]) turns elder mode on, less turns it off (unless the
//!   resident chose). `getSystemInfo`'s `fontSizeSetting` exists only in mini programs, not
//!   in the JS-SDK of web pages, so there is no answer at start.
//! - Later (seams in [`HostBridge`]): sign-on is an OAuth redirect (`snsapi_base`) whose
//!   `code` our server exchanges; the cashier is `invoke('getBrandWCPayRequest', …)` with
//!   parameters signed by our server.

use citizen_core::api::Channel;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

use super::bridge::{call_bridge, number_field, HostBridge, HostError};
use super::large_text::{self, is_large_text_percent};

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

    fn watch_large_text(&self) {
        let on_font = Closure::<dyn Fn(JsValue)>::new(move |answer: JsValue| {
            if let Some(percent) = number_field(&answer, "fontScale") {
                large_text::report(is_large_text_percent(percent));
            }
        });
        let handler: JsValue = on_font.as_ref().clone();
        if call_bridge(self, "on", &["menu:setfont".into(), handler]).is_ok() {
            // The bridge keeps calling it for the page's life.
            on_font.forget();
        }
    }
}
