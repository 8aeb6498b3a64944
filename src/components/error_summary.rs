//! ErrorSummary (GOV.UK error summary): the list of what to fix, at the top of the page.
//!
//! It takes focus when it appears (after the page's own focus handling, two animation
//! frames later) and the page scrolls to the top, so screen readers announce it and
//! keyboard users start there; each item
//! links to the field's input and, when followed, focuses that input and scrolls its
//! question (label and hint) into view.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{t, use_i18n};

/// One problem: the element id of the field's input and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorLink {
    /// The id of the input to focus, for example `f-male_id`.
    pub target: String,
    /// The label and the message, for example 居民身份证号码：校验位不对……
    pub text: String,
}

/// The summary box. Render it only when there are errors; render a new one (for example
/// keyed on the number of attempts) for each failed submission so it takes focus again.
#[component]
pub fn ErrorSummary(
    /// The problems, in the order of the fields on the page.
    errors: Vec<ErrorLink>,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            // Two frames: after any focus move made for the navigation that showed the page.
            request_animation_frame(move || {
                request_animation_frame(move || {
                    let _ = el.focus();
                    // The summary is first in the page: show it from the top, clear of the
                    // sticky top bar (focus alone can leave it under the bar).
                    if let Some(w) = web_sys::window() {
                        w.scroll_to_with_x_and_y(0.0, 0.0);
                    }
                })
            });
        }
    });
    let items = errors
        .into_iter()
        .map(|e| {
            let target = e.target.clone();
            view! {
                <li>
                    // rel=external: the router leaves the click to us (no history entry).
                    <a
                        href=format!("#{}", e.target)
                        rel="external"
                        on:click=move |ev: leptos::ev::MouseEvent| {
                            ev.prevent_default();
                            focus_field(&target);
                        }
                    >
                        {e.text}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <div node_ref=node class="ch-error-summary" tabindex="-1">
            <div role="alert">
                <h2 class="ch-error-summary__title">{t!(i18n, form.fix_these)}</h2>
                <ul class="ch-error-summary__list">{items}</ul>
            </div>
        </div>
    }
}

/// Focuses the element with id `target` and scrolls its whole question into view.
fn focus_field(target: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(el) = doc
        .get_element_by_id(target)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let _ = el.focus();
    if let Ok(Some(question)) = el.closest(".ch-field") {
        question.scroll_into_view();
    }
}
