//! The page for an unknown path.

use citizen_core::routes::Route;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{document_title, tr};

/// 页面不存在, with a way home.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || document_title(i18n, t_string!(i18n, not_found.title)) />
        <NavBar title=tr(move || t_string!(i18n, app_name)) />
        <main id="main" class="ch-page">
            <ResultView
                status=ResultStatus::Empty
                level=1
                title=tr(move || t_string!(i18n, not_found.title))
                description=tr(move || t_string!(i18n, not_found.description))
            >
                <A href=Route::Home.path() attr:class="ch-button ch-button--primary">{t!(i18n, common.go_home)}</A>
            </ResultView>
        </main>
    }
}

/// Which separately built bundle a route belongs to (see `cargo xtask build`): only the
/// bundles this build lacks (the gallery bundle has everything).
#[cfg(not(feature = "gallery"))]
#[derive(Clone, Copy)]
pub enum Bundle {
    /// The designers' gallery (feature `gallery`, `dist/gallery/`).
    Gallery,
    /// The online forms (feature `forms`, `dist/apply/`).
    #[cfg(not(feature = "forms"))]
    Apply,
}

/// A route of another bundle reached by a client-side navigation inside one that does not
/// contain it: a link that loads that bundle from the server (which answers the route with
/// it). Never an automatic reload, which would loop where that bundle was not built
/// (`trunk serve`).
#[cfg(not(feature = "gallery"))]
#[component]
pub fn Elsewhere(bundle: Bundle) -> impl IntoView {
    let i18n = use_i18n();
    let here = leptos_router::hooks::use_location();
    let href = move || format!("{}{}", here.pathname.get(), here.search.get());
    let title = move || match bundle {
        Bundle::Gallery => t_string!(i18n, not_found.gallery_title),
        #[cfg(not(feature = "forms"))]
        Bundle::Apply => t_string!(i18n, not_found.apply_title),
    };
    let body = move || match bundle {
        Bundle::Gallery => t_string!(i18n, not_found.gallery_body),
        #[cfg(not(feature = "forms"))]
        Bundle::Apply => t_string!(i18n, not_found.apply_body),
    };
    let open = move || match bundle {
        Bundle::Gallery => t_string!(i18n, not_found.gallery_open),
        #[cfg(not(feature = "forms"))]
        Bundle::Apply => t_string!(i18n, not_found.apply_open),
    };
    view! {
        <Title text=move || document_title(i18n, title()) />
        <NavBar title=tr(move || t_string!(i18n, app_name)) />
        <main id="main" class="ch-page">
            <ResultView status=ResultStatus::Empty level=1 title=tr(title) description=tr(body)>
                // rel=external: a full page load, answered by the server with that bundle.
                <a href=href rel="external" class="ch-button ch-button--primary">{open}</a>
            </ResultView>
        </main>
    }
}

/// `/gallery` in a bundle without the gallery.
#[cfg(not(feature = "gallery"))]
#[component]
pub fn GalleryElsewhere() -> impl IntoView {
    view! { <Elsewhere bundle=Bundle::Gallery /> }
}

/// A form page (`…/apply/…`) in a bundle without the form flow.
#[cfg(not(feature = "forms"))]
#[component]
pub fn ApplyElsewhere() -> impl IntoView {
    view! { <Elsewhere bundle=Bundle::Apply /> }
}
