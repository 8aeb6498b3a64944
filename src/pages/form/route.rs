//! The flow's one route, `/city/:code/service/:id/apply/*rest`: loads the service and its
//! form, builds the [`Flow`](super::flow::Flow) and shows the page `rest` names.

use std::sync::Arc;

use citizen_core::catalog::OnlineOffered;
use citizen_core::form::FormSchema;
use citizen_core::routes::{param, ApplyPage, Route};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_params_map;
use leptos_router::NavigateOptions;

use super::check::CheckPage;
use super::discard::DiscardPage;
use super::done::{DonePage, SubmittedPage};
use super::flow::{new_flow, use_flow};
use super::question::QuestionPage;
use super::taps::guard_second_taps;
use crate::api::{self, ApiError};
use crate::components::loaded::{Failure, Loaded};
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{api_error_message, document_title, localized, tr};
use crate::state::drafts;

/// `/city/:code/service/:id/apply/*rest`: loads the service (and its form) and the draft,
/// then shows the page `rest` names. Loading, not-found, no-form and error states for the
/// whole flow.
#[component]
pub fn FormFlow() -> impl IntoView {
    guard_second_taps();
    let params = use_params_map();
    let key = Memo::new(move |_| {
        params.with(|p| {
            (
                p.get(param::CODE).unwrap_or_default(),
                p.get(param::ID).unwrap_or_default(),
            )
        })
    });
    let service = LocalResource::new(move || {
        let (code, id) = key.get();
        async move { api::service::<FormSchema, OnlineOffered>(&code, &id).await }
    });
    let guide = move || {
        let (code, id) = key.get();
        Route::service(&code, &id).path()
    };
    let i18n = use_i18n();
    let online = tr(move || t_string!(i18n, form.online));
    let to_guide = tr(move || t_string!(i18n, form.guide));
    let failure = move |e: ApiError| {
        if e.is_not_found() {
            let home = Route::city(&key.get_untracked().0).path();
            let link = home.clone();
            Failure::empty(
                tr(move || t_string!(i18n, form.no_service_title)),
                tr(move || t_string!(i18n, form.no_service_body)),
            )
            .document_title(tr(move || document_title(i18n, t_string!(i18n, form.no_service_title))))
            .nav(move || {
                view! { <NavBar title=online back=Some(home.clone()) back_to=tr(move || t_string!(i18n, form.city_home)) /> }
            })
            .actions(move || {
                view! {
                    <A href=link.clone() exact=true attr:class="ch-button ch-button--primary">
                        {t!(i18n, form.all_services)}
                    </A>
                }
            })
        } else {
            Failure::error(
                tr(move || t_string!(i18n, form.loading_failed)),
                tr(move || api_error_message(i18n, &e)),
            )
            .document_title(tr(move || {
                document_title(i18n, t_string!(i18n, form.loading_failed))
            }))
        }
    };
    let loaded = move |data: citizen_core::api::ServiceResponse<FormSchema, OnlineOffered>| {
        match data.service.form.clone() {
            None => {
                let name = data.service.name.clone();
                view! {
                <Title text=move || document_title(i18n, &format!("{} - {}", localized(i18n, &name), t_string!(i18n, form.online))) />
                <NavBar title=online back=Some(guide()) back_to=to_guide />
                <main id="main" class="ch-page">
                    <ResultView
                        status=ResultStatus::Empty
                        level=1
                        title=tr(move || t_string!(i18n, form.no_form_title))
                        description=tr(move || t_string!(i18n, form.no_form_body))
                    >
                        <A href=guide() exact=true attr:class="ch-button ch-button--primary">{t!(i18n, form.view_guide)}</A>
                    </ResultView>
                </main>
            }
            .into_any()
            }
            Some(form) => {
                let (code, id) = key.get_untracked();
                let schema = Arc::new(form);
                let flow = new_flow(code, id, &data.service, schema);
                provide_context(flow);
                view! { <FlowPage /> }.into_any()
            }
        }
    };
    view! {
        <Loaded
            state=move || service.get()
            retry=Callback::new(move |()| service.refetch())
            failure
            rows=4
            loading_document_title=tr(move || document_title(i18n, t_string!(i18n, form.online)))
            page=true
            nav=move || view! { <NavBar title=online back=Some(guide()) back_to=to_guide /> }
            let:data
        >
            {loaded(data)}
        </Loaded>
    }
}

/// The page of the flow that the rest of the path names.
#[component]
fn FlowPage() -> impl IntoView {
    let params = use_params_map();
    let rest = Memo::new(move |_| params.with(|p| p.get(param::REST).unwrap_or_default()));
    let flow = use_flow();
    move || {
        let rest = rest.get();
        match ApplyPage::from_rest(&rest) {
            Some(ApplyPage::Start) => view! { <StartPage /> }.into_any(),
            Some(ApplyPage::Done) => view! { <DonePage /> }.into_any(),
            Some(ApplyPage::Discard) => view! { <DiscardPage /> }.into_any(),
            // Back from the confirmation: the spent form's pages say it was submitted.
            // (Untracked: typing the first answer must not re-render the page.)
            _ if flow.answers_untracked().is_empty()
                && drafts::just_submitted(&flow.city_code, &flow.service_id) =>
            {
                view! { <SubmittedPage /> }.into_any()
            }
            Some(ApplyPage::Check) => view! { <CheckPage /> }.into_any(),
            Some(ApplyPage::Question { key }) => view! { <QuestionPage page_key=key /> }.into_any(),
            // A deeper path (`a/b`) names no page: the question page says so.
            None => {
                view! { <QuestionPage page_key=rest.trim_matches('/').to_string() /> }.into_any()
            }
        }
    }
}

/// `/apply`: straight on to the first question page (replacing this entry, so Back from
/// the first question leaves the flow). Starting again forgets an earlier submission made
/// in this tab ([`drafts::just_submitted`]).
#[component]
fn StartPage() -> impl IntoView {
    let flow = use_flow();
    drafts::clear_just_submitted(&flow.city_code, &flow.service_id);
    let first = flow
        .visible_pages(&flow.answers_untracked())
        .first()
        .copied()
        .unwrap_or(0);
    view! {
        <Redirect
            path=flow.page_url(first, false)
            options=NavigateOptions { replace: true, ..Default::default() }
        />
    }
}
