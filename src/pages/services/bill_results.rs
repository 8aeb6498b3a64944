//! The results of a bill lookup: the account holder and address (masked), the bills by
//! 账期 with amount, late fee and due date, each unpaid one to pay alone or all at once
//! ([`Checkout`]); and saving the account with a label ([`SaveAccount`]).

use std::collections::BTreeSet;

use citizen_core::api::lookups::{Bill, BillLookupResponse, BillStatus, SaveAccountRequest};
use citizen_core::api::orders::ItemKind;
use citizen_core::catalog::LocalizedText;
use citizen_core::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;

use super::accounts::SaveAccount;
use super::common::{
    bill_period, calendar_date, china_time, lookup_failure, order_link, result_links,
};
use super::lookup::service_nav;
use super::pay::{take_choice, Checkout};
use super::traffic_results::order_error;
use crate::api;
use crate::components::amount::Amount;
use crate::components::loaded::Loaded;
use crate::components::result::{ResultStatus, ResultView};
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{document_title, localized, tr};

/// A bill's amount due: the amount and its late fee, in 分.
fn due(b: &Bill) -> i64 {
    b.amount_fen.saturating_add(b.late_fee_fen)
}

/// The results of bill lookup `lookup_id` of service `id` in city `code`.
#[component]
pub(super) fn BillResults(
    code: String,
    id: String,
    lookup_id: String,
    /// The service's name.
    name: LocalizedText,
) -> impl IntoView {
    let i18n = use_i18n();
    let lookup = {
        let lookup_id = lookup_id.clone();
        LocalResource::new(move || {
            let lookup_id = lookup_id.clone();
            async move { api::bill_lookup_result(&lookup_id).await }
        })
    };
    let saved = LocalResource::new(api::saved_accounts);
    let lookup_path = Route::lookup(&code, &id).path();
    let here = Route::lookup_result(&code, &id, &lookup_id).path();
    let checkout = Checkout::new(
        code.clone(),
        lookup_id.clone(),
        here,
        Callback::new(move |()| lookup.refetch()),
    );
    let chosen = RwSignal::new(BTreeSet::<String>::new());
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
                .bills
                .iter()
                .filter(|b| b.status == BillStatus::Unpaid)
                .filter(|b| {
                    before
                        .iter()
                        .any(|x| x.strip_prefix("utility_bill:") == Some(b.id.as_str()))
                })
                .map(|b| b.id.clone())
                .collect();
            if !ids.is_empty() {
                chosen.set(ids);
            }
            true
        });
    }
    let failure_path = lookup_path.clone();
    view! {
        {service_nav(i18n, &code, &id)}
        <main id="main" class="ch-page">
            <Loaded
                state=move || lookup.get()
                retry=Callback::new(move |()| lookup.refetch())
                failure=move |e| lookup_failure(i18n, failure_path.clone(), e)
                rows=5
                loading_document_title=tr(move || document_title(i18n, t_string!(i18n, services.results_nav)))
                let:data
            >
                <Bills data=data.clone() chosen checkout name=name.clone() />
                {
                    let data = data.clone();
                    move || saved.get().map(|list| {
                        let already = list.map(|l| l.accounts.iter().any(|a| {
                            a.provider_id == data.provider.id && a.account_no == data.account_no && a.city_code == data.city_code
                        }));
                        let request = SaveAccountRequest {
                            city_code: data.city_code.clone(),
                            service_id: data.service_id.clone(),
                            provider_id: data.provider.id.clone(),
                            account_no: data.account_no.clone(),
                            label: String::new(),
                        };
                        // When the list cannot be read, offering to save is still right:
                        // the server says 409 for an account saved already.
                        view! { <SaveAccount lookup_id=data.lookup_id.clone() request saved=already.unwrap_or(false) /> }
                    })
                }
                {result_links(i18n, lookup_path.clone())}
            </Loaded>
        </main>
    }
}

/// The loaded lookup.
#[component]
fn Bills(
    data: BillLookupResponse,
    chosen: RwSignal<BTreeSet<String>>,
    checkout: Checkout,
    name: LocalizedText,
) -> impl IntoView {
    let i18n = use_i18n();
    let provider_title = data.provider.name.clone();
    let looked_up = data.looked_up_at.clone();
    let service_name = name.clone();
    let title = move || t_string!(i18n, services.bills_title);
    let head = view! {
        <Title text=move || document_title(i18n, &format!("{} - {}", title(), localized(i18n, &name))) />
        <p class="ch-caption">{move || localized(i18n, &service_name)}</p>
        <h1 class="ch-page__title">{title}</h1>
        <dl class="ch-facts">
            <dt>{t!(i18n, services.provider)}</dt>
            <dd>{move || localized(i18n, &provider_title)}</dd>
            <dt>{t!(i18n, services.account_no)}</dt>
            <dd>{data.account_no.clone()}</dd>
            <dt>{t!(i18n, services.holder)}</dt>
            <dd>{data.holder_masked.clone()}</dd>
            <dt>{t!(i18n, services.address)}</dt>
            <dd>{data.address_masked.clone()}</dd>
        </dl>
        <p class="ch-caption">
            {move || { let at = china_time(i18n, &looked_up); t_string!(i18n, services.looked_up_at, at).to_string() }}
        </p>
    };
    let unpaid: Vec<Bill> = data
        .bills
        .iter()
        .filter(|b| b.status == BillStatus::Unpaid)
        .cloned()
        .collect();
    if data.bills.is_empty() {
        return view! {
            {head}
            <ResultView
                status=ResultStatus::Empty
                level=2
                title=tr(move || t_string!(i18n, services.no_bills_title))
                description=tr(move || t_string!(i18n, services.no_bills_body))
            />
        }
        .into_any();
    }
    let bills = StoredValue::new(data.bills.clone());
    let rows = data
        .bills
        .into_iter()
        .enumerate()
        .map(|(i, b)| view! { <BillRow index=i bill=b chosen /> })
        .collect_view();
    let total = Signal::derive(move || {
        bills.with_value(|all| {
            chosen.with(|c| {
                all.iter()
                    .filter(|b| c.contains(&b.id))
                    .map(due)
                    .sum::<i64>()
            })
        })
    });
    let all_total: i64 = unpaid.iter().map(due).sum();
    let all_ids: Vec<String> = unpaid.iter().map(|b| b.id.clone()).collect();
    let n_chosen = move || chosen.with(BTreeSet::len);
    let pending = checkout.pending();
    let pay_bar = (!unpaid.is_empty()).then(|| {
        let all_ids = all_ids.clone();
        view! {
            <form class="ch-pay-bar" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let items = chosen.get_untracked().into_iter().map(|id| (ItemKind::UtilityBill, id)).collect();
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
                    {move || if pending.get() { t_string!(i18n, services.ordering) } else { t_string!(i18n, services.pay_chosen_bills) }}
                </button>
                <button
                    type="button"
                    class="ch-button ch-button--block"
                    disabled=move || pending.get()
                    on:click=move |_| {
                        chosen.set(all_ids.iter().cloned().collect());
                        checkout.order(all_ids.iter().map(|id| (ItemKind::UtilityBill, id.clone())).collect());
                    }
                >
                    {t!(i18n, services.pay_all_bills)} " " <Amount amount_fen=all_total />
                </button>
            </form>
        }
    });
    // 没有待缴账单 only when nothing is unpaid or being paid; bills being paid are said so.
    let paying = bills.with_value(|all| all.iter().any(|b| b.status == BillStatus::Paying));
    let none_unpaid = if paying {
        Some(
            view! { <p class="ch-notice" role="note">{t!(i18n, services.bills_being_paid)}</p> }
                .into_any(),
        )
    } else {
        unpaid.is_empty().then(|| {
            view! { <p class="ch-notice" role="note">{t!(i18n, services.no_unpaid_bills)}</p> }
                .into_any()
        })
    };
    view! {
        {head}
        {none_unpaid}
        <ul class="ch-results">{rows}</ul>
        {pay_bar}
    }
    .into_any()
}

/// One bill.
#[component]
fn BillRow(index: usize, bill: Bill, chosen: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let b = bill;
    let title_id = format!("bill-{index}");
    let status = b.status;
    let period = b.period.clone();
    let due_date = b.due_date.clone();
    let id = b.id.clone();
    let checkbox = (status == BillStatus::Unpaid).then(|| {
        let (id, check_id) = (id.clone(), format!("choose-bill-{index}"));
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
    let order_link = matches!(status, BillStatus::Paying | BillStatus::Paid)
        .then(|| b.order_id.clone())
        .flatten()
        .map(|order| order_link(i18n, order, status == BillStatus::Paid));
    let late = b.late_fee_fen;
    view! {
        <li class="ch-results__item">
            <h2 id=title_id.clone() class="ch-results__title">
                {move || { let p = bill_period(i18n, &period); t_string!(i18n, services.bill_period, p).to_string() }}
            </h2>
            <span class=format!("ch-tag ch-tag--{}", status.as_str())>{move || localized(i18n, &status.label())}</span>
            <dl class="ch-facts ch-results__facts">
                <dt>{t!(i18n, services.bill_amount)}</dt>
                <dd><Amount amount_fen=b.amount_fen /></dd>
                {(late > 0).then(|| view! {
                    <dt>{t!(i18n, services.late_fee)}</dt>
                    <dd><Amount amount_fen=late /></dd>
                })}
                <dt>{t!(i18n, services.amount_due)}</dt>
                <dd><Amount amount_fen=due(&b) /></dd>
                <dt>{t!(i18n, services.due_date)}</dt>
                <dd>{move || calendar_date(i18n, &due_date)}</dd>
            </dl>
            {order_link}
            {checkbox}
        </li>
    }
}
