//! Checks every catalog file in `catalog/cities/`: it parses, matches the city list, and the
//! launch batch is complete (twelve cities, positions 1..=12, the common services in each,
//! the city-specific ones where the launch plan puts them).

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use citizen_core::catalog::{check_against_cities, parse_city_catalog, Category, CityCatalog};
use citizen_core::city::CityList;

/// Service ids every launch city offers, with their category.
const COMMON: [(&str, Category); 11] = [
    ("traffic-violation", Category::Traffic),
    ("traffic-fine-payment", Category::Traffic),
    ("road-conditions", Category::Traffic),
    ("bus", Category::Traffic),
    ("water-bill", Category::Bills),
    ("electricity-bill", Category::Bills),
    ("gas-bill", Category::Bills),
    ("hospital-registration", Category::Health),
    ("exit-entry-progress", Category::ExitEntry),
    ("exit-entry-appointment", Category::ExitEntry),
    ("government-consultation", Category::Consultation),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every catalog file, parsed and checked against `catalog/cities.json`, by city name.
fn catalogs() -> BTreeMap<String, CityCatalog> {
    let cities_path = root().join("catalog/cities.json");
    let text = std::fs::read_to_string(&cities_path).expect("catalog/cities.json");
    let list: CityList = serde_json::from_str(&text).expect("cities.json is a CityList");
    let dir = root().join("catalog/cities");
    let mut out = BTreeMap::new();
    let mut seen_launch = HashSet::new();
    for entry in std::fs::read_dir(&dir).expect("catalog/cities/") {
        let path = entry.expect("directory entry").path();
        let file = path
            .file_name()
            .and_then(|f| f.to_str())
            .expect("utf-8 file name")
            .to_string();
        assert!(
            file.ends_with(".json"),
            "unexpected file {file} in catalog/cities/"
        );
        let json = std::fs::read_to_string(&path).expect("readable file");
        let catalog = parse_city_catalog(&file, &json).unwrap_or_else(|e| panic!("{e}"));
        check_against_cities(&file, &catalog, &list.cities, &mut seen_launch)
            .unwrap_or_else(|e| panic!("{e}"));
        out.insert(catalog.city_name.clone(), catalog);
    }
    out
}

fn ids(c: &CityCatalog) -> Vec<&str> {
    c.services.iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn twelve_launch_cities_in_order() {
    let all = catalogs();
    let mut orders: Vec<(u32, &str)> = all
        .values()
        .filter_map(|c| c.launch_order.map(|n| (n, c.city_name.as_str())))
        .collect();
    orders.sort_unstable();
    assert_eq!(
        orders.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        (1..=12).collect::<Vec<_>>()
    );
    let first_seven: Vec<&str> = orders.iter().take(7).map(|(_, name)| *name).collect();
    assert_eq!(
        first_seven,
        [
            "上海市",
            "广州市",
            "深圳市",
            "杭州市",
            "宁波市",
            "南昌市",
            "青岛市"
        ]
    );
    assert_eq!(orders[7].1, "太原市");
    let shanxi = all
        .values()
        .filter(|c| c.city_code.starts_with("14") && c.launch_order.is_some())
        .count();
    assert_eq!(shanxi, 5, "five Shanxi cities in the launch batch");
    for c in all.values().filter(|c| c.city_code.starts_with("14")) {
        let notes = c.notes.as_deref().unwrap_or_default();
        assert!(
            notes.contains("太原"),
            "{}: notes must say which Shanxi cities were chosen and why",
            c.city_name
        );
    }
}

#[test]
fn every_launch_city_has_the_common_services() {
    for c in catalogs().values().filter(|c| c.launch_order.is_some()) {
        for (id, category) in COMMON {
            let s = c.services.iter().find(|s| s.id == id);
            let s = s.unwrap_or_else(|| panic!("{} lacks {id}", c.city_name));
            assert_eq!(s.category, category, "{} {id}", c.city_name);
            let city = c.city_name.trim_end_matches('市');
            assert!(
                s.department.zh.contains(city)
                    || s.department.zh.starts_with("国网")
                    || s.department.zh.starts_with("南方电网"),
                "{} {id}: department {} does not name the city",
                c.city_name,
                s.department.zh
            );
        }
    }
}

#[test]
fn city_specific_services() {
    let all = catalogs();
    let shanghai = &all["上海市"];
    for (id, category) in [
        ("marriage-registration-appointment", Category::Marriage),
        ("library", Category::Culture),
    ] {
        let s = shanghai
            .services
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("上海市 lacks {id}"));
        assert_eq!(s.category, category);
    }
    let guangzhou = &all["广州市"];
    let s = guangzhou
        .services
        .iter()
        .find(|s| s.id == "hk-macau-pass-renewal")
        .expect("广州市 has hk-macau-pass-renewal");
    assert_eq!(s.category, Category::ExitEntry);
    for (name, c) in &all {
        let expected = COMMON.len()
            + match name.as_str() {
                "上海市" => 2,
                "广州市" => 1,
                _ => 0,
            };
        assert_eq!(ids(c).len(), expected, "{name}: {:?}", ids(c));
    }
}

#[test]
fn services_are_grouped_by_category_and_described() {
    for c in catalogs().values() {
        let categories: Vec<Category> = c.services.iter().map(|s| s.category).collect();
        let mut sorted = categories.clone();
        sorted.sort();
        assert_eq!(
            categories, sorted,
            "{}: services must be in home page category order",
            c.city_name
        );
        for s in &c.services {
            assert!(
                !s.keywords.is_empty(),
                "{} {}: no keywords",
                c.city_name,
                s.id
            );
            assert!(
                s.summary.en.ends_with('.') && s.summary.zh.ends_with('。'),
                "{} {}: summary",
                c.city_name,
                s.id
            );
        }
    }
}

/// The home page and the service guide read services as `Service<FormOffered,
/// OnlineOffered>` (only whether there is a form, whether there is a lookup), the services
/// bundle as `Service<FormOffered>`: every catalog service, as the server sends it, reads
/// so with the same fields and the same answers to "has a form", "has a lookup".
#[test]
fn every_service_reads_as_form_offered() {
    use citizen_core::catalog::{FormOffered, OnlineOffered, Service};
    let mut with_form = 0;
    let mut with_online = 0;
    for (city, catalog) in catalogs() {
        for service in &catalog.services {
            let json = serde_json::to_string(service).expect("a service serialises");
            let light: Service<FormOffered> = serde_json::from_str(&json)
                .unwrap_or_else(|e| panic!("{city} {}: {e}", service.id));
            assert_eq!(light.id, service.id);
            assert_eq!(light.name, service.name);
            assert_eq!(light.department, service.department);
            assert_eq!(light.requirements, service.requirements);
            assert_eq!(
                light.form.is_some(),
                service.form.is_some(),
                "{city} {}",
                service.id
            );
            assert_eq!(light.online, service.online, "{city} {}", service.id);
            let lightest: Service<FormOffered, OnlineOffered> = serde_json::from_str(&json)
                .unwrap_or_else(|e| panic!("{city} {}: {e}", service.id));
            assert_eq!(lightest.id, service.id);
            assert_eq!(lightest.form.is_some(), service.form.is_some());
            assert_eq!(
                lightest.online.is_some(),
                service.online.is_some(),
                "{city} {}",
                service.id
            );
            with_online += usize::from(lightest.online.is_some());
            with_form += usize::from(light.form.is_some());
        }
    }
    assert!(with_form >= 1, "at least one catalog service has a form");
    assert!(with_online >= 1, "at least one catalog service is online");
    // Still strict about fields it does not know.
    let odd = r#"{"id":"x","name":{"zh":"a","en":"a"},"category":"traffic","department":{"zh":"a","en":"a"},"summary":{"zh":"a","en":"a"},"form":{"pages":[]},"extra":1}"#;
    assert!(serde_json::from_str::<Service<FormOffered>>(odd).is_err());
    assert!(serde_json::from_str::<Service<FormOffered, OnlineOffered>>(odd).is_err());
}

/// Issue 14: in every launch city the traffic and bill tiles are online: the two traffic
/// services with the city's vehicle check (lookup only / payable), the three bills with
/// real providers of the right utility and a 户号 format each, and notes that say what
/// to confirm.
#[test]
fn launch_cities_look_up_and_pay() {
    use citizen_core::catalog::OnlineService;
    use citizen_core::form::check_form;
    use citizen_core::utility::{bill_form, Utility};
    for c in catalogs().values().filter(|c| c.launch_order.is_some()) {
        let city = &c.city_name;
        let online = |id: &str| {
            c.services
                .iter()
                .find(|s| s.id == id)
                .and_then(|s| s.online.clone())
                .unwrap_or_else(|| panic!("{city} {id}: no online part"))
        };
        for (id, want_payable) in [("traffic-violation", false), ("traffic-fine-payment", true)] {
            match online(id) {
                OnlineService::Traffic { payable, .. } => {
                    assert_eq!(payable, want_payable, "{city} {id}")
                }
                other => panic!("{city} {id}: {other:?}"),
            }
        }
        let notes = c.notes.as_deref().unwrap_or_default();
        assert!(
            notes.contains("交管12123"),
            "{city}: notes say which vehicle check and why"
        );
        assert!(
            notes.contains("confirm"),
            "{city}: notes say what to confirm"
        );
        for (id, want) in [
            ("water-bill", Utility::Water),
            ("electricity-bill", Utility::Electricity),
            ("gas-bill", Utility::Gas),
        ] {
            let OnlineService::UtilityBill { utility, providers } = online(id) else {
                panic!("{city} {id}: not a utility bill");
            };
            assert_eq!(utility, want, "{city} {id}");
            assert!(!providers.is_empty(), "{city} {id}");
            for p in &providers {
                // A real company, not a government body.
                assert!(
                    !p.name.zh.ends_with('局') || p.name.zh.contains("供电局"),
                    "{city} {id}: {} is not a provider",
                    p.name.zh
                );
                assert!(!p.name.zh.contains("水务局") && !p.name.zh.contains("住房和城乡建设"));
                if p.name.zh.starts_with("国网") {
                    let a = &p.account;
                    assert_eq!(
                        (a.min_length, a.max_length, a.digits_only),
                        (10, 10, true),
                        "{city} {id}: State Grid 户号 are 10 digits"
                    );
                }
            }
            if want == Utility::Electricity {
                assert!(
                    providers
                        .iter()
                        .all(|p| p.name.zh.contains("供电") || p.name.zh.contains("电力")),
                    "{city}: power providers"
                );
            }
            let form = bill_form(utility, &providers);
            check_form(&form).unwrap_or_else(|e| panic!("{city} {id}: {e:?}"));
        }
    }
    let shanghai = &catalogs()["上海市"];
    let water = shanghai
        .services
        .iter()
        .find(|s| s.id == "water-bill")
        .and_then(|s| s.online.as_ref())
        .expect("上海 water-bill is online");
    assert!(
        water.providers().len() >= 2,
        "上海 has water suppliers by district"
    );
}
