//! `/identity?next=…`: 实名 (name, resident ID, phone) for the services that need it (paying
//! asks for it once per session), checked on submit with citizen-core's
//! `validate_identity` (the server runs the same), then back to `next`, a page of this app
//! (`citizen_core::routes::safe_next`; anything else goes to 我的办件). The data goes in the request body only,
//! never in a URL; the server keeps it masked. 退出 on 我的办件 forgets it.

use std::sync::Arc;

use citizen_core::identity::{identity_form, validate_identity, IdentityRequest};
use citizen_core::routes::{query, safe_next, Route};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::schema_form::{server_errors, FormState, SchemaErrorSummary, SchemaFields};
use crate::api::{self, WriteError};
use crate::components::nav_bar::NavBar;
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{api_error_message, document_title, tr};
use crate::state::drafts;

/// The identity page's path, returning to `next` (a client path) afterwards.
pub(super) fn identity_href(next: &str) -> String {
    Route::Identity.with_query(&[(query::NEXT, next)])
}

/// `/identity`.
#[component]
pub fn IdentityPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let next = Memo::new(move |_| {
        query
            .with(|q| q.get(query::NEXT))
            .and_then(|n| safe_next(&n).map(str::to_string))
            .unwrap_or_else(|| Route::MyItems.path())
    });
    let schema = Arc::new(identity_form());
    let state = FormState::new(Default::default());
    let failure = RwSignal::new(None::<String>);
    let send = Action::new_local(|body: &IdentityRequest| {
        let body = body.clone();
        async move { api::set_identity(&body).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => {
            failure.set(None);
            navigate(&next.get_untracked(), Default::default());
        }
        Some(Err(WriteError::Rejected {
            fields, messages, ..
        })) => {
            failure.set(None);
            let shown = server_errors(&fields, &messages, str::to_string, |_, code| {
                let message = t_string!(i18n, form.server_rejected, code).to_string();
                citizen_core::catalog::LocalizedText {
                    zh: message.clone(),
                    en: message,
                }
            });
            state.show(shown);
        }
        Some(Err(WriteError::Api(e))) => failure.set(Some(api_error_message(i18n, &e))),
        None => {}
    });
    let on_submit = {
        let schema = schema.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if state.is_composing() || send.pending().get_untracked() {
                return;
            }
            let answers = state.normalise(&schema);
            let request = IdentityRequest::from_answers(&answers);
            match validate_identity(&request, drafts::today_in_china()) {
                Ok(_) => {
                    state.clear_errors();
                    failure.set(None);
                    send.dispatch(request);
                }
                Err(errors) => state.show_errors(&schema, &errors),
            }
        }
    };
    let title = move || {
        let title = document_title(i18n, t_string!(i18n, services.identity_title));
        if state.errors.with(|e| !e.is_empty()) {
            format!("{}{title}", t_string!(i18n, form.error_prefix))
        } else {
            title
        }
    };
    view! {
        <Title text=title />
        <NavBar
            title=tr(move || t_string!(i18n, services.identity_title))
            back=Some(next.get_untracked())
            back_to=tr(move || t_string!(i18n, services.previous_page))
        />
        <main id="main" class="ch-page">
            <SchemaErrorSummary schema=schema.clone() state />
            <form class="ch-form" novalidate on:submit=on_submit>
                <h1 class="ch-page__title">{t!(i18n, services.identity_title)}</h1>
                <p>{t!(i18n, services.identity_intro)}</p>
                <SchemaFields schema=schema.clone() state />
                {move || failure.get().map(|message| view! {
                    <div class="ch-form-failure" role="alert">
                        <h2 class="ch-form-failure__title">{t!(i18n, services.identity_failed)}</h2>
                        <p>{message}</p>
                    </div>
                })}
                <div class="ch-form__actions">
                    <button
                        type="submit"
                        class="ch-button ch-button--primary ch-button--block"
                        disabled=move || send.pending().get()
                    >
                        {move || if send.pending().get() {
                            t_string!(i18n, services.sending)
                        } else {
                            t_string!(i18n, services.identity_submit)
                        }}
                    </button>
                </div>
                <p class="ch-caption">{t!(i18n, services.identity_privacy)}</p>
            </form>
        </main>
    }
}
