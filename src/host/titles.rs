//! The page title in the host's title bar: `<head>` is watched for title changes
//! (leptos_meta's `<Title>`, on every route and when a page's data arrives), and once a
//! quick series has settled the page's own part of `document.title` ([`bar_title`]) goes
//! to the runtime host's [`HostBridge::set_title`] (the app's bar, or an iframe parent).

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::set_timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::bridge::{self, HostBridge, HostError};

/// Title changes closer together than this reach the host's bar once, as the last one (a
/// page's loading title, then its real one as its data arrives).
const TITLE_SETTLE: Duration = Duration::from_millis(120);

/// What the host's bar shows when a document title has no page part.
const APP_NAME: &str = "市民之家";

thread_local! {
    /// The last title the host's bar accepted.
    static LAST_TITLE: RefCell<String> = const { RefCell::new(String::new()) };
    /// Counts title changes, so only the last of a quick series is sent.
    static TITLE_CHANGES: Cell<u32> = const { Cell::new(0) };
}

/// Watches `<head>` for title changes and passes each on to `imp` ([`changed`]).
pub fn watch(imp: &'static dyn HostBridge) {
    let Some(head) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.head())
    else {
        return;
    };
    let on_change = Closure::<dyn Fn()>::new(move || changed(imp));
    if let Ok(observer) = web_sys::MutationObserver::new(on_change.as_ref().unchecked_ref()) {
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        options.set_character_data(true);
        if observer.observe_with_options(&head, &options).is_ok() {
            on_change.forget();
        }
    }
    changed(imp);
}

/// Sends the title to `imp` once it has not changed for [`TITLE_SETTLE`] (also called when
/// the bridge becomes ready, so the bar gets the title it missed).
pub fn changed(imp: &'static dyn HostBridge) {
    let change = TITLE_CHANGES.get().wrapping_add(1);
    TITLE_CHANGES.set(change);
    set_timeout(
        move || {
            if TITLE_CHANGES.get() == change {
                sync(imp);
            }
        },
        TITLE_SETTLE,
    );
}

/// Sends the page part of `document.title` to the host, when it changed and the host can
/// take it.
fn sync(imp: &dyn HostBridge) {
    if !bridge::is_ready(imp) {
        return;
    }
    let Some(title) = web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.title())
    else {
        return;
    };
    let title = bar_title(&title);
    if LAST_TITLE.with_borrow(|last| last == title) {
        return;
    }
    match imp.set_title(title) {
        Ok(()) => LAST_TITLE.set(title.to_string()),
        Err(HostError::Bridge { message, .. }) => {
            web_sys::console::warn_2(
                &"citizen-home: the host's setTitle threw".into(),
                &message.into(),
            );
        }
        Err(_) => {}
    }
}

/// The title for a host's title bar: the page's own part of a document title
/// (`结婚登记预约 - 上海市 - 市民之家` → `结婚登记预约`; a title bar is narrow and the app
/// name is in the host already), or `市民之家` when that part is empty. The document title
/// itself is built by [`crate::l10n::document_title`].
pub fn bar_title(document_title: &str) -> &str {
    let first = document_title
        .split(" - ")
        .next()
        .unwrap_or(document_title)
        .trim();
    if first.is_empty() {
        APP_NAME
    } else {
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_title_is_the_page_part() {
        assert_eq!(
            bar_title("结婚登记预约 - 上海市 - 市民之家"),
            "结婚登记预约"
        );
        assert_eq!(bar_title("Settings - Citizen Home"), "Settings");
        assert_eq!(bar_title("市民之家"), "市民之家");
        assert_eq!(bar_title(" - 市民之家"), "市民之家");
        assert_eq!(bar_title(""), "市民之家");
        assert_eq!(bar_title("  城市选择  "), "城市选择");
        // Only " - " separates: a hyphen inside a name stays.
        assert_eq!(bar_title("Xi-an - Citizen Home"), "Xi-an");
    }
}
