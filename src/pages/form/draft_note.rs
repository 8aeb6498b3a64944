//! The draft's notice under the buttons of a question page and of 核对信息.

use leptos::prelude::*;
use leptos_router::components::A;

use super::flow::use_flow;
use crate::i18n::{t, use_i18n};

/// The notice under the buttons: drafts are kept on this device (or cannot be).
#[component]
pub(super) fn DraftNote(
    /// Where 放弃草稿 returns to (a page key or `check`).
    from: String,
) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let discard = flow.discard_url(&from);
    let stored = flow.stored;
    let has_answers = {
        let flow = flow.clone();
        move || flow.has_answers()
    };
    view! {
        <div class="ch-draft-note">
            {move || {
                if stored.get() {
                    view! { <p class="ch-caption">{t!(i18n, form.draft_saved)}</p> }.into_any()
                } else {
                    view! {
                        <p class="ch-caption ch-draft-note__warning">{t!(i18n, form.draft_not_saved)}</p>
                    }
                    .into_any()
                }
            }}
            {move || {
                has_answers()
                    .then(|| view! { <A href=discard.clone() exact=true attr:class="ch-draft-note__discard">{t!(i18n, form.discard_link)}</A> })
            }}
        </div>
    }
}
