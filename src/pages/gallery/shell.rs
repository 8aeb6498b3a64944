//! The gallery's page: the preview switches, then the index or one component's states,
//! each at 320 px and 430 px.

use citizen_core::routes::{param, Route};
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::entries::{render, Entry, ENTRIES};
use super::fixtures::Fx;
use super::index::{AllComponents, Index};
use super::preview::apply_preview;
use super::switches::Switches;
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};

/// `/gallery` and `/gallery/:component`.
#[component]
pub fn Gallery() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let q = move |k: &str| query.with(|q| q.get(k));
    apply_preview();
    view! {
        <Title text="组件库 Gallery - 市民之家" />
        <NavBar title="组件库 Gallery" back=Some(Route::Home.path()) />
        <div class="ch-gallery">
            <main id="main" class="ch-page ch-gallery__page">
                <Switches />
                {move || match params.with(|p| p.get(param::COMPONENT)) {
                    None => view! { <Index /> }.into_any(),
                    Some(name) => match ENTRIES.iter().find(|e| e.name == name) {
                        Some(entry) => view! { <Component entry state=q("state") /> }.into_any(),
                        None => view! {
                            <h1 class="ch-page__title">"组件库 Gallery"</h1>
                            <ResultView status=ResultStatus::Empty title=format!("没有这个组件 No such component: {name}")>
                                <AllComponents class="ch-button" />
                            </ResultView>
                        }
                        .into_any(),
                    },
                }}
            </main>
        </div>
    }
}

/// One component: each state (or the one asked for) at 320 px and 430 px.
#[component]
pub(super) fn Component(entry: &'static Entry, state: Option<String>) -> impl IntoView {
    let query = use_query_map();
    let en = Memo::new(move |_| query.with(|q| q.get("lang").as_deref() == Some("en")));
    let alone = state.is_some();
    let states: Vec<&'static str> = entry
        .states
        .iter()
        .copied()
        .filter(|s| state.as_deref().is_none_or(|x| x == *s))
        .collect();
    view! {
        <h1 class="ch-page__title">{entry.title}</h1>
        <p><AllComponents /></p>
        {if states.is_empty() {
            view! { <ResultView status=ResultStatus::Empty title=format!("没有这个状态 No such state. 可选 Choose from: {}", entry.states.join(", "))></ResultView> }.into_any()
        } else {
            states
                .into_iter()
                .map(|s| {
                    let frames = NodeRef::<html::Div>::new();
                    if entry.name == "error-summary" {
                        // ErrorSummary focuses itself two frames after it mounts, which
                        // scrolls the frames sideways to the 430 px copy: show the 320 px
                        // one again once it has.
                        Effect::new(move |_| {
                            if let Some(el) = frames.get() {
                                request_animation_frame(move || {
                                    request_animation_frame(move || {
                                        request_animation_frame(move || el.set_scroll_left(0))
                                    })
                                });
                            }
                        });
                    }
                    view! {
                        <section class="ch-section" data-state=s>
                            <h2 class="ch-section__title">{s}</h2>
                            <div node_ref=frames class="ch-gallery__frames" tabindex="0" role="region" aria-label=format!("{} {s}", entry.name)>
                                {[320u16, 430].map(|w| view! {
                                    <div class="ch-gallery__frame" style=format!("width: {w}px")>
                                        <p class="ch-caption">{format!("{w} px")}</p>
                                        {move || render(entry.name, s, Fx { en: en.get(), frame: w, alone })}
                                    </div>
                                })}
                            </div>
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        }}
    }
}
