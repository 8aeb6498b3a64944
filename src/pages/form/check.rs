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
//!   first successful result;
//! - success: the receipt is kept, the draft deleted, and the confirmation page shown.

use std::collections::BTreeMap;

use citizen_core::api::{SubmissionRequest, SubmissionResponse};
use citizen_core::form::{validate_answers, Answers, FieldErrors};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::{messages, use_flow, DraftNote, Flow};
use crate::api::{self, SubmitError};
use crate::components::check_answers::{AnswerRow, AnswerSection, CheckAnswers};
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::components::skeleton::Skeleton;
use crate::state::drafts;

/// `/city/:code/service/:id/apply/check`.
#[component]
pub fn CheckPage() -> impl IntoView {
    let flow = use_flow();
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
                    show_errors(&flow, &navigate, &errors, messages(&errors));
                }
            }
        });
    }

    let submit = Action::new_local(|input: &(String, String, SubmissionRequest)| {
        let (service, key, body) = input.clone();
        async move { api::submit(&service, &key, &body).await }
    });
    let failure = RwSignal::new(None::<String>);
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
            if submit.pending().get_untracked() {
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
                    finish(&flow, &navigate, response);
                }
                Err(SubmitError::Rejected { fields, messages }) => {
                    clear_pending(&flow);
                    let shown: BTreeMap<String, String> = fields
                        .iter()
                        .map(|(key, code)| {
                            let text = messages.get(key).map_or_else(
                                || format!("这一项未通过审核（{code}），请核对后重新填写。"),
                                |m| m.zh.clone(),
                            );
                            (key.clone(), text)
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
                        _ => failure.set(Some(
                            "这份申请此前已经提交过。请返回办事指南后重新开始办理。".into(),
                        )),
                    }
                }
                Err(SubmitError::Api(e)) => {
                    // A 4xx is a definite "not stored"; otherwise it may have been.
                    if matches!(e, crate::api::ApiError::Server { status, .. } if status < 500) {
                        clear_pending(&flow);
                    }
                    failure.set(Some(e.to_string()));
                }
            }
        });
    }

    let answer_sections = {
        let flow = flow.clone();
        move |normalised: &Answers| sections(&flow, normalised)
    };
    let service = flow.service_name.clone();
    let last_page = {
        let flow = flow.clone();
        move || {
            let visible = flow.visible_pages(&flow.answers_untracked());
            flow.page_url(visible.last().copied().unwrap_or(0), false)
        }
    };
    let reload_regions = flow.reload_regions;
    view! {
        <Title text=format!("核对信息 - {service} - 市民之家") />
        <NavBar title=service.to_string() back=Some(last_page()) back_to="上一步" />
        <main id="main" class="ch-page">
            {move || match checked.get() {
                None => match flow.regions.get() {
                    Some(Err(message)) => view! {
                        <ResultView status=ResultStatus::Error level=1 title="加载失败" description=message>
                            <button type="button" class="ch-button ch-button--primary" on:click=move |_| reload_regions.run(())>
                                "重试"
                            </button>
                        </ResultView>
                    }
                    .into_any(),
                    _ => view! { <Skeleton rows=6 /> }.into_any(),
                },
                Some(Err(_)) => view! { <Skeleton rows=6 /> }.into_any(),
                Some(Ok(normalised)) => {
                    let on_submit = on_submit.clone();
                    view! {
                        <p class="ch-caption">{service.to_string()}</p>
                        <h1 class="ch-page__title">"核对信息"</h1>
                        <p class="ch-check__intro">"提交前请核对以下信息。需要更改时，点击该项的“修改”。"</p>
                        <CheckAnswers sections=answer_sections(&normalised) />
                        <form class="ch-form" novalidate on:submit=on_submit>
                            <h2 class="ch-section__title ch-form__heading">"提交申请"</h2>
                            <p>"提交后，办理部门将按您填写的信息受理，并给出受理编号。"</p>
                            {move || failure.get().map(|message| view! {
                                <div class="ch-form-failure" role="alert">
                                    <h3 class="ch-form-failure__title">"提交没有成功"</h3>
                                    <p>{message}</p>
                                    <p>"填写的内容都还在。请稍后点击“重新提交”；重复提交不会产生两份申请。"</p>
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
                                            "正在提交…"
                                        } else if failure.with(Option::is_some) {
                                            "重新提交"
                                        } else {
                                            "提交申请"
                                        }
                                    }}
                                </button>
                                <p id="submit-status" class="ch-visually-hidden" role="status">
                                    {move || submit.pending().get().then_some("正在提交，请稍候")}
                                </p>
                            </div>
                        </form>
                        <DraftNote from="check".to_string() />
                    }
                    .into_any()
                }
            }}
        </main>
    }
}

/// The answer sections of the check page: one per page shown, each answer as it reads.
fn sections(flow: &Flow, normalised: &Answers) -> Vec<AnswerSection> {
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
                    label: f.label.zh.clone(),
                    value: normalised.get(&f.key).map_or_else(
                        || "未填写".to_string(),
                        |v| f.display_answer(v, &regions).zh,
                    ),
                    change_href: flow.page_url(index, true),
                })
                .collect();
            Some(AnswerSection {
                title: page.title.zh.clone(),
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
    shown: BTreeMap<String, String>,
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
    shown: BTreeMap<String, String>,
) {
    let first = shown.keys().filter_map(|k| flow.page_of(k)).min();
    flow.set_errors(|_| true, shown);
    if let Some(page) = first {
        navigate(&flow.page_url(page, true), Default::default());
    }
}

/// After a successful submission: keep the receipt, delete the draft, show the
/// confirmation (replacing this page, so Back does not return to a spent form).
fn finish(
    flow: &Flow,
    navigate: &(impl Fn(&str, NavigateOptions) + Clone),
    response: SubmissionResponse,
) {
    drafts::save_receipt(&flow.city_code, &flow.service_id, &response);
    drafts::delete(&flow.city_code, &flow.service_id);
    flow.receipt.set(Some(response));
    navigate(&flow.done_url(), replace());
}

/// Navigation that replaces the current history entry.
fn replace() -> NavigateOptions {
    NavigateOptions {
        replace: true,
        ..Default::default()
    }
}
