//! A question page: one page of the form's schema, GOV.UK style.

use citizen_core::form::{validate_pages, FieldRule};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::Value;

use super::{messages, use_flow, DraftNote};
use crate::components::error_summary::{ErrorLink, ErrorSummary};
use crate::components::field::{input_id, FormField};
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::state::drafts;

/// `/city/:code/service/:id/apply/{page_key}`: the question page with that key, or a
/// not-found state.
#[component]
pub fn QuestionPage(
    /// The key of the schema page.
    page_key: String,
) -> impl IntoView {
    let flow = use_flow();
    match flow.schema.pages.iter().position(|p| p.key == page_key) {
        Some(index) => view! { <QuestionForm index /> }.into_any(),
        None => {
            let start = flow.page_url(0, false);
            view! {
                    <Title text="页面不存在 - 市民之家" />
                    <NavBar title=flow.service_name.to_string() back=Some(flow.service_url()) back_to="办事指南" />
                    <main id="main" class="ch-page">
                        <ResultView
                            status=ResultStatus::Empty
                            level=1
                            title="页面不存在"
                            description="这个申请表里没有这一页，可能是链接有误或表单已更新。"
                        >
                            <A href=start exact=true attr:class="ch-button ch-button--primary">"从第一页开始填写"</A>
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
    let query = use_query_map();
    let navigate = use_navigate();
    let from_check = Memo::new(move |_| query.with(|q| q.get("from").as_deref() == Some("check")));
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
                        errors.get(&f.key).map(|m| ErrorLink {
                            target: input_id(&f.key),
                            // A consent's label is a whole statement: its message says
                            // enough on its own (请阅读声明，勾选同意后再继续).
                            text: if matches!(f.rule, FieldRule::Consent) {
                                m.clone()
                            } else {
                                format!("{}：{m}", f.label.zh)
                            },
                        })
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let has_errors = move || page_errors.with(|e| !e.is_empty());
    let title = {
        let (page_title, service) = (page.title.zh.clone(), flow.service_name.clone());
        move || {
            let prefix = if has_errors() { "错误：" } else { "" };
            format!("{prefix}{page_title} - {service} - 市民之家")
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
                return (flow.check_url(), "核对信息");
            }
            let (_, _, visible) = position.get();
            match visible.iter().rev().find(|&&i| i < index) {
                Some(&prev) => (flow.page_url(prev, false), "上一步"),
                None => (flow.service_url(), "办事指南"),
            }
        }
    };
    let caption = {
        let service = flow.service_name.clone();
        move || {
            let (n, total, _) = position.get();
            format!("{service} · 第{n}步，共{}步", total + 1)
        }
    };

    let on_submit = {
        let flow = flow.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if composing.get_value() {
                return;
            }
            flow.normalise_page(index);
            let answers = flow.answers_untracked();
            let regions = flow.region_list();
            match validate_pages(&flow.schema, &answers, today, &regions, |i| i == index) {
                Ok(_) => {
                    flow.set_errors(|i| i == index, Default::default());
                    let next = if from_check.get_untracked() {
                        flow.check_url()
                    } else {
                        match flow
                            .visible_pages(&answers)
                            .into_iter()
                            .find(|&i| i > index)
                        {
                            Some(next) => flow.page_url(next, false),
                            None => flow.check_url(),
                        }
                    };
                    navigate(&next, Default::default());
                }
                Err(errors) => {
                    flow.set_errors(|i| i == index, messages(&errors));
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
                Signal::derive(move || errors.with(|e| e.get(&key).cloned()))
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

    let page_title = page.title.zh.clone();
    let service_name = flow.service_name.clone();
    view! {
        <Title text=title />
        {move || {
            let (href, to) = back();
            view! { <NavBar title=service_name.to_string() back=Some(href) back_to=to /> }
        }}
        <main id="main" class="ch-page">
            {move || {
                let _ = attempts.get();
                let errors = page_errors.get_untracked();
                (!errors.is_empty()).then(|| view! { <ErrorSummary errors /> })
            }}
            <form class="ch-form" novalidate on:submit=on_submit>
                <p class="ch-caption">{caption}</p>
                <h1 class="ch-page__title">{page_title}</h1>
                {fields}
                <div class="ch-form__actions">
                    <button type="submit" class="ch-button ch-button--primary ch-button--block">
                        "继续"
                    </button>
                </div>
            </form>
            <DraftNote from=page.key.clone() />
        </main>
    }
}
