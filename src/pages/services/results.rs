//! `/city/{code}/service/{id}/lookup/{lookup_id}`: the results of a lookup of this session,
//! read again from the server (statuses fresh: paid fines show as paid after a payment and
//! after a reload). The service's `online` kind says which lookup it is: traffic
//! ([`super::traffic_results`]) or bills ([`super::bill_results`]).

use citizen_core::api::ServiceResponse;
use citizen_core::catalog::{FormOffered, OnlineService};
use citizen_core::routes::{param, Route};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::bill_results::BillResults;
use super::lookup::{service_failure, service_nav, use_service_key};
use super::traffic_results::TrafficResults;
use crate::api;
use crate::components::loaded::Loaded;
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{document_title, tr};

/// `/city/:code/service/:id/lookup/:lookup_id`.
#[component]
pub fn ResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    let key = use_service_key();
    let params = use_params_map();
    let lookup_id =
        Memo::new(move |_| params.with(|p| p.get(param::LOOKUP_ID).unwrap_or_default()));
    let service = LocalResource::new(move || {
        let (code, id) = key.get();
        async move { api::service::<FormOffered, OnlineService>(&code, &id).await }
    });
    view! {
        <Loaded
            state=move || service.get()
            retry=Callback::new(move |()| service.refetch())
            failure=move |e| service_failure(i18n, key.get_untracked().0, e)
            page=true
            nav=move || { let (code, id) = key.get_untracked(); service_nav(i18n, &code, &id) }
            loading_document_title=tr(move || document_title(i18n, t_string!(i18n, services.results_nav)))
            rows=5
            let:data
        >
            {move || results_view(data.clone(), lookup_id.get())}
        </Loaded>
    }
}

fn results_view(data: ServiceResponse<FormOffered>, lookup_id: String) -> AnyView {
    let ServiceResponse { city, service } = data;
    let (code, id) = (city.code, service.id);
    match service.online {
        Some(OnlineService::Traffic { payable, .. }) => {
            view! { <TrafficResults code id lookup_id payable name=service.name /> }.into_any()
        }
        Some(OnlineService::UtilityBill { .. }) => {
            view! { <BillResults code id lookup_id name=service.name /> }.into_any()
        }
        None => view! { <NoLookup code id /> }.into_any(),
    }
}

/// A results path under a service that has no online lookup.
#[component]
fn NoLookup(code: String, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let guide = Route::service(&code, &id).path();
    view! {
        {service_nav(i18n, &code, &id)}
        <main id="main" class="ch-page">
            <crate::components::result::ResultView
                status=crate::components::result::ResultStatus::Empty
                level=1
                title=tr(move || t_string!(i18n, services.no_lookup_title))
                description=tr(move || t_string!(i18n, services.no_lookup_body))
            >
                <A href=guide attr:class="ch-button ch-button--primary">{t!(i18n, form.view_guide)}</A>
            </crate::components::result::ResultView>
        </main>
    }
}
