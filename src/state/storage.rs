//! localStorage that never panics. Private browsing, disabled storage, a full quota or a
//! webview without storage all come back as `None` / a silently skipped write.
//!
//! sessionStorage (this tab, this visit) has the same guarantees, and when it does not work
//! a value set during this page's life is kept in memory instead.
//!
//! A thin wrapper over web-sys rather than leptos-use's `use_local_storage`: we need two
//! calls with explicit failure handling, and the extra crates would cost residents bytes.

use std::cell::RefCell;

thread_local! {
    /// sessionStorage values that could not be stored, for the rest of this page's life
    /// (key, value); a handful at most, so a list.
    static SESSION_MEMORY: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored value of `key`, or `None` when absent or when storage does not work.
pub fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Whether localStorage takes a write right now (a probe key is written and removed), so
/// a page can say up front whether what is typed will be kept.
pub fn works() -> bool {
    const PROBE: &str = "ch.probe";
    let ok = set(PROBE, "1");
    if ok {
        remove(PROBE);
    }
    ok
}

/// Stores `value` under `key`; returns whether it was stored.
pub fn set(key: &str, value: &str) -> bool {
    local_storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The sessionStorage value of `key` (kept for this visit in this tab), or the value
/// remembered in memory when sessionStorage did not take it; `None` when absent.
pub fn session_get(key: &str) -> Option<String> {
    session_storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .or_else(|| {
            SESSION_MEMORY.with_borrow(|m| m.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
        })
}

/// Stores `value` under `key` in sessionStorage; when that fails (no storage, it throws,
/// it is full), remembers it in memory for this page's life. Returns whether sessionStorage
/// took it.
pub fn session_set(key: &str, value: &str) -> bool {
    let stored = session_storage().is_some_and(|s| s.set_item(key, value).is_ok());
    SESSION_MEMORY.with_borrow_mut(|m| {
        m.retain(|(k, _)| k != key);
        if !stored {
            m.push((key.to_string(), value.to_string()));
        }
    });
    stored
}

/// Removes `key`; returns whether storage works (removing an absent key is fine).
pub fn remove(key: &str) -> bool {
    local_storage().is_some_and(|s| s.remove_item(key).is_ok())
}

/// Removes `key` from sessionStorage and from the in-memory fallback.
#[cfg(feature = "forms")]
pub fn session_remove(key: &str) {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(key);
    }
    SESSION_MEMORY.with_borrow_mut(|m| m.retain(|(k, _)| k != key));
}
