//! Home: the chosen city's service tiles, grouped by category, with a filter.

use citizen_core::api::CityResponse;
use citizen_core::catalog::{Category, Service};
use citizen_core::text::fold_query;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::api;
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::components::search_bar::SearchBar;
use crate::components::skeleton::Skeleton;
use crate::components::tile_grid::{Tile, TileGrid, TileGroup};
use crate::state::use_city_choice;

/// `/` (the chosen city) and `/city/:code` (a given city). With no city chosen, `/` opens
/// the picker.
#[component]
pub fn Home() -> impl IntoView {
    let params = use_params_map();
    let choice = use_city_choice();
    let code = Memo::new(move |_| params.read().get("code").or_else(|| choice.get()));
    move || {
        match code.get() {
        None => view! { <Redirect path="/cities" options=NavigateOptions { replace: true, ..Default::default() } /> }
            .into_any(),
        Some(code) => view! { <CityHome code /> }.into_any(),
    }
    }
}

/// The home page of one city: loading, error, not-joined and tiles states.
#[component]
fn CityHome(code: String) -> impl IntoView {
    let city = LocalResource::new({
        let code = code.clone();
        move || {
            let code = code.clone();
            async move { api::city(&code).await }
        }
    });
    view! {
        <NavBar title="市民之家" />
        <main id="main" class="ch-page">
            {move || match city.get() {
                None => view! {
                    <Title text="市民之家" />
                    <Skeleton rows=2 tiles=true />
                }
                .into_any(),
                Some(Ok(data)) => view! { <CityServices data /> }.into_any(),
                Some(Err(e)) if e.is_not_found() => view! {
                    <Title text="没有找到这个城市 - 市民之家" />
                    <ResultView
                        status=ResultStatus::Empty
                        level=1
                        title="没有找到这个城市"
                        description="链接里的城市代码不对。请重新选择城市。"
                    >
                        <A href="/cities" attr:class="ch-button ch-button--primary">"选择城市"</A>
                    </ResultView>
                }
                .into_any(),
                Some(Err(e)) => view! {
                    <Title text="加载失败 - 市民之家" />
                    <ResultView status=ResultStatus::Error level=1 title="加载失败" description=e.to_string()>
                        <button type="button" class="ch-button ch-button--primary" on:click=move |_| city.refetch()>
                            "重试"
                        </button>
                        <A href="/cities" attr:class="ch-button">"切换城市"</A>
                    </ResultView>
                }
                .into_any(),
            }}
        </main>
    }
}

/// The loaded city: its heading with 切换城市, then tiles or the not-joined state.
#[component]
fn CityServices(data: CityResponse) -> impl IntoView {
    let CityResponse { city, services } = data;
    let title = format!("{} - 市民之家", city.name);
    let heading = view! {
        <div class="ch-city-bar">
            <h1 class="ch-city-bar__name">{city.name.clone()}</h1>
            <A href="/cities" attr:class="ch-city-bar__switch">
                "切换城市"
                <span class="ch-visually-hidden">{format!("（当前：{}）", city.name)}</span>
            </A>
        </div>
    };
    let body = if services.is_empty() {
        view! { <NotJoined /> }.into_any()
    } else {
        view! { <ServiceTiles code=city.code.clone() services /> }.into_any()
    };
    view! {
        <Title text=title />
        {heading}
        {body}
    }
}

/// Tiles of a joined city with the 搜索服务 filter.
#[component]
fn ServiceTiles(code: String, services: Vec<Service>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let services = StoredValue::new(services);
    let groups = Signal::derive(move || {
        let q = fold_query(&query.get());
        services.with_value(|all| group_tiles(&code, all, &q))
    });
    let no_match = move || groups.with(|g| g.iter().all(|g| g.tiles.is_empty()));
    view! {
        <SearchBar
            id="service-search"
            label="搜索服务"
            placeholder="如：违章、水费、挂号"
            on_query=Callback::new(move |q: String| query.set(q))
        />
        <p class="ch-visually-hidden" role="status">
            {move || {
                if query.with(|q| q.trim().is_empty()) {
                    String::new()
                } else {
                    let n: usize = groups.with(|g| g.iter().map(|g| g.tiles.len()).sum());
                    format!("找到 {n} 项服务")
                }
            }}
        </p>
        <TileGrid groups />
        <Show when=no_match>
            <ResultView
                status=ResultStatus::Empty
                title=Signal::derive(move || format!("没有找到“{}”相关的服务", query.get().trim()))
                description="换个说法试试，例如“违章”“电费”“挂号”。"
            />
        </Show>
    }
}

/// Groups `services` into tile groups by category, keeping only those matching the folded
/// query `q` (name in either language, department, keywords). Empty `q` keeps all.
fn group_tiles(code: &str, services: &[Service], q: &str) -> Vec<TileGroup> {
    Category::ALL
        .iter()
        .map(|&category| TileGroup {
            title: category.label_zh().to_string(),
            tiles: services
                .iter()
                .filter(|s| s.category == category && matches_service(s, q))
                .map(|s| Tile {
                    href: format!("/city/{code}/service/{}", s.id),
                    label: s.name.zh.clone(),
                    category,
                })
                .collect(),
        })
        .collect()
}

fn matches_service(s: &Service, q: &str) -> bool {
    q.is_empty()
        || [&s.name.zh, &s.name.en, &s.department.zh]
            .into_iter()
            .chain(s.keywords.iter())
            .any(|text| fold_query(text).contains(q))
}

/// A city that has not joined: an honest empty state and the launch cities to try.
#[component]
fn NotJoined() -> impl IntoView {
    let cities = LocalResource::new(api::cities);
    let choice = use_city_choice();
    let navigate = use_navigate();
    let choose = move |code: String| {
        choice.set(&code);
        navigate("/", NavigateOptions::default());
    };
    view! {
        <ResultView
            status=ResultStatus::Empty
            title="该城市服务即将开通"
            description="这个城市还没有接入市民之家，我们正在努力开通。您可以先看看已开通的城市。"
        />
        {move || {
            let choose = choose.clone();
            cities
                .get()
                .and_then(Result::ok)
                .map(|list| {
                    let mut launch: Vec<_> = list.cities.into_iter().filter(|c| c.launch_order.is_some()).collect();
                    launch.sort_by_key(|c| c.launch_order);
                    view! {
                        <section class="ch-section">
                            <h2 class="ch-section__title">"已开通的城市"</h2>
                            <ul class="ch-chip-list">
                                {launch
                                    .into_iter()
                                    .map(|c| {
                                        let choose = choose.clone();
                                        view! {
                                            <li>
                                                <button type="button" class="ch-chip" on:click=move |_| choose(c.code.clone())>
                                                    {c.name}
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
        }}
    }
}
