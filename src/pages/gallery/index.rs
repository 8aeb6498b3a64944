//! The list of components, and the link back to it.

use citizen_core::routes::Route;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::entries::ENTRIES;

/// The link back to the list of components, keeping the preview switches (theme, scheme,
/// elder, language, zoom) but not the state.
#[component]
pub(super) fn AllComponents(#[prop(optional)] class: &'static str) -> impl IntoView {
    let query = use_query_map();
    let href = move || {
        let mut q = query.get();
        q.remove("state");
        format!(
            "{}{}",
            Route::Gallery { component: None },
            q.to_query_string()
        )
    };
    view! { <A href=href attr:class=class>"全部组件 All components"</A> }
}

/// The list of components.
#[component]
pub(super) fn Index() -> impl IntoView {
    let query = use_query_map();
    let suffix = move || query.with(|q| q.to_query_string());
    view! {
        <h1 class="ch-page__title">"组件库 Gallery"</h1>
        <ul class="ch-bullets">
            {ENTRIES
                .iter()
                .map(|e| view! { <li><A href=move || format!("{}{}", Route::gallery_component(e.name), suffix())>{e.title}</A></li> })
                .collect_view()}
        </ul>
    }
}
