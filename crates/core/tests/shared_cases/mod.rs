//! Checks the shared input cases (`shared/cases/validation.json`, beside the repository
//! here as in CI) against the rules of `citizen_core::rules`. Used by the native test
//! (`validation_cases.rs`, reading the file at run time) and the wasm test
//! (`wasm_cases.rs`, embedding it), so both builds are held to the same cases.
//!
//! For a valid case: the normalised input is the case's `normalized`, it validates, and
//! normalising it again changes nothing. For an invalid case: it is rejected, and where the
//! case is listed in [`EXPECTED_CODES`] with the specific error code its `reason` names.

use citizen_core::date::CalendarDate;
use citizen_core::rules::{
    normalize_mobile, normalize_plate, normalize_resident_id, validate_mobile, validate_plate,
    validate_resident_id, FieldError,
};
use serde_json::Value;

/// "Today" for the cases: fixed, so a case never expires.
pub fn today() -> CalendarDate {
    match CalendarDate::new(2026, 1, 1) {
        Some(d) => d,
        None => unreachable!("2026-01-01 is a date"),
    }
}

/// The error code each known invalid case must get (its `reason`, as a code).
pub const EXPECTED_CODES: [(&str, &str); 14] = [
    ("110101199003071031", "id_check_digit"),
    ("110101199013011234", "id_birth_date"),
    ("11010119900307103", "id_length"),
    ("110101201008081", "id_length"),
    ("1101011990030710300", "id_length"),
    ("11010119900307103A", "id_characters"),
    ("12345678901", "mobile_prefix"),
    ("1380013800", "mobile_length"),
    ("138001380001", "mobile_length"),
    ("1380013800a", "mobile_characters"),
    ("沪A1234", "plate_length"),
    ("沪12345", "plate_authority"),
    ("XA12345", "plate_province"),
    ("沪A1234I", "plate_serial"),
];

type Rule = (fn(&str) -> String, fn(&str) -> Result<(), FieldError>);

fn rule_for(section: &str) -> Option<Rule> {
    fn id(s: &str) -> Result<(), FieldError> {
        Ok(validate_resident_id(s, today())?)
    }
    fn mobile(s: &str) -> Result<(), FieldError> {
        Ok(validate_mobile(s)?)
    }
    fn plate(s: &str) -> Result<(), FieldError> {
        Ok(validate_plate(s)?)
    }
    match section {
        "resident_id" => Some((normalize_resident_id, id)),
        "mobile" => Some((normalize_mobile, mobile)),
        "plate" => Some((normalize_plate, plate)),
        _ => None,
    }
}

/// Runs every case of `json` (the text of validation.json). Returns the number of cases
/// checked and a description of each failure.
pub fn check_cases(json: &str) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut checked = 0;
    let root: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => return (0, vec![format!("validation.json is not JSON: {e}")]),
    };
    let Some(sections) = root.as_object() else {
        return (0, vec!["validation.json is not an object".into()]);
    };
    for (section, cases) in sections {
        if section == "about" {
            continue;
        }
        let Some((normalize, validate)) = rule_for(section) else {
            failures.push(format!("no rule checks the section \"{section}\""));
            continue;
        };
        let Some(cases) = cases.as_array() else {
            failures.push(format!("{section}: not a list"));
            continue;
        };
        for case in cases {
            checked += 1;
            let (Some(input), Some(valid)) = (case["input"].as_str(), case["valid"].as_bool())
            else {
                failures.push(format!("{section}: malformed case {case}"));
                continue;
            };
            let normalized = normalize(input);
            let result = validate(&normalized);
            if valid {
                let want = case["normalized"].as_str().unwrap_or(input);
                if normalized != want {
                    failures.push(format!(
                        "{section} {input:?}: normalised to {normalized:?}, want {want:?}"
                    ));
                }
                if let Err(e) = result {
                    failures.push(format!("{section} {input:?}: rejected ({e}), want valid"));
                }
                if normalize(&normalized) != normalized {
                    failures.push(format!("{section} {input:?}: normalising twice changes it"));
                }
            } else {
                match result {
                    Ok(()) => failures.push(format!(
                        "{section} {input:?}: accepted, want rejected ({})",
                        case["reason"]
                    )),
                    Err(e) => {
                        let expected = EXPECTED_CODES.iter().find(|(i, _)| *i == input);
                        if let Some((_, code)) = expected {
                            if e.code() != *code {
                                failures.push(format!(
                                    "{section} {input:?}: rejected with {}, want {code}",
                                    e.code()
                                ));
                            }
                        }
                        if e.message().zh.is_empty() || e.message().en.is_empty() {
                            failures.push(format!("{section} {input:?}: no message"));
                        }
                    }
                }
            }
        }
    }
    (checked, failures)
}
