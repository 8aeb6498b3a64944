//! Which host the SPA runs in, from the user agent, the frame and the `?channel=` entry
//! parameter. Pure functions over strings, so the rules are easy to read and test.
//!
//! User agent markers (as the apps write them; matched without regard to case):
//!
//! | host | marker | example |
//! |---|---|---|
//! | Alipay 支付宝 | `AlipayClient/`, `AliApp(AP/` | `… AliApp(AP/10.5.36.8100) AlipayClient/10.5.36.8100 Language/zh-Hans` |
//! | Mobile Taobao 手机淘宝 | `AliApp(TB/`, `WindVane/` | `… AliApp(TB/10.30.10) WindVane/8.5.0 …` |
//! | WeChat 微信 | `MicroMessenger/` | `… MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN` |
//! | Weibo 微博 | `Weibo` | `… Weibo (iPhone15,2__weibo__14.2.0__iphone__os17.2)` |
//!
//! A mini program's web-view adds `miniProgram` (WeChat) or `MiniProgram` (Alipay).
//! Alipay is checked before Taobao and WeChat: its user agent is the most specific.

use citizen_core::api::Channel;

/// Where the SPA runs and whom it reports as its entrance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Env {
    /// The entrance, sent as `X-Channel` and used for the theme: `?channel=` when given
    /// (kept for the visit), otherwise [`Env::runtime`].
    pub channel: Channel,
    /// The environment the code must work with: [`Channel::Iframe`] when framed, else the
    /// app from the user agent, else [`Channel::Browser`]. Picks the [`super::bridge::HostBridge`].
    pub runtime: Channel,
    /// Inside a mini program's web-view (the host draws the title from `document.title`).
    pub mini_program: bool,
}

/// The partner app named by a user agent, if any.
pub fn host_from_user_agent(user_agent: &str) -> Option<Channel> {
    let ua = user_agent.to_ascii_lowercase();
    if ua.contains("alipayclient") || ua.contains("aliapp(ap") {
        Some(Channel::Alipay)
    } else if ua.contains("aliapp(tb") || ua.contains("windvane") {
        Some(Channel::Taobao)
    } else if ua.contains("micromessenger") {
        Some(Channel::Wechat)
    } else if ua.contains("weibo") {
        Some(Channel::Weibo)
    } else {
        None
    }
}

/// The `channel` parameter of a query string (`?city=1&channel=alipay`), when it names a
/// known [`Channel`]; unknown values are ignored.
pub fn channel_param(search: &str) -> Option<Channel> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("channel="))
        .and_then(Channel::parse)
}

/// Puts the rules together: `?channel=` wins, then the channel kept for this visit
/// (`stored`), then the runtime. The runtime is the frame when `framed`, else the app in
/// the user agent, else a plain browser.
pub fn resolve(user_agent: &str, search: &str, stored: Option<&str>, framed: bool) -> Env {
    let runtime = if framed {
        Channel::Iframe
    } else {
        host_from_user_agent(user_agent).unwrap_or(Channel::Browser)
    };
    let channel = channel_param(search)
        .or_else(|| stored.and_then(Channel::parse))
        .unwrap_or(runtime);
    Env {
        channel,
        runtime,
        mini_program: user_agent.to_ascii_lowercase().contains("miniprogram"),
    }
}
