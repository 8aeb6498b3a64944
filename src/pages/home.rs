//! Home: the chosen city's service tiles, grouped by category, with a filter.

use citizen_core::api::CityResponse;
use citizen_core::catalog::{Category, FormOffered, OnlineOffered};
use citizen_core::routes::{param, Route};
use citizen_core::text::fold_query;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::api;
use crate::components::icon::{Action, ActionIcon};
use crate::components::loaded::{Failure, Loaded};
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::components::search_bar::SearchBar;
use crate::components::tile_grid::{Tile, TileGrid, TileGroup};
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::l10n::{
    api_error_message, category_label, city_name, document_title, localized, tr, I18n,
};
use crate::lazy::LazyPart;
use crate::pages::service::prefetch_service_guide;
use crate::state::prefs::use_prefs;
use crate::state::use_city_choice;

/// A service as the home page reads it: whether it has a form, not its questions.
type Service = citizen_core::catalog::Service<FormOffered, OnlineOffered>;

/// `/` (the chosen city) and `/city/:code` (a given city). With no city chosen, `/` opens
/// the picker. Opening `/city/:code` of a city that exists (a shared link, a partner's
/// tile) makes it the chosen city, remembered as a picker choice is, so the next start
/// opens it; an unknown code (404) or a failed load changes nothing.
#[component]
pub fn Home() -> impl IntoView {
    let params = use_params_map();
    let choice = use_city_choice();
    let code = Memo::new(move |_| params.read().get(param::CODE).or_else(|| choice.get()));
    move || {
        match code.get() {
        None => view! { <Redirect path=Route::Cities.path() options=NavigateOptions { replace: true, ..Default::default() } /> }
            .into_any(),
        Some(code) => view! { <CityHome code /> }.into_any(),
    }
    }
}

/// The home page of one city: loading, error, not-joined and tiles states.
#[component]
fn CityHome(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let choice = use_city_choice();
    let city = LocalResource::new({
        let code = code.clone();
        move || {
            let code = code.clone();
            async move { api::city::<FormOffered, OnlineOffered>(&code).await }
        }
    });
    // The city exists (the server answered it): it is the resident's city from now on.
    // Its tiles are showing: fetch the service guide's code now, so a tap opens it at once.
    Effect::new(move |_| {
        if let Some(Ok(data)) = city.get() {
            if choice.get_untracked().as_deref() != Some(data.city.code.as_str()) {
                choice.set(&data.city.code);
            }
            if !data.services.is_empty() {
                prefetch_service_guide();
            }
        }
    });
    view! {
        <NavBar title=tr(move || t_string!(i18n, app_name))>
            <HomeSwitches />
        </NavBar>
        <main id="main" class="ch-page">
            <Loaded
                state=move || city.get()
                retry=Callback::new(move |()| city.refetch())
                failure=move |e: api::ApiError| {
                    if e.is_not_found() {
                        Failure::empty(
                            tr(move || t_string!(i18n, home.city_not_found_title)),
                            tr(move || t_string!(i18n, home.city_not_found_description)),
                        )
                        .document_title(tr(move || document_title(i18n, t_string!(i18n, home.city_not_found_title))))
                        .actions(move || view! {
                            <A href=Route::Cities.path() attr:class="ch-button ch-button--primary">{t!(i18n, common.choose_city)}</A>
                        })
                    } else {
                        Failure::error(
                            tr(move || t_string!(i18n, common.load_failed)),
                            tr(move || api_error_message(i18n, &e)),
                        )
                        .document_title(tr(move || document_title(i18n, t_string!(i18n, common.load_failed))))
                        .actions(move || view! {
                            <A href=Route::Cities.path() attr:class="ch-button">{t!(i18n, common.switch_city)}</A>
                        })
                    }
                }
                rows=2
                tiles=true
                loading_document_title=tr(move || t_string!(i18n, app_name))
                let:data
            >
                <CityServices data />
            </Loaded>
        </main>
    }
}

/// The 长辈版 switch and the settings link at the end of the home NavBar.
#[component]
pub(crate) fn HomeSwitches() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    view! {
        <button
            type="button"
            class="ch-nav-bar__action"
            role="switch"
            aria-checked=move || prefs.elder.get().to_string()
            on:click=move |_| prefs.set_elder(!prefs.elder.get_untracked())
        >
            <ActionIcon action=Action::LargeText />
            <span class="ch-nav-bar__action-label">{t!(i18n, home.elder_mode)}</span>
        </button>
        <A href=Route::Settings.path() attr:class="ch-nav-bar__action">
            <ActionIcon action=Action::Settings />
            <span class="ch-nav-bar__action-label">{t!(i18n, home.settings)}</span>
        </A>
    }
}

/// The loaded city: its heading with 切换城市, then tiles or the not-joined state.
#[component]
fn CityServices(data: CityResponse<FormOffered, OnlineOffered>) -> impl IntoView {
    let i18n = use_i18n();
    let CityResponse { city, services } = data;
    let code = city.code.clone();
    let city = StoredValue::new(city);
    // In English the name is the pinyin-based English one; the Chinese name follows it,
    // smaller, as signs and documents write it.
    let name = move || city.with_value(|c| city_name(i18n, c));
    let native = move || {
        (i18n.get_locale() == Locale::en).then(|| {
            let zh = city.with_value(|c| c.name.clone());
            view! { <span class="ch-city-bar__native" lang="zh-CN">{zh}</span> }
        })
    };
    let heading = view! {
        <div class="ch-city-bar">
            <h1 class="ch-city-bar__name">
                <span class="ch-city-bar__title">{name}</span>
                {native}
            </h1>
            <A href=Route::Cities.path() attr:class="ch-city-bar__switch">
                {t!(i18n, common.switch_city)}
                <span class="ch-visually-hidden">{move || t_string!(i18n, common.current_city, name = name()).to_string()}</span>
            </A>
        </div>
    };
    let body = if services.is_empty() {
        view! { <NotJoined /> }.into_any()
    } else {
        view! { <ServiceTiles code services /> }.into_any()
    };
    view! {
        <Title text=move || document_title(i18n, &name()) />
        {heading}
        {body}
        <MyItemsLink />
    }
}

/// 我的办件: what this resident submitted or paid, in the services bundle (feature
/// `services`, served by the server at `/my`): a full page load from here, as 开始办理 is
/// into the apply bundle; inside the services bundle, a client-side navigation.
#[component]
fn MyItemsLink() -> impl IntoView {
    let i18n = use_i18n();
    let href = Route::MyItems.path();
    #[cfg(feature = "services")]
    let link = view! { <A href=href attr:class="ch-button ch-button--block">{t!(i18n, services.home_my_items)}</A> };
    #[cfg(not(feature = "services"))]
    let link = view! { <a href=href rel="external" class="ch-button ch-button--block">{t!(i18n, services.home_my_items)}</a> };
    view! { <p class="ch-section">{link}</p> }
}

/// Tiles of a joined city with the 搜索服务 filter.
#[component]
fn ServiceTiles(code: String, services: Vec<Service>) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let services = StoredValue::new(services);
    let groups = Signal::derive(move || {
        let q = fold_query(&query.get());
        services.with_value(|all| group_tiles(i18n, &code, all, &q))
    });
    let no_match = move || groups.with(|g| g.iter().all(|g| g.tiles.is_empty()));
    view! {
        <SearchBar
            id="service-search"
            label=tr(move || t_string!(i18n, home.search_label))
            placeholder=tr(move || t_string!(i18n, home.search_placeholder))
            on_query=Callback::new(move |q: String| query.set(q))
        />
        <p class="ch-visually-hidden" role="status">
            {move || {
                (!query.with(|q| q.trim().is_empty())).then(|| {
                    let n = groups.with(|g| g.iter().map(|g| g.tiles.len()).sum::<usize>());
                    t_string!(i18n, home.found_services, count = n as u64).to_string()
                })
            }}
        </p>
        <TileGrid groups />
        <Show when=no_match>
            <ResultView
                status=ResultStatus::Empty
                title=tr(move || t_string!(i18n, home.no_match_title, query = query.get().trim().to_string()))
                description=tr(move || t_string!(i18n, home.no_match_description))
            />
        </Show>
    }
}

/// Groups `services` into tile groups by category, keeping only those matching the folded
/// query `q` (name in either language, department, keywords). Empty `q` keeps all.
fn group_tiles(i18n: I18n, code: &str, services: &[Service], q: &str) -> Vec<TileGroup> {
    Category::ALL
        .iter()
        .map(|&category| TileGroup {
            title: category_label(i18n, category),
            tiles: services
                .iter()
                .filter(|s| s.category == category && matches_service(s, q))
                .map(|s| Tile {
                    href: Route::service(code, &s.id).path(),
                    label: localized(i18n, &s.name),
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

/// A city that has not joined: an honest empty state and the launch cities to try
/// ([`JoinedCities`], loaded on demand: most residents never see this state).
#[component]
fn NotJoined() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ResultView
            status=ResultStatus::Empty
            title=tr(move || t_string!(i18n, home.not_joined_title))
            description=tr(move || t_string!(i18n, home.not_joined_description))
        />
        <LazyPart load=joined_cities_part />
    }
}

/// The launch cities, as chips that choose one and go home. Nothing until the list has
/// loaded (or when it cannot: 切换城市 stays above).
#[component]
pub fn JoinedCities() -> impl IntoView {
    let i18n = use_i18n();
    let cities = LocalResource::new(api::cities);
    let choice = use_city_choice();
    let navigate = use_navigate();
    let choose = move |code: String| {
        choice.set(&code);
        navigate(&Route::Home.path(), NavigateOptions::default());
    };
    move || {
        let choose = choose.clone();
        cities
            .get()
            .and_then(Result::ok)
            .map(|list| {
                let mut launch: Vec<_> = list.cities.into_iter().filter(|c| c.launch_order.is_some()).collect();
                launch.sort_unstable_by_key(|c| c.launch_order);
                view! {
                    <section class="ch-section">
                        <h2 class="ch-section__title">{t!(i18n, home.joined_cities)}</h2>
                        <ul class="ch-chip-list">
                            {launch
                                .into_iter()
                                .map(|c| {
                                    let choose = choose.clone();
                                    let label = city_name(i18n, &c);
                                    view! {
                                        <li>
                                            <button type="button" class="ch-chip" on:click=move |_| choose(c.code.clone())>
                                                {label}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })
    }
}

crate::lazy::lazy_page!(
    /// The launch cities offered on the home page of a city that has not joined
    /// ([`JoinedCities`]).
    joined_cities_part,
    prefetch_joined_cities_part,
    joined_cities_part,
    JoinedCities
);
