//! RegionPicker: province → city → district as three native selects over the GB/T 2260
//! region data ([`citizen_core::region`]).
//!
//! Native selects because they are the most robust control on phones (the system's own
//! wheel or list, screen reader support, no custom focus handling). The city select
//! appears once a province is chosen and the district select once a city is; a level with
//! a single choice (上海市 has one city, 东莞市 is its own district) is chosen for the
//! resident. The answer is the code of the deepest level chosen: a district code when
//! complete, a province or city code while not (the rules then ask to finish choosing).

use std::sync::Arc;

use citizen_core::region::RegionList;
use leptos::prelude::*;
use serde_json::Value;

use crate::i18n::{t, t_string, use_i18n};

/// Region data as the page holds it: `None` while loading, then the list or the message
/// of why it could not be loaded.
pub type RegionsState = Option<Result<Arc<RegionList>, String>>;

/// The three selects. `id` goes on the province select (the error summary links to it);
/// the others get `{id}-city` and `{id}-district`.
#[component]
pub fn RegionPicker(
    /// The id of the province select.
    id: String,
    /// The code chosen so far (district, city or province), empty when none.
    #[prop(into)]
    value: Signal<String>,
    /// Whether the field is in error (sets `aria-invalid`).
    #[prop(into)]
    invalid: Signal<bool>,
    /// The region data: `None` while loading, the message when it failed.
    #[prop(into)]
    regions: Signal<RegionsState>,
    /// Called with the deepest code chosen (`Value::Null` when nothing is).
    on_change: Callback<Value>,
    /// Asks for the data again after a failure.
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match regions.get() {
        None => view! {
            <p class="ch-field__hint" role="status">{t!(i18n, form.regions_loading)}</p>
        }
        .into_any(),
        Some(Err(message)) => view! {
            <div class="ch-region__failed" role="alert">
                <p>{move || t_string!(i18n, form.regions_failed, message = message.clone()).to_string()}</p>
                <button type="button" class="ch-button" on:click=move |_| on_retry.run(())>
                    {t!(i18n, form.regions_retry)}
                </button>
            </div>
        }
        .into_any(),
        Some(Ok(list)) => {
            let list = StoredValue::new(list);
            // (province, city, district) codes chosen, from the deepest code.
            let codes = Memo::new(move |_| value.with(|code| list.with_value(|l| locate(l, code))));
            let province = Memo::new(move |_| codes.with(|c| c.0.clone()));
            let city = Memo::new(move |_| codes.with(|c| c.1.clone()));
            let district = Memo::new(move |_| codes.with(|c| c.2.clone()));
            let invalid = move || invalid.get().then_some("true");
            let pick = move |level: Level, code: String| {
                let code = if code.is_empty() {
                    // Cleared: back to the level above.
                    match level {
                        Level::Province => String::new(),
                        Level::City => province.get_untracked(),
                        Level::District => city.get_untracked(),
                    }
                } else {
                    list.with_value(|l| descend(l, level, code))
                };
                on_change.run(if code.is_empty() {
                    Value::Null
                } else {
                    Value::String(code)
                });
            };
            let select = move |level: Level, select_id: String, label: Signal<String>| {
                let (parent, current) = match level {
                    Level::Province => (None, province),
                    Level::City => (Some(province), city),
                    Level::District => (Some(city), district),
                };
                // The options change only with the level above; the choice is a property.
                let options = move || {
                    let parent = parent.map(|m| m.get()).unwrap_or_default();
                    list.with_value(|l| children(l, level, &parent))
                        .into_iter()
                        .map(|(code, name)| {
                            let this = code.clone();
                            view! {
                                <option value=code prop:selected=move || current.with(|c| *c == this)>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                };
                view! {
                    <div class="ch-region__level">
                        <label class="ch-region__label" for=select_id.clone()>{label}</label>
                        <select
                            id=select_id
                            class="ch-input ch-input--select"
                            aria-invalid=invalid
                            on:change=move |ev| pick(level, event_target_value(&ev))
                        >
                            <option value="" prop:selected=move || current.with(String::is_empty)>
                                {t!(i18n, form.select_prompt)}
                            </option>
                            {options}
                        </select>
                    </div>
                }
            };
            let has_province = Memo::new(move |_| !province.with(String::is_empty));
            let has_city = Memo::new(move |_| !city.with(String::is_empty));
            let city_id = format!("{id}-city");
            let district_id = format!("{id}-district");
            view! {
                <div class="ch-region">
                    {select(Level::Province, id.clone(), Signal::derive(move || t_string!(i18n, form.province).to_string()))}
                    {move || has_province.get().then(|| select(Level::City, city_id.clone(), Signal::derive(move || t_string!(i18n, form.city).to_string())))}
                    {move || has_city.get().then(|| select(Level::District, district_id.clone(), Signal::derive(move || t_string!(i18n, form.district).to_string())))}
                </div>
            }
            .into_any()
        }
    }
    }
}

/// A level of the picker.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Province,
    City,
    District,
}

/// The (province, city, district) codes a chosen code stands for; empty strings for the
/// levels not chosen. Unknown codes choose nothing.
fn locate(list: &RegionList, code: &str) -> (String, String, String) {
    if code.is_empty() {
        return Default::default();
    }
    if let Some(path) = list.find_district(code) {
        return (
            path.province.code.clone(),
            path.city.code.clone(),
            path.district.code.clone(),
        );
    }
    for p in &list.provinces {
        if p.code == code {
            return (p.code.clone(), String::new(), String::new());
        }
        if let Some(c) = p.cities.iter().find(|c| c.code == code) {
            return (p.code.clone(), c.code.clone(), String::new());
        }
    }
    Default::default()
}

/// The code to answer with after choosing `code` at `level`: it, or the only choice below
/// it when there is just one (as deep as that goes).
fn descend(list: &RegionList, level: Level, code: String) -> String {
    let Some(p) = list
        .provinces
        .iter()
        .find(|p| p.code.get(..2) == code.get(..2))
    else {
        return code;
    };
    let city = match level {
        Level::Province => match p.cities.as_slice() {
            [only] => only,
            _ => return code,
        },
        Level::City => match p.cities.iter().find(|c| c.code == code) {
            Some(c) => c,
            None => return code,
        },
        Level::District => return code,
    };
    match city.districts.as_slice() {
        [only] => only.code.clone(),
        _ => city.code.clone(),
    }
}

/// The options of `level` under the code `parent` of the level above: provinces, the
/// cities of a province, or the districts of a city, as (code, name).
fn children(list: &RegionList, level: Level, parent: &str) -> Vec<(String, String)> {
    let pair = |code: &String, name: &String| (code.clone(), name.clone());
    match level {
        Level::Province => list
            .provinces
            .iter()
            .map(|x| pair(&x.code, &x.name))
            .collect(),
        Level::City => list
            .provinces
            .iter()
            .find(|x| x.code == parent)
            .map(|x| x.cities.iter().map(|y| pair(&y.code, &y.name)).collect())
            .unwrap_or_default(),
        Level::District => list
            .provinces
            .iter()
            .flat_map(|x| &x.cities)
            .find(|x| x.code == parent)
            .map(|x| x.districts.iter().map(|y| pair(&y.code, &y.name)).collect())
            .unwrap_or_default(),
    }
}
