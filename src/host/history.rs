//! Back inside an app with its own title bar: there the only Back is the app's (and
//! Android's), which walks the tab's history and closes the web-view at its first entry. A
//! resident who enters on a deep page (`/city/310100/service/x`, from a partner's tile or
//! a shared link) gets the city's home beneath it, once, so Back shows the city instead of
//! leaving ([`keep_a_way_back`]). (In an iframe the history is the parent's: see
//! `iframe.rs`.)

use citizen_core::routes::{decode_segment, segment, Route};
use wasm_bindgen::JsValue;

/// Inside an app with its own title bar, entered on a deep page: put the city's home
/// beneath it, so the app's Back shows the city instead of closing the web-view. Only on
/// the first entry of the tab (history length 1), so a reload never adds another.
pub fn keep_a_way_back() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Ok(history), location) = (window.history(), window.location()) else {
        return;
    };
    if history.length() != Ok(1) {
        return;
    }
    let Ok(path) = location.pathname() else {
        return;
    };
    let Some(parent) = city_home_beneath(&path) else {
        return;
    };
    let here = format!(
        "{path}{}{}",
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    if history
        .replace_state_with_url(&JsValue::NULL, "", Some(&parent))
        .is_ok()
    {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&here));
    }
}

/// The city home to put beneath a page of that city:
/// `/city/310100/service/x[/apply…|/lookup…]` → `/city/310100`. `None` for the city home
/// itself and for every other path (orders, 我的办件 and the identity page belong to no city).
///
/// The same answers as reading the path with [`Route::parse`] (a `Service`, `Apply`,
/// `Lookup` or `LookupResult` gives its city; the test below compares them), but only the
/// paths below a service are read here: `parse` would bring every page's path into the
/// first load for this one question.
pub fn city_home_beneath(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let rest = path
        .strip_prefix('/')
        .filter(|rest| !rest.starts_with('/'))?;
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let mut parts = rest.split('/');
    let (Some(segment::CITY), Some(code), Some(segment::SERVICE), Some(id)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    // After the service: nothing, `apply` or `lookup`, and then at most one segment (the
    // form's page, the lookup's id).
    let last = match [parts.next(), parts.next(), parts.next()] {
        [None, None, None] | [Some(segment::APPLY | segment::LOOKUP), None, None] => None,
        [Some(segment::APPLY | segment::LOOKUP), Some(last), None] => Some(last),
        _ => return None,
    };
    // Every parameter decodes (an empty one does not: `parse` rejects empty segments).
    let decodes = |s: &str| !s.is_empty() && decode_segment(s).is_ok();
    if !decodes(id) || !last.is_none_or(decodes) {
        return None;
    }
    let code = decode_segment(code).ok().filter(|code| !code.is_empty())?;
    Some(Route::City { code }.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_pages_of_a_city_get_its_home_beneath() {
        assert_eq!(
            city_home_beneath("/city/310100/service/traffic-violation"),
            Some("/city/310100".to_string())
        );
        assert_eq!(
            city_home_beneath("/city/310100/service/marriage/apply/check"),
            Some("/city/310100".to_string())
        );
        assert_eq!(city_home_beneath("/city/310100"), None);
        assert_eq!(city_home_beneath("/"), None);
        assert_eq!(city_home_beneath("/cities"), None);
        assert_eq!(city_home_beneath("/gallery/field"), None);
        assert_eq!(city_home_beneath("/city//service/x"), None);
    }

    /// The answer through [`Route::parse`], which [`city_home_beneath`] must match.
    fn through_parse(path: &str) -> Option<String> {
        match Route::parse(path).ok()? {
            Route::Service { code, .. }
            | Route::Apply { code, .. }
            | Route::Lookup { code, .. }
            | Route::LookupResult { code, .. } => Some(Route::City { code }.to_string()),
            Route::Home
            | Route::Cities
            | Route::Settings
            | Route::City { .. }
            | Route::Gallery { .. }
            | Route::Order { .. }
            | Route::MyItems
            | Route::MyItem { .. }
            | Route::Identity => None,
        }
    }

    #[test]
    fn the_same_answers_as_parse() {
        let pieces = [
            "",
            "city",
            "service",
            "apply",
            "lookup",
            "check",
            "310100",
            "x",
            "%41",
            "a%2Fb",
            "%zz",
            "%e4%b8",
            "%E4%B8%8A",
            ".",
            "..",
            "%2e",
            "cities",
            "my",
            "orders",
        ];
        let mut paths = vec![
            String::new(),
            "/".to_string(),
            "//city/1/service/x".to_string(),
        ];
        for code in pieces {
            for id in pieces {
                for (tail, extra) in [
                    ("", ""),
                    ("apply", ""),
                    ("lookup", ""),
                    ("apply", "q"),
                    ("lookup", "lk"),
                ] {
                    for last in [extra, "%zz", "..", "a/b"] {
                        let mut path = format!("/city/{code}/service/{id}");
                        if !tail.is_empty() {
                            path = format!("{path}/{tail}");
                        }
                        if !last.is_empty() && !tail.is_empty() {
                            path = format!("{path}/{last}");
                        }
                        for end in ["", "/", "//", "?from=check", "#x", "/?a=1"] {
                            paths.push(format!("{path}{end}"));
                        }
                    }
                }
            }
            paths.push(format!("/city/{code}"));
            paths.push(format!("/{code}/310100/service/x"));
        }
        for path in &paths {
            assert_eq!(city_home_beneath(path), through_parse(path), "{path}");
        }
    }
}
