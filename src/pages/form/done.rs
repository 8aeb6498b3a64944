//! 申请已提交: the confirmation page, and what the spent form's pages say afterwards.

use citizen_core::date::CalendarDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::flow::use_flow;
use crate::components::confirmation::Confirmation;
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::l10n::{document_title, localized, tr, I18n};
use crate::state::drafts;

/// `/city/:code/service/:id/apply/done`: the 受理编号, the time, the answers worth repeating
/// (date, office, type) and what happens next, from the submission just made or, after a
/// reload, from the receipt kept on the device. When changes made after an earlier send
/// did not reach us (a 409 recovered that send), it says so, names the questions, and
/// offers to submit the changed answers as a new application.
#[component]
pub fn DonePage() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let receipt = flow
        .receipt
        .get_untracked()
        .or_else(|| drafts::load_receipt(&flow.city_code, &flow.service_id));
    let service = {
        let flow = flow.clone();
        tr(move || flow.name(i18n))
    };
    let title_flow = flow.clone();
    let home = flow.city_url();
    let guide = flow.service_url();
    match receipt {
        Some(r) => {
            let response = r.response;
            let submitted_at = tr(move || china_time(i18n, &response.submitted_at));
            let next_steps = {
                let text = response.next_steps.clone();
                tr(move || localized(i18n, &text))
            };
            let facts = r.facts;
            let details = Signal::derive(move || {
                facts
                    .iter()
                    .map(|f| (localized(i18n, &f.label), localized(i18n, &f.value)))
                    .collect::<Vec<_>>()
            });
            let unsent = r.unsent_changes;
            let department = flow.department.clone();
            let check = flow.check_url();
            let unsent_view = (!unsent.is_empty()).then(|| {
                let items = move || {
                    unsent
                        .iter()
                        .map(|label| view! { <li>{localized(i18n, label)}</li> })
                        .collect_view()
                };
                view! {
                    <div class="ch-notice ch-notice--warning" role="note">
                        <h2 class="ch-notice__title">{t!(i18n, form.unsent_title)}</h2>
                        <p>{t!(i18n, form.unsent_body)}</p>
                        <ul>{items}</ul>
                        <p>
                            {move || {
                                let department = localized(i18n, &department);
                                t_string!(i18n, form.unsent_next, department).to_string()
                            }}
                        </p>
                        <A href=check exact=true attr:class="ch-button ch-button--block">
                            {t!(i18n, form.unsent_submit_new)}
                        </A>
                    </div>
                }
            });
            view! {
                <Title text=move || document_title(i18n, &format!("{} - {}", t_string!(i18n, form.done_title), title_flow.name(i18n))) />
                <NavBar title=service />
                <main id="main" class="ch-page">
                    <p class="ch-caption">{service}</p>
                    <Confirmation
                        reference=response.reference
                        submitted_at=submitted_at
                        next_steps=next_steps
                        details=details
                    />
                    {unsent_view}
                    <div class="ch-form__actions">
                        <A href=home exact=true attr:class="ch-button ch-button--primary ch-button--block">{t!(i18n, form.back_to_city)}</A>
                        <A href=guide exact=true attr:class="ch-button ch-button--block">{t!(i18n, form.view_guide)}</A>
                    </div>
                </main>
            }
            .into_any()
        }
        None => view! {
            <Title text=move || document_title(i18n, &format!("{} - {}", t_string!(i18n, form.no_receipt_title), title_flow.name(i18n))) />
            <NavBar title=service back=Some(guide.clone()) back_to=tr(move || t_string!(i18n, form.guide)) />
            <main id="main" class="ch-page">
                <ResultView
                    status=ResultStatus::Empty
                    level=1
                    title=tr(move || t_string!(i18n, form.no_receipt_title))
                    description=tr(move || t_string!(i18n, form.no_receipt_body))
                >
                    <A href=guide exact=true attr:class="ch-button ch-button--primary">{t!(i18n, form.view_guide)}</A>
                </ResultView>
            </main>
        }
        .into_any(),
    }
}

/// A page of a form this tab has just submitted, reached with Back from the confirmation
/// (the draft is gone): says so, with the way to the receipt, the service guide, or a new
/// application, instead of an empty question.
#[component]
pub fn SubmittedPage() -> impl IntoView {
    let flow = use_flow();
    let i18n = use_i18n();
    let service = {
        let flow = flow.clone();
        tr(move || flow.name(i18n))
    };
    let title_flow = flow.clone();
    let guide = flow.service_url();
    let again = flow.start_url();
    view! {
        <Title text=move || document_title(i18n, &format!("{} - {}", t_string!(i18n, form.submitted_title), title_flow.name(i18n))) />
        <NavBar title=service back=Some(guide.clone()) back_to=tr(move || t_string!(i18n, form.guide)) />
        <main id="main" class="ch-page">
            <ResultView
                status=ResultStatus::Empty
                level=1
                title=tr(move || t_string!(i18n, form.submitted_title))
                description=tr(move || t_string!(i18n, form.submitted_body))
            >
                <A href=flow.done_url() exact=true attr:class="ch-button ch-button--primary">{t!(i18n, form.view_receipt)}</A>
                <A href=guide exact=true attr:class="ch-button">{t!(i18n, form.view_guide)}</A>
                <A href=again exact=true attr:class="ch-button">{t!(i18n, form.apply_again)}</A>
            </ResultView>
        </main>
    }
}

/// An RFC 3339 time with the `+08:00` offset (`2026-03-10T14:05:09+08:00`) as it reads:
/// `2026年3月10日 14:05:09（北京时间 UTC+08:00）`, `10 March 2026, 14:05:09 (Beijing time,
/// UTC+08:00)`. Parsed by position, never by JS `Date`; anything else is shown as it came.
fn china_time(i18n: I18n, rfc3339: &str) -> String {
    let b = rfc3339.as_bytes();
    let shape = b.len() == 25 && b[10] == b'T' && b[13] == b':' && b[16] == b':';
    let date = rfc3339.get(0..10).and_then(|d| CalendarDate::parse(d).ok());
    match (
        shape && rfc3339.ends_with("+08:00"),
        date,
        rfc3339.get(11..19),
    ) {
        (true, Some(date), Some(time)) => {
            let date = match i18n.get_locale() {
                Locale::en => date.to_en(),
                _ => date.to_zh(),
            };
            t_string!(i18n, form.china_time, date, time).to_string()
        }
        _ => rfc3339.to_string(),
    }
}
