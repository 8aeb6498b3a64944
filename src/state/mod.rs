//! Client state that outlives a page: the chosen city and display preferences, kept in
//! localStorage when it works.

pub mod drafts;
pub mod prefs;
pub mod storage;

use leptos::prelude::*;

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

/// The in-app pages visited during this page's life (path and query, oldest first, the
/// last few only), so a page can send the resident back where they came from. Fed by the
/// router on every navigation ([`crate::app`]); empty after a reload or a direct link.
#[derive(Clone, Copy)]
pub struct Visits(StoredValue<Vec<String>>);

impl Visits {
    /// How many pages are kept.
    const KEEP: usize = 8;

    /// An empty record.
    pub fn new() -> Self {
        Visits(StoredValue::new(Vec::new()))
    }

    /// Records a visit of `path` (path and query); a repeat of the last one is ignored.
    pub fn record(&self, path: String) {
        self.0.update_value(|v| {
            if v.last() != Some(&path) {
                v.push(path);
                if v.len() > Self::KEEP {
                    v.remove(0);
                }
            }
        });
    }

    /// The most recent in-app page whose path is not `here` (`/settings`): where the
    /// resident came from. `None` when they opened `here` directly.
    pub fn came_from(&self, here: &str) -> Option<String> {
        self.0.with_value(|v| {
            v.iter()
                .rev()
                .find(|p| p.split(['?', '#']).next() != Some(here))
                .cloned()
        })
    }
}

impl Default for Visits {
    fn default() -> Self {
        Self::new()
    }
}

/// The visits record from context, or an empty one outside the app (gallery, tests).
pub fn use_visits() -> Visits {
    use_context::<Visits>().unwrap_or_default()
}

/// The city choice from context. Always provided by [`crate::app::App`].
pub fn use_city_choice() -> CityChoice {
    // Provided unconditionally at the root of App before any page renders.
    expect_context::<CityChoice>()
}
