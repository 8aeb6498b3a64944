//! The resident's display preferences: elder mode (长辈版), colour scheme and language.
//! Kept in localStorage when it works; applied as attributes on `<html>` that the design
//! tokens in `style/tokens.css` respond to:
//!
//! | attribute | values | effect |
//! |---|---|---|
//! | `data-elder` | `1` | 18 px+ text, 60 px targets, fewer tiles per row, no motion |
//! | `data-scheme` | `light`, `dark` (absent: follow `prefers-color-scheme`) | colours |
//! | `lang` | `zh-CN`, `en` | set by leptos_i18n from the current locale |
//!
//! **Language at start.** leptos_i18n 0.6's `I18nContextProvider` (without its `cookie`
//! feature) starts from the browser's languages and copies them into the context again in
//! an effect that runs after the first render and on every `languagechange` event
//! (`init_context_inner` in its `context.rs`), so setting the stored language once is
//! overwritten. Here the stored choice (`ch.locale`) is applied before the first render
//! and an effect puts it back whenever the locale moves away from it; a choice made in
//! settings is stored first, so it is the one kept. With nothing stored the browser's
//! languages decide (zh-CN when none matches). The crate's `cookie` feature was not used:
//! it writes the browser-detected language to the cookie on the first start, so a later
//! change of the browser's language would never be followed, and it sends a cookie with
//! every request.
//!
//! **Elder mode at start.** The resident's own choice (`ch.elder`, from the home switch or
//! settings) wins; without one, the host app's large-text signal decides where the host
//! reports it ([`Prefs::host_large_text`], wired in [`crate::app`] from
//! [`crate::host::Host::on_large_text`]); otherwise it is off.

use leptos::prelude::*;

use super::storage;
use crate::i18n::{use_i18n, Locale};

const ELDER_KEY: &str = "ch.elder";
const SCHEME_KEY: &str = "ch.scheme";
const LOCALE_KEY: &str = "ch.locale";

/// Light, dark, or whatever the device says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Scheme {
    /// The stored / attribute form: `system`, `light`, `dark`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::System => "system",
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }

    /// Parses the stored form; anything else is `None`.
    pub fn parse(s: &str) -> Option<Scheme> {
        match s {
            "system" => Some(Scheme::System),
            "light" => Some(Scheme::Light),
            "dark" => Some(Scheme::Dark),
            _ => None,
        }
    }
}

/// Display preferences shared through context.
#[derive(Clone, Copy)]
pub struct Prefs {
    /// 长辈版 on or off.
    pub elder: RwSignal<bool>,
    /// Colour scheme.
    pub scheme: RwSignal<Scheme>,
    /// Whether the resident chose elder mode on or off themselves (stored, or switched
    /// during this visit when storage does not work): then the host's signal is ignored.
    elder_chosen: StoredValue<bool>,
    /// While the gallery is open, its URL decides the look and language
    /// ([`Prefs::preview`]): the stored preferences stand aside and come back after.
    #[cfg(feature = "gallery")]
    preview: RwSignal<bool>,
}

impl Prefs {
    /// Loads stored preferences (bad or missing values fall back to defaults), restores the
    /// stored language, and keeps `<html>` attributes and storage in step from now on.
    /// Call once, inside the i18n provider.
    pub fn init() -> Prefs {
        let stored_elder = storage::get(ELDER_KEY);
        let prefs = Prefs {
            elder_chosen: StoredValue::new(matches!(stored_elder.as_deref(), Some("1" | "0"))),
            #[cfg(feature = "gallery")]
            preview: RwSignal::new(false),
            elder: RwSignal::new(stored_elder.as_deref() == Some("1")),
            scheme: RwSignal::new(
                storage::get(SCHEME_KEY)
                    .as_deref()
                    .and_then(Scheme::parse)
                    .unwrap_or_default(),
            ),
        };
        let i18n = use_i18n();
        if let Some(locale) = stored_locale() {
            i18n.set_locale(locale);
        }
        // The provider's own effect sets the browser's language after this (see the module
        // documentation): the stored choice wins whenever the two differ.
        Effect::new(move |_| {
            let current = i18n.get_locale();
            if prefs.previewing() {
                return;
            }
            if let Some(stored) = stored_locale().filter(|s| *s != current) {
                i18n.set_locale(stored);
            }
        });
        Effect::new(move |_| {
            let elder = prefs.elder.get();
            let scheme = prefs.scheme.get();
            if prefs.previewing() {
                return;
            }
            let root = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element());
            if let Some(root) = root {
                let _ = if elder {
                    root.set_attribute("data-elder", "1")
                } else {
                    root.remove_attribute("data-elder")
                };
                let _ = match scheme {
                    Scheme::System => root.remove_attribute("data-scheme"),
                    other => root.set_attribute("data-scheme", other.as_str()),
                };
            }
        });
        prefs
    }

    /// Turns elder mode on or off as the resident's own choice and remembers it; from now
    /// on the host's large-text signal no longer changes it.
    pub fn set_elder(&self, on: bool) {
        storage::set(ELDER_KEY, if on { "1" } else { "0" });
        self.elder_chosen.set_value(true);
        self.elder.set(on);
    }

    /// The host app reports whether its resident set large text (or its own elder mode):
    /// elder mode follows it, unless the resident chose on or off here. Not stored: the
    /// host says it again on every start.
    pub fn host_large_text(&self, large: bool) {
        if !self.elder_chosen.get_value() {
            self.elder.set(large);
        }
    }

    /// Whether the gallery's preview owns the look and language now (tracked); always
    /// `false` outside the gallery bundle.
    fn previewing(&self) -> bool {
        #[cfg(feature = "gallery")]
        return self.preview.get();
        #[cfg(not(feature = "gallery"))]
        false
    }

    /// The gallery starts (`true`) or stops (`false`) previewing: while it does, the
    /// stored 长辈版, colour scheme and language leave `<html>` and the locale alone, so a
    /// designer's link shows the same whatever they chose in the app; after, they apply
    /// again.
    #[cfg(feature = "gallery")]
    pub fn preview(&self, on: bool) {
        self.preview.set(on);
    }

    /// Sets the colour scheme and remembers it.
    pub fn set_scheme(&self, scheme: Scheme) {
        storage::set(SCHEME_KEY, scheme.as_str());
        self.scheme.set(scheme);
    }
}

/// The stored language choice, if any (and valid).
fn stored_locale() -> Option<Locale> {
    storage::get(LOCALE_KEY).and_then(|s| s.parse::<Locale>().ok())
}

/// Switches the language through `i18n` (from `use_i18n()`, taken when the view was
/// built: event handlers have no context) and remembers it.
pub fn set_locale(i18n: leptos_i18n::I18nContext<Locale>, locale: Locale) {
    storage::set(LOCALE_KEY, leptos_i18n::Locale::as_str(locale));
    i18n.set_locale(locale);
}

/// The preferences from context. Always provided by [`crate::app::App`].
pub fn use_prefs() -> Prefs {
    // Provided unconditionally at the root of App before any page renders.
    expect_context::<Prefs>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_read_back_as_stored() {
        for scheme in [Scheme::System, Scheme::Light, Scheme::Dark] {
            assert_eq!(Scheme::parse(scheme.as_str()), Some(scheme));
        }
        assert_eq!(Scheme::parse("Dark"), None);
        assert_eq!(Scheme::parse(""), None);
        assert_eq!(Scheme::default(), Scheme::System);
    }
}
