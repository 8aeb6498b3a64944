//! The in-app pages visited during this page's life, so a page can send the resident
//! back where they came from.

use leptos::prelude::*;

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
        self.0.update_value(|v| record(v, path, Self::KEEP));
    }

    /// The most recent in-app page whose path is not `here` (`/settings`): where the
    /// resident came from. `None` when they opened `here` directly.
    pub fn came_from(&self, here: &str) -> Option<String> {
        self.0
            .with_value(|v| came_from(v, here).map(str::to_string))
    }
}

/// Appends `path` to `visits` unless it repeats the last one, keeping the last `keep`.
fn record(visits: &mut Vec<String>, path: String, keep: usize) {
    if visits.last() != Some(&path) {
        visits.push(path);
        if visits.len() > keep {
            visits.remove(0);
        }
    }
}

/// The most recent of `visits` (path and query, oldest first) whose path is not `here`.
fn came_from<'a>(visits: &'a [String], here: &str) -> Option<&'a str> {
    visits
        .iter()
        .rev()
        .map(String::as_str)
        .find(|p| p.split(['?', '#']).next() != Some(here))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_without_repeats_and_keeps_the_last_few() {
        let mut v = Vec::new();
        record(&mut v, "/".into(), 3);
        record(&mut v, "/".into(), 3);
        record(&mut v, "/cities".into(), 3);
        assert_eq!(v, ["/", "/cities"]);
        record(&mut v, "/settings".into(), 3);
        record(&mut v, "/city/310100".into(), 3);
        assert_eq!(v, ["/cities", "/settings", "/city/310100"]);
    }

    #[test]
    fn came_from_skips_the_page_itself() {
        let v: Vec<String> = ["/city/310100?x=1", "/settings", "/settings?lang=en"]
            .map(String::from)
            .to_vec();
        assert_eq!(came_from(&v, "/settings"), Some("/city/310100?x=1"));
        assert_eq!(came_from(&v, "/cities"), Some("/settings?lang=en"));
        assert_eq!(came_from(&v[1..], "/settings"), None);
        assert_eq!(came_from(&[], "/settings"), None);
    }
}
