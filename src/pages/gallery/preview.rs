//! The gallery's look, from the URL alone: `theme`, `scheme`, `elder`, `lang` and `zoom`
//! (see the module table of the gallery) applied to the whole document while it is open,
//! and the resident's own settings and entrance put back after.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::{use_i18n, Locale};

/// Applies the URL's preview settings to the document (the top bar too) until the gallery
/// closes: the resident's stored 长辈版, scheme and language stand aside meanwhile.
pub(super) fn apply_preview() {
    let query = use_query_map();
    let i18n = use_i18n();
    let q = move |k: &str| query.with(|q| q.get(k));
    let theme = move || {
        q("theme").filter(|t| ["alipay", "wechat", "weibo", "taobao"].contains(&t.as_str()))
    };
    let scheme = move || q("scheme").filter(|s| s == "light" || s == "dark");
    let elder = move || (q("elder").as_deref() == Some("1")).then_some("1");
    // The URL alone decides what the gallery looks like: the resident's stored 长辈版,
    // scheme and language stand aside while it is open.
    let prefs = crate::state::prefs::use_prefs();
    prefs.preview(true);
    // The entrance's channel (set on <html> at start) comes back after.
    let channel = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|r| r.get_attribute("data-channel"));
    on_cleanup(move || {
        prefs.preview(false);
        if let (Some(root), Some(channel)) = (
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element()),
            channel.as_deref(),
        ) {
            let _ = root.set_attribute("data-channel", channel);
        }
    });
    // Language, text zoom, colour scheme and 长辈版 apply to the whole document (the top
    // bar too) while the gallery is open.
    Effect::new(move |_| {
        let locale = match q("lang").as_deref() {
            Some("en") => Locale::en,
            _ => Locale::zh_CN,
        };
        i18n.set_locale(locale);
        let zoom = q("zoom")
            .and_then(|z| z.parse::<u32>().ok())
            .map(|z| z.clamp(100, 200))
            .unwrap_or(100);
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = if zoom == 100 {
                root.remove_attribute("style")
            } else {
                root.set_attribute("style", &format!("font-size: {zoom}%"))
            };
            let _ = match scheme() {
                Some(s) => root.set_attribute("data-scheme", &s),
                None => root.remove_attribute("data-scheme"),
            };
            let _ = match elder() {
                Some(e) => root.set_attribute("data-elder", e),
                None => root.remove_attribute("data-elder"),
            };
            // The partner theme too (its tokens combine with the scheme on one element).
            let _ = root.set_attribute("data-channel", theme().as_deref().unwrap_or("browser"));
        }
    });
    on_cleanup(|| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.remove_attribute("style");
        }
    });
}
