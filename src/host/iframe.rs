//! Inside another site's iframe (a partner portal embedding 市民之家).
//!
//! Trust comes from one allowlist, the server's `PARTNER_ORIGINS`: the browser lets only
//! those sites frame us (CSP `frame-ancestors`), and this module, which loads the list from
//! `GET /api/v1/embed` once framed, talks only to them:
//!
//! - **To the parent**, `postMessage` with the exact origin as `targetOrigin`, once per
//!   listed origin, so the browser delivers it only when the parent really is that origin:
//!   `{type: "citizen-home:ready"}`, then on every change
//!   `{type: "citizen-home:height", height}` (CSS px of our content, to size the iframe),
//!   `{type: "citizen-home:route", path}` (path and query) and
//!   `{type: "citizen-home:title", title}`. Nothing is sent before the list is known, and
//!   nothing at all when it is empty or cannot be loaded.
//! - **From the parent**, only `{type: "citizen-home:navigate", path, push}`, and only when
//!   the message comes from `window.parent` and from a listed origin; anything else is
//!   ignored. `path` must be one of our paths (`/city/310100`), never another origin.
//! - **History**: the tab's session history is shared with the parent page, so our own
//!   navigations replace the current entry instead of adding one (`history.pushState` is
//!   wrapped to call `replaceState`). Only a `navigate` with `push: true` from the parent
//!   adds an entry. The parent's Back button therefore never walks through our pages.

use std::cell::{Cell, RefCell};

use citizen_core::api::Channel;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Function, Object, Reflect};

use super::bridge::{HostBridge, HostError};

/// The `type` prefix of every message in either direction.
const PREFIX: &str = "citizen-home:";

thread_local! {
    /// Partner origins from `/api/v1/embed`; empty until loaded (and then: talk to no one).
    static ORIGINS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// Set by a parent's `navigate` with `push: true`: the next `pushState` really pushes.
    static PUSH_ALLOWED: Cell<bool> = const { Cell::new(false) };
    /// The last height, route and title sent, so each is sent once per change.
    static LAST_HEIGHT: Cell<i32> = const { Cell::new(-1) };
    static LAST_ROUTE: RefCell<String> = const { RefCell::new(String::new()) };
    static LAST_TITLE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// The iframe "host": no bridge and no title bar; the title goes to the parent.
pub struct Iframe;

impl HostBridge for Iframe {
    fn channel(&self) -> Channel {
        Channel::Iframe
    }

    fn set_title(&self, title: &str) -> Result<(), HostError> {
        if LAST_TITLE.with_borrow(|t| t != title) {
            LAST_TITLE.set(title.to_string());
            post("title", "title", title.into());
        }
        Ok(())
    }
}

/// Wraps `history.pushState` so that our navigations replace the current entry unless the
/// parent asked for a new one, and reports every route change (push, replace, Back) to
/// the parent. Runs before the router starts.
pub fn guard_history() {
    route_changed();
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let method = |name: &str| {
        Reflect::get(&history, &name.into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
    };
    let (Some(push), Some(replace)) = (method("pushState"), method("replaceState")) else {
        return;
    };
    let wrap = |always_replace: bool| {
        let (this, push, replace) = (history.clone(), push.clone(), replace.clone());
        Closure::<dyn Fn(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
            move |state, title, url| {
                let real = if !always_replace && PUSH_ALLOWED.replace(false) {
                    &push
                } else {
                    &replace
                };
                let done = real.call3(&this, &state, &title, &url);
                route_changed();
                done
            },
        )
    };
    for (name, always_replace) in [("pushState", false), ("replaceState", true)] {
        let wrapped = wrap(always_replace);
        if Reflect::set(&history, &name.into(), wrapped.as_ref()).is_ok() {
            wrapped.forget();
        }
    }
    if let Some(window) = web_sys::window() {
        let on_pop = Closure::<dyn Fn()>::new(route_changed);
        if window
            .add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref())
            .is_ok()
        {
            on_pop.forget();
        }
    }
}

/// Loads the allowlist, then announces us to the parent and starts listening to it and
/// watching our height. `navigate` is the router's, for the parent's `navigate` messages.
pub fn start(navigate: impl Fn(&str, NavigateOptions) + 'static) {
    spawn_local(async move {
        let origins = crate::api::embed()
            .await
            .map(|e| e.partner_origins)
            .unwrap_or_default();
        if origins.is_empty() {
            return;
        }
        ORIGINS.set(origins);
        listen(navigate);
        post("ready", "channel", Channel::Iframe.as_str().into());
        LAST_ROUTE.with_borrow(|r| post("route", "path", r.as_str().into()));
        LAST_TITLE.with_borrow(|t| post("title", "title", t.as_str().into()));
        watch_height();
    });
}

/// Tells the parent the route (path and query) when it changed.
fn route_changed() {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let path = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if LAST_ROUTE.with_borrow(|r| *r != path) {
        post("route", "path", path.as_str().into());
        LAST_ROUTE.set(path);
    }
}

/// Posts `{type: "citizen-home:<kind>", <key>: value}` to each allowed origin (the browser
/// drops every copy whose origin is not the parent's).
fn post(kind: &str, key: &str, value: JsValue) {
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &format!("{PREFIX}{kind}").into());
    let _ = Reflect::set(&message, &key.into(), &value);
    ORIGINS.with_borrow(|origins| {
        for origin in origins {
            let _ = parent.post_message(&message, origin);
        }
    });
}

/// Handles the parent's messages; ignores every other sender.
fn listen(navigate: impl Fn(&str, NavigateOptions) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let parent = window.parent().ok().flatten();
    let handler =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let from_parent = match (ev.source(), parent.as_ref()) {
                (Some(source), Some(parent)) => Object::is(&source, parent),
                _ => false,
            };
            let origin = ev.origin();
            if !from_parent || !ORIGINS.with_borrow(|o| o.contains(&origin)) {
                return;
            }
            let data = ev.data();
            let field =
                |name: &str| Reflect::get(&data, &name.into()).unwrap_or(JsValue::UNDEFINED);
            if field("type").as_string().as_deref() != Some("citizen-home:navigate") {
                return;
            }
            let Some(path) = field("path").as_string().filter(|p| is_app_path(p)) else {
                return;
            };
            let push = field("push").as_bool() == Some(true);
            PUSH_ALLOWED.set(push);
            navigate(
                &path,
                NavigateOptions {
                    replace: !push,
                    ..Default::default()
                },
            );
        });
    if window
        .add_event_listener_with_callback("message", handler.as_ref().unchecked_ref())
        .is_ok()
    {
        handler.forget();
    }
}

/// A path of this app: starts with one `/`, no scheme or host (`//evil.example`), no
/// backslash (browsers read `/\` as `//`), no control characters, at most 2 KB.
fn is_app_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && path.len() <= 2048
        && !path.chars().any(char::is_control)
}

/// Sends our content height now and whenever the body resizes.
fn watch_height() {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let send = {
        let body = body.clone();
        move || {
            let height = body.offset_height().max(body.scroll_height());
            if LAST_HEIGHT.replace(height) != height {
                post("height", "height", height.into());
            }
        }
    };
    send();
    let on_resize = Closure::<dyn Fn()>::new(send);
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&body);
        on_resize.forget();
    } else if let Some(w) = web_sys::window() {
        // No ResizeObserver (very old webview): window resizes at least.
        let _ = w.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
        on_resize.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_paths_are_followed() {
        assert!(is_app_path("/city/310100"));
        assert!(is_app_path("/city/310100/service/x?from=check"));
        assert!(is_app_path("/"));
        assert!(!is_app_path("//evil.example/city"));
        assert!(!is_app_path("https://evil.example/"));
        assert!(!is_app_path("/\\evil.example"));
        assert!(!is_app_path("city/310100"));
        assert!(!is_app_path("/city/\n310100"));
        assert!(!is_app_path(&format!("/{}", "a".repeat(2048))));
        assert!(!is_app_path(""));
    }
}
