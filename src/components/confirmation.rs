//! Confirmation (GOV.UK confirmation page, antd-mobile Result vocabulary): the panel that
//! says the application was received, with its 受理编号, and what happens next.

use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// The panel (`<h1>` 申请已提交 and the reference number) followed by the submission
/// time, the answers worth repeating and the next steps.
#[component]
pub fn Confirmation(
    /// 受理编号, for example `20260310-310100-7K3QW9XZ2M`.
    #[prop(into)]
    reference: String,
    /// When it was received, as it should read (北京时间).
    #[prop(into)]
    submitted_at: Signal<String>,
    /// What happens next, from the service's form.
    #[prop(into)]
    next_steps: Signal<String>,
    /// Answers to repeat as (question, answer), for example (预约日期, 2026年3月10日); none
    /// by default.
    #[prop(optional, into)]
    details: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let details = move || {
        details
            .get()
            .into_iter()
            .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
            .collect_view()
    };
    view! {
        <div class="ch-confirmation">
            <h1 class="ch-confirmation__title">{t!(i18n, form.done_title)}</h1>
            <p class="ch-confirmation__body">
                {t!(i18n, form.reference)}
                <strong class="ch-confirmation__reference">{reference}</strong>
            </p>
        </div>
        <dl class="ch-facts ch-confirmation__facts">
            <dt>{t!(i18n, form.submitted_at)}</dt>
            <dd>{submitted_at}</dd>
            {details}
        </dl>
        <p class="ch-caption">{t!(i18n, form.keep_reference)}</p>
        <section class="ch-section">
            <h2 class="ch-section__title">{t!(i18n, form.next_steps)}</h2>
            <p>{next_steps}</p>
        </section>
    }
}
