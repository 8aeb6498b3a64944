//! Back inside an app with its own title bar: there the only Back is the app's (and
//! Android's), which walks the tab's history and closes the web-view at its first entry. A
//! resident who enters on a deep page (`/city/310100/service/x`, from a partner's tile or
//! a shared link) gets the city's home beneath it, once, so Back shows the city instead of
//! leaving ([`keep_a_way_back`]). (In an iframe the history is the parent's: see
//! `iframe.rs`.)

use citizen_core::routes::Route;
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
pub fn city_home_beneath(path: &str) -> Option<String> {
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
}
