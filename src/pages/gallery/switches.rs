//! The preview switches (theme, scheme, elder, language, zoom): each writes the URL, which
//! alone decides the gallery's look ([`super::preview`]).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// Theme, scheme, elder, language and zoom switches; each writes the URL.
#[component]
pub(super) fn Switches() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let set = move |key: &'static str, value: String| {
        let mut q = query.get_untracked();
        if value.is_empty() {
            q.remove(key);
        } else {
            q.replace(key, value);
        }
        let path = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        navigate(
            &format!("{path}{}", q.to_query_string()),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };
    let select = move |key: &'static str,
                       label: &'static str,
                       options: &'static [(&'static str, &'static str)]| {
        let set = set.clone();
        let id = format!("gallery-{key}");
        view! {
            <div class="ch-gallery__switch">
                <label for=id.clone()>{label}</label>
                <select id=id class="ch-select" on:change=move |ev| set(key, event_target_value(&ev))>
                    {options
                        .iter()
                        .map(|(value, text)| {
                            let value = *value;
                            view! {
                                <option value=value selected=move || query.with(|q| q.get(key).unwrap_or_default() == value)>
                                    {*text}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <form class="ch-gallery__switches" aria-label="预览设置 Preview settings" on:submit=|ev| ev.prevent_default()>
            {select("theme", "主题 Theme", &[("", "base"), ("alipay", "alipay"), ("wechat", "wechat"), ("weibo", "weibo"), ("taobao", "taobao")])}
            {select("scheme", "配色 Scheme", &[("", "auto 跟随设备"), ("light", "light"), ("dark", "dark")])}
            {select("elder", "长辈版 Elder", &[("", "off"), ("1", "on")])}
            {select("lang", "语言 Language", &[("", "zh-CN"), ("en", "en")])}
            {select("zoom", "文字 Text", &[("", "100%"), ("150", "150%"), ("200", "200%")])}
        </form>
    }
}
