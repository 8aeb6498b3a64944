//! Settings: 长辈版 (elder mode), colour scheme and language.
//!
//! 返回 leads back to the in-app page the resident came from (with its query), or, when
//! settings was opened directly (a link, a reload), to the chosen city's home (`/`, which
//! is the picker when no city is chosen). It is a link, not `history.back()`: an entry
//! replaced by a redirect or by the iframe host would send `back()` somewhere else.

use citizen_core::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::nav_bar::NavBar;
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::l10n::{document_title, tr};
use crate::state::prefs::{set_locale, use_prefs, Scheme};
use crate::state::{use_city_choice, use_visits};

/// `/settings`. Every change applies at once and is remembered on this device.
#[component]
pub fn Settings() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let choice = use_city_choice();
    let back = use_visits()
        .came_from(&Route::Settings.path())
        .unwrap_or_else(|| {
            choice
                .get_untracked()
                .map_or_else(|| Route::Home.path(), |code| Route::city(&code).path())
        });
    let scheme_option = move |scheme: Scheme, label: Signal<String>| {
        view! {
            <label class="ch-choice">
                <input
                    type="radio"
                    name="scheme"
                    class="ch-choice__input"
                    prop:checked=move || prefs.scheme.get() == scheme
                    on:change=move |_| prefs.set_scheme(scheme)
                />
                <span class="ch-choice__label">{label}</span>
            </label>
        }
    };
    let locale_option = move |locale: Locale, label: &'static str, lang: &'static str| {
        view! {
            <label class="ch-choice">
                <input
                    type="radio"
                    name="locale"
                    class="ch-choice__input"
                    prop:checked=move || i18n.get_locale() == locale
                    on:change=move |_| set_locale(i18n, locale)
                />
                <span class="ch-choice__label" lang=lang>{label}</span>
            </label>
        }
    };
    view! {
        <Title text=move || document_title(i18n, t_string!(i18n, settings.title)) />
        <NavBar title=tr(move || t_string!(i18n, settings.title)) back=Some(back) />
        <main id="main" class="ch-page">
            <h1 class="ch-page__title">{t!(i18n, settings.title)}</h1>
            <section class="ch-section ch-setting">
                <label class="ch-switch">
                    <span class="ch-switch__text">
                        <span class="ch-switch__label">{t!(i18n, settings.elder_mode)}</span>
                        <span class="ch-switch__hint">{t!(i18n, settings.elder_hint)}</span>
                    </span>
                    <input
                        type="checkbox"
                        role="switch"
                        class="ch-switch__input"
                        prop:checked=move || prefs.elder.get()
                        on:change=move |ev| prefs.set_elder(event_target_checked(&ev))
                    />
                </label>
            </section>
            <fieldset class="ch-section ch-fieldset">
                <legend class="ch-section__title">{t!(i18n, settings.scheme)}</legend>
                {scheme_option(Scheme::System, tr(move || t_string!(i18n, settings.scheme_system)))}
                {scheme_option(Scheme::Light, tr(move || t_string!(i18n, settings.scheme_light)))}
                {scheme_option(Scheme::Dark, tr(move || t_string!(i18n, settings.scheme_dark)))}
            </fieldset>
            <fieldset class="ch-section ch-fieldset">
                // In both languages whatever the current one, each marked as what it is.
                <legend class="ch-section__title"><span lang="zh-CN">"语言"</span>" / "<span lang="en">"Language"</span></legend>
                {locale_option(Locale::zh_CN, "简体中文", "zh-CN")}
                {locale_option(Locale::en, "English", "en")}
            </fieldset>
        </main>
    }
}

crate::lazy::lazy_page!(
    /// `/settings` ([`Settings`]).
    settings_page,
    prefetch_settings_page,
    settings_page,
    Settings
);
