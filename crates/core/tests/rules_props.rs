//! Property tests of the rules (`citizen_core::rules`) and of whole forms:
//!
//! - normalise-then-validate never panics, whatever Unicode is typed, for every kind;
//! - a value that validates is a fixed point: normalising it again changes nothing, and it
//!   still validates;
//! - every well-formed resident ID, mobile and plate, however it is decorated (full-width
//!   digits, spaces, dashes, lower case, `+86`), normalises to its canonical form and
//!   validates;
//! - `validate_answers` on the real catalog forms never panics on arbitrary answers, and
//!   its output validates again to itself.

// proptest is a native-only dev-dependency (see Cargo.toml).
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use citizen_core::catalog::{parse_city_catalog, LocalizedText};
use citizen_core::date::CalendarDate;
use citizen_core::form::{validate_answers, Answers, FormSchema};
use citizen_core::region::RegionList;
use citizen_core::rules::*;
use proptest::prelude::*;
use serde_json::Value;

fn today() -> CalendarDate {
    CalendarDate::parse("2026-03-10").unwrap()
}

/// Text residents might type: arbitrary Unicode, mixed with the characters the rules care
/// about (digits, full-width forms, x/X, separators, province abbreviations, 年月日).
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9０-９xX+ \\-·\u{3000}\u{200B}]{0,24}",
        "[沪粤京甘港学A-Za-zＡ-Ｚ0-9０-９IO· ]{0,10}",
        "[0-9０-９/\\.年月日号 \\-]{0,14}",
        "[\\PC\n\r\t]{0,60}",
    ]
}

/// Checks one kind: never panics; valid → fixed point and still valid.
fn fixed_point(
    input: &str,
    normalize: impl Fn(&str) -> String,
    validate: impl Fn(&str) -> bool,
) -> Result<(), TestCaseError> {
    let n = normalize(input);
    if validate(&n) {
        let again = normalize(&n);
        prop_assert_eq!(&again, &n, "normalising a valid value again changed it");
        prop_assert!(validate(&again));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_rule_is_total_and_valid_values_are_fixed_points(input in typed()) {
        let t = today();
        fixed_point(&input, normalize_resident_id, |s| validate_resident_id(s, t).is_ok())?;
        fixed_point(&input, normalize_mobile, |s| validate_mobile(s).is_ok())?;
        fixed_point(&input, normalize_plate, |s| validate_plate(s).is_ok())?;
        fixed_point(&input, normalize_short_text, |s| validate_short_text(s, 200).is_ok())?;
        fixed_point(&input, normalize_long_text, |s| validate_long_text(s, 5000).is_ok())?;
        fixed_point(&input, normalize_date, |s| validate_date(s, t, Some(-40000), Some(40000)).is_ok())?;
        let unit = LocalizedText { zh: "次".into(), en: "trips".into() };
        fixed_point(&input, |s| normalize_integer(s, Some(&unit)), |s| validate_integer(s, i64::MIN, i64::MAX).is_ok())?;
        // Masks never panic either and keep the length.
        prop_assert_eq!(mask_text(&input).chars().count(), input.chars().count());
        prop_assert_eq!(mask_resident_id(&input).chars().count(), input.chars().count());
    }

    #[test]
    fn decorated_resident_ids_normalise_and_validate(
        province in prop::sample::select(ID_PROVINCE_CODES.to_vec()),
        rest in "[0-9]{4}",
        days in 0i64..46_000,
        seq in "[0-9]{3}",
        full_width in any::<bool>(),
        lower_x in any::<bool>(),
        sep in prop::sample::select(vec!["", " ", "-", "\u{3000}"]),
    ) {
        let birth = CalendarDate::parse("1900-01-01").unwrap().add_days(days).min(today());
        let first17 = format!(
            "{province}{rest}{:04}{:02}{:02}{seq}",
            birth.year(), birth.month(), birth.day()
        );
        let canonical = format!("{first17}{}", resident_id_check_char(&first17).unwrap());
        prop_assert_eq!(validate_resident_id(&canonical, today()), Ok(()));
        let mut typed = String::new();
        for (i, c) in canonical.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                typed.push_str(sep);
            }
            let c = if lower_x { c.to_ascii_lowercase() } else { c };
            typed.push(if full_width { to_full_width(c) } else { c });
        }
        prop_assert_eq!(normalize_resident_id(&typed), canonical.clone());
        // One wrong digit anywhere in the first 17 breaks the check digit (or the date or
        // province), never passes.
        let mut bytes = canonical.clone().into_bytes();
        let i = days as usize % 17;
        bytes[i] = if bytes[i] == b'9' { b'0' } else { bytes[i] + 1 };
        let broken = String::from_utf8(bytes).unwrap();
        prop_assert!(validate_resident_id(&broken, today()).is_err());
    }

    #[test]
    fn decorated_mobiles_normalise_and_validate(
        second in 3u8..=9,
        rest in "[0-9]{9}",
        prefix in prop::sample::select(vec!["", "+86", "+86 ", "0086", "86", "＋８６"]),
        full_width in any::<bool>(),
    ) {
        let canonical = format!("1{second}{rest}");
        let body: String = canonical
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                let c = if full_width { to_full_width(c) } else { c };
                if i == 3 || i == 7 { vec!['-', c] } else { vec![c] }
            })
            .collect();
        let typed = format!("{prefix}{body}");
        prop_assert_eq!(normalize_mobile(&typed), canonical.clone());
        prop_assert_eq!(validate_mobile(&canonical), Ok(()));
    }

    #[test]
    fn decorated_plates_normalise_and_validate(
        province in prop::sample::select(PLATE_PROVINCES.to_vec()),
        authority in "[A-HJ-NP-Z]",
        serial in prop_oneof![
            "[0-9A-HJ-NP-Z]{5}",
            "[0-9A-HJ-NP-Z]{4}[学警挂]",
            "[DF][0-9A-HJ-NP-Z][0-9]{4}",
            "[0-9]{5}[DF]",
        ],
        lower in any::<bool>(),
        full_width in any::<bool>(),
        dot in any::<bool>(),
    ) {
        let canonical = format!("{province}{authority}{serial}");
        prop_assert_eq!(validate_plate(&canonical), Ok(()));
        let mut typed = String::new();
        for (i, c) in canonical.chars().enumerate() {
            if i == 2 && dot {
                typed.push('·');
            }
            let c = if lower { c.to_ascii_lowercase() } else { c };
            typed.push(if full_width { to_full_width(c) } else { c });
        }
        prop_assert_eq!(normalize_plate(&typed), canonical);
    }
}

/// The full-width form (U+FF01..) of a printable ASCII character; others unchanged.
fn to_full_width(c: char) -> char {
    if ('!'..='~').contains(&c) {
        char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
    } else {
        c
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every form of the real catalog.
fn catalog_forms() -> Vec<FormSchema> {
    let mut forms = Vec::new();
    for entry in std::fs::read_dir(root().join("catalog/cities")).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_string();
        let catalog = parse_city_catalog(&file, &std::fs::read_to_string(&path).unwrap()).unwrap();
        forms.extend(catalog.services.into_iter().filter_map(|s| s.form));
    }
    assert!(forms.len() >= 3);
    forms
}

fn regions() -> RegionList {
    serde_json::from_str(&std::fs::read_to_string(root().join("catalog/regions.json")).unwrap())
        .unwrap()
}

/// Any JSON value an answer could be.
fn answer_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        typed().prop_map(Value::String),
        "[a-z_]{1,16}".prop_map(Value::String),
        Just(Value::String("310115".into())),
    ];
    prop_oneof![
        3 => leaf.clone(),
        1 => prop::collection::vec(leaf, 0..4).prop_map(Value::Array),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn catalog_forms_take_any_answers(values in prop::collection::vec(answer_value(), 24)) {
        static DATA: std::sync::OnceLock<(Vec<FormSchema>, RegionList)> = std::sync::OnceLock::new();
        let (forms, regions) = DATA.get_or_init(|| (catalog_forms(), regions()));
        for form in forms {
            let mut answers = Answers::new();
            for ((_, field), value) in form.fields().zip(values.iter().cycle()) {
                answers.insert(field.key.clone(), value.clone());
            }
            if let Ok(out) = validate_answers(form, &answers, today(), regions) {
                prop_assert_eq!(validate_answers(form, &out, today(), regions), Ok(out));
            }
        }
    }
}
