//! Where focus goes when the page changes: the new page's `<h1>`, so screen reader and
//! keyboard users start at the top of the new content. [`FocusOnNavigate`] does it on every
//! client-side navigation; [`focus_late_page`] when a page's content came late (loaded on
//! demand, or after 重试). Plain DOM work, no context: components may use it.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

/// After a client-side navigation (not the first load), moves focus to the new page's
/// `<h1>` so screen reader and keyboard users start at the top of the new content.
#[component]
pub fn FocusOnNavigate() -> impl IntoView {
    let location = use_location();
    // Every tap or key press counts: focus is only moved until the resident acts again. A
    // tap on a disabled control does nothing (the second tap of a double-tapped 查询), so
    // it does not count.
    for event in ["pointerdown", "keydown"] {
        let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(
            move |ev: web_sys::Event| {
                let on_disabled = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|e| e.closest(":disabled").ok().flatten().is_some());
                if !on_disabled {
                    ACTED.with(|a| a.set(a.get().wrapping_add(1)));
                }
            },
        );
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            let _ = doc.add_event_listener_with_callback_and_bool(
                event,
                listener.as_ref().unchecked_ref(),
                true,
            );
        }
        // Lives as long as the page (one listener per event for the app's lifetime).
        listener.forget();
    }
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.as_ref().is_some_and(|p| *p != path) {
            NAVIGATED.with(|n| n.set(true));
            // The new page's heading may come a frame later, or only once its data has
            // loaded (the old page's heading can still be there meanwhile).
            let at = acted();
            // The link or button that navigated may still be there for a frame: focus on
            // it counts as lost too.
            let from = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            settle_focus(FOCUS_FRAMES, std::rc::Rc::new(move || acted() != at), from);
        }
        path
    });
}

/// How many frames (about 3 s) [`settle_focus`] keeps watching after a navigation.
const FOCUS_FRAMES: u32 = 180;

thread_local! {
    /// Whether a client-side navigation has happened since the app started.
    static NAVIGATED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Taps and key presses so far (counted by [`FocusOnNavigate`]'s listeners).
    static ACTED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many times the resident has tapped or pressed a key so far.
fn acted() -> u64 {
    ACTED.with(std::cell::Cell::get)
}

/// Moves focus to the new page's heading when nothing has it (see [`settle_focus`]), for a
/// page whose content came late: a page loaded on demand whose code arrived after the
/// navigation's watch ended, or after 重试 (the button that had focus is gone). Only after
/// a client-side navigation or when `always`: on the first page of a visit focus stays
/// where the browser put it, as everywhere else. Like after a navigation, it stops once the
/// resident taps or presses a key.
pub fn focus_late_page(always: bool) {
    if always || NAVIGATED.with(std::cell::Cell::get) {
        let at = acted();
        settle_focus(FOCUS_FRAMES, std::rc::Rc::new(move || acted() != at), None);
    }
}

/// Puts focus on `main h1` whenever nothing else has it (focus on `<body>`, on `main`, or
/// still on `from`, the control that navigated),
/// each frame for `frames_left` more frames: a heading focused and then removed with the
/// old page, or a page whose heading appears once its data is in, still ends with focus on
/// the new heading. Stops as soon as the resident has moved focus elsewhere (a field, a
/// link) or tapped or pressed a key (`acted_since`). When no heading ever came, focuses
/// `main`.
fn settle_focus(
    frames_left: u32,
    acted_since: std::rc::Rc<dyn Fn() -> bool>,
    from: Option<web_sys::Element>,
) {
    if acted_since() {
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let main = doc.query_selector("main").ok().flatten();
    let active = doc.active_element();
    let lost = match &active {
        None => true,
        Some(a) => {
            doc.body().is_some_and(|b| b.is_same_node(Some(a)))
                || doc
                    .document_element()
                    .is_some_and(|d| d.is_same_node(Some(a)))
                || main.as_ref().is_some_and(|m| m.is_same_node(Some(a)))
                || from.as_ref().is_some_and(|f| f.is_same_node(Some(a)))
                || !a.is_connected()
        }
    };
    let on_heading = active.as_ref().is_some_and(|a| a.tag_name() == "H1");
    if !lost && !on_heading {
        return;
    }
    if lost {
        let heading = doc.query_selector("main h1").ok().flatten();
        match (heading, frames_left) {
            (Some(h), _) => focus_element(h),
            (None, 0) => {
                if let Some(m) = main {
                    focus_element(m);
                }
            }
            (None, _) => {}
        }
    }
    if frames_left > 0 {
        request_animation_frame(move || settle_focus(frames_left - 1, acted_since, from));
    }
}

/// Focuses `el` (made focusable by script with `tabindex="-1"` when it is not).
fn focus_element(el: web_sys::Element) {
    if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
        if !h.has_attribute("tabindex") {
            let _ = h.set_attribute("tabindex", "-1");
        }
        let _ = h.focus();
    }
}
