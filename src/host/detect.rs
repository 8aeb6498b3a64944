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

#[cfg(test)]
mod tests {
    use super::*;

    /// User agents as the apps send them (the module table's examples, whole).
    const ALIPAY: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 ChannelId(0) Ariver/1.1.0 AliApp(AP/10.5.36.8100) Nebula WK RVKType(0) AlipayDefined(nt:WIFI,ws:390|844|3.0) AlipayClient/10.5.36.8100 Language/zh-Hans Region/CN";
    const ALIPAY_MINI: &str = "Mozilla/5.0 (Linux; U; Android 13; zh-CN; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 UWS/3.22.2.59 Mobile Safari/537.36 AliApp(AP/10.5.30.8000) AlipayClient/10.5.30.8000 Language/zh-Hans MiniProgram";
    const TAOBAO: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(TB/10.30.10) WindVane/8.5.0 1170x2532";
    const WECHAT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
    const WECHAT_MINI: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 miniProgram/wx1234567890abcdef";
    const WEIBO: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Weibo (iPhone15,2__weibo__14.2.0__iphone__os17.2)";
    const SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1";

    #[test]
    fn hosts_from_user_agents() {
        assert_eq!(host_from_user_agent(ALIPAY), Some(Channel::Alipay));
        assert_eq!(host_from_user_agent(ALIPAY_MINI), Some(Channel::Alipay));
        assert_eq!(host_from_user_agent(TAOBAO), Some(Channel::Taobao));
        assert_eq!(host_from_user_agent(WECHAT), Some(Channel::Wechat));
        assert_eq!(host_from_user_agent(WECHAT_MINI), Some(Channel::Wechat));
        assert_eq!(host_from_user_agent(WEIBO), Some(Channel::Weibo));
        assert_eq!(host_from_user_agent(SAFARI), None);
        assert_eq!(host_from_user_agent(""), None);
        // Case does not matter.
        assert_eq!(
            host_from_user_agent("x MICROMESSENGER/8.0"),
            Some(Channel::Wechat)
        );
    }

    #[test]
    fn channel_parameter() {
        assert_eq!(channel_param("?channel=alipay"), Some(Channel::Alipay));
        assert_eq!(
            channel_param("?city=310100&channel=wechat"),
            Some(Channel::Wechat)
        );
        assert_eq!(channel_param("channel=weibo"), Some(Channel::Weibo));
        assert_eq!(channel_param("?channel=unknown"), None);
        assert_eq!(channel_param("?xchannel=alipay"), None);
        assert_eq!(channel_param(""), None);
    }

    #[test]
    fn resolve_puts_the_rules_together() {
        let env = resolve(ALIPAY, "", None, false);
        assert_eq!(
            env,
            Env {
                channel: Channel::Alipay,
                runtime: Channel::Alipay,
                mini_program: false
            }
        );
        // ?channel= names the entrance; the runtime stays what the code runs in.
        let env = resolve(SAFARI, "?channel=weibo", Some("alipay"), false);
        assert_eq!(
            (env.channel, env.runtime),
            (Channel::Weibo, Channel::Browser)
        );
        // The entrance kept for the visit, when the query no longer has it.
        let env = resolve(SAFARI, "", Some("alipay"), false);
        assert_eq!(
            (env.channel, env.runtime),
            (Channel::Alipay, Channel::Browser)
        );
        // A stored value that is not a channel is ignored.
        let env = resolve(SAFARI, "", Some("nonsense"), false);
        assert_eq!(env.channel, Channel::Browser);
        // Framed wins over the user agent for the runtime.
        let env = resolve(WECHAT, "", None, true);
        assert_eq!(
            (env.channel, env.runtime),
            (Channel::Iframe, Channel::Iframe)
        );
        assert!(resolve(WECHAT_MINI, "", None, false).mini_program);
        assert!(resolve(ALIPAY_MINI, "", None, false).mini_program);
        assert!(!resolve(WECHAT, "", None, false).mini_program);
    }
}
