//! Skeleton (antd-mobile vocabulary): grey placeholders while data loads.

use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// Placeholder blocks while content loads, with a visually hidden "正在加载" status for
/// screen readers. `rows` grey bars; `tiles` adds a grid of tile placeholders.
#[component]
pub fn Skeleton(
    /// How many text bars.
    #[prop(default = 3)]
    rows: usize,
    /// Whether to add a tile grid placeholder.
    #[prop(optional)]
    tiles: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="ch-skeleton">
            <p role="status" class="ch-visually-hidden">{t!(i18n, common.loading)}</p>
            <div aria-hidden="true">
                {(0..rows).map(|_| view! { <div class="ch-skeleton__bar"></div> }).collect_view()}
                {tiles
                    .then(|| {
                        view! {
                            <div class="ch-skeleton__tiles">
                                {(0..8).map(|_| view! { <div class="ch-skeleton__tile"></div> }).collect_view()}
                            </div>
                        }
                    })}
            </div>
        </div>
    }
}
