//! Pages loaded on demand: their code is split out of the first load into wasm chunks
//! (issue 2's first-load budget).
//!
//! With the `split` feature (the residents' bundle built by `cargo xtask build`),
//! each page below is a split point of `wasm_split_helpers` (re-exported by Leptos as
//! `leptos::wasm_split`): `cargo xtask build` cuts its code out of the main module into a
//! chunk (`split-*.wasm`) that the browser fetches the first time the page is needed. Without
//! the feature (`trunk serve`, the apply and gallery bundles) the same functions return at
//! once.
//!
//! Why not Leptos's `#[lazy_route]`: it panics when the chunk cannot be fetched (a panic ends
//! the wasm module: the whole app shows 出错了). Residents are often on flaky networks, so a
//! failed fetch is a visible state with 重试 here instead ([`LazyPage`], [`LazyPart`], both
//! shown by [`Loaded`]), and the split points use the helpers' `fallible` option.
//!
//! A page declares its own split point beside it with [`lazy_page!`], so this module uses no
//! page: pages use it (for [`LazyPart`]) without a cycle.

use std::future::Future;
use std::pin::Pin;

use citizen_core::routes::Route;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::components::loaded::{Failure, Loaded};
use crate::components::nav_bar::NavBar;
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{document_title, tr};

/// Builds a page's view. Returned by a loaded chunk, called in the route's reactive owner
/// (so the page sees the router and the shared context).
pub type PageView = fn() -> AnyView;

/// What a split point gives: the page's view builder, or the chunk could not be fetched or
/// instantiated (offline, server error, stale deploy).
pub type PageLoad = Result<PageView, SplitLoaderError>;

/// Declares `async fn $name() -> PageLoad` that loads the chunk `$chunk` holding the component
/// `$page`, and `async fn $prefetch() -> Result<(), SplitLoaderError>` that only fetches it.
/// Used beside the page: `crate::lazy::lazy_page!(/** doc */ settings_page,
/// prefetch_settings_page, settings_page, Settings);`.
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
        pub fn $name() -> $crate::lazy::PageLoad {
            Ok(|| ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$page /> }))
        }

        $(#[$doc])*
        #[allow(dead_code)]
        #[cfg(not(feature = "split"))]
        pub async fn $name() -> $crate::lazy::PageLoad {
            Ok(|| ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$page /> }))
        }

        /// Fetches the page's chunk without showing it (nothing to fetch without `split`).
        #[cfg(not(feature = "split"))]
        #[allow(dead_code)]
        pub async fn $prefetch() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
}
pub(crate) use lazy_page;

/// A split point as [`LazyPage`] and [`LazyPart`] load it: past its future's type.
type Load = std::sync::Arc<dyn Fn() -> Pin<Box<dyn Future<Output = PageLoad>>> + Send + Sync>;

/// `load` as a [`Load`].
fn erased<L, F>(load: L) -> Load
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = PageLoad> + 'static,
{
    std::sync::Arc::new(move || Box::pin(load()) as Pin<Box<dyn Future<Output = PageLoad>>>)
}

/// A part of a page in a chunk (an extra the page can do without, such as the launch
/// cities of a city that has not joined): a skeleton while it loads, and when it cannot be
/// loaded a short error with 重试 in place of the part.
#[component]
pub fn LazyPart<L, F>(
    /// A part's split point, for example `joined_cities_part`.
    load: L,
) -> impl IntoView
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = PageLoad> + 'static,
{
    part_view(erased(load))
}

/// The body of [`LazyPart`], past the split point's type (one copy in the wasm).
fn part_view(load: Load) -> impl IntoView {
    let part = LocalResource::new(move || load());
    let i18n = use_i18n();
    view! {
        <Loaded
            state=move || part.get()
            retry=Callback::new(move |()| part.refetch())
            failure=move |_| {
                Failure::error(
                    tr(move || t_string!(i18n, common.load_failed)),
                    tr(move || t_string!(i18n, common.network_error)),
                )
            }
            rows=2
            level=2
            part=true
            let:view
        >
            {view()}
        </Loaded>
    }
}

/// Reloads the page (the fallback when a chunk keeps failing).
fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// A route whose page lives in a chunk: a skeleton while the chunk loads, then the page; if
/// the chunk cannot be loaded, an error with 重试 (a skeleton again while it tries) and
/// 重新加载页面, never a panic. The page's heading gets focus when it came late (after a
/// navigation, or after 重试).
#[component]
pub fn LazyPage<L, F>(
    /// A page's split point, for example `service_page`.
    load: L,
) -> impl IntoView
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = PageLoad> + 'static,
{
    page_view(erased(load))
}

/// The body of [`LazyPage`], past the split point's type (one copy in the wasm, not one per
/// page).
fn page_view(load: Load) -> impl IntoView {
    let page = LocalResource::new(move || load());
    let i18n = use_i18n();
    let choice = crate::state::use_city_choice();
    let failure = move |_| {
        let title = tr(move || t_string!(i18n, common.load_failed));
        Failure::error(title, tr(move || t_string!(i18n, common.network_error)))
            .document_title(tr(move || {
                document_title(i18n, t_string!(i18n, common.load_failed))
            }))
            .nav(move || {
                // Home, unless there is none to go to yet (a first visit's picker: home
                // would send the resident straight back here).
                let back = choice.get().map(|_| Route::Home.path());
                view! { <NavBar title back /> }
            })
            .actions(move || {
                // After a new release the old chunks are gone: only a reload finds the new
                // ones.
                view! {
                    <button type="button" class="ch-button" on:click=move |_| reload()>
                        {t!(i18n, common.reload_page)}
                    </button>
                }
            })
    };
    view! {
        <Loaded
            state=move || page.get()
            retry=Callback::new(move |()| page.refetch())
            failure
            rows=5
            loading_document_title=tr(move || document_title(i18n, t_string!(i18n, common.loading)))
            page=true
            let:view
        >
            {view()}
        </Loaded>
    }
}
