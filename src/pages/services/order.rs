//! `/orders/{order_id}`: an order's summary → 确认支付 → 支付中 → the result, always as the
//! server says it is.
//!
//! - The order is read from the server (`GET /api/v1/orders/{id}`, which settles a `paying`
//!   order by asking the provider): after a reload, a lost answer or a second tab the page
//!   shows the true state, never one it guessed.
//! - 确认支付 sends one payment: the button is disabled while the request is out, a second
//!   tap is ignored, and every tap of one attempt carries the same `Idempotency-Key`
//!   ([`super::intent::pay_key`]) until the order has failed, so a retry after a lost answer
//!   cannot charge twice.
//! - While `paying` the page asks again every [`POLL_MS`] ms, for [`POLL_LIMIT`] times; then
//!   it says the result is not in yet, with 刷新.
//! - The sandbox provider is labelled 沙箱 and offers a chooser of what it should do
//!   (正常 / 拒绝 / 超时 / 延迟到账 / 重复通知); a real provider has none.

use std::time::Duration;

use citizen_core::api::orders::{OrderResponse, PayRequest, SandboxMode};
use citizen_core::order::OrderState;
use citizen_core::routes::{param, Route};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::common::{china_time, focus_heading_soon, order_origin, timeline_steps};
use super::intent::{forget_pay_key, pay_key};
use crate::api::{self, ApiError, WriteError};
use crate::components::amount::Amount;
use crate::components::loaded::{Failure, Loaded};
use crate::components::nav_bar::NavBar;
use crate::components::steps::Steps;
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{api_error_message, document_title, localized, tr, I18n};

/// How long to wait between two reads of a `paying` order, in ms.
const POLL_MS: u64 = 1500;
/// How many reads of a `paying` order before saying the result is not in yet (about 90 s).
const POLL_LIMIT: u32 = 60;

/// The sandbox's modes, in the chooser's order.
const MODES: [SandboxMode; 5] = [
    SandboxMode::Succeed,
    SandboxMode::Decline,
    SandboxMode::Timeout,
    SandboxMode::Late,
    SandboxMode::NotifyTwice,
];

/// Why the last payment request did not answer as hoped.
#[derive(Debug, Clone, PartialEq)]
enum PayTrouble {
    /// No answer (or a 5xx): the payment may have started; the page reads the order again.
    Unknown,
    /// The server refused (the order is no longer payable, the key was used otherwise …).
    Refused(ApiError),
}

/// `/orders/:order_id`.
#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let order_id = Memo::new(move |_| params.with(|p| p.get(param::ORDER_ID).unwrap_or_default()));
    let resource = LocalResource::new(move || {
        let id = order_id.get();
        async move { api::order(&id).await }
    });
    // The order as last heard from the server: a read, or the answer to a write. A failed
    // read after a good one keeps the good one (with a notice), so a dropped connection
    // never hides what the resident was looking at.
    let heard = RwSignal::new(None::<Result<OrderResponse, ApiError>>);
    let read_failed = RwSignal::new(false);
    Effect::new(move |_| {
        let Some(outcome) = resource.get() else {
            return;
        };
        match outcome {
            Ok(order) => {
                read_failed.set(false);
                heard.set(Some(Ok(order)));
            }
            Err(e) => {
                if heard.with_untracked(|h| matches!(h, Some(Ok(_)))) {
                    read_failed.set(true);
                } else {
                    heard.set(Some(Err(e)));
                }
            }
        }
    });
    let current = Memo::new(move |_| heard.get());

    // Keys: an attempt that failed is over, so 重新支付 is a new payment.
    Effect::new(move |_| {
        if let Some(Ok(order)) = current.get() {
            if matches!(
                order.state,
                OrderState::Failed | OrderState::Paid | OrderState::Cancelled | OrderState::Closed
            ) {
                forget_pay_key(&order.order_id);
            }
        }
    });

    // Polling while paying.
    let polls = StoredValue::new(0u32);
    let waiting_too_long = RwSignal::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let paying = matches!(current.get(), Some(Ok(ref o)) if o.state == OrderState::Paying);
        if let Some(h) = timer.get_value() {
            h.clear();
            timer.set_value(None);
        }
        if !paying {
            polls.set_value(0);
            waiting_too_long.set(false);
            return;
        }
        // Every read answers (even one equal to the last): count it as a poll.
        let _ = resource.get();
        if polls.get_value() >= POLL_LIMIT {
            waiting_too_long.set(true);
            return;
        }
        polls.update_value(|n| *n += 1);
        let handle =
            set_timeout_with_handle(move || resource.refetch(), Duration::from_millis(POLL_MS));
        timer.set_value(handle.ok());
    });
    on_cleanup(move || {
        if let Some(Some(h)) = timer.try_get_value() {
            h.clear();
        }
    });

    // A change of state moves focus to the new heading (not on the first read).
    Effect::new(move |previous: Option<Option<OrderState>>| {
        let state = current.with(|c| c.as_ref().and_then(|r| r.as_ref().ok()).map(|o| o.state));
        if let (Some(Some(before)), Some(now)) = (previous, state) {
            if before != now {
                focus_heading_soon();
            }
        }
        state
    });

    let mode = RwSignal::new(SandboxMode::Succeed);
    let trouble = RwSignal::new(None::<PayTrouble>);
    let pay = Action::new_local(move |(id, key, body): &(String, String, PayRequest)| {
        let (id, key, body) = (id.clone(), key.clone(), body.clone());
        async move { api::pay_order(&id, &key, &body).await }
    });
    Effect::new(move |_| {
        let Some(outcome) = pay.value().get() else {
            return;
        };
        match outcome {
            Ok(order) => {
                trouble.set(None);
                heard.set(Some(Ok(order)));
            }
            Err(e) if e.outcome_unknown() => {
                trouble.set(Some(PayTrouble::Unknown));
                resource.refetch();
            }
            Err(e) => {
                trouble.set(Some(PayTrouble::Refused(to_api_error(e))));
                resource.refetch();
            }
        }
    });
    let on_pay = Callback::new(move |order: OrderResponse| {
        if pay.pending().get_untracked() {
            return;
        }
        trouble.set(None);
        let key = pay_key(&order.order_id);
        let body = PayRequest {
            sandbox_mode: order.sandbox.then(|| mode.get_untracked()),
        };
        pay.dispatch((order.order_id.clone(), key, body));
    });

    let cancel = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move { api::cancel_order(&id).await }
    });
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(order)) => heard.set(Some(Ok(order))),
        Some(Err(e)) => {
            trouble.set(Some(PayTrouble::Refused(to_api_error(e))));
            resource.refetch();
        }
        None => {}
    });
    let on_cancel = Callback::new(move |id: String| {
        if !cancel.pending().get_untracked() && !pay.pending().get_untracked() {
            cancel.dispatch(id);
        }
    });

    let nav_title = tr(move || t_string!(i18n, services.order_nav));
    let nav = move || {
        view! {
            <NavBar
                title=nav_title
                back=Some(Route::MyItems.path())
                back_to=tr(move || t_string!(i18n, services.my_items))
            />
        }
    };
    let failure = move |e: ApiError| {
        if e.is_not_found() {
            Failure::empty(
                tr(move || t_string!(i18n, services.order_not_found_title)),
                tr(move || t_string!(i18n, services.order_not_found_body)),
            )
            .document_title(tr(move || {
                document_title(i18n, t_string!(i18n, services.order_not_found_title))
            }))
            .actions(move || {
                view! {
                    <A href=Route::MyItems.path() attr:class="ch-button ch-button--primary">
                        {t!(i18n, services.view_my_items)}
                    </A>
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
    };
    view! {
        <Loaded
            state=move || current.get()
            retry=Callback::new(move |()| resource.refetch())
            failure
            rows=5
            loading_document_title=tr(move || document_title(i18n, t_string!(i18n, services.order_nav)))
            page=true
            nav=nav
            let:order
        >
            {nav()}
            <main id="main" class="ch-page">
                {move || read_failed.get().then(|| view! {
                    <p class="ch-notice ch-notice--warning" role="status">{t!(i18n, services.refresh_failed)}</p>
                })}
                <OrderView
                    order=order
                    mode
                    trouble
                    paying=pay.pending()
                    cancelling=cancel.pending()
                    waiting_too_long
                    on_pay
                    on_cancel
                    on_refresh=Callback::new(move |()| {
                        polls.set_value(0);
                        waiting_too_long.set(false);
                        resource.refetch();
                    })
                />
            </main>
        </Loaded>
    }
}

/// Any write error as an [`ApiError`] to show.
fn to_api_error(e: WriteError) -> ApiError {
    match e {
        WriteError::Api(e) => e,
        WriteError::Rejected { code, message, .. } => ApiError::Server {
            status: 422,
            code,
            message,
        },
    }
}

/// The order in its state.
#[component]
#[allow(clippy::too_many_arguments)]
fn OrderView(
    order: OrderResponse,
    mode: RwSignal<SandboxMode>,
    trouble: RwSignal<Option<PayTrouble>>,
    paying: Memo<bool>,
    cancelling: Memo<bool>,
    waiting_too_long: RwSignal<bool>,
    on_pay: Callback<OrderResponse>,
    on_cancel: Callback<String>,
    on_refresh: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = order.state;
    let title = move || match state {
        OrderState::PendingPayment => t_string!(i18n, services.order_title_pending),
        OrderState::Paying => t_string!(i18n, services.order_title_paying),
        OrderState::Paid => t_string!(i18n, services.order_title_paid),
        OrderState::Failed => t_string!(i18n, services.order_title_failed),
        OrderState::Cancelled => t_string!(i18n, services.order_title_cancelled),
        OrderState::Closed => t_string!(i18n, services.order_title_closed),
    };
    let summary = summary_view(i18n, &order);
    let origin = order_origin(&order.order_id);
    let city_home = Route::city(&order.city_code).path();
    let sandbox_tag = order.sandbox.then(|| {
        view! { <span class="ch-tag ch-tag--sandbox">{t!(i18n, services.sandbox)}</span> }
    });
    let body = match state {
        OrderState::PendingPayment | OrderState::Failed => {
            let failed = state == OrderState::Failed;
            let failure_text = order.failure.clone();
            let closes = order.closes_at.clone();
            let chooser = order.sandbox.then(|| view! { <ModeChooser mode /> });
            let pay_order = order.clone();
            let id = order.order_id.clone();
            view! {
                {failed.then(|| view! {
                    <div class="ch-notice ch-notice--warning" role="alert">
                        <p>
                            {move || failure_text.as_ref().map(|f| localized(i18n, f))
                                .unwrap_or_else(|| t_string!(i18n, services.pay_failed_body).to_string())}
                        </p>
                        <p>{t!(i18n, services.pay_failed_again)}</p>
                    </div>
                })}
                {summary}
                <p class="ch-caption">
                    {move || { let at = china_time(i18n, &closes); t_string!(i18n, services.closes_at, at).to_string() }}
                </p>
                <form class="ch-form ch-pay" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    on_pay.run(pay_order.clone());
                }>
                    {chooser}
                    {move || trouble.get().map(|t| view! { <TroubleNotice trouble=t /> })}
                    <div class="ch-form__actions">
                        <button
                            type="submit"
                            class="ch-button ch-button--primary ch-button--block"
                            disabled=move || paying.get()
                            aria-describedby=move || paying.get().then_some("pay-status")
                        >
                            {move || if paying.get() {
                                t_string!(i18n, services.paying_button)
                            } else if failed {
                                t_string!(i18n, services.pay_again)
                            } else {
                                t_string!(i18n, services.confirm_pay)
                            }}
                        </button>
                        <p id="pay-status" class="ch-visually-hidden" role="status">
                            {move || paying.get().then(|| t_string!(i18n, services.paying_status))}
                        </p>
                        <button
                            type="button"
                            class="ch-button ch-button--block"
                            disabled=move || paying.get() || cancelling.get()
                            on:click=move |_| on_cancel.run(id.clone())
                        >
                            {t!(i18n, services.cancel_order)}
                        </button>
                    </div>
                </form>
            }
            .into_any()
        }
        OrderState::Paying => view! {
            <div class="ch-pay-progress" role="status">
                <span class="ch-pay-progress__spinner" aria-hidden="true"></span>
                <p>{move || if waiting_too_long.get() {
                    t_string!(i18n, services.paying_slow)
                } else {
                    t_string!(i18n, services.paying_wait)
                }}</p>
            </div>
            {move || trouble.get().map(|t| view! { <TroubleNotice trouble=t /> })}
            <button type="button" class="ch-button ch-button--block" on:click=move |_| on_refresh.run(())>
                {t!(i18n, services.refresh)}
            </button>
            {summary}
        }
        .into_any(),
        OrderState::Paid => {
            let receipt = order.receipt_no.clone().unwrap_or_default();
            let paid_at = order.paid_at.clone();
            view! {
                <dl class="ch-facts ch-receipt">
                    <dt>{t!(i18n, services.receipt_no)}</dt>
                    <dd><strong class="ch-receipt__number">{receipt}</strong></dd>
                    {paid_at.map(|at| view! {
                        <dt>{t!(i18n, services.paid_at)}</dt>
                        <dd>{move || china_time(i18n, &at)}</dd>
                    })}
                </dl>
                <p class="ch-caption">{t!(i18n, services.receipt_keep)}</p>
                {summary}
            }
            .into_any()
        }
        OrderState::Cancelled | OrderState::Closed => view! {
            <p>{move || if state == OrderState::Closed {
                t_string!(i18n, services.closed_body)
            } else {
                t_string!(i18n, services.cancelled_body)
            }}</p>
            {summary}
        }
        .into_any(),
    };
    let steps = timeline_steps(i18n, &order.timeline, state == OrderState::Paying);
    let reference = order.reference.clone();
    view! {
        <Title text=move || document_title(i18n, title()) />
        <p class="ch-caption">{sandbox_tag}{move || localized(i18n, &order.state_label)}</p>
        <h1 class="ch-page__title">{title}</h1>
        {body}
        <dl class="ch-facts">
            <dt>{t!(i18n, services.reference)}</dt>
            <dd>{reference}</dd>
        </dl>
        {(!steps.is_empty()).then(|| view! {
            <section class="ch-section">
                <h2 class="ch-section__title">{t!(i18n, services.timeline)}</h2>
                <Steps label=tr(move || t_string!(i18n, services.timeline)) steps />
            </section>
        })}
        <div class="ch-form__actions">
            {origin.map(|href| view! {
                <A href=href attr:class="ch-button ch-button--block">{t!(i18n, services.back_to_results)}</A>
            })}
            <A href=Route::MyItems.path() attr:class="ch-button ch-button--block">{t!(i18n, services.view_my_items)}</A>
            <A href=city_home attr:class="ch-button ch-button--block">{t!(i18n, services.city_home)}</A>
        </div>
    }
}

/// The items and the total.
fn summary_view(i18n: I18n, order: &OrderResponse) -> impl IntoView {
    let items = order
        .items
        .iter()
        .map(|item| {
            let title = item.title.clone();
            view! {
                <li class="ch-order__item">
                    <span class="ch-order__title">{move || localized(i18n, &title)}</span>
                    <Amount amount_fen=item.amount_fen />
                </li>
            }
        })
        .collect_view();
    let total = order.total_fen;
    view! {
        <section class="ch-section ch-order" aria-labelledby="order-items">
            <h2 id="order-items" class="ch-section__title">{t!(i18n, services.order_items)}</h2>
            <ul class="ch-order__items">{items}</ul>
            <p class="ch-order__total">
                <span>{t!(i18n, services.total)}</span>
                <Amount amount_fen=total large=true />
            </p>
        </section>
    }
}

/// What went wrong with the last payment request.
#[component]
fn TroubleNotice(trouble: PayTrouble) -> impl IntoView {
    let i18n = use_i18n();
    match trouble {
        PayTrouble::Unknown => view! {
            <div class="ch-notice ch-notice--warning" role="alert">
                <p>{t!(i18n, services.pay_unknown)}</p>
            </div>
        }
        .into_any(),
        PayTrouble::Refused(e) => view! {
            <div class="ch-notice ch-notice--warning" role="alert">
                <p>{move || refused_message(i18n, &e)}</p>
            </div>
        }
        .into_any(),
    }
}

/// A refused payment or cancellation, as it reads.
fn refused_message(i18n: I18n, e: &ApiError) -> String {
    match e {
        ApiError::Server { status: 409, .. } => t_string!(i18n, services.pay_conflict).to_string(),
        e => api_error_message(i18n, e),
    }
}

/// The sandbox provider's chooser of what it should do with the payment.
#[component]
fn ModeChooser(mode: RwSignal<SandboxMode>) -> impl IntoView {
    let i18n = use_i18n();
    let options = MODES
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let id = format!("sandbox-mode-{i}");
            let label = move || match m {
                SandboxMode::Succeed => t_string!(i18n, services.mode_succeed),
                SandboxMode::Decline => t_string!(i18n, services.mode_decline),
                SandboxMode::Timeout => t_string!(i18n, services.mode_timeout),
                SandboxMode::Late => t_string!(i18n, services.mode_late),
                SandboxMode::NotifyTwice => t_string!(i18n, services.mode_notify_twice),
            };
            view! {
                <div class="ch-option">
                    <input
                        id=id.clone()
                        class="ch-option__input"
                        type="radio"
                        name="sandbox-mode"
                        prop:checked=move || mode.get() == m
                        on:change=move |_| mode.set(m)
                    />
                    <label class="ch-option__label" for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="ch-field ch-sandbox">
            <legend class="ch-field__label">{t!(i18n, services.mode_legend)}</legend>
            <p class="ch-field__hint">{t!(i18n, services.mode_hint)}</p>
            <div class="ch-options">{options}</div>
        </fieldset>
    }
}
