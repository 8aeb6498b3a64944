//! NavBar (antd-mobile vocabulary): the top bar with an optional back link and a title.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{t, use_i18n};

/// The top bar. `back` is the href of the back link (none on the home page); `title` is
/// shown in the middle. The page's own `<h1>` lives in the content, so the bar's title is
/// plain text.
#[component]
pub fn NavBar(
    /// Text in the middle of the bar.
    #[prop(into)]
    title: Signal<String>,
    /// Where the back link goes; no back link when `None`.
    #[prop(optional_no_strip)]
    back: Option<String>,
    /// Where the back link leads, for screen readers: the link reads 返回 plus this
    /// (返回城市首页); the visible text stays a short 返回 so it fits at 200 % text.
    #[prop(optional, into)]
    back_to: Option<Signal<String>>,
    /// Extra controls at the end of the bar (a settings link).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="ch-nav-bar">
            {back.map(|href| view! {
                <A href=href attr:class="ch-nav-bar__back">
                    <span aria-hidden="true" class="ch-nav-bar__chevron">"‹"</span>
                    {t!(i18n, common.back)}
                    <span class="ch-visually-hidden">{move || back_to.map(|b| b.get())}</span>
                </A>
            })}
            <span class="ch-nav-bar__title">{title}</span>
            {children.map(|c| view! { <div class="ch-nav-bar__end">{c()}</div> })}
        </header>
    }
}
