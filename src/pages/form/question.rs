//! A question page: one page of the form's schema, GOV.UK style.

use citizen_core::form::{validate_pages, FieldRule};
use citizen_core::routes::{query, segment};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::Value;

use super::draft_note::DraftNote;
use super::flow::{use_flow, Step};
use crate::components::error_summary::{ErrorLink, ErrorSummary};
use crate::components::field::{input_id, FormField};
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{document_title, localized, tr};
use crate::state::drafts;

/// `/city/:code/service/:id/apply/{page_key}`: the question page with that key, or a
/// not-found state.
#[component]
pub fn QuestionPage(
    /// The key of the schema page.
    page_key: String,
) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    match flow.schema.pages.iter().position(|p| p.key == page_key) {
        Some(index) => view! { <QuestionForm index /> }.into_any(),
        None => {
            let start = flow.page_url(0, false);
            let name = {
                let flow = flow.clone();
                tr(move || flow.name(i18n))
            };
            view! {
                <Title text=move || document_title(i18n, t_string!(i18n, form.page_missing_title)) />
                <NavBar title=name back=Some(flow.service_url()) back_to=tr(move || t_string!(i18n, form.guide)) />
                <main id="main" class="ch-page">
                    <ResultView
                        status=ResultStatus::Empty
                        level=1
                        title=tr(move || t_string!(i18n, form.page_missing_title))
                        description=tr(move || t_string!(i18n, form.page_missing_body))
                    >
                        <A href=start exact=true attr:class="ch-button ch-button--primary">{t!(i18n, form.start_from_first)}</A>
                    </ResultView>
                </main>
            }
            .into_any()
        }
    }
}

/// The form of page `index` (a valid index into the schema's pages).
#[component]
fn QuestionForm(index: usize) -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let from_check =
        Memo::new(move |_| query.with(|q| q.get(query::FROM).as_deref() == Some(segment::CHECK)));
    let page = flow.schema.pages[index].clone();
    let today = drafts::today_in_china();
    let composing = StoredValue::new(false);
    // Failed Continue presses: each one renders a new error summary, which takes focus.
    let attempts = RwSignal::new(0u32);

    // This page's errors, in field order, for the shown fields.
    let page_errors = {
        let flow = flow.clone();
        let fields = page.fields.clone();
        Memo::new(move |_| {
            let answers = flow.answers();
            flow.errors.with(|errors| {
                fields
                    .iter()
                    .filter(|f| f.is_shown(&answers))
                    .filter_map(|f| {
                        errors.get(&f.key).map(|e| {
                            let message = localized(i18n, &e.message);
                            ErrorLink {
                                target: input_id(&f.key),
                                // A message naming its question, or a consent's (whose
                                // label is a whole statement), says enough on its own.
                                text: if e.names_field || matches!(f.rule, FieldRule::Consent) {
                                    message
                                } else {
                                    let label = localized(i18n, &f.label);
                                    t_string!(i18n, form.summary_item, label, message).to_string()
                                },
                            }
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let has_errors = move || page_errors.with(|e| !e.is_empty());
    let title = {
        let (heading, flow) = (page.title.clone(), flow.clone());
        move || {
            let page = format!("{} - {}", localized(i18n, &heading), flow.name(i18n));
            let title = document_title(i18n, &page);
            if has_errors() {
                format!("{}{title}", t_string!(i18n, form.error_prefix))
            } else {
                title
            }
        }
    };

    // Position among the pages shown for the current answers.
    let position = {
        let flow = flow.clone();
        Memo::new(move |_| {
            let visible = flow.visible_pages(&flow.answers());
            let at = visible.iter().position(|&i| i == index);
            (at.map_or(0, |n| n + 1), visible.len(), visible)
        })
    };
    // The back link and where it leads (for screen readers: 返回上一步).
    let back = {
        let flow = flow.clone();
        move || {
            if from_check.get() {
                return (
                    flow.check_url(),
                    t_string!(i18n, form.check_title).to_string(),
                );
            }
            let (_, _, visible) = position.get();
            match visible.iter().rev().find(|&&i| i < index) {
                Some(&prev) => (
                    flow.page_url(prev, false),
                    t_string!(i18n, form.previous_step).to_string(),
                ),
                None => (flow.service_url(), t_string!(i18n, form.guide).to_string()),
            }
        }
    };
    let caption = {
        let flow = flow.clone();
        move || {
            let (n, total, _) = position.get();
            let service = flow.name(i18n);
            let total = total + 1;
            t_string!(i18n, form.step_caption, service, n, total).to_string()
        }
    };

    let on_submit = {
        let flow = flow.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if composing.get_value() || flow.second_tap(Step::Question(index)) {
                return;
            }
            flow.normalise_page(index);
            let answers = flow.answers_untracked();
            let regions = flow.region_list();
            match validate_pages(&flow.schema, &answers, today, &regions, |i| i == index) {
                Ok(_) => {
                    flow.set_errors(|i| i == index, Default::default());
                    let next = if from_check.get_untracked() {
                        None
                    } else {
                        flow.visible_pages(&answers)
                            .into_iter()
                            .find(|&i| i > index)
                    };
                    let (step, url) = match next {
                        Some(next) => (Step::Question(next), flow.page_url(next, false)),
                        None => (Step::Check, flow.check_url()),
                    };
                    flow.arrive(step, &answers);
                    navigate(&url, Default::default());
                }
                Err(errors) => {
                    flow.set_errors(|i| i == index, flow.messages(&errors));
                    attempts.update(|n| *n += 1);
                }
            }
        }
    };

    let fields = page
        .fields
        .iter()
        .cloned()
        .map(|field| {
            let flow = flow.clone();
            let key = field.key.clone();
            let shown = {
                let (flow, field) = (flow.clone(), field.clone());
                Memo::new(move |_| field.is_shown(&flow.answers()))
            };
            let value = {
                let (draft, key) = (flow.draft, key.clone());
                Signal::derive(move || draft.with(|d| d.answers.get(&key).cloned()))
            };
            let error = {
                let (errors, key) = (flow.errors, key.clone());
                Signal::derive(move || {
                    errors.with(|e| e.get(&key).map(|e| localized(i18n, &e.message)))
                })
            };
            let on_change = {
                let flow = flow.clone();
                Callback::new(move |v: Value| flow.set_answer(&key, v))
            };
            let on_composing = Callback::new(move |on: bool| composing.set_value(on));
            let regions = flow.regions;
            let on_retry_regions = flow.reload_regions;
            move || {
                shown.get().then(|| {
                    view! {
                        <FormField
                            field=field.clone()
                            value
                            error
                            on_change
                            on_composing
                            today
                            regions
                            on_retry_regions
                        />
                    }
                })
            }
        })
        .collect_view();

    let heading = page.title.clone();
    let service_name = {
        let flow = flow.clone();
        tr(move || flow.name(i18n))
    };
    view! {
        <Title text=title />
        {move || {
            let (href, to) = back();
            view! { <NavBar title=service_name back=Some(href) back_to=to /> }
        }}
        <main id="main" class="ch-page">
            {move || {
                let _ = attempts.get();
                let errors = page_errors.get_untracked();
                (!errors.is_empty()).then(|| view! { <ErrorSummary errors /> })
            }}
            <form class="ch-form" novalidate on:submit=on_submit>
                <p class="ch-caption">{caption}</p>
                <h1 class="ch-page__title">{move || localized(i18n, &heading)}</h1>
                {fields}
                <div class="ch-form__actions">
                    <button type="submit" class="ch-button ch-button--primary ch-button--block">
                        {t!(i18n, form.continue_button)}
                    </button>
                </div>
            </form>
            <DraftNote from=page.key.clone() />
        </main>
    }
}
