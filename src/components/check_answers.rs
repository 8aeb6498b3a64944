//! CheckAnswers (GOV.UK summary list): the answers of a form grouped by page, each with a
//! 修改 (change) link back to its question.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{t, use_i18n};

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    /// The question, for example 居民身份证号码.
    pub label: String,
    /// The answer as it reads (option labels, region names, 已同意), or 未填写.
    pub value: String,
    /// Where 修改 goes: the question's page, which then returns here.
    pub change_href: String,
}

/// The answers of one question page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerSection {
    /// The page title, for example 男方信息.
    pub title: String,
    /// Its answers, in question order.
    pub rows: Vec<AnswerRow>,
}

/// Each section as an `<h2>` and a description list; the 修改 link's accessible name
/// names the page and question (修改 男方信息 姓名), its visible text stays 修改.
#[component]
pub fn CheckAnswers(
    /// The sections, in page order.
    sections: Vec<AnswerSection>,
) -> impl IntoView {
    let i18n = use_i18n();
    sections
        .into_iter()
        .map(|section| {
            let title = section.title.clone();
            let rows = section
                .rows
                .into_iter()
                .map(|row| {
                    let hidden = format!("{} {}", title, row.label);
                    view! {
                        <div class="ch-summary-list__row">
                            <dt class="ch-summary-list__key">{row.label}</dt>
                            <dd class="ch-summary-list__value">{row.value}</dd>
                            <dd class="ch-summary-list__actions">
                                <A href=row.change_href exact=true attr:class="ch-summary-list__change">
                                    {t!(i18n, form.change)}
                                    " "
                                    <span class="ch-visually-hidden">{hidden}</span>
                                </A>
                            </dd>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <section class="ch-summary">
                    <h2 class="ch-summary__title">{section.title}</h2>
                    <dl class="ch-summary-list">{rows}</dl>
                </section>
            }
        })
        .collect_view()
}
