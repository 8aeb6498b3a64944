//! localStorage that never panics. Private browsing, disabled storage, a full quota or a
//! webview without storage all come back as `None` / a silently skipped write.
//!
//! A thin wrapper over web-sys rather than leptos-use's `use_local_storage`: we need two
//! calls with explicit failure handling, and the extra crates would cost residents bytes.

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored value of `key`, or `None` when absent or when storage does not work.
pub fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; returns whether it was stored.
pub fn set(key: &str, value: &str) -> bool {
    local_storage().is_some_and(|s| s.set_item(key, value).is_ok())
}
