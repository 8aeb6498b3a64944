//! The results of a traffic lookup: every violation with its time (+08:00), place, what
//! happened, fine (¥), points, whether it can be paid online here (or why not) and its
//! status; an honest empty state when there are none. Payable, unpaid fines can be chosen
//! and paid in one order ([`Checkout`]).

use std::collections::BTreeSet;

use citizen_core::api::lookups::{TrafficLookupResponse, Violation, ViolationStatus};
use citizen_core::api::orders::ItemKind;
use citizen_core::catalog::LocalizedText;
use citizen_core::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{china_time, lookup_failure, order_link, result_links};
use super::lookup::service_nav;
use super::pay::{take_choice, Checkout};
use crate::api;
use crate::components::amount::Amount;
use crate::components::loaded::Loaded;
use crate::components::result::{ResultStatus, ResultView};
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{api_error_message, document_title, localized, tr, I18n};

/// Whether `v` can be chosen for paying now.
fn choosable(v: &Violation, payable_here: bool) -> bool {
    payable_here && v.payable && v.status == ViolationStatus::Unpaid
}

/// The results of traffic lookup `lookup_id` of service `id` in city `code`.
#[component]
pub(super) fn TrafficResults(
    code: String,
    id: String,
    lookup_id: String,
    /// Whether fines can be paid online in this city (`online.payable`).
    payable: bool,
    /// The service's name.
    name: LocalizedText,
) -> impl IntoView {
    let i18n = use_i18n();
    let lookup = {
        let lookup_id = lookup_id.clone();
        LocalResource::new(move || {
            let lookup_id = lookup_id.clone();
            async move { api::traffic_lookup_result(&lookup_id).await }
        })
    };
    let lookup_path = Route::lookup(&code, &id).path();
    let here = Route::lookup_result(&code, &id, &lookup_id).path();
    let checkout = Checkout::new(
        code.clone(),
        lookup_id.clone(),
        here,
        Callback::new(move |()| lookup.refetch()),
    );
    let chosen = RwSignal::new(BTreeSet::<String>::new());
    // Back from the identity page: the fines chosen before are chosen again.
    {
        let lookup_id = lookup_id.clone();
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            let Some(Ok(data)) = lookup.get() else {
                return false;
            };
            let before = take_choice(&lookup_id);
            let ids: BTreeSet<String> = data
                .violations
                .iter()
                .filter(|v| choosable(v, payable))
                .filter(|v| {
                    before
                        .iter()
                        .any(|b| b.strip_prefix("traffic_fine:") == Some(v.id.as_str()))
                })
                .map(|v| v.id.clone())
                .collect();
            if !ids.is_empty() {
                chosen.set(ids);
            }
            true
        });
    }
    let nav_code = code.clone();
    let nav_id = id.clone();
    let failure_path = lookup_path.clone();
    view! {
        {service_nav(i18n, &nav_code, &nav_id)}
        <main id="main" class="ch-page">
            <Loaded
                state=move || lookup.get()
                retry=Callback::new(move |()| lookup.refetch())
                failure=move |e| lookup_failure(i18n, failure_path.clone(), e)
                rows=5
                loading_document_title=tr(move || document_title(i18n, t_string!(i18n, services.results_nav)))
                let:data
            >
                <Violations data payable chosen checkout name=name.clone() />
                {result_links(i18n, lookup_path.clone())}
            </Loaded>
        </main>
    }
}

/// The loaded lookup.
#[component]
fn Violations(
    data: TrafficLookupResponse,
    payable: bool,
    chosen: RwSignal<BTreeSet<String>>,
    checkout: Checkout,
    name: LocalizedText,
) -> impl IntoView {
    let i18n = use_i18n();
    let plate = data.plate.clone();
    let plate_type = data.plate_type.label();
    let looked_up = data.looked_up_at.clone();
    let title = {
        let plate = plate.clone();
        move || {
            let plate = plate.clone();
            t_string!(i18n, services.traffic_title, plate).to_string()
        }
    };
    let title_text = title;
    let service_name = name.clone();
    let head = view! {
        <Title text=move || document_title(i18n, &format!("{} - {}", title_text(), localized(i18n, &name))) />
        <p class="ch-caption">{move || localized(i18n, &service_name)}</p>
        <h1 class="ch-page__title">{plate_heading(i18n, plate.clone())}</h1>
        <p class="ch-caption">
            {move || localized(i18n, &plate_type)} " · "
            {move || { let at = china_time(i18n, &looked_up); t_string!(i18n, services.looked_up_at, at).to_string() }}
        </p>
    };
    if data.violations.is_empty() {
        return view! {
            {head}
            <ResultView
                status=ResultStatus::Empty
                level=2
                title=tr(move || t_string!(i18n, services.no_violations_title))
                description=tr(move || t_string!(i18n, services.no_violations_body))
            />
        }
        .into_any();
    }
    let violations = StoredValue::new(data.violations.clone());
    let any_choosable = data.violations.iter().any(|v| choosable(v, payable));
    let count = data.violations.len();
    let rows = data
        .violations
        .into_iter()
        .enumerate()
        .map(|(i, v)| view! { <ViolationRow index=i violation=v payable chosen /> })
        .collect_view();
    let total = Signal::derive(move || {
        violations.with_value(|all| {
            chosen.with(|c| {
                all.iter()
                    .filter(|v| c.contains(&v.id))
                    .map(|v| v.fine_fen)
                    .sum::<i64>()
            })
        })
    });
    let n_chosen = move || chosen.with(BTreeSet::len);
    let pending = checkout.pending();
    let pay_bar = any_choosable.then(|| {
        view! {
            <form class="ch-pay-bar" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let items = chosen.get_untracked().into_iter().map(|id| (ItemKind::TrafficFine, id)).collect();
                checkout.order(items);
            }>
                <p class="ch-pay-bar__sum" aria-live="polite">
                    {move || { let n = n_chosen(); t_string!(i18n, services.chosen_count, n).to_string() }}
                    " "
                    <Amount amount_fen=total large=true />
                </p>
                {move || checkout.error.get().map(|e| view! {
                    <p class="ch-notice ch-notice--warning" role="alert">{order_error(i18n, &e)}</p>
                })}
                <button
                    type="submit"
                    class="ch-button ch-button--primary ch-button--block"
                    disabled=move || pending.get() || n_chosen() == 0
                >
                    {move || if pending.get() { t_string!(i18n, services.ordering) } else { t_string!(i18n, services.pay_chosen_fines) }}
                </button>
            </form>
        }
    });
    view! {
        {head}
        <p>{move || { let n = count; t_string!(i18n, services.violation_count, n).to_string() }}</p>
        {(!payable).then(|| view! {
            <p class="ch-notice" role="note">{t!(i18n, services.fines_not_payable_here)}</p>
        })}
        <ul class="ch-results">{rows}</ul>
        {pay_bar}
    }
    .into_any()
}

/// The results heading with the plate kept on one line (`鲁B20002` never splits): the
/// translation around a marker, the plate in a `nowrap` span.
fn plate_heading(i18n: I18n, plate: String) -> impl IntoView {
    const MARK: &str = "\u{1}";
    move || {
        let text = t_string!(i18n, services.traffic_title, plate = MARK).to_string();
        let (before, after) = text.split_once(MARK).unwrap_or((text.as_str(), ""));
        view! {
            {before.to_string()}
            <span class="ch-plate">{plate.clone()}</span>
            {after.to_string()}
        }
    }
}

/// One violation.
#[component]
fn ViolationRow(
    index: usize,
    violation: Violation,
    payable: bool,
    chosen: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let can_choose = choosable(&violation, payable);
    let v = violation;
    let title_id = format!("violation-{index}");
    let status = v.status;
    let status_text = move || localized(i18n, &status.label());
    let reason = v.not_payable_reason.clone();
    let online = if status == ViolationStatus::Paid {
        view! { <span>{status_text}</span> }.into_any()
    } else if v.payable && payable {
        view! { <span>{t!(i18n, services.payable_online)}</span> }.into_any()
    } else {
        let reason = reason.clone();
        view! {
            <span>
                {move || reason.as_ref().map(|r| localized(i18n, r)).unwrap_or_else(|| t_string!(i18n, services.not_payable).to_string())}
            </span>
        }
        .into_any()
    };
    let description = v.description.clone();
    let place = v.place.clone();
    let occurred = v.occurred_at.clone();
    let points = v.points;
    let id = v.id.clone();
    let checkbox = can_choose.then(|| {
        let (id, check_id) = (id.clone(), format!("choose-{index}"));
        let checked = {
            let id = id.clone();
            move || chosen.with(|c| c.contains(&id))
        };
        view! {
            <div class="ch-option ch-results__choose">
                <input
                    id=check_id.clone()
                    class="ch-option__input"
                    type="checkbox"
                    aria-describedby=title_id.clone()
                    prop:checked=checked
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        chosen.update(|c| {
                            if on { c.insert(id.clone()); } else { c.remove(&id); }
                        });
                    }
                />
                <label class="ch-option__label" for=check_id>{t!(i18n, services.choose_to_pay)}</label>
            </div>
        }
    });
    let order_link = matches!(status, ViolationStatus::Paying | ViolationStatus::Paid)
        .then(|| v.order_id.clone())
        .flatten()
        .map(|order| order_link(i18n, order, status == ViolationStatus::Paid));
    view! {
        <li class="ch-results__item">
            <h2 id=title_id.clone() class="ch-results__title">{move || localized(i18n, &description)}</h2>
            <span class=format!("ch-tag ch-tag--{}", status.as_str())>{status_text}</span>
            <dl class="ch-facts ch-results__facts">
                <dt>{t!(i18n, services.occurred_at)}</dt>
                <dd>{move || china_time(i18n, &occurred)}</dd>
                <dt>{t!(i18n, services.place)}</dt>
                <dd>{move || localized(i18n, &place)}</dd>
                <dt>{t!(i18n, services.fine)}</dt>
                <dd><Amount amount_fen=v.fine_fen /></dd>
                <dt>{t!(i18n, services.points)}</dt>
                <dd>{move || t_string!(i18n, services.points_value, count = u64::from(points)).to_string()}</dd>
                <dt>{t!(i18n, services.pay_online)}</dt>
                <dd>{online}</dd>
            </dl>
            {order_link}
            {checkbox}
        </li>
    }
}

/// Why an order could not be created, as it reads.
pub(super) fn order_error(i18n: I18n, e: &api::ApiError) -> String {
    match e {
        api::ApiError::Server { code, .. } => match code.as_str() {
            "item_in_open_order" => t_string!(i18n, services.item_in_open_order).to_string(),
            "item_already_paid" => t_string!(i18n, services.item_already_paid).to_string(),
            "item_not_payable" | "item_not_found" => {
                t_string!(i18n, services.item_not_payable).to_string()
            }
            _ => api_error_message(i18n, e),
        },
        e => api_error_message(i18n, e),
    }
}
