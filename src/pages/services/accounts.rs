//! Saved accounts (常用户号): the resident's 户号 kept on the server with a label (家里,
//! 父母家 …), listed on a bill lookup form to pick from, renamed and removed there; and
//! saving the account of a bill lookup from its results.

use citizen_core::api::lookups::{RenameAccountRequest, SaveAccountRequest, SavedAccount};
use leptos::prelude::*;

use super::intent::{account_key, forget_account_key};
use crate::api::{self, WriteError};
use crate::components::dialog::Dialog;
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{api_error_message, localized, I18n};
use crate::pages::form::taps::{arm_tap_guard, guard_second_taps};

/// The longest label, in characters (the server's rule: 1–20).
const MAX_LABEL: usize = 20;

/// Labels offered with one tap.
fn suggestions(i18n: I18n) -> [&'static str; 3] {
    [
        t_string!(i18n, services.label_home),
        t_string!(i18n, services.label_parents),
        t_string!(i18n, services.label_office),
    ]
}

/// A label as the server takes it: trimmed, 1–[`MAX_LABEL`] characters.
fn check_label(label: &str) -> Option<String> {
    let label = label.trim();
    let n = label.chars().count();
    (1..=MAX_LABEL).contains(&n).then(|| label.to_string())
}

fn write_message(i18n: I18n, e: &WriteError) -> String {
    match e {
        WriteError::Api(crate::api::ApiError::Server { status: 409, .. }) => {
            t_string!(i18n, services.account_already_saved).to_string()
        }
        WriteError::Api(e) => api_error_message(i18n, e),
        WriteError::Rejected { .. } => t_string!(i18n, services.label_invalid).to_string(),
    }
}

/// The saved accounts of service `service_id` in `city_code`: each to look up with one tap
/// (`on_pick` gets its provider id and 户号), to rename or remove. Nothing while none are
/// saved or the list cannot be loaded (the form works without it).
#[component]
pub(super) fn SavedAccounts(
    city_code: String,
    service_id: String,
    on_pick: Callback<(String, String)>,
    /// A lookup is on its way (picking waits).
    busy: Memo<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(api::saved_accounts);
    let mine = move || {
        list.get().and_then(Result::ok).map(|r| {
            r.accounts
                .into_iter()
                .filter(|a| a.city_code == city_code && a.service_id == service_id)
                .collect::<Vec<_>>()
        })
    };
    let reload = Callback::new(move |()| list.refetch());
    // Removing or renaming moves what is below (the 供水单位 choice): the next taps of a
    // triple tap at that spot are swallowed.
    guard_second_taps();
    move || {
        mine().filter(|a| !a.is_empty()).map(|accounts| {
            let rows = accounts
                .into_iter()
                .map(|account| view! { <AccountRow account on_pick busy reload /> })
                .collect_view();
            view! {
                <section class="ch-section ch-accounts" aria-labelledby="saved-accounts">
                    <h2 id="saved-accounts" class="ch-section__title">{t!(i18n, services.saved_accounts)}</h2>
                    <p class="ch-caption">{t!(i18n, services.saved_accounts_hint)}</p>
                    <ul class="ch-accounts__list">{rows}</ul>
                </section>
            }
        })
    }
}

/// One saved account: 查询, 改名 (a small inline form), 删除 (asks once more).
#[component]
fn AccountRow(
    account: SavedAccount,
    on_pick: Callback<(String, String)>,
    busy: Memo<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let renaming = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let label_input = RwSignal::new(account.label.clone());
    let error = RwSignal::new(None::<String>);
    let rename = Action::new_local(|(id, label): &(String, String)| {
        let (id, body) = (
            id.clone(),
            RenameAccountRequest {
                label: label.clone(),
            },
        );
        async move { api::rename_account(&id, &body).await }
    });
    let remove = Action::new_local(|id: &String| {
        let id = id.clone();
        async move { api::remove_account(&id).await }
    });
    Effect::new(move |_| match rename.value().get() {
        Some(Ok(_)) => {
            renaming.set(false);
            error.set(None);
            reload.run(());
        }
        Some(Err(e)) => error.set(Some(write_message(i18n, &e))),
        None => {}
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => reload.run(()),
        Some(Err(e)) => error.set(Some(write_message(i18n, &e))),
        None => {}
    });
    let id = account.id.clone();
    let input_id = format!("label-{}", account.id);
    let error_id = format!("label-{}-error", account.id);
    let (provider, number) = (account.provider_id.clone(), account.account_no.clone());
    let provider_name = account.provider_name.clone();
    let label = account.label.clone();
    let pick_name = {
        let label = label.clone();
        move || {
            let label = label.clone();
            t_string!(i18n, services.look_up_account, label).to_string()
        }
    };
    let named = |f: fn(I18n, String) -> String| {
        let label = label.clone();
        move || f(i18n, label.clone())
    };
    let rename_name =
        named(|i18n, label| t_string!(i18n, services.rename_account, label).to_string());
    let remove_name =
        named(|i18n, label| t_string!(i18n, services.remove_account, label).to_string());
    let dialog_title =
        named(|i18n, label| t_string!(i18n, services.remove_account_title, label).to_string());
    let remove_button = NodeRef::<leptos::html::Button>::new();
    let remove_id = id.clone();
    view! {
        <li class="ch-accounts__item">
            <p class="ch-accounts__label">{label.clone()}</p>
            <p class="ch-caption">{move || localized(i18n, &provider_name)} " · " {account.account_no.clone()}</p>
            {move || error.get().map(|m| view! { <p class="ch-field__error" role="alert">{m}</p> })}
            {
                let id = id.clone();
                let (input_id, error_id) = (input_id.clone(), error_id.clone());
                move || renaming.get().then(|| {
                    let id = id.clone();
                    view! {
                        <form class="ch-accounts__rename" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            arm_tap_guard(web_sys::js_sys::Date::now());
                            if rename.pending().get_untracked() {
                                return;
                            }
                            match check_label(&label_input.get_untracked()) {
                                Some(l) => {
                                    rename.dispatch((id.clone(), l));
                                }
                                None => error.set(Some(t_string!(i18n, services.label_invalid).to_string())),
                            }
                        }>
                            <label class="ch-field__label" for=input_id.clone()>{t!(i18n, services.label_field)}</label>
                            <input
                                id=input_id.clone()
                                class="ch-input"
                                type="text"
                                autocomplete="off"
                                aria-describedby=error_id.clone()
                                prop:value=move || label_input.get()
                                on:input=move |ev| label_input.set(event_target_value(&ev))
                            />
                            <div class="ch-accounts__actions">
                                <button type="submit" class="ch-button ch-button--primary" disabled=move || rename.pending().get()>
                                    {t!(i18n, services.save)}
                                </button>
                                <button type="button" class="ch-button" on:click=move |_| { renaming.set(false); error.set(None); }>
                                    {t!(i18n, services.cancel)}
                                </button>
                            </div>
                        </form>
                    }
                })
            }
            <div class="ch-accounts__actions">
                <button
                    type="button"
                    class="ch-button ch-button--primary"
                    aria-label=pick_name
                    disabled=move || busy.get()
                    on:click=move |_| on_pick.run((provider.clone(), number.clone()))
                >
                    {t!(i18n, services.look_up)}
                </button>
                <button type="button" class="ch-button" aria-label=rename_name on:click=move |_| { renaming.set(true); confirming.set(false); }>
                    {t!(i18n, services.rename)}
                </button>
                <button
                    type="button"
                    class="ch-button"
                    node_ref=remove_button
                    aria-label=remove_name
                    disabled=move || remove.pending().get()
                    on:click=move |_| confirming.set(true)
                >
                    {t!(i18n, services.remove)}
                </button>
            </div>
            <Dialog
                id=format!("remove-{}", id)
                open=confirming
                title=Signal::derive(dialog_title)
                return_focus=remove_button
                on_close=Callback::new(move |value: String| {
                    // One DELETE however often 确认删除 is tapped.
                    if value == "remove" { arm_tap_guard(web_sys::js_sys::Date::now()); }
                    if value == "remove" && !remove.pending().get_untracked() && remove.value().get_untracked().is_none_or(|r| r.is_err()) {
                        remove.dispatch(remove_id.clone());
                    }
                })
                actions=move || view! {
                    <button type="submit" value="keep" class="ch-button">{t!(i18n, services.cancel)}</button>
                    <button type="submit" value="remove" class="ch-button ch-button--warning">{t!(i18n, services.remove_confirm)}</button>
                }
            >
                <p>{t!(i18n, services.remove_account_body)}</p>
            </Dialog>
        </li>
    }
}

/// Saving the account of bill lookup `lookup_id` with a label, unless it is saved already.
#[component]
pub(super) fn SaveAccount(
    /// The lookup whose account this is.
    lookup_id: String,
    /// The body to send (its `label` is replaced by what the resident types).
    request: SaveAccountRequest,
    /// Whether this account is among the saved ones already.
    saved: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(saved);
    let save = Action::new_local(|(key, body): &(String, SaveAccountRequest)| {
        let (key, body) = (key.clone(), body.clone());
        async move { api::save_account(&key, &body).await }
    });
    {
        let lookup_id = lookup_id.clone();
        Effect::new(move |_| match save.value().get() {
            Some(Ok(_)) => {
                forget_account_key(&lookup_id);
                error.set(None);
                done.set(true);
            }
            Some(Err(WriteError::Api(crate::api::ApiError::Server {
                status: 409, code, ..
            }))) if code == "account_already_saved" => {
                forget_account_key(&lookup_id);
                done.set(true);
            }
            Some(Err(e)) => error.set(Some(write_message(i18n, &e))),
            None => {}
        });
    }
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending().get_untracked() {
            return;
        }
        match check_label(&label.get_untracked()) {
            Some(l) => {
                error.set(None);
                let body = SaveAccountRequest {
                    label: l,
                    ..request.clone()
                };
                save.dispatch((account_key(&lookup_id), body));
            }
            None => error.set(Some(t_string!(i18n, services.label_invalid).to_string())),
        }
    };
    move || {
        if done.get() {
            view! {
                <p class="ch-notice" role="status">{t!(i18n, services.account_saved)}</p>
            }
            .into_any()
        } else {
            let on_submit = on_submit.clone();
            let chips = suggestions(i18n)
                .into_iter()
                .map(|s| {
                    view! {
                        <li>
                            <button type="button" class="ch-chip" aria-pressed=move || (label.get() == s).to_string() on:click=move |_| label.set(s.to_string())>
                                {s}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="ch-section ch-accounts" aria-labelledby="save-account">
                    <h2 id="save-account" class="ch-section__title">{t!(i18n, services.save_account)}</h2>
                    <form class="ch-form" novalidate on:submit=on_submit>
                        <div class=move || if error.with(Option::is_some) { "ch-field ch-field--error" } else { "ch-field" }>
                            <label class="ch-field__label" for="account-label">{t!(i18n, services.label_field)}</label>
                            <p id="account-label-hint" class="ch-field__hint">{t!(i18n, services.label_hint)}</p>
                            {move || error.get().map(|m| view! {
                                <p id="account-label-error" class="ch-field__error">
                                    <span class="ch-visually-hidden">{t!(i18n, form.error_prefix)}</span>
                                    {m}
                                </p>
                            })}
                            <input
                                id="account-label"
                                class="ch-input"
                                type="text"
                                autocomplete="off"
                                aria-describedby=move || if error.with(Option::is_some) { "account-label-hint account-label-error" } else { "account-label-hint" }
                                aria-invalid=move || error.with(Option::is_some).then_some("true")
                                prop:value=move || label.get()
                                on:input=move |ev| label.set(event_target_value(&ev))
                            />
                            <ul class="ch-chip-list">{chips}</ul>
                        </div>
                        <button type="submit" class="ch-button ch-button--block" disabled=move || save.pending().get()>
                            {t!(i18n, services.save_account_button)}
                        </button>
                    </form>
                </section>
            }
            .into_any()
        }
    }
}
