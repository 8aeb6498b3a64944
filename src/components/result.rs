//! Result (antd-mobile vocabulary): the empty, error and notice states of a page.

use leptos::prelude::*;

/// What kind of state a [`ResultView`] shows; it sets the glyph and, for errors, the
/// `role="alert"` that makes screen readers announce it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultStatus {
    /// Nothing to show yet (no services, no matches).
    Empty,
    /// Something failed; the children should offer a way on (retry, go back).
    Error,
}

/// A centred state block: glyph, title, description and actions (children).
#[component]
pub fn ResultView(
    /// Empty, error or info.
    status: ResultStatus,
    /// The heading, for example 该城市服务即将开通.
    #[prop(into)]
    title: Signal<String>,
    /// One or two sentences saying what this means and what to do.
    #[prop(optional, into)]
    description: Option<Signal<String>>,
    /// Heading level of the title: 1 when the state is the whole page, else 2.
    #[prop(default = 2)]
    level: u8,
    /// Actions: links or buttons.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let (modifier, glyph, role) = match status {
        ResultStatus::Empty => ("empty", "○", None),
        ResultStatus::Error => ("error", "!", Some("alert")),
    };
    let heading = if level == 1 {
        view! { <h1 class="ch-result__title">{title}</h1> }.into_any()
    } else {
        view! { <h2 class="ch-result__title">{title}</h2> }.into_any()
    };
    view! {
        <div class=format!("ch-result ch-result--{modifier}") role=role>
            <span class="ch-result__glyph" aria-hidden="true">{glyph}</span>
            {heading}
            {description.map(|d| view! { <p class="ch-result__description">{d}</p> })}
            {children.map(|c| view! { <div class="ch-result__actions">{c()}</div> })}
        </div>
    }
}
