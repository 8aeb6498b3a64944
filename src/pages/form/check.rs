//! 核对信息 (check your answers) and submitting.
//!
//! The answers are checked again with `validate_answers` (a conditional question may have
//! appeared, a date may have passed overnight); any error sends the resident to the first
//! page with one, which then returns here. Submitting posts the normalised answers with
//! the draft's idempotency key:
//!
//! - the button is disabled and says 正在提交 while the request is out, and a second tap
//!   is ignored; the key makes any repeat (a retry, a reload and submitting again) end in
//!   the same single record;
//! - no answer or a 5xx: an error with 重新提交, the same key and the answers kept;
//! - 422: the server's messages go onto their fields and the resident is taken to the
//!   first page with one;
//! - 409 (the key already stored other answers: they were sent, the connection dropped,
//!   then they were changed): the answers sent then are sent again, which returns the
//!   first successful result. The confirmation then says plainly which changes were not
//!   sent, and the changed answers stay on the device as a new form instance (new key)
//!   that the resident may submit as a new application;
//! - success: the receipt is kept, the draft deleted, and the confirmation page shown.

use std::collections::BTreeMap;

use citizen_core::api::{SubmissionRequest, SubmissionResponse};
use citizen_core::catalog::LocalizedText;
use citizen_core::form::{validate_answers, Answers, FieldErrors, FieldRule};
use citizen_core::routes::segment;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::draft_note::DraftNote;
use super::flow::{use_flow, Flow, ShownError, Step};
use super::taps::guard_submit_tap;
use crate::api::{self, SubmitError};
use crate::components::check_answers::{AnswerRow, AnswerSection, CheckAnswers};
use crate::components::loaded::{Failure, Loaded};
use crate::components::nav_bar::NavBar;
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{api_error_message, document_title, localized, tr, I18n};
use crate::state::drafts::{self, Draft, Receipt, ReceiptFact};

/// `/city/:code/service/:id/apply/check`.
#[component]
pub fn CheckPage() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let today = drafts::today_in_china();

    // None while the region data loads; then the check of every answer.
    let checked = {
        let flow = flow.clone();
        Memo::new(move |_| {
            let answers = flow.answers();
            match flow.regions.get() {
                Some(Ok(regions)) => {
                    Some(validate_answers(&flow.schema, &answers, today, &regions))
                }
                _ => None,
            }
        })
    };
    // Submitted: the draft is gone, nothing more to check here.
    let submitted = RwSignal::new(false);

    // Any error: to the first page with one, which comes back here after Continue.
    {
        let (flow, navigate) = (flow.clone(), navigate.clone());
        Effect::new(move |_| {
            if submitted.get() {
                return;
            }
            if let Some(Err(errors)) = checked.get() {
                if flow.draft.with_untracked(|d| d.answers.is_empty()) {
                    // Nothing entered yet (a bookmark, a discarded draft): just start.
                    let first = flow.visible_pages(&Answers::new()).first().copied();
                    navigate(&flow.page_url(first.unwrap_or(0), false), replace());
                } else {
                    show_errors(&flow, &navigate, &errors, flow.messages(&errors));
                }
            }
        });
    }

    let submit = Action::new_local(|input: &(String, String, SubmissionRequest)| {
        let (service, key, body) = input.clone();
        async move { api::submit(&service, &key, &body).await }
    });
    // Why the last send failed: `None` for the 409 that could not be recovered.
    let failure = RwSignal::new(None::<Option<crate::api::ApiError>>);
    let resent = StoredValue::new(false);

    let send = {
        let flow = flow.clone();
        move |answers: Answers| {
            if submit.pending().get_untracked() {
                return;
            }
            failure.set(None);
            let key = flow.draft.with_untracked(|d| d.idempotency_key.clone());
            let body = SubmissionRequest {
                city_code: flow.city_code.to_string(),
                answers,
            };
            submit.dispatch((flow.service_id.to_string(), key, body));
        }
    };

    let on_submit = {
        let (flow, send) = (flow.clone(), send.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            // The second tap of the last page's 继续 does not send the application.
            if submit.pending().get_untracked() || flow.second_tap(Step::Check) {
                return;
            }
            let Some(Ok(answers)) = checked.get_untracked() else {
                return;
            };
            // The first send whose outcome is unknown is remembered (see the module docs).
            flow.draft.update(|d| {
                if d.pending.is_none() {
                    d.pending = Some(answers.clone());
                }
            });
            flow.save();
            resent.set_value(false);
            guard_submit_tap();
            send(answers);
        }
    };

    {
        let flow = flow.clone();
        Effect::new(move |_| {
            let Some(outcome) = submit.value().get() else {
                return;
            };
            match outcome {
                Ok(response) => {
                    submitted.set(true);
                    // After a 409 the answers that were stored are not the ones on screen.
                    let unsent = if resent.get_value() {
                        checked
                            .get_untracked()
                            .and_then(Result::ok)
                            .map(|now| changed_questions(&flow, &response.answers, &now))
                            .unwrap_or_default()
                    } else {
                        Vec::new()
                    };
                    finish(&flow, &navigate, response, unsent);
                }
                Err(SubmitError::Rejected { fields, messages }) => {
                    clear_pending(&flow);
                    let shown: BTreeMap<String, ShownError> = fields
                        .iter()
                        .map(|(key, code)| {
                            let message =
                                messages.get(key).cloned().unwrap_or_else(|| LocalizedText {
                                    zh: t_string!(i18n, form.server_rejected, code).to_string(),
                                    en: t_string!(i18n, form.server_rejected, code).to_string(),
                                });
                            let names_field = matches!(
                                code.as_str(),
                                "required" | "not_chosen" | "consent_required"
                            );
                            (
                                key.clone(),
                                ShownError {
                                    message,
                                    names_field,
                                },
                            )
                        })
                        .collect();
                    show_server_errors(&flow, &navigate, shown);
                }
                Err(SubmitError::KeyReused) => {
                    let first = flow.draft.with_untracked(|d| d.pending.clone());
                    match first {
                        Some(first) if !resent.get_value() => {
                            resent.set_value(true);
                            send(first);
                        }
                        _ => failure.set(Some(None)),
                    }
                }
                Err(SubmitError::Api(e)) => {
                    // A 4xx is a definite "not stored"; otherwise it may have been.
                    if matches!(e, crate::api::ApiError::Server { status, .. } if status < 500) {
                        clear_pending(&flow);
                    }
                    failure.set(Some(Some(e)));
                }
            }
        });
    }

    let answer_sections = {
        let flow = flow.clone();
        move |normalised: &Answers| sections(&flow, i18n, normalised)
    };
    let service = {
        let flow = flow.clone();
        tr(move || flow.name(i18n))
    };
    let last_page = {
        let flow = flow.clone();
        move || {
            let visible = flow.visible_pages(&flow.answers_untracked());
            flow.page_url(visible.last().copied().unwrap_or(0), false)
        }
    };
    let title_flow = flow.clone();
    let (regions, reload_regions) = (flow.regions, flow.reload_regions);
    view! {
        <Title text=move || document_title(i18n, &format!("{} - {}", t_string!(i18n, form.check_title), title_flow.name(i18n))) />
        <NavBar title=service back=Some(last_page()) back_to=tr(move || t_string!(i18n, form.previous_step)) />
        <main id="main" class="ch-page">
            <Loaded
                state=move || match checked.get() {
                    Some(Ok(normalised)) => Some(Ok(normalised)),
                    // Errors: on the way to the first page with one.
                    Some(Err(_)) => None,
                    None => regions.get().and_then(Result::err).map(Err),
                }
                retry=reload_regions
                failure=move |message: String| {
                    Failure::error(tr(move || t_string!(i18n, form.loading_failed)), message)
                }
                rows=6
                let:normalised
            >
                {
                    let on_submit = on_submit.clone();
                    view! {
                        <p class="ch-caption">{service}</p>
                        <h1 class="ch-page__title">{t!(i18n, form.check_title)}</h1>
                        <p class="ch-check__intro">{t!(i18n, form.check_intro)}</p>
                        {
                            let answer_sections = answer_sections.clone();
                            move || view! { <CheckAnswers sections=answer_sections(&normalised) /> }
                        }
                        <form class="ch-form" novalidate on:submit=on_submit>
                            <h2 class="ch-section__title ch-form__heading">{t!(i18n, form.submit_heading)}</h2>
                            <p>{t!(i18n, form.submit_body)}</p>
                            {move || failure.get().map(|message| view! {
                                <div class="ch-form-failure" role="alert">
                                    <h3 class="ch-form-failure__title">{t!(i18n, form.submit_failed_title)}</h3>
                                    <p>
                                        {match message {
                                            Some(e) => api_error_message(i18n, &e),
                                            None => t_string!(i18n, form.already_sent_failure).to_string(),
                                        }}
                                    </p>
                                    <p>{t!(i18n, form.submit_failed_body)}</p>
                                </div>
                            })}
                            <div class="ch-form__actions">
                                <button
                                    type="submit"
                                    class="ch-button ch-button--primary ch-button--block"
                                    disabled=move || submit.pending().get()
                                    aria-describedby=move || submit.pending().get().then_some("submit-status")
                                >
                                    {move || {
                                        if submit.pending().get() {
                                            t_string!(i18n, form.submitting)
                                        } else if failure.with(Option::is_some) {
                                            t_string!(i18n, form.resubmit)
                                        } else {
                                            t_string!(i18n, form.submit)
                                        }
                                    }}
                                </button>
                                <p id="submit-status" class="ch-visually-hidden" role="status">
                                    {move || submit.pending().get().then(|| t_string!(i18n, form.submitting_status))}
                                </p>
                            </div>
                        </form>
                        <DraftNote from=segment::CHECK.to_string() />
                    }
                }
            </Loaded>
        </main>
    }
}

/// The answer sections of the check page: one per page shown, each answer as it reads.
fn sections(flow: &Flow, i18n: I18n, normalised: &Answers) -> Vec<AnswerSection> {
    let regions = flow.region_list();
    let visible = flow.visible_pages(normalised);
    visible
        .into_iter()
        .filter_map(|index| {
            let page = flow.schema.pages.get(index)?;
            let rows = page
                .fields
                .iter()
                .filter(|f| f.is_shown(normalised))
                .map(|f| AnswerRow {
                    label: localized(i18n, &f.label),
                    value: normalised.get(&f.key).map_or_else(
                        || t_string!(i18n, form.not_answered).to_string(),
                        |v| localized(i18n, &f.display_answer(v, &regions)),
                    ),
                    change_href: flow.page_url(index, true),
                })
                .collect();
            Some(AnswerSection {
                title: localized(i18n, &page.title),
                rows,
            })
        })
        .collect()
}

fn clear_pending(flow: &Flow) {
    flow.draft.update(|d| d.pending = None);
    flow.save();
}

/// Puts `shown` (field key → message) on the fields and opens the first page with one.
fn show_errors(
    flow: &Flow,
    navigate: &(impl Fn(&str, NavigateOptions) + Clone),
    errors: &FieldErrors,
    shown: BTreeMap<String, ShownError>,
) {
    let first = errors.keys().filter_map(|k| flow.page_of(k)).min();
    flow.set_errors(|_| true, shown);
    if let Some(page) = first {
        navigate(&flow.page_url(page, true), replace());
    }
}

/// [`show_errors`] for the server's field errors (which may name fields the browser
/// accepted: its copy of the rules or data was older).
fn show_server_errors(
    flow: &Flow,
    navigate: &(impl Fn(&str, NavigateOptions) + Clone),
    shown: BTreeMap<String, ShownError>,
) {
    let first = shown.keys().filter_map(|k| flow.page_of(k)).min();
    flow.set_errors(|_| true, shown);
    if let Some(page) = first {
        navigate(&flow.page_url(page, true), Default::default());
    }
}

/// After a successful submission: keep the receipt, delete the draft, show the
/// confirmation. A push, not a replace: Back then shows this page saying the form was
/// submitted ([`SubmittedPage`](super::done::SubmittedPage)), and leptos_router 0.8.17 keeps its own path
/// stack in step only for pushes (after a replace, Back and then a link to the replaced
/// URL would change the view without changing the address).
///
/// `unsent` names the questions whose answers on screen differ from the stored ones (a
/// 409 recovered the first send). Their answers are then kept as a new form instance,
/// with a new idempotency key, so nothing typed is lost and the resident may submit them
/// as a new application from the confirmation page.
fn finish(
    flow: &Flow,
    navigate: &(impl Fn(&str, NavigateOptions) + Clone),
    response: SubmissionResponse,
    unsent: Vec<LocalizedText>,
) {
    let receipt = Receipt::new(&response, receipt_facts(flow, &response.answers), unsent);
    drafts::save_receipt(&flow.city_code, &flow.service_id, &receipt);
    if receipt.unsent_changes.is_empty() {
        drafts::delete(&flow.city_code, &flow.service_id);
        flow.start_over();
    } else {
        let changed = Draft {
            answers: flow.answers_untracked(),
            ..Draft::new()
        };
        flow.draft.set(changed);
        flow.errors.set(BTreeMap::new());
        flow.save();
    }
    flow.receipt.set(Some(receipt));
    navigate(&flow.done_url(), Default::default());
}

/// The answers the confirmation repeats: choices, dates and numbers (预约日期, 婚姻登记机关,
/// 业务类型), never free text, IDs, phones, plates or places, in question order.
fn receipt_facts(flow: &Flow, stored: &Answers) -> Vec<ReceiptFact> {
    let regions = flow.region_list();
    flow.schema
        .fields()
        .filter(|(_, f)| {
            matches!(
                f.rule,
                FieldRule::Choice { .. }
                    | FieldRule::MultipleChoice { .. }
                    | FieldRule::Date { .. }
                    | FieldRule::Integer { .. }
            )
        })
        .filter_map(|(_, f)| {
            let value = stored.get(&f.key)?;
            Some(ReceiptFact {
                label: f.label.clone(),
                value: f.display_answer(value, &regions),
            })
        })
        .collect()
}

/// The questions whose answer in `now` differs from the one in `stored`, in question
/// order.
fn changed_questions(flow: &Flow, stored: &Answers, now: &Answers) -> Vec<LocalizedText> {
    flow.schema
        .fields()
        .filter(|(_, f)| stored.get(&f.key) != now.get(&f.key))
        .map(|(_, f)| f.label.clone())
        .collect()
}

/// Navigation that replaces the current history entry.
fn replace() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..Default::default()
    }
}
