//! A service page: what the service is, who provides it, what you need.

use citizen_core::api::ServiceResponse;
use citizen_core::catalog::{FormOffered, OnlineOffered, Service};
use citizen_core::routes::{param, ApplyPage, Route};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::loaded::{Failure, Loaded};
use crate::components::nav_bar::NavBar;
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{api_error_message, city_name, document_title, localized, tr};
use crate::state::drafts;

/// `/city/:code/service/:id`.
#[component]
pub fn ServicePage() -> impl IntoView {
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
        async move { api::service::<FormOffered, OnlineOffered>(&code, &id).await }
    });
    let i18n = use_i18n();
    let back = move || Route::city(&key.get().0).path();
    view! {
        {move || view! {
            <NavBar
                title=tr(move || t_string!(i18n, service.nav_title))
                back=Some(back())
                back_to=tr(move || t_string!(i18n, service.back_to))
            />
        }}
        <main id="main" class="ch-page">
            <Loaded
                state=move || service.get()
                retry=Callback::new(move |()| service.refetch())
                failure=move |e: api::ApiError| {
                    if e.is_not_found() {
                        Failure::empty(
                            tr(move || t_string!(i18n, service.not_found_title)),
                            tr(move || t_string!(i18n, service.not_found_description)),
                        )
                        .document_title(tr(move || document_title(i18n, t_string!(i18n, service.not_found_title))))
                        .actions(move || view! {
                            <A href=back() attr:class="ch-button ch-button--primary">{t!(i18n, service.all_services)}</A>
                        })
                    } else {
                        Failure::error(
                            tr(move || t_string!(i18n, common.load_failed)),
                            tr(move || api_error_message(i18n, &e)),
                        )
                        .document_title(tr(move || document_title(i18n, t_string!(i18n, common.load_failed))))
                    }
                }
                rows=5
                loading_document_title=tr(move || document_title(i18n, t_string!(i18n, service.nav_title)))
                let:data
            >
                <ServiceGuide data />
            </Loaded>
        </main>
    }
}

/// The guide of a loaded service, in the current language.
#[component]
fn ServiceGuide(data: ServiceResponse<FormOffered, OnlineOffered>) -> impl IntoView {
    let i18n = use_i18n();
    let ServiceResponse { city, service } = data;
    let (city_code, service_id, has_form, online) = (
        city.code.clone(),
        service.id.clone(),
        service.form.is_some(),
        service.online.is_some(),
    );
    let service = StoredValue::new(service);
    let city = StoredValue::new(city);
    let city_label = move || city.with_value(|c| city_name(i18n, c));
    let text = move |f: fn(
        &Service<FormOffered, OnlineOffered>,
    ) -> &citizen_core::catalog::LocalizedText| {
        move || service.with_value(|s| localized(i18n, f(s)))
    };
    let requirements = move || {
        service.with_value(|s| {
            (!s.requirements.is_empty()).then(|| {
                let items = s.requirements.clone();
                view! {
                    <section class="ch-section">
                        <h2 class="ch-section__title">{t!(i18n, service.requirements)}</h2>
                        <ul class="ch-bullets">
                            {items.into_iter().map(|r| view! { <li>{move || localized(i18n, &r)}</li> }).collect_view()}
                        </ul>
                    </section>
                }
            })
        })
    };
    let name = text(|s| &s.name);
    view! {
        <Title text=move || document_title(i18n, &format!("{} - {}", name(), city_label())) />
        <p class="ch-caption">{city_label}</p>
        <h1 class="ch-page__title">{text(|s| &s.name)}</h1>
        <dl class="ch-facts">
            <dt>{t!(i18n, service.department)}</dt>
            <dd>{text(|s| &s.department)}</dd>
        </dl>
        <section class="ch-section">
            <h2 class="ch-section__title">{t!(i18n, service.about)}</h2>
            <p>{text(|s| &s.summary)}</p>
        </section>
        {requirements}
        {match (has_form, online) {
            (true, _) => view! { <ApplyEntry city_code service_id /> }.into_any(),
            (false, true) => view! { <LookupEntry city_code service_id /> }.into_any(),
            (false, false) => view! {
                <div class="ch-notice" role="note">
                    <h2 class="ch-notice__title">{t!(i18n, service.offline_title)}</h2>
                    <p>{t!(i18n, service.offline_body)}</p>
                </div>
            }
            .into_any(),
        }}
    }
}

/// The way to apply online: 开始办理 (继续办理 when a draft with answers is on this
/// device), leading to the form flow (`crate::pages::form`, in the apply bundle).
#[component]
fn ApplyEntry(
    /// The city's code.
    city_code: String,
    /// The service id.
    service_id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let resume = drafts::has_answers(&city_code, &service_id);
    let keeps = crate::state::storage::works();
    let href = Route::apply(&city_code, &service_id, ApplyPage::Start).path();
    view! {
        <section class="ch-section ch-apply">
            <h2 class="ch-section__title">{t!(i18n, form.online)}</h2>
            <p>
                {move || if resume {
                    t_string!(i18n, form.apply_resume_intro)
                } else if keeps {
                    t_string!(i18n, form.apply_intro)
                } else {
                    t_string!(i18n, form.apply_intro_unsaved)
                }}
            </p>
            {apply_link(href, move || if resume { t_string!(i18n, form.apply_resume) } else { t_string!(i18n, form.apply_start) })}
        </section>
    }
}

/// The 开始办理 link. The form flow is its own bundle (feature `forms`, served by the server
/// at the form's paths): from the residents' bundle the link is a full page load
/// (`rel="external"`, which the router leaves alone); inside the apply bundle, which has
/// every page, a client-side navigation.
fn apply_link(href: String, text: impl Fn() -> &'static str + Send + 'static) -> impl IntoView {
    #[cfg(feature = "forms")]
    let link = view! { <A href=href attr:class="ch-button ch-button--primary ch-button--block">{text}</A> };
    #[cfg(not(feature = "forms"))]
    let link = view! { <a href=href rel="external" class="ch-button ch-button--primary ch-button--block">{text}</a> };
    link
}

/// The way to look up (and pay) online: 开始查询, leading to the lookup form
/// (`crate::pages::services`, in the services bundle).
#[component]
fn LookupEntry(
    /// The city's code.
    city_code: String,
    /// The service id.
    service_id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = Route::lookup(&city_code, &service_id).path();
    view! {
        <section class="ch-section ch-apply">
            <h2 class="ch-section__title">{t!(i18n, services.start_lookup_heading)}</h2>
            <p>{t!(i18n, services.start_lookup_intro)}</p>
            {lookup_link(href, move || t_string!(i18n, services.start_lookup))}
        </section>
    }
}

/// The 开始查询 link: a full page load into the services bundle (feature `services`, served
/// by the server at the lookup paths), as [`apply_link`] is into the apply bundle; inside
/// the services bundle, a client-side navigation.
fn lookup_link(href: String, text: impl Fn() -> &'static str + Send + 'static) -> impl IntoView {
    #[cfg(feature = "services")]
    let link = view! { <A href=href attr:class="ch-button ch-button--primary ch-button--block">{text}</A> };
    #[cfg(not(feature = "services"))]
    let link = view! { <a href=href rel="external" class="ch-button ch-button--primary ch-button--block">{text}</a> };
    link
}

crate::lazy::lazy_page!(
    /// `/city/:code/service/:id`: the service guide ([`ServicePage`]).
    service_page,
    prefetch_service_page,
    service_page,
    ServicePage
);

/// Fetches the service guide's chunk without showing it, once per start: called when a
/// city's tiles show (the page a resident opens next), so a tap opens the guide without
/// waiting for its code. The picker and the settings load when opened. A failure is ignored
/// here: the guide then loads when opened and shows its own 重试 if it cannot.
pub fn prefetch_service_guide() {
    thread_local! {
        static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async {
        let _ = prefetch_service_page().await;
    });
}
