//! The page for an unknown path.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{page_title, tr};

/// 页面不存在, with a way home.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || page_title(i18n, t_string!(i18n, not_found.title)) />
        <NavBar title=tr(move || t_string!(i18n, app_name)) />
        <main id="main" class="ch-page">
            <ResultView
                status=ResultStatus::Empty
                level=1
                title=tr(move || t_string!(i18n, not_found.title))
                description=tr(move || t_string!(i18n, not_found.description))
            >
                <A href="/" attr:class="ch-button ch-button--primary">{t!(i18n, common.go_home)}</A>
            </ResultView>
        </main>
    }
}

/// `/gallery` reached by a client-side navigation inside the residents' bundle, which does
/// not contain the gallery (feature `gallery`, built to `dist/gallery/`): a link that loads
/// the gallery's own bundle from the server. Never an automatic reload, which would loop
/// where no gallery bundle was built (`trunk serve`).
#[cfg(not(feature = "gallery"))]
#[component]
pub fn GalleryElsewhere() -> impl IntoView {
    let i18n = use_i18n();
    let here = leptos_router::hooks::use_location();
    let href = move || format!("{}{}", here.pathname.get(), here.search.get());
    view! {
        <Title text=move || page_title(i18n, t_string!(i18n, not_found.gallery_title)) />
        <NavBar title=tr(move || t_string!(i18n, app_name)) />
        <main id="main" class="ch-page">
            <ResultView
                status=ResultStatus::Empty
                level=1
                title=tr(move || t_string!(i18n, not_found.gallery_title))
                description=tr(move || t_string!(i18n, not_found.gallery_body))
            >
                // rel=external: a full page load, answered by the server with the gallery.
                <a href=href rel="external" class="ch-button ch-button--primary">{t!(i18n, not_found.gallery_open)}</a>
            </ResultView>
        </main>
    }
}
