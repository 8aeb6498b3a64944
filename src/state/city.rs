//! The resident's chosen city, kept in localStorage when it works.

use leptos::prelude::*;

use super::storage;

/// localStorage key of the chosen city's division code.
/// Also read by boot/loader.js (a first visit prefetches the picker's code).
const CITY_KEY: &str = "ch.city";

/// The resident's chosen city (a GB/T 2260 code), shared through context.
///
/// Loaded from storage at start; when storage is missing, throws or holds something that is
/// not a division code, there is simply no choice and the picker asks again.
#[derive(Clone, Copy)]
pub struct CityChoice(RwSignal<Option<String>>);

impl CityChoice {
    /// Reads the stored choice, ignoring anything that is not a 6-digit code.
    pub fn load() -> Self {
        let stored = storage::get(CITY_KEY).filter(|c| citizen_core::city::is_division_code(c));
        CityChoice(RwSignal::new(stored))
    }

    /// The chosen city's code, tracked.
    pub fn get(&self) -> Option<String> {
        self.0.get()
    }

    /// The chosen city's code, not tracked (for one-off reads while building a view).
    pub fn get_untracked(&self) -> Option<String> {
        self.0.get_untracked()
    }

    /// Chooses `code` and remembers it when storage works.
    pub fn set(&self, code: &str) {
        storage::set(CITY_KEY, code);
        self.0.set(Some(code.to_string()));
    }
}

/// The city choice from context. Always provided by [`crate::app::App`].
pub fn use_city_choice() -> CityChoice {
    // Provided unconditionally at the root of App before any page renders.
    expect_context::<CityChoice>()
}
