//! Alipay 支付宝 (city services and mini program web-views). Bridge: `AlipayJSBridge`,
//! ready event `AlipayJSBridgeReady` on `document`; calls are
//! `AlipayJSBridge.call(name, params, callback)`.
//!
//! - Title: `call('setTitle', {title})`.
//! - Large text: `call('getSystemInfo', {}, cb)` answers `fontSizeSetting`, "用户设置字体
//!   大小" (the container's JSAPI, as documented for `my.getSystemInfo` in Alipay's mPaaS
//!   container from 10.1.60; no unit is given: read as CSS px, like WeChat's field of the
//!   same name). At least [`super::large_text::LARGE_TEXT_PX`] turns elder mode on. Asked once at start;
//!   Alipay has no change event for it. No documented H5 signal of Alipay's own 长辈模式
//!   was found, so none is read.
//! - Later (seams in [`HostBridge`]): single sign-on with `call('getAuthCode',
//!   {scopeNicks: ['auth_base']}, cb)`, whose `authCode` our server exchanges; the cashier
//!   with `call('tradePay', {tradeNO}, cb)` for a trade our server created.

use citizen_core::api::Channel;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use web_sys::js_sys::Object;

use super::bridge::{call_bridge, number_field, object, HostBridge, HostError};
use super::large_text::{self, is_large_text_px};

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

    fn watch_large_text(&self) {
        let answer = Closure::once_into_js(move |info: JsValue| {
            if let Some(px) = number_field(&info, "fontSizeSetting") {
                large_text::report(is_large_text_px(px));
            }
        });
        let _ = call_bridge(
            self,
            "call",
            &["getSystemInfo".into(), Object::new().into(), answer],
        );
    }
}
