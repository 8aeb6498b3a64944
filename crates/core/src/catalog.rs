//! The service catalog: one JSON file per city that has joined the platform
//! (`catalog/cities/<division code>.json`), listing its services. A government joins by
//! adding such a file; no code changes.
//!
//! The server validates every file at start with [`parse_city_catalog`] and
//! [`check_against_cities`]; a broken file stops it with a [`CatalogError`] naming the file
//! and the field.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::city::{is_division_code, City};
use crate::form::{check_form, FormSchema};
/// Text in both languages; defined in [`crate::localized`] (a leaf module, so the form
/// schema and the rules can use it without using the catalog) and re-exported here, where
/// it has always been found.
pub use crate::localized::LocalizedText;
use crate::traffic::VehicleCheckKind;
use crate::utility::{is_provider_id, Utility, UtilityProvider, MAX_PROVIDER_ID_LEN};

/// The groups service tiles are shown in on the home page, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 交通出行: traffic violations and fines, roads, buses.
    Traffic,
    /// 生活缴费: water, electricity and gas bills.
    Bills,
    /// 医疗健康: hospital registration.
    Health,
    /// 出入境: exit-entry appointments, progress, Hong Kong/Macau passes.
    ExitEntry,
    /// 婚姻登记: marriage registration.
    Marriage,
    /// 文化: libraries and culture.
    Culture,
    /// 政务咨询: asking a government account.
    Consultation,
}

impl Category {
    /// Every category, in the order the home page shows them.
    pub const ALL: [Category; 7] = [
        Category::Traffic,
        Category::Bills,
        Category::Health,
        Category::ExitEntry,
        Category::Marriage,
        Category::Culture,
        Category::Consultation,
    ];

    /// The group heading in Chinese, for example `交通出行`.
    pub fn label_zh(self) -> &'static str {
        match self {
            Category::Traffic => "交通出行",
            Category::Bills => "生活缴费",
            Category::Health => "医疗健康",
            Category::ExitEntry => "出入境",
            Category::Marriage => "婚姻登记",
            Category::Culture => "文化",
            Category::Consultation => "政务咨询",
        }
    }
}

/// One service a city offers, shown as a tile and as a service page.
///
/// `F` is how the form is read: the whole [`FormSchema`] (the default: the server, the
/// catalog check, the form flow), or [`FormOffered`] where only whether there is a form
/// matters (the home page and the service guide), so the residents' bundle does not carry
/// the code that reads a form's questions. `O` is how the online part is read, likewise:
/// the whole [`OnlineService`] (the default: the server, the services bundle) or
/// [`OnlineOffered`] (the home page and the guide, which only link to 开始查询), so the
/// residents' bundle does not carry the readers of providers and 户号 formats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service<F = FormSchema, O = OnlineService> {
    /// Stable id used in URLs: lower-case ASCII letters, digits and dashes, for example
    /// `traffic-violation`. Unique within a city.
    pub id: String,
    /// The service's name, for example 交通违章查询.
    pub name: LocalizedText,
    /// The tile group it is shown in.
    pub category: Category,
    /// The department or public utility that provides it, for example 上海市公安局交通警察总队.
    pub department: LocalizedText,
    /// What the service does, one or two sentences.
    pub summary: LocalizedText,
    /// What the resident needs to have at hand (documents, numbers), one item each.
    #[serde(default)]
    pub requirements: Vec<LocalizedText>,
    /// Extra words the home page's tile filter matches, for example `["违章", "罚单"]`.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The form residents fill in to apply, if the service takes applications online
    /// ([`crate::form`]). Services without one are information or hand-offs only.
    /// (A missing `form` reads as `None`: serde does that for `Option` without `default`,
    /// which here would ask `F: Default`.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<F>,
    /// What residents can do online beyond a form: look up traffic violations and pay
    /// fines, or look up and pay a utility's bills ([`OnlineService`]). A service has a
    /// `form` or `online`, not both; neither means a guide page only. (No `default`, as
    /// for `form`: a missing `online` reads as `None`.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online: Option<O>,
}

/// The online part of a service (`Service::online`), by `kind`:
///
/// ```json
/// "online": {"kind": "traffic", "vehicle_check": "engine", "payable": true}
/// "online": {"kind": "utility_bill", "utility": "water", "providers": [
///   {"id": "shanghai-water", "name": {"zh": "…", "en": "…"},
///    "account": {"min_length": 8, "max_length": 10, "digits_only": true, "check": "none",
///                "hint": {"zh": "…", "en": "…"}}}]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum OnlineService {
    /// 交通违章查询 / 交通罚款缴纳: look up a vehicle's violations
    /// ([`crate::traffic`]); only in the `traffic` category.
    Traffic {
        /// Which number's last six characters the city's traffic police ask with the
        /// plate: `engine` (发动机号, the usual 交管12123 practice) or `vin` (车辆识别代号).
        vehicle_check: VehicleCheckKind,
        /// Whether payable fines can be paid online here (`false`: lookup only).
        payable: bool,
    },
    /// 水费 / 电费 / 燃气费: look up and pay a utility's bills by 户号
    /// ([`crate::utility`]); only in the `bills` category.
    UtilityBill {
        /// Which utility.
        utility: Utility,
        /// The city's providers of it, at least one, ids unique, each with its 户号 format.
        providers: Vec<UtilityProvider>,
    },
}

impl OnlineService {
    /// The service's providers (empty for traffic).
    pub fn providers(&self) -> &[UtilityProvider] {
        match self {
            OnlineService::UtilityBill { providers, .. } => providers,
            OnlineService::Traffic { .. } => &[],
        }
    }

    /// The provider with this id.
    pub fn provider(&self, id: &str) -> Option<&UtilityProvider> {
        self.providers().iter().find(|p| p.id == id)
    }
}

/// Checks `online` of a service of `category`; the path is relative to `online`.
fn check_online(online: &OnlineService, category: Category) -> Result<(), (String, String)> {
    let fail = |path: String, msg: String| Err((path, msg));
    match online {
        OnlineService::Traffic { .. } if category != Category::Traffic => fail(
            "kind".into(),
            "traffic lookups belong to a service of category \"traffic\"".into(),
        ),
        OnlineService::Traffic { .. } => Ok(()),
        OnlineService::UtilityBill { .. } if category != Category::Bills => fail(
            "kind".into(),
            "utility bills belong to a service of category \"bills\"".into(),
        ),
        OnlineService::UtilityBill { providers, .. } => {
            if providers.is_empty() {
                return fail("providers".into(), "list at least one provider".into());
            }
            let mut ids = HashSet::new();
            for (i, p) in providers.iter().enumerate() {
                let at = |f: &str| format!("providers[{i}].{f}");
                if !is_provider_id(&p.id) {
                    return fail(at("id"), format!("\"{}\" is not a valid provider id: use lower-case letters, digits and single dashes, at most {MAX_PROVIDER_ID_LEN} characters, like \"shanghai-water\"", p.id));
                }
                if !ids.insert(p.id.as_str()) {
                    return fail(
                        at("id"),
                        format!("\"{}\" is used by two providers of this service", p.id),
                    );
                }
                if p.name.zh.trim().is_empty() || p.name.en.trim().is_empty() {
                    return fail(at("name"), "must have non-empty zh and en".into());
                }
                if let Some((param, msg)) = p.account.rule().problem() {
                    return fail(at(&format!("account.{param}")), msg);
                }
                let hint = &p.account.hint;
                if hint.zh.trim().is_empty() || hint.en.trim().is_empty() {
                    return fail(
                        at("account.hint"),
                        "must have non-empty zh and en: say where the 户号 is and what it looks like".into(),
                    );
                }
            }
            Ok(())
        }
    }
}

/// A service's form read only as "there is one": any JSON value is accepted and skipped.
/// Use `Service<FormOffered>` where a page needs to know whether a service takes online
/// applications but not the questions (see [`Service`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FormOffered;

impl<'de> Deserialize<'de> for FormOffered {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| FormOffered)
    }
}

/// A service's online part read only as "there is one", as [`FormOffered`] reads its form:
/// use `Service<FormOffered, OnlineOffered>` where a page links to the lookup but does not
/// show it (see [`Service`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OnlineOffered;

impl<'de> Deserialize<'de> for OnlineOffered {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| OnlineOffered)
    }
}

/// A city's catalog file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityCatalog {
    /// The city's GB/T 2260 code; must equal the file name (`310100.json`).
    pub city_code: String,
    /// The city's name exactly as in `catalog/cities.json`, as a check on the code.
    pub city_name: String,
    /// Position in the platform's launch batch (1-based), if the city was in it.
    #[serde(default)]
    pub launch_order: Option<u32>,
    /// Free notes for maintainers (sources, choices made); not shown to residents.
    #[serde(default)]
    pub notes: Option<String>,
    /// The services, in tile order within each category. At least one.
    pub services: Vec<Service>,
}

/// Why a catalog file was rejected: the file, the field (a JSON path such as
/// `services[2].department.zh`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("catalog file {file}: field `{field}`: {message}")]
pub struct CatalogError {
    /// The file name, for example `310100.json`.
    pub file: String,
    /// JSON path of the offending field, `.` for the whole file.
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

fn err(file: &str, field: impl Into<String>, message: impl Into<String>) -> CatalogError {
    CatalogError {
        file: file.to_string(),
        field: field.into(),
        message: message.into(),
    }
}

/// Parses and checks one catalog file on its own (shape, ids, required text).
/// `file` is the file name, used in errors and compared with `city_code`.
///
/// Errors: malformed JSON, an unknown or missing field, an unknown category, a code that
/// is not 6 digits or does not match the file name, no services, a bad or duplicate
/// service id, empty text, and a broken form (an unknown field kind, a duplicate field
/// key, a condition on a missing or later field, a bad option list …: see
/// [`check_form`]), a broken `online` part (a traffic lookup outside the traffic category,
/// a utility bill outside bills, no providers, a bad or repeated provider id, an empty
/// name or hint, an impossible 户号 format; a service with both a form and `online`), the
/// field named by its full path (`services[1].form.pages[0].fields[2].show_when.field`,
/// `services[4].online.providers[1].account.max_length`).
pub fn parse_city_catalog(file: &str, json: &str) -> Result<CityCatalog, CatalogError> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let catalog: CityCatalog = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        err(file, path, e.into_inner().to_string())
    })?;
    if !is_division_code(&catalog.city_code) {
        return Err(err(
            file,
            "city_code",
            "must be a 6-digit GB/T 2260 division code such as \"310100\"",
        ));
    }
    let expected_file = format!("{}.json", catalog.city_code);
    if file != expected_file {
        return Err(err(
            file,
            "city_code",
            format!(
                "is {} but the file is named {file}; name it {expected_file}",
                catalog.city_code
            ),
        ));
    }
    if catalog.city_name.trim().is_empty() {
        return Err(err(file, "city_name", "must not be empty"));
    }
    if catalog.launch_order == Some(0) {
        return Err(err(file, "launch_order", "starts at 1"));
    }
    if catalog.services.is_empty() {
        return Err(err(file, "services", "list at least one service"));
    }
    let mut ids = HashSet::new();
    for (i, s) in catalog.services.iter().enumerate() {
        let at = |f: &str| format!("services[{i}].{f}");
        let slug_ok = !s.id.is_empty()
            && s.id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.id.starts_with('-')
            && !s.id.ends_with('-');
        if !slug_ok {
            return Err(err(file, at("id"), format!("\"{}\" is not a valid id: use lower-case letters, digits and dashes, like \"traffic-violation\"", s.id)));
        }
        if !ids.insert(s.id.as_str()) {
            return Err(err(
                file,
                at("id"),
                format!(
                    "\"{}\" is used twice; ids must be unique within a city",
                    s.id
                ),
            ));
        }
        let texts = [
            ("name", &s.name),
            ("department", &s.department),
            ("summary", &s.summary),
        ];
        for (name, text) in texts {
            if text.zh.trim().is_empty() {
                return Err(err(file, at(&format!("{name}.zh")), "must not be empty"));
            }
            if text.en.trim().is_empty() {
                return Err(err(file, at(&format!("{name}.en")), "must not be empty"));
            }
        }
        for (j, r) in s.requirements.iter().enumerate() {
            if r.zh.trim().is_empty() || r.en.trim().is_empty() {
                return Err(err(
                    file,
                    at(&format!("requirements[{j}]")),
                    "must have non-empty zh and en",
                ));
            }
        }
        if s.form.is_some() && s.online.is_some() {
            return Err(err(
                file,
                at("online"),
                "a service has a form or an online lookup, not both",
            ));
        }
        if let Some(form) = &s.form {
            check_form(form)
                .map_err(|(path, message)| err(file, at(&format!("form.{path}")), message))?;
        }
        if let Some(online) = &s.online {
            check_online(online, s.category)
                .map_err(|(path, message)| err(file, at(&format!("online.{path}")), message))?;
        }
    }
    Ok(catalog)
}

/// Checks a parsed catalog against the city list: the code must be a listed city and the
/// name must match it, and no two files may claim the same launch position.
///
/// `seen_launch` collects launch positions across all files of one load.
pub fn check_against_cities(
    file: &str,
    catalog: &CityCatalog,
    cities: &[City],
    seen_launch: &mut HashSet<u32>,
) -> Result<(), CatalogError> {
    let Some(city) = cities.iter().find(|c| c.code == catalog.city_code) else {
        return Err(err(
            file,
            "city_code",
            format!(
                "{} is not in catalog/cities.json; use the code of a listed city",
                catalog.city_code
            ),
        ));
    };
    if city.name != catalog.city_name {
        return Err(err(
            file,
            "city_name",
            format!(
                "is \"{}\" but city {} is \"{}\"",
                catalog.city_name, city.code, city.name
            ),
        ));
    }
    if let Some(n) = catalog.launch_order {
        if !seen_launch.insert(n) {
            return Err(err(
                file,
                "launch_order",
                format!("{n} is already used by another city"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
      "city_code": "310100", "city_name": "上海市", "launch_order": 1,
      "services": [{
        "id": "traffic-violation",
        "name": {"zh": "交通违章查询", "en": "Traffic violations"},
        "category": "traffic",
        "department": {"zh": "上海市公安局交通警察总队", "en": "Shanghai Traffic Police"},
        "summary": {"zh": "查询机动车违法记录。", "en": "Look up violations."},
        "requirements": [{"zh": "号牌号码", "en": "Plate number"}]
      }]
    }"#;

    #[test]
    fn good_file_parses() {
        let c = parse_city_catalog("310100.json", GOOD).expect("valid");
        assert_eq!(c.services[0].category, Category::Traffic);
    }

    #[test]
    fn errors_name_the_field() {
        let bad = GOOD.replace("\"traffic\"", "\"trafic\"");
        let e = parse_city_catalog("310100.json", &bad).unwrap_err();
        assert_eq!(e.file, "310100.json");
        assert_eq!(e.field, "services[0].category");

        let bad = GOOD.replace("上海市公安局交通警察总队", " ");
        let e = parse_city_catalog("310100.json", &bad).unwrap_err();
        assert_eq!(e.field, "services[0].department.zh");

        let e = parse_city_catalog("310000.json", GOOD).unwrap_err();
        assert_eq!(e.field, "city_code");

        let bad = GOOD.replace("\"summary\"", "\"sumary\"");
        let e = parse_city_catalog("310100.json", &bad).unwrap_err();
        assert!(e.field.starts_with("services[0]"), "{e}");
    }

    fn with_online(category: &str, online: serde_json::Value) -> String {
        let mut c: serde_json::Value = serde_json::from_str(GOOD).unwrap();
        c["services"][0]["category"] = category.into();
        c["services"][0]["online"] = online;
        c.to_string()
    }

    fn provider(id: &str) -> serde_json::Value {
        serde_json::json!({"id": id, "name": {"zh": "某水务公司", "en": "A water company"},
            "account": {"min_length": 8, "max_length": 10, "digits_only": true, "check": "none",
                        "hint": {"zh": "见水费账单", "en": "On your water bill"}}})
    }

    #[test]
    fn online_services_parse_and_are_checked() {
        let traffic =
            serde_json::json!({"kind": "traffic", "vehicle_check": "engine", "payable": true});
        let c =
            parse_city_catalog("310100.json", &with_online("traffic", traffic.clone())).unwrap();
        assert_eq!(
            c.services[0].online,
            Some(OnlineService::Traffic {
                vehicle_check: VehicleCheckKind::Engine,
                payable: true
            })
        );
        let bills = serde_json::json!({"kind": "utility_bill", "utility": "water",
            "providers": [provider("shanghai-water"), provider("pudong-water")]});
        let c = parse_city_catalog("310100.json", &with_online("bills", bills.clone())).unwrap();
        let online = c.services[0].online.as_ref().unwrap();
        assert_eq!(online.providers().len(), 2);
        assert_eq!(
            online
                .provider("pudong-water")
                .map(|p| p.account.max_length),
            Some(10)
        );
        // The JSON round-trips.
        let back = serde_json::to_value(online).unwrap();
        assert_eq!(back["kind"], "utility_bill");
        assert_eq!(back["providers"][0]["account"]["check"], "none");

        let field = |json: String| parse_city_catalog("310100.json", &json).unwrap_err().field;
        assert_eq!(
            field(with_online("bills", traffic.clone())),
            "services[0].online.kind"
        );
        assert_eq!(
            field(with_online("traffic", bills.clone())),
            "services[0].online.kind"
        );
        let mut b = bills.clone();
        b["providers"] = serde_json::json!([]);
        assert_eq!(
            field(with_online("bills", b)),
            "services[0].online.providers"
        );
        let mut b = bills.clone();
        b["providers"] = serde_json::json!([provider("a"), provider("a")]);
        assert_eq!(
            field(with_online("bills", b)),
            "services[0].online.providers[1].id"
        );
        let mut b = bills.clone();
        b["providers"] = serde_json::json!([provider("Bad_Id")]);
        assert_eq!(
            field(with_online("bills", b)),
            "services[0].online.providers[0].id"
        );
        let mut b = bills.clone();
        b["providers"][0]["account"]["max_length"] = 7.into();
        assert_eq!(
            field(with_online("bills", b)),
            "services[0].online.providers[0].account.max_length"
        );
        let mut b = bills.clone();
        b["providers"][0]["account"]["digits_only"] = false.into();
        b["providers"][0]["account"]["check"] = "luhn".into();
        assert_eq!(
            field(with_online("bills", b)),
            "services[0].online.providers[0].account.check"
        );
        let mut b = bills.clone();
        b["providers"][0]["account"]["hint"]["en"] = " ".into();
        assert_eq!(
            field(with_online("bills", b)),
            "services[0].online.providers[0].account.hint"
        );
        let mut b = bills.clone();
        b["providers"][0]["name"]["zh"] = "".into();
        assert_eq!(
            field(with_online("bills", b)),
            "services[0].online.providers[0].name"
        );
        let mut t = traffic.clone();
        t["vehicle_check"] = "frame".into();
        assert!(field(with_online("traffic", t)).starts_with("services[0].online"));
        let mut t = traffic.clone();
        t["extra"] = 1.into();
        assert!(field(with_online("traffic", t)).starts_with("services[0].online"));
        let mut b = bills.clone();
        b["providers"][0]["account"]["check"] = "mod97".into();
        assert!(field(with_online("bills", b)).starts_with("services[0].online"));
        let mut c: serde_json::Value =
            serde_json::from_str(&with_online("traffic", traffic)).unwrap();
        c["services"][0]["form"] =
            serde_json::json!({"pages": [], "next_steps": {"zh": "x", "en": "x"}});
        assert_eq!(field(c.to_string()), "services[0].online");
    }

    #[test]
    fn duplicate_ids_rejected() {
        let c: serde_json::Value = serde_json::from_str(GOOD).unwrap();
        let mut c2 = c.clone();
        let s = c["services"][0].clone();
        c2["services"] = serde_json::json!([s.clone(), s]);
        let e = parse_city_catalog("310100.json", &c2.to_string()).unwrap_err();
        assert_eq!(e.field, "services[1].id");
    }
}
