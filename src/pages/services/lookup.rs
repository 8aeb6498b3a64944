//! `/city/{code}/service/{id}/lookup`: the lookup form of a service with `online`: a
//! traffic lookup (号牌号码, 号牌种类, and the engine-number or VIN tail, whichever that
//! city's traffic police ask: citizen-core `traffic::lookup_form`) or a bill lookup
//! (provider and 户号 in that provider's format: `utility::bill_form`), with the resident's
//! saved accounts to pick from. Checked on submit with the same core code as the server; a
//! 422 (`validation_failed`, `vehicle_not_matched`, `account_not_found`) puts its messages
//! on the fields, and nothing typed is lost. The answers go in the request body, never the
//! URL: the results page's path carries only the lookup's opaque id.

use std::sync::Arc;

use citizen_core::api::ServiceResponse;
use citizen_core::catalog::{FormOffered, LocalizedText, OnlineService};
use citizen_core::form::{Answers, FormSchema};
use citizen_core::routes::{param, Route};
use citizen_core::traffic::{lookup_form, validate_traffic_lookup, TrafficLookupRequest};
use citizen_core::utility::{
    account_field_key, bill_form, validate_bill_lookup, BillLookupRequest, UtilityProvider,
    ACCOUNT_KEY, PROVIDER_KEY,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use serde_json::Value;

use super::accounts::SavedAccounts;
use super::schema_form::{server_errors, FormState, SchemaErrorSummary, SchemaFields};
use crate::api::{self, ApiError, WriteError};
use crate::components::loaded::{Failure, Loaded};
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{api_error_message, city_name, document_title, localized, tr, I18n};

/// The city code and service id of the page's path.
pub(super) fn use_service_key() -> Memo<(String, String)> {
    let params = use_params_map();
    Memo::new(move |_| {
        params.with(|p| {
            (
                p.get(param::CODE).unwrap_or_default(),
                p.get(param::ID).unwrap_or_default(),
            )
        })
    })
}

/// What a failed load of the service says (not found: its own state, with the city's home).
pub(super) fn service_failure(i18n: I18n, code: String, e: ApiError) -> Failure {
    if e.is_not_found() {
        let home = Route::city(&code).path();
        Failure::empty(
            tr(move || t_string!(i18n, form.no_service_title)),
            tr(move || t_string!(i18n, form.no_service_body)),
        )
        .document_title(tr(move || document_title(i18n, t_string!(i18n, form.no_service_title))))
        .actions(move || {
            view! {
                <A href=home.clone() attr:class="ch-button ch-button--primary">{t!(i18n, form.all_services)}</A>
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

/// The NavBar of the services pages of one service: back to its guide.
pub(super) fn service_nav(i18n: I18n, code: &str, id: &str) -> impl IntoView {
    view! {
        <NavBar
            title=tr(move || t_string!(i18n, services.lookup_nav))
            back=Some(Route::service(code, id).path())
            back_to=tr(move || t_string!(i18n, form.guide))
        />
    }
}

/// `/city/:code/service/:id/lookup`.
#[component]
pub fn LookupPage() -> impl IntoView {
    let i18n = use_i18n();
    let key = use_service_key();
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
            loading_document_title=tr(move || document_title(i18n, t_string!(i18n, services.lookup_nav)))
            rows=4
            let:data
        >
            {lookup_view(i18n, data)}
        </Loaded>
    }
}

/// The form for the loaded service, or a state saying it has no online lookup.
fn lookup_view(i18n: I18n, data: ServiceResponse<FormOffered>) -> AnyView {
    let ServiceResponse { city, service } = data;
    let (code, id) = (city.code.clone(), service.id.clone());
    match service.online.clone() {
        Some(online) => view! {
            <LookupForm code id city_name=city_name(i18n, &city) name=service.name.clone() online />
        }
        .into_any(),
        None => {
            let guide = Route::service(&code, &id).path();
            view! {
                <Title text=move || document_title(i18n, t_string!(i18n, services.no_lookup_title)) />
                {service_nav(i18n, &code, &id)}
                <main id="main" class="ch-page">
                    <ResultView
                        status=ResultStatus::Empty
                        level=1
                        title=tr(move || t_string!(i18n, services.no_lookup_title))
                        description=tr(move || t_string!(i18n, services.no_lookup_body))
                    >
                        <A href=guide attr:class="ch-button ch-button--primary">{t!(i18n, form.view_guide)}</A>
                    </ResultView>
                </main>
            }
            .into_any()
        }
    }
}

/// What the lookup sends.
#[derive(Debug, Clone)]
enum LookupBody {
    Traffic(TrafficLookupRequest),
    Bill(BillLookupRequest),
}

/// The lookup form of `online`.
#[component]
fn LookupForm(
    code: String,
    id: String,
    city_name: String,
    name: LocalizedText,
    online: OnlineService,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let schema: Arc<FormSchema> = Arc::new(match &online {
        OnlineService::Traffic { vehicle_check, .. } => lookup_form(*vehicle_check),
        OnlineService::UtilityBill {
            utility, providers, ..
        } => bill_form(*utility, providers),
    });
    let providers: Arc<Vec<UtilityProvider>> = Arc::new(online.providers().to_vec());
    let state = FormState::new(Answers::new());
    let failure = RwSignal::new(None::<ApiError>);
    let send = {
        let (code, id) = (code.clone(), id.clone());
        Action::new_local(move |body: &LookupBody| {
            let (code, id, body) = (code.clone(), id.clone(), body.clone());
            async move {
                match body {
                    LookupBody::Traffic(b) => api::traffic_lookup(&code, &id, &b)
                        .await
                        .map(|r| r.lookup_id),
                    LookupBody::Bill(b) => {
                        api::bill_lookup(&code, &id, &b).await.map(|r| r.lookup_id)
                    }
                }
            }
        })
    };
    // The form key of a body key: the 户号 is one field per provider.
    let key_of = {
        let providers = providers.clone();
        move |key: &str| -> String {
            if key != ACCOUNT_KEY {
                return key.to_string();
            }
            let chosen = match providers.as_slice() {
                [only] => Some(only.clone()),
                all => state.answers.with_untracked(|a| {
                    a.get(PROVIDER_KEY)
                        .and_then(Value::as_str)
                        .and_then(|p| all.iter().find(|x| x.id == p).cloned())
                }),
            };
            match chosen {
                Some(p) => account_field_key(&p, &providers),
                None => key.to_string(),
            }
        }
    };
    {
        let (code, id, key_of) = (code.clone(), id.clone(), key_of.clone());
        Effect::new(move |_| match send.value().get() {
            Some(Ok(lookup_id)) => {
                failure.set(None);
                navigate(
                    &Route::lookup_result(&code, &id, &lookup_id).path(),
                    Default::default(),
                );
            }
            Some(Err(WriteError::Rejected {
                code: error_code,
                message,
                fields,
                messages,
            })) => {
                failure.set(None);
                let fallback = move |_: &str, field_code: &str| {
                    rejected_message(&error_code, field_code, &message)
                };
                state.show(server_errors(&fields, &messages, &key_of, fallback));
            }
            Some(Err(WriteError::Api(e))) => failure.set(Some(e)),
            None => {}
        });
    }
    let submit = {
        let (schema, providers, online, key_of) = (
            schema.clone(),
            providers.clone(),
            online.clone(),
            key_of.clone(),
        );
        move || {
            if state.is_composing() || send.pending().get_untracked() {
                return;
            }
            let answers = state.normalise(&schema);
            let checked = match &online {
                OnlineService::Traffic { vehicle_check, .. } => {
                    let request = TrafficLookupRequest::from_answers(&answers);
                    validate_traffic_lookup(&request, *vehicle_check)
                        .map(|_| LookupBody::Traffic(request))
                }
                OnlineService::UtilityBill { .. } => {
                    let request = BillLookupRequest::from_answers(&answers, &providers);
                    validate_bill_lookup(&request, &providers)
                        .map(|(p, account)| {
                            LookupBody::Bill(BillLookupRequest {
                                provider_id: p.id.clone(),
                                account_no: account,
                            })
                        })
                        .map_err(|errors| {
                            errors.into_iter().map(|(k, e)| (key_of(&k), e)).collect()
                        })
                }
            };
            match checked {
                Ok(body) => {
                    state.clear_errors();
                    failure.set(None);
                    send.dispatch(body);
                }
                Err(errors) => state.show_errors(&schema, &errors),
            }
        }
    };
    let on_submit = {
        let submit = submit.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            submit();
        }
    };
    // A saved account picked: its provider and 户号 go into the form, and the lookup runs.
    let on_pick = {
        let (providers, submit) = (providers.clone(), submit.clone());
        Callback::new(move |(provider_id, account_no): (String, String)| {
            let Some(p) = providers.iter().find(|p| p.id == provider_id) else {
                return;
            };
            if providers.len() > 1 {
                state.set_answer(PROVIDER_KEY, Value::String(provider_id.clone()));
            }
            state.set_answer(&account_field_key(p, &providers), Value::String(account_no));
            submit();
        })
    };
    let is_bill = matches!(online, OnlineService::UtilityBill { .. });
    let heading = schema
        .pages
        .first()
        .map(|p| p.title.clone())
        .unwrap_or_else(|| name.clone());
    let title_heading = heading.clone();
    let service_name = name.clone();
    let title = move || {
        let page = format!(
            "{} - {}",
            localized(i18n, &title_heading),
            localized(i18n, &name)
        );
        let title = document_title(i18n, &page);
        if state.errors.with(|e| !e.is_empty()) {
            format!("{}{title}", t_string!(i18n, form.error_prefix))
        } else {
            title
        }
    };
    let saved = is_bill.then(|| {
        view! { <SavedAccounts city_code=code.clone() service_id=id.clone() on_pick busy=send.pending() /> }
    });
    view! {
        <Title text=title />
        {service_nav(i18n, &code, &id)}
        <main id="main" class="ch-page">
            <SchemaErrorSummary schema=schema.clone() state />
            <p class="ch-caption">{city_name} " · " {move || localized(i18n, &service_name)}</p>
            <h1 class="ch-page__title">{move || localized(i18n, &heading)}</h1>
            {saved}
            <form class="ch-form" novalidate on:submit=on_submit>
                <SchemaFields schema=schema.clone() state />
                {move || failure.get().map(|e| view! {
                    <div class="ch-form-failure" role="alert">
                        <h2 class="ch-form-failure__title">{t!(i18n, services.lookup_failed)}</h2>
                        <p>{api_error_message(i18n, &e)}</p>
                        <p>{t!(i18n, services.lookup_failed_body)}</p>
                    </div>
                })}
                <div class="ch-form__actions">
                    <button
                        type="submit"
                        class="ch-button ch-button--primary ch-button--block"
                        disabled=move || send.pending().get()
                    >
                        {move || if send.pending().get() {
                            t_string!(i18n, services.looking_up)
                        } else {
                            t_string!(i18n, services.lookup_submit)
                        }}
                    </button>
                </div>
            </form>
            <div class="ch-form__actions">
                <A href=Route::MyItems.path() attr:class="ch-button ch-button--block">{t!(i18n, services.view_my_items)}</A>
            </div>
        </main>
    }
}

/// The message for a field of a 422 that came without one.
fn rejected_message(error_code: &str, field_code: &str, message: &str) -> LocalizedText {
    match (error_code, field_code) {
        ("vehicle_not_matched", _) => LocalizedText::new(
            "号牌号码、号牌种类和这六位对不上记录：请对照行驶证检查后再试",
            "The plate, plate type and these six characters do not match the records: check them against the vehicle licence and try again",
        ),
        ("account_not_found", _) => LocalizedText::new(
            "没有找到这个户号：请对照账单检查后再试",
            "No account has this number: check it against your bill and try again",
        ),
        _ if !message.is_empty() => LocalizedText::new(message, message),
        _ => LocalizedText::new("请检查后再试", "Check this and try again"),
    }
}
