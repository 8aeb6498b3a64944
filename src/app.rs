//! The router and the context every page shares: translations, display preferences and
//! the chosen city. Moves focus to the new page's heading on every client-side navigation.

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use wasm_bindgen::JsCast;

use crate::host::{Host, HostSync};
use crate::i18n::I18nContextProvider;
use crate::lazy::{picker_page, service_page, settings_page, LazyPage};
#[cfg(feature = "forms")]
use crate::pages::form::FormFlow;
#[cfg(feature = "gallery")]
use crate::pages::gallery::Gallery;
use crate::pages::home::Home;
#[cfg(not(feature = "forms"))]
use crate::pages::not_found::ApplyElsewhere as FormFlow;
#[cfg(not(feature = "gallery"))]
use crate::pages::not_found::GalleryElsewhere as Gallery;
use crate::pages::not_found::NotFound;
use crate::state::prefs::Prefs;
use crate::state::{CityChoice, Visits};

/// The whole app: routes and shared context.
///
/// | path | page |
/// |---|---|
/// | `/` | home of the chosen city, or the picker when none is chosen |
/// | `/cities` | city picker |
/// | `/city/:code` | home of city `code` (shareable) |
/// | `/city/:code/service/:id` | one service (shareable) |
/// | `/city/:code/service/:id/apply/...` | its form: question pages, `check`, `done` (`crate::pages::form`), in the apply bundle only (feature `forms`; served at these paths) |
/// | `/settings` | 长辈版, colour scheme, language |
/// | `/gallery`, `/gallery/:component` | the design-system gallery (fixtures only), in the gallery bundle only (feature `gallery`) |
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Shell />
        </I18nContextProvider>
    }
}

/// Everything inside the translation provider.
#[component]
fn Shell() -> impl IntoView {
    provide_meta_context();
    let prefs = Prefs::init();
    provide_context(prefs);
    provide_context(CityChoice::load());
    provide_context(Visits::new());
    // Before the router: detects the partner app or iframe and prepares history (src/host/).
    let host = Host::init();
    // The app's large-text signal turns elder mode on, unless the resident chose.
    host.on_large_text(move |large| prefs.host_large_text(large));
    provide_context(host);
    view! {
        <Router>
            <HostSync />
            <FocusOnNavigate />
            <RecordVisits />
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Home />
                <Route path=path!("/cities") view=|| view! { <LazyPage load=picker_page /> } />
                <Route path=path!("/settings") view=|| view! { <LazyPage load=settings_page /> } />
                <Route path=path!("/gallery") view=Gallery />
                <Route path=path!("/gallery/:component") view=Gallery />
                <Route path=path!("/city/:code") view=Home />
                <Route path=path!("/city/:code/service/:id") view=|| view! { <LazyPage load=service_page /> } />
                <Route path=path!("/city/:code/service/:id/apply/*rest") view=FormFlow />
            </Routes>
        </Router>
    }
}

/// After a client-side navigation (not the first load), moves focus to the new page's
/// `<h1>` so screen reader and keyboard users start at the top of the new content.
#[component]
fn FocusOnNavigate() -> impl IntoView {
    let location = use_location();
    // Every tap or key press counts: focus is only moved until the resident acts again.
    let acted = std::rc::Rc::new(std::cell::Cell::new(0u64));
    for event in ["pointerdown", "keydown"] {
        let acted = acted.clone();
        let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            acted.set(acted.get().wrapping_add(1));
        });
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
            let acted = acted.clone();
            let at = acted.get();
            // The link or button that navigated may still be there for a frame: focus on
            // it counts as lost too.
            let from = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            settle_focus(
                FOCUS_FRAMES,
                std::rc::Rc::new(move || acted.get() != at),
                from,
            );
        }
        path
    });
}

/// How many frames (about 3 s) [`settle_focus`] keeps watching after a navigation.
const FOCUS_FRAMES: u32 = 180;

thread_local! {
    /// Whether a client-side navigation has happened since the app started.
    static NAVIGATED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Moves focus to the new page's heading when nothing has it (see [`settle_focus`]), for a
/// page whose content came late: a page loaded on demand whose code arrived after the
/// navigation's watch ended, or after 重试 (the button that had focus is gone). Only after
/// a client-side navigation or when `always`: on the first page of a visit focus stays
/// where the browser put it, as everywhere else.
pub(crate) fn focus_late_page(always: bool) {
    if always || NAVIGATED.with(std::cell::Cell::get) {
        settle_focus(FOCUS_FRAMES, std::rc::Rc::new(|| false), None);
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

/// Records every page the resident sees in [`Visits`] (path and query), so settings can
/// send them back where they came from.
#[component]
fn RecordVisits() -> impl IntoView {
    let location = use_location();
    let visits = crate::state::use_visits();
    Effect::new(move |_| {
        let path = location.pathname.get();
        let query = location.search.get();
        visits.record(if query.is_empty() || query == "?" {
            path
        } else if query.starts_with('?') {
            format!("{path}{query}")
        } else {
            format!("{path}?{query}")
        });
    });
}
