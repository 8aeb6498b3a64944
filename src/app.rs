//! The router and the context every page shares: translations, display preferences and
//! the chosen city. Focus moves to the new page's heading on every client-side navigation
//! ([`crate::focus`]).

use citizen_core::routes::param::{CODE, COMPONENT, ID, REST};
#[cfg(feature = "services")]
use citizen_core::routes::param::{KIND, LOOKUP_ID, ORDER_ID};
use citizen_core::routes::segment::{APPLY, CITIES, CITY, GALLERY, SERVICE, SETTINGS};
#[cfg(feature = "services")]
use citizen_core::routes::segment::{IDENTITY, LOOKUP, MY, ORDERS};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, ParamSegment, StaticSegment, WildcardSegment};

use crate::focus::FocusOnNavigate;
use crate::host::{Host, HostSync};
use crate::i18n::I18nContextProvider;
use crate::lazy::LazyPage;
use crate::pages::city_picker::picker_page;
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
use crate::pages::service::service_page;
#[cfg(feature = "services")]
use crate::pages::services::{
    IdentityPage, LookupPage, MyItemPage, MyItemsPage, OrderPage, ResultsPage,
};
use crate::pages::settings::settings_page;
use crate::state::prefs::Prefs;
use crate::state::{CityChoice, Visits};

/// The whole app: routes and shared context. The routes' segments and parameter names are
/// [`citizen_core::routes`]' (which builds and parses the same paths).
///
/// | path | page |
/// |---|---|
/// | `/` | home of the chosen city, or the picker when none is chosen |
/// | `/cities` | city picker |
/// | `/city/:code` | home of city `code` (shareable) |
/// | `/city/:code/service/:id` | one service (shareable) |
/// | `/city/:code/service/:id/apply/...` | its form: question pages, `check`, `done` (`crate::pages::form`), in the apply bundle only (feature `forms`; served at these paths) |
/// | `/settings` | 长辈版, colour scheme, language |
/// | `/city/:code/service/:id/lookup`, `…/lookup/:lookup_id` | a lookup form and its results (`crate::pages::services`), in the services bundle only (feature `services`) |
/// | `/orders/:order_id`, `/identity`, `/my`, `/my/:kind/:id` | an order and paying it, 实名, 我的办件 (services bundle) |
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
                <Route path=(StaticSegment(CITIES),) view=|| view! { <LazyPage load=picker_page /> } />
                <Route path=(StaticSegment(SETTINGS),) view=|| view! { <LazyPage load=settings_page /> } />
                <Route path=(StaticSegment(GALLERY),) view=Gallery />
                <Route path=(StaticSegment(GALLERY), ParamSegment(COMPONENT)) view=Gallery />
                <Route path=(StaticSegment(CITY), ParamSegment(CODE)) view=Home />
                <Route
                    path=(StaticSegment(CITY), ParamSegment(CODE), StaticSegment(SERVICE), ParamSegment(ID))
                    view=|| view! { <LazyPage load=service_page /> }
                />
                <Route
                    path=(
                        StaticSegment(CITY),
                        ParamSegment(CODE),
                        StaticSegment(SERVICE),
                        ParamSegment(ID),
                        StaticSegment(APPLY),
                        WildcardSegment(REST),
                    )
                    view=FormFlow
                />
                <ServicesRoutes />
            </Routes>
        </Router>
    }
}

/// The services bundle's routes (feature `services`): lookups, orders, identity, 我的办件.
/// Without the feature these paths are the server's to answer with that bundle; a
/// client-side navigation to one shows the not-found page, which links home.
#[cfg(feature = "services")]
#[component(transparent)]
fn ServicesRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::any_nested_route::IntoAnyNestedRoute;
    view! {
        <Route path=(StaticSegment(CITY), ParamSegment(CODE), StaticSegment(SERVICE), ParamSegment(ID), StaticSegment(LOOKUP)) view=LookupPage />
        <Route
            path=(StaticSegment(CITY), ParamSegment(CODE), StaticSegment(SERVICE), ParamSegment(ID), StaticSegment(LOOKUP), ParamSegment(LOOKUP_ID))
            view=ResultsPage
        />
        <Route path=(StaticSegment(ORDERS), ParamSegment(ORDER_ID)) view=OrderPage />
        <Route path=(StaticSegment(IDENTITY),) view=IdentityPage />
        <Route path=(StaticSegment(MY),) view=MyItemsPage />
        <Route path=(StaticSegment(MY), ParamSegment(KIND), ParamSegment(ID)) view=MyItemPage />
    }
    .into_inner()
    .into_any_nested_route()
}

/// No services routes in the other bundles.
#[cfg(not(feature = "services"))]
#[component(transparent)]
fn ServicesRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    use leptos_router::any_nested_route::IntoAnyNestedRoute;
    ().into_any_nested_route()
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
