//! Every translation key exists in every locale (`locales/*.json`), with the same
//! interpolation variables. Plural forms (`key_one`, `key_other` ...) count as `key`;
//! leptos_i18n ranges (`["u64", ["1 city found", 1], ["{{ count }} cities found", "_"]]`,
//! chosen by `count`) have the variables of all their texts plus `count`, and end with the
//! fallback `"_"`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const PLURAL_SUFFIXES: [&str; 6] = ["_zero", "_one", "_two", "_few", "_many", "_other"];

/// The `{{ name }}` variables of one text.
fn variables(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split("}}").next())
        .map(|v| v.trim().to_string())
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, BTreeSet<String>>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        serde_json::Value::String(s) => {
            let key = PLURAL_SUFFIXES
                .iter()
                .find_map(|suffix| prefix.strip_suffix(suffix))
                .unwrap_or(prefix)
                .to_string();
            out.entry(key).or_default().extend(variables(s));
        }
        serde_json::Value::Array(items) => {
            let mut vars = BTreeSet::from(["count".to_string()]);
            let mut last_range = None;
            // An optional first item names the count's type ("u64", "i32" ...).
            for item in items.iter().skip_while(|i| i.is_string()) {
                let pair = item.as_array().filter(|p| p.len() == 2);
                let Some([serde_json::Value::String(text), range]) = pair.map(Vec::as_slice) else {
                    panic!("{prefix}: a range is [text, range], found {item}");
                };
                vars.extend(variables(text));
                last_range = Some(range.clone());
            }
            assert_eq!(
                last_range,
                Some(serde_json::Value::from("_")),
                "{prefix}: ranges end with the fallback \"_\""
            );
            out.entry(prefix.to_string()).or_default().extend(vars);
        }
        other => panic!("{prefix}: translations must be strings, ranges or objects, found {other}"),
    }
}

fn load(locale: &str) -> BTreeMap<String, BTreeSet<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../locales")
        .join(format!("{locale}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = BTreeMap::new();
    flatten("", &json, &mut out);
    out
}

#[test]
fn every_key_is_translated_with_the_same_variables() {
    let zh = load("zh-CN");
    let en = load("en");
    let missing_en: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    let missing_zh: Vec<_> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    assert!(
        missing_en.is_empty(),
        "keys missing from locales/en.json: {missing_en:?}"
    );
    assert!(
        missing_zh.is_empty(),
        "keys missing from locales/zh-CN.json: {missing_zh:?}"
    );
    for (key, vars) in &zh {
        assert_eq!(
            vars, &en[key],
            "key {key}: zh-CN and en interpolate different variables"
        );
    }
    assert!(zh.len() > 50, "expected the app's keys, found {}", zh.len());
}
