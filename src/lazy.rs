//! Pages loaded on demand: their code is split out of the first load into wasm chunks
//! (issue 2's first-load budget).
//!
//! With the `split` feature (the residents' and apply bundles built by `cargo xtask build`),
//! each page below is a split point of `wasm_split_helpers` (re-exported by Leptos as
//! `leptos::wasm_split`): `cargo xtask build` cuts its code out of the main module into a
//! chunk (`split-*.wasm`) that the browser fetches the first time the page is needed. Without
//! the feature (`trunk serve`, the gallery) the same functions return at once.
//!
//! Why not Leptos's `#[lazy_route]`: it panics when the chunk cannot be fetched (a panic ends
//! the wasm module: the whole app shows 出错了). Residents are often on flaky networks, so a
//! failed fetch is a visible state with 重试 here instead ([`LazyPage`]), and the split points
//! use the helpers' `fallible` option.

use std::future::Future;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_meta::Title;

use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::components::skeleton::Skeleton;
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{page_title, tr};
use crate::pages::city_picker::CityPicker;
use crate::pages::home::JoinedCities;
use crate::pages::service::ServicePage;
use crate::pages::settings::Settings;

/// Builds a page's view. Returned by a loaded chunk, called in the route's reactive owner
/// (so the page sees the router and the shared context).
pub type PageView = fn() -> AnyView;

/// What a split point gives: the page's view builder, or the chunk could not be fetched or
/// instantiated (offline, server error, stale deploy).
pub type PageLoad = Result<PageView, SplitLoaderError>;

/// Declares `async fn $name() -> PageLoad` that loads the chunk `$chunk` holding the component
/// `$page`, and `async fn $prefetch() -> Result<(), SplitLoaderError>` that only fetches it.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $name:ident, $prefetch:ident, $chunk:ident, $page:ident) => {
        $(#[$doc])*
        #[allow(dead_code)]
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            preload(#[allow(dead_code)] $prefetch),
            fallible
        )]
        pub fn $name() -> PageLoad {
            Ok(|| view! { <$page /> }.into_any())
        }

        $(#[$doc])*
        #[allow(dead_code)]
        #[cfg(not(feature = "split"))]
        pub async fn $name() -> PageLoad {
            Ok(|| view! { <$page /> }.into_any())
        }

        /// Fetches the page's chunk without showing it (nothing to fetch without `split`).
        #[cfg(not(feature = "split"))]
        #[allow(dead_code)]
        pub async fn $prefetch() -> Result<(), SplitLoaderError> {
            Ok(())
        }
    };
}

lazy_page!(
    /// `/cities`, and `/` on a first visit ([`CityPicker`]).
    picker_page,
    prefetch_picker_page,
    picker_page,
    CityPicker
);

lazy_page!(
    /// `/city/:code/service/:id`: the service guide ([`ServicePage`]).
    service_page,
    prefetch_service_page,
    service_page,
    ServicePage
);

lazy_page!(
    /// The launch cities offered on the home page of a city that has not joined
    /// ([`JoinedCities`]).
    joined_cities_part,
    prefetch_joined_cities_part,
    joined_cities_part,
    JoinedCities
);

lazy_page!(
    /// `/settings` ([`Settings`]).
    settings_page,
    prefetch_settings_page,
    settings_page,
    Settings
);

/// Fetches the service guide's chunk without showing it, once per start: called when a
/// city's tiles show (the page a resident opens next), so a tap opens the guide without
/// waiting for its code. The picker and the settings load when opened. A failure is ignored
/// here: the guide then loads when opened and shows its own 重试 if it cannot.
pub fn prefetch_service_guide() {
    thread_local! {
        static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async {
        let _ = prefetch_service_page().await;
    });
}

/// A part of a page in a chunk: nothing while it loads or when it cannot be loaded (for
/// extras the page can do without, such as [`JoinedCities`]).
#[component]
pub fn LazyPart<L, F>(
    /// One of the split points above, for example [`joined_cities_part`].
    load: L,
) -> impl IntoView
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = PageLoad> + 'static,
{
    let part = LocalResource::new(load);
    move || part.get().and_then(Result::ok).map(|view| view())
}

/// Reloads the page (the fallback when a chunk keeps failing).
fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// A route whose page lives in a chunk: a skeleton while the chunk loads, then the page; if
/// the chunk cannot be loaded, an error with 重试 (and a way back home), never a panic.
#[component]
pub fn LazyPage<L, F>(
    /// One of the split points above, for example [`service_page`].
    load: L,
) -> impl IntoView
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = PageLoad> + 'static,
{
    let page = LocalResource::new(load);
    let i18n = use_i18n();
    move || {
        match page.get() {
        Some(Ok(view)) => view(),
        None => view! {
            <main id="main" class="ch-page">
                <Skeleton rows=5 />
            </main>
        }
        .into_any(),
        Some(Err(_)) => view! {
            <Title text=move || page_title(i18n, t_string!(i18n, common.load_failed)) />
            <NavBar title=tr(move || t_string!(i18n, common.load_failed)) back=Some("/".to_string()) />
            <main id="main" class="ch-page">
                <ResultView
                    status=ResultStatus::Error
                    level=1
                    title=tr(move || t_string!(i18n, common.load_failed))
                    description=tr(move || t_string!(i18n, common.network_error))
                >
                    <button type="button" class="ch-button ch-button--primary" on:click=move |_| page.refetch()>
                        {t!(i18n, common.retry)}
                    </button>
                    // After a new release the old chunks are gone: only a reload finds the
                    // new ones.
                    <button type="button" class="ch-button" on:click=move |_| reload()>
                        {t!(i18n, common.reload_page)}
                    </button>
                </ResultView>
            </main>
        }
        .into_any(),
    }
    }
}
