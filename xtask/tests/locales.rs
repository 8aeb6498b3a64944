//! Every translation key exists in every locale (`locales/*.json`), with the same
//! interpolation variables. Plural forms (`key_one`, `key_other` ...) count as `key`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const PLURAL_SUFFIXES: [&str; 6] = ["_zero", "_one", "_two", "_few", "_many", "_other"];

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
            let vars: BTreeSet<String> = s
                .split("{{")
                .skip(1)
                .filter_map(|rest| rest.split("}}").next())
                .map(|v| v.trim().to_string())
                .collect();
            out.entry(key).or_default().extend(vars);
        }
        other => panic!("{prefix}: translations must be strings or objects, found {other}"),
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
