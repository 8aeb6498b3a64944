//! 我的办件: `/my`, everything this resident submitted or paid in any city (newest first,
//! as the server lists it), and `/my/{kind}/{id}`, one of them with its 受理编号 and
//! timeline. 退出 (forget the identity and end the session) is here too.

use citizen_core::api::my_items::{MyItem, MyItemKind};
use citizen_core::api::session::SessionResponse;
use citizen_core::routes::{param, Route};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::common::{china_time, focus_heading_soon, timeline_steps};
use crate::api::{self, ApiError};
use crate::components::dialog::Dialog;
use crate::components::loaded::{Failure, Loaded};
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::components::steps::Steps;
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{api_error_message, document_title, localized, tr, I18n};
use crate::state::use_city_choice;

/// The back link of 我的办件: the chosen city's home, or home.
fn home_path() -> String {
    match use_city_choice().get_untracked() {
        Some(code) => Route::city(&code).path(),
        None => Route::Home.path(),
    }
}

/// What a failed load of 我的办件 says.
fn load_failure(i18n: I18n, e: ApiError) -> Failure {
    Failure::error(
        tr(move || t_string!(i18n, common.load_failed)),
        tr(move || api_error_message(i18n, &e)),
    )
    .document_title(tr(move || {
        document_title(i18n, t_string!(i18n, common.load_failed))
    }))
}

/// `/my`: the list, and who the resident is (masked) with 退出.
#[component]
pub fn MyItemsPage() -> impl IntoView {
    let i18n = use_i18n();
    let items = LocalResource::new(api::my_items);
    let session = LocalResource::new(api::session);
    let home = home_path();
    let nav = {
        let home = home.clone();
        move || {
            view! {
                <NavBar
                    title=tr(move || t_string!(i18n, services.my_items))
                    back=Some(home.clone())
                    back_to=tr(move || t_string!(i18n, services.city_home))
                />
            }
        }
    };
    view! {
        <Title text=move || document_title(i18n, t_string!(i18n, services.my_items)) />
        {nav()}
        <main id="main" class="ch-page">
            <h1 class="ch-page__title">{t!(i18n, services.my_items)}</h1>
            <Loaded
                state=move || items.get()
                retry=Callback::new(move |()| items.refetch())
                failure=move |e| load_failure(i18n, e)
                level=2
                rows=4
                loading_document_title=tr(move || document_title(i18n, t_string!(i18n, services.my_items)))
                let:data
            >
                {item_list(i18n, data.items)}
            </Loaded>
            {move || session.get().and_then(Result::ok).map(|s| view! {
                <Identity
                    session=s
                    on_ended=Callback::new(move |()| {
                        session.refetch();
                        items.refetch();
                    })
                />
            })}
        </main>
    }
}

/// The items, or an honest empty state.
fn item_list(i18n: I18n, items: Vec<MyItem>) -> AnyView {
    if items.is_empty() {
        return view! {
            <ResultView
                status=ResultStatus::Empty
                title=tr(move || t_string!(i18n, services.my_empty_title))
                description=tr(move || t_string!(i18n, services.my_empty_body))
            />
        }
        .into_any();
    }
    let rows = items
        .into_iter()
        .map(|item| {
            let href = Route::my_item(item.kind.as_str(), &item.id).path();
            let title = item.title.clone();
            let status = item.status.label.clone();
            let created = item.created_at.clone();
            let code = item.status.code.clone();
            view! {
                <li class="ch-my__item">
                    <A href=href attr:class="ch-my__link">
                        <span class="ch-my__title">{move || localized(i18n, &title)}</span>
                        <span class=format!("ch-tag ch-tag--{code}")>{move || localized(i18n, &status)}</span>
                        <span class="ch-caption">{move || china_time(i18n, &created)}</span>
                        <span class="ch-caption">{item.reference.clone()}</span>
                    </A>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="ch-my">{rows}</ul> }.into_any()
}

/// Who the resident is (masked), with 退出 that forgets it.
#[component]
fn Identity(session: SessionResponse, on_ended: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let end = Action::new_local(|(): &()| api::end_session());
    let failed = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let opener = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| match end.value().get() {
        Some(Ok(())) => {
            failed.set(false);
            on_ended.run(());
            focus_heading_soon();
        }
        Some(Err(_)) => failed.set(true),
        None => {}
    });
    match session.identity {
        None => view! {
            <section class="ch-section">
                <h2 class="ch-section__title">{t!(i18n, services.identity_heading)}</h2>
                <p>{t!(i18n, services.identity_none)}</p>
            </section>
        }
        .into_any(),
        Some(identity) => view! {
            <section class="ch-section">
                <h2 class="ch-section__title">{t!(i18n, services.identity_heading)}</h2>
                <dl class="ch-facts">
                    <dt>{t!(i18n, services.identity_name)}</dt>
                    <dd>{identity.name_masked}</dd>
                    <dt>{t!(i18n, services.identity_id)}</dt>
                    <dd>{identity.resident_id_masked}</dd>
                    <dt>{t!(i18n, services.identity_phone)}</dt>
                    <dd>{identity.phone_masked}</dd>
                </dl>
                <p class="ch-caption">{t!(i18n, services.sign_out_note)}</p>
                {move || failed.get().then(|| view! {
                    <p class="ch-notice ch-notice--warning" role="alert">{t!(i18n, services.sign_out_failed)}</p>
                })}
                <button
                    type="button"
                    class="ch-button ch-button--block"
                    node_ref=opener
                    disabled=move || end.pending().get()
                    on:click=move |_| {
                        if !end.pending().get_untracked() {
                            asking.set(true);
                        }
                    }
                >
                    {t!(i18n, services.sign_out)}
                </button>
                <Dialog
                    id="sign-out"
                    open=asking
                    title=tr(move || t_string!(i18n, services.sign_out_confirm_title))
                    return_focus=opener
                    on_close=Callback::new(move |value: String| {
                        // One DELETE however often 退出 is tapped.
                        if value == "sign_out" && !end.pending().get_untracked() && end.value().get_untracked().is_none_or(|r| r.is_err()) {
                            end.dispatch(());
                        }
                    })
                    actions=move || view! {
                        <button type="submit" value="keep" class="ch-button">{t!(i18n, services.sign_out_keep)}</button>
                        <button type="submit" value="sign_out" class="ch-button ch-button--warning">{t!(i18n, services.sign_out)}</button>
                    }
                >
                    <p>{t!(i18n, services.sign_out_confirm_body)}</p>
                </Dialog>
            </section>
        }
        .into_any(),
    }
}

/// `/my/:kind/:id`: one item with its reference number and timeline.
#[component]
pub fn MyItemPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = Memo::new(move |_| {
        params.with(|p| {
            (
                p.get(param::KIND).unwrap_or_default(),
                p.get(param::ID).unwrap_or_default(),
            )
        })
    });
    let items = LocalResource::new(api::my_items);
    let nav = move || {
        view! {
            <NavBar
                title=tr(move || t_string!(i18n, services.my_items))
                back=Some(Route::MyItems.path())
                back_to=tr(move || t_string!(i18n, services.my_items))
            />
        }
    };
    let found = move || {
        items.get().map(|r| {
            r.map(|data| {
                let (kind, id) = key.get();
                data.items
                    .into_iter()
                    .find(|i| i.kind.as_str() == kind && i.id == id)
            })
        })
    };
    view! {
        <Loaded
            state=found
            retry=Callback::new(move |()| items.refetch())
            failure=move |e| load_failure(i18n, e)
            page=true
            nav=nav
            rows=5
            let:item
        >
            {nav()}
            <main id="main" class="ch-page">
                {match item {
                    Some(item) => view! { <ItemDetail item /> }.into_any(),
                    None => view! {
                        <Title text=move || document_title(i18n, t_string!(i18n, services.my_missing_title)) />
                        <ResultView
                            status=ResultStatus::Empty
                            level=1
                            title=tr(move || t_string!(i18n, services.my_missing_title))
                            description=tr(move || t_string!(i18n, services.my_missing_body))
                        >
                            <A href=Route::MyItems.path() attr:class="ch-button ch-button--primary">{t!(i18n, services.view_my_items)}</A>
                        </ResultView>
                    }
                    .into_any(),
                }}
            </main>
        </Loaded>
    }
}

/// One item: title, status, 受理编号, when, timeline; an order links to its page.
#[component]
fn ItemDetail(item: MyItem) -> impl IntoView {
    let i18n = use_i18n();
    let title = item.title.clone();
    let title_text = item.title.clone();
    let status = item.status.label.clone();
    let created = item.created_at.clone();
    // An order's next step is under way only while it is being paid.
    let under_way = item.kind != MyItemKind::Order || item.status.code == "paying";
    let steps = timeline_steps(i18n, &item.timeline, under_way);
    let order_link = (item.kind == MyItemKind::Order).then(|| {
        view! {
            <A href=Route::order(&item.id).path() attr:class="ch-button ch-button--primary ch-button--block">
                {t!(i18n, services.view_order)}
            </A>
        }
    });
    view! {
        <Title text=move || document_title(i18n, &localized(i18n, &title_text)) />
        <p class="ch-caption">{move || localized(i18n, &status)}</p>
        <h1 class="ch-page__title">{move || localized(i18n, &title)}</h1>
        <dl class="ch-facts">
            <dt>{t!(i18n, services.reference)}</dt>
            <dd><strong>{item.reference.clone()}</strong></dd>
            <dt>{t!(i18n, services.created_at)}</dt>
            <dd>{move || china_time(i18n, &created)}</dd>
        </dl>
        {(!steps.is_empty()).then(|| view! {
            <section class="ch-section">
                <h2 class="ch-section__title">{t!(i18n, services.timeline)}</h2>
                <Steps label=tr(move || t_string!(i18n, services.timeline)) steps />
            </section>
        })}
        <div class="ch-form__actions">
            {order_link}
            <A href=Route::MyItems.path() attr:class="ch-button ch-button--block">{t!(i18n, services.view_my_items)}</A>
        </div>
    }
}
