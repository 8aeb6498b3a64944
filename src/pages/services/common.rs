//! Small helpers the look-up-and-pay pages share: times as they read, the timeline as
//! [`Steps`](crate::components::steps::Steps), the heading focus after an in-page change of
//! state, and what a results page says when its lookup cannot be loaded and links below it.

use citizen_core::date::CalendarDate;
use citizen_core::routes::Route;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ApiError;
use crate::components::loaded::Failure;
use crate::components::steps::{Step, StepStatus};
use crate::i18n::{t, t_string, Locale};
use crate::l10n::{api_error_message, document_title, localized, tr, I18n};

/// An RFC 3339 time with the `+08:00` offset (`2026-03-10T14:05:09+08:00`) as it reads, to
/// the minute: `2026年3月10日 14:05`, `10 March 2026, 14:05`. Read by position, never by JS
/// `Date` (DESIGN.md); anything else is shown as it came.
pub(super) fn china_time(i18n: I18n, rfc3339: &str) -> String {
    let b = rfc3339.as_bytes();
    let shape = b.len() >= 16 && b.get(10) == Some(&b'T') && b.get(13) == Some(&b':');
    let date = rfc3339.get(0..10).and_then(|d| CalendarDate::parse(d).ok());
    match (shape, date, rfc3339.get(11..16)) {
        (true, Some(date), Some(time)) => match i18n.get_locale() {
            Locale::en => format!("{}, {time}", date.to_en()),
            _ => format!("{} {time}", date.to_zh()),
        },
        _ => rfc3339.to_string(),
    }
}

/// A plain calendar date (`2026-10-31`) as it reads (`2026年10月31日`, `31 October 2026`);
/// anything else as it came.
pub(super) fn calendar_date(i18n: I18n, date: &str) -> String {
    match CalendarDate::parse(date) {
        Ok(d) => match i18n.get_locale() {
            Locale::en => d.to_en(),
            _ => d.to_zh(),
        },
        Err(_) => date.to_string(),
    }
}

/// A 账期 (`2026-10`) as it reads: `2026年10月`, `October 2026`; anything else as it came.
pub(super) fn bill_period(i18n: I18n, period: &str) -> String {
    let parts = period.split_once('-').and_then(|(y, m)| {
        let month = m.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?;
        (y.len() == 4 && y.bytes().all(|c| c.is_ascii_digit())).then_some((y, month))
    });
    match parts {
        Some((year, month)) => match i18n.get_locale() {
            Locale::en => {
                let name = year
                    .parse::<u16>()
                    .ok()
                    .and_then(|y| CalendarDate::new(y, month as u8, 1))
                    .map_or("", |d| d.month_en());
                format!("{name} {year}")
            }
            _ => format!("{year}年{month}月"),
        },
        None => period.to_string(),
    }
}

/// The steps of a timeline (`done` steps first): the first step not done is the current
/// one (进行中) when `under_way` (an order being paid, a submission being handled), else
/// still to come (an order waiting for 确认支付); a step's time, when it has one, is its
/// description.
pub(super) fn timeline_steps(
    i18n: I18n,
    timeline: &[citizen_core::api::orders::TimelineStep],
    under_way: bool,
) -> Vec<Step> {
    let current = timeline.iter().position(|s| !s.done).filter(|_| under_way);
    timeline
        .iter()
        .enumerate()
        .map(|(i, s)| Step {
            title: localized(i18n, &s.label),
            description: s
                .at
                .as_deref()
                .map(|at| china_time(i18n, at))
                .unwrap_or_default(),
            status: if s.done {
                StepStatus::Done
            } else if Some(i) == current {
                StepStatus::Current
            } else {
                StepStatus::Upcoming
            },
        })
        .collect()
}

/// Moves focus to the page's heading a frame from now: after a change of state inside one
/// page (a form sent, a payment under way), as a navigation would.
pub(super) fn focus_heading_soon() {
    crate::focus::focus_late_page(true);
}

/// What a failed load of a lookup says: not found (another session's, expired, mistyped)
/// with 重新查询, or an error with 重试.
pub(super) fn lookup_failure(i18n: I18n, lookup_path: String, e: ApiError) -> Failure {
    if e.is_not_found() {
        Failure::empty(
            tr(move || t_string!(i18n, services.lookup_missing_title)),
            tr(move || t_string!(i18n, services.lookup_missing_body)),
        )
        .document_title(tr(move || document_title(i18n, t_string!(i18n, services.lookup_missing_title))))
        .actions(move || {
            view! {
                <A href=lookup_path.clone() attr:class="ch-button ch-button--primary">{t!(i18n, services.look_up_again)}</A>
            }
        })
    } else {
        Failure::error(
            tr(move || t_string!(i18n, common.load_failed)),
            tr(move || api_error_message(i18n, &e)),
        )
        .document_title(tr(move || {
            document_title(i18n, t_string!(i18n, common.load_failed))
        }))
    }
}

/// The links under every results page: 重新查询 and 我的办件.
pub(super) fn result_links(i18n: I18n, lookup_path: String) -> impl IntoView {
    view! {
        <div class="ch-form__actions">
            <A href=lookup_path exact=true attr:class="ch-button ch-button--block">{t!(i18n, services.look_up_again)}</A>
            <A href=Route::MyItems.path() attr:class="ch-button ch-button--block">{t!(i18n, services.view_my_items)}</A>
        </div>
    }
}

/// The link of a fine or bill to the order paying or having paid it (查看订单, or
/// 查看缴费凭证 once paid); the order page then offers 返回查询结果 to this results page.
pub(super) fn order_link(i18n: I18n, order_id: String, paid: bool) -> impl IntoView {
    let href = Route::order(&order_id).path();
    let location = leptos_router::hooks::use_location();
    view! {
        <A
            href=href
            attr:class="ch-results__link"
            on:click=move |_| {
                remember_origin(&order_id, &location.pathname.get_untracked());
            }
        >
            {move || if paid { t_string!(i18n, services.view_receipt) } else { t_string!(i18n, services.view_order) }}
        </A>
    }
}

/// The storage key of the results page an order was created from (for 返回查询结果).
fn from_slot(order_id: &str) -> String {
    format!("ch.order-from.{order_id}")
}

/// Remembers that order `order_id` was created on the results page `path`.
pub(super) fn remember_origin(order_id: &str, path: &str) {
    // Only a convenience for 返回查询结果: when the tab's storage is off, the link is left out.
    let _ = crate::state::storage::session_set(&from_slot(order_id), path);
}

/// The results page order `order_id` was created from, if this tab remembers it.
pub(super) fn order_origin(order_id: &str) -> Option<String> {
    crate::state::storage::session_get(&from_slot(order_id))
}
