//! Traffic lookups (交通违章查询 / 交通罚款缴纳): the lookup request, its checks and its form.
//!
//! A resident looks violations up by 号牌号码 ([`crate::rules::validate_plate`], GA 36-2018),
//! 号牌种类 ([`PlateType`], GA 24.7-2020 codes) and the last six characters of the engine
//! number or of the VIN ([`VehicleCheckKind`]: which one is the city's choice, in its
//! catalog entry's `online.vehicle_check`). [`validate_traffic_lookup`] is what both the
//! browser and the server run on `POST …/traffic-lookups`; [`lookup_form`] is the same
//! questions as a [`FormSchema`] for the form components.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::form::{
    Answers, ChoiceDisplay, ChoiceOption, Field, FieldErrors, FieldRule, FormPage, FormSchema,
};
use crate::localized::LocalizedText;
use crate::rules::{self, FieldError};

pub use crate::rules::{
    validate_plate_for_type, PlateType, PlateTypeError, VehicleCheckError, VehicleCheckKind,
};

/// Field key of the 号牌号码 in [`TrafficLookupRequest`], [`lookup_form`] and error bodies.
pub const PLATE_KEY: &str = "plate";
/// Field key of the 号牌种类 (a GA 24.7-2020 code).
pub const PLATE_TYPE_KEY: &str = "plate_type";
/// Field key of the engine-number or VIN tail.
pub const VEHICLE_CHECK_KEY: &str = "vehicle_check";

/// The body of `POST /api/v1/cities/{code}/services/{id}/traffic-lookups`, as typed:
/// `{"plate": "沪A12345", "plate_type": "02", "vehicle_check": "123456"}`. Every field is a
/// string so that a wrong value is a field error (422 `validation_failed`), not a 400.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficLookupRequest {
    /// 号牌号码 as typed or normalised (`沪a 12345` is accepted).
    pub plate: String,
    /// 号牌种类: a GA 24.7-2020 code, `01` … `52` ([`PlateType`]).
    pub plate_type: String,
    /// The last six characters of the engine number or of the VIN, as the service's
    /// `online.vehicle_check` names.
    pub vehicle_check: String,
}

impl TrafficLookupRequest {
    /// The request from the answers of [`lookup_form`] (missing or non-string answers read
    /// as empty, which [`validate_traffic_lookup`] then reports).
    pub fn from_answers(answers: &Answers) -> TrafficLookupRequest {
        let text = |k: &str| match answers.get(k) {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        TrafficLookupRequest {
            plate: text(PLATE_KEY),
            plate_type: text(PLATE_TYPE_KEY),
            vehicle_check: text(VEHICLE_CHECK_KEY),
        }
    }
}

/// A traffic lookup that passed [`validate_traffic_lookup`], normalised: the plate in
/// capitals without separators (`沪A12345`), the type, the six characters in capitals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrafficLookup {
    /// 号牌号码, normalised and valid (GA 36-2018), and fitting `plate_type`.
    pub plate: String,
    /// 号牌种类.
    pub plate_type: PlateType,
    /// Engine-number or VIN tail: 6 characters `0-9A-Z` (no I, O, Q for a VIN).
    pub vehicle_check: String,
}

/// Checks a traffic lookup for a city that asks for `kind` (its catalog entry's
/// `online.vehicle_check`) and returns it normalised.
///
/// Errors, by field key ([`FieldErrors`]): `plate` ([`FieldError::Required`] or a
/// [`rules::PlateError`]), `plate_type` ([`FieldError::NotChosen`],
/// [`FieldError::UnknownOption`] for a code that is not one of [`PlateType::ALL`], or a
/// [`PlateTypeError`] when a valid plate does not fit the type: 新能源 plates have 6
/// characters after the letter, the others 5; 挂车 plates end in 挂, 教练 in 学),
/// `vehicle_check` ([`FieldError::Required`] or a [`VehicleCheckError`]).
pub fn validate_traffic_lookup(
    request: &TrafficLookupRequest,
    kind: VehicleCheckKind,
) -> Result<TrafficLookup, FieldErrors> {
    let mut errors = FieldErrors::new();
    let plate = rules::normalize_plate(&request.plate);
    let plate_ok = if plate.is_empty() {
        errors.insert(PLATE_KEY.into(), FieldError::Required);
        false
    } else if let Err(e) = rules::validate_plate(&plate) {
        errors.insert(PLATE_KEY.into(), e.into());
        false
    } else {
        true
    };
    let code = request.plate_type.trim();
    let plate_type = if code.is_empty() {
        errors.insert(PLATE_TYPE_KEY.into(), FieldError::NotChosen);
        None
    } else {
        let t = PlateType::from_code(code);
        if t.is_none() {
            errors.insert(PLATE_TYPE_KEY.into(), FieldError::UnknownOption);
        }
        t
    };
    if let (true, Some(t)) = (plate_ok, plate_type) {
        if let Err(e) = validate_plate_for_type(&plate, t) {
            errors.insert(PLATE_TYPE_KEY.into(), e.into());
        }
    }
    let check = rules::normalize_vehicle_check(&request.vehicle_check);
    if check.is_empty() {
        errors.insert(VEHICLE_CHECK_KEY.into(), FieldError::Required);
    } else if let Err(e) = rules::validate_vehicle_check(&check, kind) {
        errors.insert(VEHICLE_CHECK_KEY.into(), e.into());
    }
    match plate_type {
        Some(plate_type) if errors.is_empty() => Ok(TrafficLookup {
            plate,
            plate_type,
            vehicle_check: check,
        }),
        _ => Err(errors),
    }
}

/// The traffic lookup as a one-page [`FormSchema`] (page key `vehicle`) for the form
/// components: `plate` ([`FieldRule::Plate`]), `plate_type` (a [`FieldRule::Choice`] of
/// [`PlateType::ALL`], option values the codes, shown as a select) and `vehicle_check`
/// ([`FieldRule::VehicleCheck`] of `kind`). Its answers read with
/// [`TrafficLookupRequest::from_answers`]; the cross-field check (plate against type) is
/// [`validate_traffic_lookup`]'s, so run that rather than only the per-field checks.
pub fn lookup_form(kind: VehicleCheckKind) -> FormSchema {
    let options = PlateType::ALL
        .into_iter()
        .map(|t| ChoiceOption {
            value: t.code().to_string(),
            label: t.label(),
            hint: None,
        })
        .collect();
    FormSchema {
        pages: vec![FormPage {
            key: "vehicle".into(),
            title: LocalizedText::new("车辆信息", "Your vehicle"),
            fields: vec![
                Field {
                    key: PLATE_KEY.into(),
                    label: LocalizedText::new("号牌号码", "Plate number"),
                    hint: Some(LocalizedText::new(
                        // No city's prefix: the form is the same in every city.
                        "省份简称汉字 + 字母 + 5位数字或字母（新能源汽车6位）",
                        "The province's Chinese character, a letter, then 5 letters or digits (6 for a new-energy vehicle)",
                    )),
                    required: true,
                    autocomplete: Some("off".into()),
                    show_when: None,
                    rule: FieldRule::Plate,
                },
                Field {
                    key: PLATE_TYPE_KEY.into(),
                    label: LocalizedText::new("号牌种类", "Plate type"),
                    hint: Some(LocalizedText::new(
                        "见行驶证；蓝牌一般是小型汽车，绿牌是新能源汽车",
                        "On the vehicle licence (行驶证); a blue plate is usually a small vehicle, a green one a new-energy vehicle",
                    )),
                    required: true,
                    autocomplete: None,
                    show_when: None,
                    rule: FieldRule::Choice {
                        options,
                        display: ChoiceDisplay::Select,
                    },
                },
                Field {
                    key: VEHICLE_CHECK_KEY.into(),
                    label: kind.label(),
                    hint: Some(kind.hint()),
                    required: true,
                    autocomplete: Some("off".into()),
                    show_when: None,
                    rule: FieldRule::VehicleCheck { check: kind },
                },
            ],
        }],
        next_steps: LocalizedText::new(
            "查询结果列出这辆车未处理和已处理的交通违法记录；可在线缴纳的罚款可以直接缴纳。",
            "The results list this vehicle's traffic violations, dealt with or not; fines that can be paid online can be paid from there.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::check_form;

    fn req(plate: &str, plate_type: &str, check: &str) -> TrafficLookupRequest {
        TrafficLookupRequest {
            plate: plate.into(),
            plate_type: plate_type.into(),
            vehicle_check: check.into(),
        }
    }

    fn codes(r: &TrafficLookupRequest, kind: VehicleCheckKind) -> Vec<(String, &'static str)> {
        match validate_traffic_lookup(r, kind) {
            Ok(_) => vec![],
            Err(e) => e.into_iter().map(|(k, v)| (k, v.code())).collect(),
        }
    }

    #[test]
    fn a_good_lookup_is_normalised() {
        let ok = validate_traffic_lookup(
            &req(" 沪ａ·12345 ", "02", "ａｂ１２３４"),
            VehicleCheckKind::Engine,
        )
        .expect("valid");
        assert_eq!(
            ok,
            TrafficLookup {
                plate: "沪A12345".into(),
                plate_type: PlateType::SmallVehicle,
                vehicle_check: "AB1234".into()
            }
        );
        let nev = validate_traffic_lookup(&req("沪ad12345", "52", "x12345"), VehicleCheckKind::Vin)
            .expect("valid");
        assert_eq!(nev.plate, "沪AD12345");
        assert_eq!(nev.vehicle_check, "X12345");
    }

    #[test]
    fn each_field_says_what_is_wrong() {
        use VehicleCheckKind::*;
        let s = |k: &str, c: &'static str| (k.to_string(), c);
        assert_eq!(
            codes(&req("", "", ""), Engine),
            vec![
                s("plate", "required"),
                s("plate_type", "not_chosen"),
                s("vehicle_check", "required")
            ]
        );
        assert_eq!(
            codes(&req("沪A1234", "99", "12345"), Engine),
            vec![
                s("plate", "plate_length"),
                s("plate_type", "unknown_option"),
                s("vehicle_check", "vehicle_check_length")
            ]
        );
        assert_eq!(
            codes(&req("沪A12345", "52", "12345O"), Vin),
            vec![
                s("plate_type", "plate_type_new_energy"),
                s("vehicle_check", "vehicle_check_vin_letter")
            ]
        );
        assert_eq!(
            codes(&req("沪AD12345", "02", "12345O"), Engine),
            vec![s("plate_type", "plate_type_ordinary")]
        );
        assert_eq!(
            codes(&req("沪A1234挂", "02", "123456"), Engine),
            vec![s("plate_type", "plate_type_suffix")]
        );
        assert_eq!(codes(&req("沪A1234挂", "15", "123456"), Engine), vec![]);
        assert_eq!(codes(&req("沪A1234学", "16", "123456"), Engine), vec![]);
    }

    #[test]
    fn the_form_asks_the_same_and_reads_back() {
        for kind in [VehicleCheckKind::Engine, VehicleCheckKind::Vin] {
            let form = lookup_form(kind);
            check_form(&form).expect("a valid form");
            let keys: Vec<&str> = form.fields().map(|(_, f)| f.key.as_str()).collect();
            assert_eq!(keys, [PLATE_KEY, PLATE_TYPE_KEY, VEHICLE_CHECK_KEY]);
            assert_eq!(
                form.field(VEHICLE_CHECK_KEY).map(|f| f.rule.clone()),
                Some(FieldRule::VehicleCheck { check: kind })
            );
        }
        let mut answers = Answers::new();
        answers.insert("plate".into(), "沪A12345".into());
        answers.insert("plate_type".into(), "02".into());
        answers.insert("vehicle_check".into(), Value::from(123456));
        let r = TrafficLookupRequest::from_answers(&answers);
        assert_eq!(r, req("沪A12345", "02", ""));
    }

    #[test]
    fn the_request_is_strict() {
        let r: TrafficLookupRequest = serde_json::from_str(
            r#"{"plate": "沪A12345", "plate_type": "02", "vehicle_check": "123456"}"#,
        )
        .unwrap();
        assert_eq!(r.plate_type, "02");
        assert!(serde_json::from_str::<TrafficLookupRequest>(
            r#"{"plate": "沪A12345", "plate_type": "02", "vehicle_check": "1", "x": 1}"#
        )
        .is_err());
    }
}
