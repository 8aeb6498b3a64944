//! Runs every query of the shared search cases (`shared/cases/city_search.json`, read at run
//! time) against the real city list with launch positions taken from the catalog files,
//! the way the server serves them. Plus: search never panics, whatever is typed.

// proptest is a native-only dev-dependency (see Cargo.toml).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;
use std::path::PathBuf;

use citizen_core::catalog::{check_against_cities, parse_city_catalog};
use citizen_core::city::{City, CityList};
use citizen_core::search::CityIndex;
use proptest::prelude::*;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The city list with `launch_order` and `joined` set from `catalog/cities/*.json`.
fn launch_cities() -> Vec<City> {
    let list: CityList = serde_json::from_str(&read(&root().join("catalog/cities.json")))
        .expect("cities.json is a CityList");
    let mut cities = list.cities;
    let mut seen_launch = HashSet::new();
    let dir = root().join("catalog/cities");
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let file = path
            .file_name()
            .and_then(|f| f.to_str())
            .expect("utf-8 file name")
            .to_string();
        let catalog = parse_city_catalog(&file, &read(&path)).unwrap_or_else(|e| panic!("{e}"));
        check_against_cities(&file, &catalog, &cities, &mut seen_launch)
            .unwrap_or_else(|e| panic!("{e}"));
        let city = cities
            .iter_mut()
            .find(|c| c.code == catalog.city_code)
            .expect("checked above");
        city.launch_order = catalog.launch_order;
        city.joined = true;
    }
    assert!(
        cities.iter().any(City::is_launch),
        "no catalog file sets a launch_order"
    );
    cities
}

fn cases() -> Value {
    let path = root().join("../shared/cases/city_search.json");
    serde_json::from_str(&read(&path)).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

#[test]
fn shared_query_cases() {
    let cities = launch_cities();
    let index = CityIndex::new(&cities);
    let cases = cases();
    let queries = cases["queries"]
        .as_array()
        .expect("cases have a queries list");
    assert!(!queries.is_empty());
    let mut failures = Vec::new();
    for case in queries {
        let query = case["query"].as_str().expect("each case has a query");
        // Runs for every case: a query that panics fails the whole test.
        let names: Vec<&str> = index
            .search(query)
            .into_iter()
            .map(|i| cities[i].name.as_str())
            .collect();
        let shown = || names.iter().take(8).copied().collect::<Vec<_>>().join(" ");
        if let Some(first) = case["first"].as_str() {
            if names.first() != Some(&first) {
                failures.push(format!(
                    "{query:?}: first should be {first}, got [{}]",
                    shown()
                ));
            }
        }
        for want in case["includes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !names.contains(&want) {
                failures.push(format!(
                    "{query:?}: should include {want}, got [{}]",
                    shown()
                ));
            }
        }
        for unwanted in case["excludes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if names.contains(&unwanted) {
                failures.push(format!(
                    "{query:?}: should not include {unwanted}, got [{}]",
                    shown()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "search cases failed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn launch_city_wins_ties_in_launch_order() {
    let cities = launch_cities();
    let index = CityIndex::new(&cities);
    // 长治 (launch 10) and 长春/长沙 all start with "chang"; 长治 is the launch city.
    let first = index
        .search("chang")
        .first()
        .map(|&i| cities[i].name.as_str());
    assert_eq!(first, Some("长治市"));
    // Every launch city is found first by its own name and by its stem.
    for c in cities.iter().filter(|c| c.is_launch()) {
        for q in [c.name.as_str(), c.stem()] {
            let first = index.search(q).first().map(|&i| cities[i].name.as_str());
            assert_eq!(first, Some(c.name.as_str()), "query {q:?}");
        }
    }
}

#[test]
fn short_queries_stay_short_lists() {
    let (cities, index) = shared_index();
    let names = |q: &str| -> Vec<&str> {
        index
            .search(q)
            .into_iter()
            .map(|i| cities[i].name.as_str())
            .collect()
    };
    // "sh" once listed 328 cities because every 市 reads "shi"; now only 53 whose stem has a
    // syllable starting with sh (上海, 佛山 ...).
    let sh = names("sh");
    assert!(sh.len() < 60, "sh lists {} cities: {sh:?}", sh.len());
    assert!(sh.contains(&"深圳市") && sh.contains(&"石家庄市"), "{sh:?}");
    // "xi'an" once matched every 县 (xian).
    assert_eq!(names("xi'an").first(), Some(&"西安市"));
    assert!(names("xi'an").len() < 15, "{:?}", names("xi'an"));
    assert!(names("市").is_empty(), "the suffix alone matches nothing");
}

fn shared_index() -> &'static (Vec<City>, CityIndex) {
    static INDEX: std::sync::OnceLock<(Vec<City>, CityIndex)> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let cities = launch_cities();
        let index = CityIndex::new(&cities);
        (cities, index)
    })
}

proptest! {
    #[test]
    fn search_never_panics(query in any::<String>()) {
        let (cities, index) = shared_index();
        let hits = index.search(&query);
        prop_assert!(hits.iter().all(|&i| i < cities.len()));
        let unique: HashSet<usize> = hits.iter().copied().collect();
        prop_assert_eq!(unique.len(), hits.len(), "a city is returned at most once");
    }

    #[test]
    fn search_never_panics_on_pinyin_like_input(query in "[a-zA-Z '’·\u{3000}ａ-ｚ长重厦市区县]{0,12}") {
        let (cities, index) = shared_index();
        prop_assert!(index.search(&query).iter().all(|&i| i < cities.len()));
    }
}
