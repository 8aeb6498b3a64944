//! The router and the context every page shares (the chosen city).

use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::{
    city_picker::CityPicker, home::Home, not_found::NotFound, service::ServicePage,
};
use crate::state::CityChoice;

/// The whole app: routes and shared context.
///
/// | path | page |
/// |---|---|
/// | `/` | home of the chosen city, or the picker when none is chosen |
/// | `/cities` | city picker |
/// | `/city/:code` | home of city `code` (shareable) |
/// | `/city/:code/service/:id` | one service (shareable) |
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(CityChoice::load());
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Home />
                <Route path=path!("/cities") view=CityPicker />
                <Route path=path!("/city/:code") view=Home />
                <Route path=path!("/city/:code/service/:id") view=ServicePage />
            </Routes>
        </Router>
    }
}
