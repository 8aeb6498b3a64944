//! IndexBar (antd-mobile / Vant vocabulary): the A–Z strip that jumps to a letter's section.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// A vertical strip of letter buttons along the right edge. Each is a real `<button>`, so
/// it is reachable by keyboard and named for screen readers ("跳到字母 C"). Reports the
/// chosen letter through `on_select`; the page scrolls and moves focus.
///
/// Letters are 24 px tall at the least (WCAG 2.2 AA target size); a full alphabet cannot
/// fit 44 px targets on a 800 px screen.
#[component]
pub fn IndexBar(
    /// The letters that have a section, in order.
    #[prop(into)]
    letters: Signal<Vec<char>>,
    /// Called with the tapped letter.
    on_select: Callback<char>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="ch-index-bar" aria-label=move || t_string!(i18n, picker.index_bar)>
            <ul class="ch-index-bar__list">
                {move || {
                    letters
                        .get()
                        .into_iter()
                        .map(|l| {
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="ch-index-bar__letter"
                                        aria-label=move || t_string!(i18n, picker.jump_to, letter = l).to_string()
                                        on:click=move |_| on_select.run(l)
                                    >
                                        {l.to_string()}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </nav>
    }
}
