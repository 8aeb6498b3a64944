//! The city picker: search, the launch cities, then every city A–Z with an index bar.

use std::collections::BTreeMap;

use citizen_core::city::City;
use citizen_core::routes::Route;
use citizen_core::search::CityIndex;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::index_bar::IndexBar;
use crate::components::loaded::{Failure, Loaded};
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::components::search_bar::SearchBar;
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::{api_error_message, city_name, city_secondary, document_title, tr};
use crate::pages::home::HomeSwitches;
use crate::state::use_city_choice;

/// `/cities`: choose a city. Choosing stores it and returns home.
#[component]
pub fn CityPicker() -> impl IntoView {
    let i18n = use_i18n();
    let cities = LocalResource::new(api::cities);
    let choice = use_city_choice();
    let back = choice.get_untracked().map(|_| Route::Home.path());
    view! {
        <Title text=move || document_title(i18n, t_string!(i18n, picker.title)) />
        // A first visit (no city yet) starts here: the 长辈版 switch and 设置 (language) are
        // on this first screen too, as on the home page, for residents whose browser speaks
        // neither Chinese nor English.
        {match back {
            Some(back) => view! { <NavBar title=tr(move || t_string!(i18n, picker.title)) back=Some(back) /> }.into_any(),
            None => view! {
                <NavBar title=tr(move || t_string!(i18n, picker.title))>
                    <HomeSwitches />
                </NavBar>
            }
            .into_any(),
        }}
        <main id="main" class="ch-page ch-page--picker">
            <h1 class="ch-page__title">{t!(i18n, picker.title)}</h1>
            <Loaded
                state=move || cities.get()
                retry=Callback::new(move |()| cities.refetch())
                failure=move |e: api::ApiError| {
                    Failure::error(
                        tr(move || t_string!(i18n, picker.load_failed)),
                        tr(move || api_error_message(i18n, &e)),
                    )
                }
                rows=6
                level=2
                let:list
            >
                <PickerBody cities=list.cities />
            </Loaded>
        </main>
    }
}

/// The loaded picker: search field, then either results or the full grouped list.
#[component]
fn PickerBody(cities: Vec<City>) -> impl IntoView {
    let i18n = use_i18n();
    let index = StoredValue::new(CityIndex::new(&cities));
    let cities = StoredValue::new(cities);
    let query = RwSignal::new(String::new());
    let choice = use_city_choice();
    let navigate = use_navigate();
    let choose = Callback::new(move |code: String| {
        choice.set(&code);
        navigate(&Route::Home.path(), NavigateOptions::default());
    });
    let hits = Memo::new(move |_| query.with(|q| index.with_value(|i| i.search(q))));
    let searching = move || !query.with(|q| citizen_core::text::fold_query(q).is_empty());

    view! {
        <SearchBar
            id="city-search"
            label=tr(move || t_string!(i18n, picker.search_label))
            placeholder=tr(move || t_string!(i18n, picker.search_placeholder))
            on_query=Callback::new(move |q: String| query.set(q))
        />
        <p class="ch-visually-hidden" role="status">
            {move || {
                searching().then(|| {
                    let n = hits.with(Vec::len);
                    t_string!(i18n, picker.found_cities, count = n as u64).to_string()
                })
            }}
        </p>
        {move || {
            if searching() {
                let found: Vec<City> = hits.with(|h| cities.with_value(|all| h.iter().filter_map(|&i| all.get(i).cloned()).collect()));
                if found.is_empty() {
                    view! {
                        <ResultView
                            status=ResultStatus::Empty
                            title=tr(move || t_string!(i18n, picker.no_match_title))
                            description=tr(move || t_string!(i18n, picker.no_match_description))
                        />
                    }
                    .into_any()
                } else {
                    view! {
                        <section class="ch-section" aria-label=move || t_string!(i18n, picker.results)>
                            <CityList cities=found choose />
                        </section>
                    }
                    .into_any()
                }
            } else {
                cities.with_value(|all| view! { <FullList cities=all.clone() choose /> }).into_any()
            }
        }}
    }
}

/// Current city, launch cities and every city A–Z, with the index bar.
#[component]
fn FullList(cities: Vec<City>, choose: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let choice = use_city_choice();
    let current = choice
        .get_untracked()
        .and_then(|code| cities.iter().find(|c| c.code == code).cloned());
    let mut launch: Vec<City> = cities.iter().filter(|c| c.is_launch()).cloned().collect();
    launch.sort_unstable_by_key(|c| c.launch_order);
    let mut by_letter: BTreeMap<char, Vec<City>> = BTreeMap::new();
    for c in cities {
        by_letter.entry(c.letter()).or_default().push(c);
    }
    let letters: Vec<char> = by_letter.keys().copied().collect();
    let jump = Callback::new(|l: char| jump_to_letter(l));

    view! {
        {current.map(|c| view! {
            <section class="ch-section">
                <h2 class="ch-section__title">{t!(i18n, picker.current)}</h2>
                <ul class="ch-chip-list">
                    <li><CityButton city=c choose chip=true /></li>
                </ul>
            </section>
        })}
        <section class="ch-section">
            <h2 class="ch-section__title">{t!(i18n, picker.launch)}</h2>
            <ul class="ch-chip-list">
                {launch.into_iter().map(|c| view! { <li><CityButton city=c choose chip=true /></li> }).collect_view()}
            </ul>
        </section>
        <div class="ch-letter-groups">
            {by_letter
                .into_iter()
                .map(|(letter, group)| {
                    view! {
                        <section class="ch-section">
                            <h2 class="ch-section__title ch-letter" id=format!("letter-{letter}") tabindex="-1">
                                {letter.to_string()}
                            </h2>
                            <CityList cities=group choose />
                        </section>
                    }
                })
                .collect_view()}
        </div>
        <IndexBar letters=letters on_select=jump />
    }
}

/// A list of city buttons, each with its province.
#[component]
fn CityList(cities: Vec<City>, choose: Callback<String>) -> impl IntoView {
    view! {
        <ul class="ch-city-list">
            {cities.into_iter().map(|c| view! { <li><CityButton city=c choose /></li> }).collect_view()}
        </ul>
    }
}

/// One city: a button that chooses it, named in the current language. `chip` makes it the
/// compact grid style: the name only, in English too (its accessible name is the English
/// name alone; the Chinese name is the tooltip, and the A–Z list below shows it). In the list, the province helps tell
/// apart same-named cities (朝阳市 is in 辽宁省), and in English the Chinese name is shown
/// too, as signs and documents write it.
#[component]
fn CityButton(city: City, choose: Callback<String>, #[prop(optional)] chip: bool) -> impl IntoView {
    let i18n = use_i18n();
    let code = city.code.clone();
    let class = if chip { "ch-chip" } else { "ch-city-item" };
    let city = StoredValue::new(city);
    let name = move || city.with_value(|c| city_name(i18n, c));
    let secondary = move || city.with_value(|c| city_secondary(i18n, c));
    let details = move || {
        let (native, province) = secondary();
        if chip {
            return None;
        }
        (native.is_some() || province.is_some()).then(|| {
            let sep = (native.is_some() && province.is_some()).then_some(" · ");
            view! {
                <span class="ch-city-item__province">
                    {native.map(|n| view! { <span lang="zh-CN">{n}</span> })}
                    {sep}
                    {province}
                </span>
            }
            .into_any()
        })
    };
    view! {
        <button
            type="button"
            class=class
            title=move || if chip { secondary().0 } else { None }
            on:click=move |_| choose.run(code.clone())
        >
            <span class="ch-city-item__name">{name}</span>
            {details}
        </button>
    }
}

/// Scrolls the letter's heading into view and moves focus to it (so keyboard and screen
/// reader users land there too). Missing elements are ignored.
fn jump_to_letter(letter: char) {
    let Some(heading) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("letter-{letter}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    heading.scroll_into_view();
    let _ = heading.focus();
}

crate::lazy::lazy_page!(
    /// `/cities`, and `/` on a first visit ([`CityPicker`]).
    picker_page,
    prefetch_picker_page,
    picker_page,
    CityPicker
);
