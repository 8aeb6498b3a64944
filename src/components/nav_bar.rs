//! NavBar (antd-mobile vocabulary): the top bar with an optional back link and a title.

use leptos::prelude::*;
use leptos_router::components::A;

/// The top bar. `back` is the href of the back link (none on the home page); `title` is
/// shown in the middle. The page's own `<h1>` lives in the content, so the bar's title is
/// plain text.
#[component]
pub fn NavBar(
    /// Text in the middle of the bar.
    #[prop(into)]
    title: String,
    /// Where the back link goes; no back link when `None`.
    #[prop(optional_no_strip)]
    back: Option<String>,
    /// Accessible text of the back link, default 返回.
    #[prop(optional, into)]
    back_label: Option<String>,
) -> impl IntoView {
    let back_label = back_label.unwrap_or_else(|| "返回".to_string());
    view! {
        <header class="ch-nav-bar">
            {back.map(|href| view! {
                <A href=href attr:class="ch-nav-bar__back">
                    <span aria-hidden="true" class="ch-nav-bar__chevron">"‹"</span>
                    {back_label}
                </A>
            })}
            <span class="ch-nav-bar__title">{title}</span>
        </header>
    }
}
