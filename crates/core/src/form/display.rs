//! How answers and errors read: an answer on 核对信息 (check your answers), an answer
//! masked for anyone but the resident, and an error message that names its question.

use serde_json::Value;

use crate::date::CalendarDate;
use crate::localized::LocalizedText;
use crate::region::RegionList;
use crate::rules::{self, FieldError};

use super::schema::{Answers, ChoiceOption, Field, FieldRule, FormSchema};

impl Field {
    /// How a normalised answer reads on 核对信息 (check your answers) and confirmation
    /// pages: the option's label for a choice, labels joined by 、 / `, ` for a multiple
    /// choice, 已同意 / Agreed for a consent, a date as its reader writes it (`2026年3月10日`,
    /// `10 March 2026`), the number and unit (`2次`, `2 trips`), the
    /// region's full name (`上海市浦东新区`, the same in both languages: the data is in
    /// Chinese), and text as it is. Not masked: for the resident's own eyes.
    pub fn display_answer(&self, value: &Value, regions: &RegionList) -> LocalizedText {
        let same = |s: String| LocalizedText {
            zh: s.clone(),
            en: s,
        };
        let label_of = |options: &[ChoiceOption], v: &str| {
            options
                .iter()
                .find(|o| o.value == v)
                .map(|o| o.label.clone())
                .unwrap_or_else(|| same(v.to_string()))
        };
        match (&self.rule, value) {
            (FieldRule::Choice { options, .. }, Value::String(v)) => label_of(options, v),
            (FieldRule::MultipleChoice { options, .. }, Value::Array(items)) => {
                let labels: Vec<LocalizedText> = items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|v| label_of(options, v))
                    .collect();
                LocalizedText {
                    zh: labels
                        .iter()
                        .map(|l| l.zh.as_str())
                        .collect::<Vec<_>>()
                        .join("、"),
                    en: labels
                        .iter()
                        .map(|l| l.en.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                }
            }
            (FieldRule::Date { .. }, Value::String(v)) => match CalendarDate::parse(v) {
                Ok(date) => LocalizedText {
                    zh: date.to_zh(),
                    en: date.to_en(),
                },
                Err(_) => same(v.clone()),
            },
            (FieldRule::Consent, Value::Bool(true)) => LocalizedText {
                zh: "已同意".into(),
                en: "Agreed".into(),
            },
            (FieldRule::Consent, Value::Bool(false)) => LocalizedText {
                zh: "未同意".into(),
                en: "Not agreed".into(),
            },
            (FieldRule::Integer { unit, .. }, v) => {
                let n = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                LocalizedText {
                    zh: format!("{n}{}", unit.zh),
                    en: format!("{n} {}", unit.en),
                }
            }
            (FieldRule::Region, Value::String(code)) => match regions.find_district(code) {
                Some(path) => same(path.display_name()),
                None => same(code.clone()),
            },
            (_, Value::String(s)) => same(s.clone()),
            (_, other) => same(other.to_string()),
        }
    }

    /// The answer as anyone but the resident who gave it may see it: resident IDs
    /// ([`rules::mask_resident_id`], `4403**********108X`), mobiles
    /// ([`rules::mask_mobile`], `138****8000`), plates ([`rules::mask_plate`]), engine-number
    /// and VIN tails ([`rules::mask_vehicle_check`], `****56`), 户号
    /// ([`rules::mask_utility_account`], `******7890`) and all free
    /// text, names included ([`rules::mask_text`], `张*`) are masked; dates, choices,
    /// consents, numbers and regions are not personal on their own and stay.
    pub fn mask_answer(&self, value: &Value) -> Value {
        let Value::String(s) = value else {
            return value.clone();
        };
        let masked = match self.rule {
            FieldRule::ResidentId => rules::mask_resident_id(s),
            FieldRule::Mobile => rules::mask_mobile(s),
            FieldRule::Plate => rules::mask_plate(s),
            FieldRule::VehicleCheck { .. } => rules::mask_vehicle_check(s),
            FieldRule::UtilityAccount { .. } => rules::mask_utility_account(s),
            FieldRule::ShortText { .. } | FieldRule::LongText { .. } => rules::mask_text(s),
            _ => return value.clone(),
        };
        Value::String(masked)
    }
}

impl FormSchema {
    /// [`Field::mask_answer`] for each answer; keys that are not fields of the form are
    /// left out.
    pub fn mask_answers(&self, answers: &Answers) -> Answers {
        answers
            .iter()
            .filter_map(|(k, v)| self.field(k).map(|f| (k.clone(), f.mask_answer(v))))
            .collect()
    }
}

/// The message for the error `error` of the field `key` of `schema`, naming the question
/// where the message would otherwise be generic ([`FieldError::message_for`]); the plain
/// [`FieldError::message`] for a key the schema does not have.
pub fn error_message(schema: &FormSchema, key: &str, error: &FieldError) -> LocalizedText {
    match schema.field(key) {
        Some(field) => error.message_for(&field.label),
        None => error.message(),
    }
}
