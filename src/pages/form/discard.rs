//! 放弃草稿？: confirming that the draft should be deleted.

use citizen_core::routes::{self, segment};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::flow::use_flow;
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{document_title, tr};
use crate::state::drafts;

/// `/city/:code/service/:id/apply/discard?from=<page key|check>`: deletes the draft (the
/// answers and the idempotency key) on confirmation and goes to the service page;
/// 继续填写 returns to where the resident was. Reached again with Back after discarding (or
/// with no draft at all), it says there is nothing to discard, with the ways on.
///
/// Navigation after discarding is a push, not a replace: leptos_router 0.8.17 keeps its
/// own path stack in step only for pushes (see `check::finish`).
#[component]
pub fn DiscardPage() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let back = {
        let flow = flow.clone();
        move || {
            let from = query
                .with(|q| q.get(routes::query::FROM))
                .unwrap_or_default();
            if from == segment::CHECK {
                return flow.check_url();
            }
            match flow.schema.pages.iter().position(|p| p.key == from) {
                Some(i) => flow.page_url(i, false),
                None => flow.page_url(0, false),
            }
        }
    };
    let service = {
        let flow = flow.clone();
        tr(move || flow.name(i18n))
    };
    let title_flow = flow.clone();
    let on_discard = {
        let flow = flow.clone();
        move |_| {
            drafts::delete(&flow.city_code, &flow.service_id);
            flow.start_over();
            navigate(&flow.service_url(), NavigateOptions::default());
        }
    };
    if flow.answers_untracked().is_empty() {
        let guide = flow.service_url();
        let start = flow.start_url();
        return view! {
            <Title text=move || document_title(i18n, &format!("{} - {}", t_string!(i18n, form.discarded_title), title_flow.name(i18n))) />
            <NavBar title=service back=Some(guide.clone()) back_to=tr(move || t_string!(i18n, form.guide)) />
            <main id="main" class="ch-page">
                <ResultView
                    status=ResultStatus::Empty
                    level=1
                    title=tr(move || t_string!(i18n, form.discarded_title))
                    description=tr(move || t_string!(i18n, form.discarded_body))
                >
                    <A href=start exact=true attr:class="ch-button ch-button--primary">{t!(i18n, form.apply_start)}</A>
                    <A href=guide exact=true attr:class="ch-button">{t!(i18n, form.view_guide)}</A>
                </ResultView>
            </main>
        }
        .into_any();
    }
    view! {
        <Title text=move || document_title(i18n, &format!("{} - {}", t_string!(i18n, form.discard_page_title), title_flow.name(i18n))) />
        <NavBar title=service back=Some(back()) back_to=tr(move || t_string!(i18n, form.previous_page)) />
        <main id="main" class="ch-page">
            <p class="ch-caption">{service}</p>
            <h1 class="ch-page__title">{t!(i18n, form.discard_title)}</h1>
            <p>{t!(i18n, form.discard_body)}</p>
            <div class="ch-form__actions">
                <button type="button" class="ch-button ch-button--warning ch-button--block" on:click=on_discard>
                    {t!(i18n, form.discard_confirm)}
                </button>
                <A href=back() exact=true attr:class="ch-button ch-button--block">{t!(i18n, form.keep_filling)}</A>
            </div>
        </main>
    }
    .into_any()
}
