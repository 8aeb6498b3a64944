//! Checking a resident's answers against a form: each field with its kind's rule
//! ([`crate::rules`]), conditions (`show_when`) followed on the normalised answers, hidden
//! fields dropped.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use crate::date::CalendarDate;
use crate::region::RegionList;
use crate::rules::{self, FieldError, IntegerError};

use super::schema::{Answers, ConditionValue, Field, FieldRule, FormSchema};

impl Field {
    /// Whether the field is shown, given the answers so far (normalised ones, as
    /// [`validate_answers`] returns, or the raw ones the browser holds: choices and
    /// consents are the same in both). A field without a condition is always shown.
    pub fn is_shown(&self, answers: &Answers) -> bool {
        let Some(cond) = &self.show_when else {
            return true;
        };
        match (answers.get(&cond.field), &cond.equals) {
            (Some(Value::String(s)), ConditionValue::Text(want)) => s.trim() == want,
            (Some(Value::Array(items)), ConditionValue::Text(want)) => items
                .iter()
                .any(|v| v.as_str().map(str::trim) == Some(want.as_str())),
            (Some(Value::Bool(b)), ConditionValue::Bool(want)) => b == want,
            (None | Some(Value::Null), ConditionValue::Bool(false)) => true,
            _ => false,
        }
    }

    /// Checks one answer (`None` when the field was not answered) and returns its
    /// normalised value, or `None` when an optional field is left empty.
    ///
    /// "Empty" is: no answer, `null`, text that normalises to nothing, an empty list, an
    /// unticked consent box.
    ///
    /// Errors: [`FieldError::Required`], [`FieldError::NotChosen`] or
    /// [`FieldError::ConsentRequired`] for a required field left empty,
    /// [`FieldError::WrongType`] for a JSON value of the wrong type, and the kind's own
    /// errors (see [`crate::rules`]).
    pub fn check(
        &self,
        answer: Option<&Value>,
        today: CalendarDate,
        regions: &RegionList,
    ) -> Result<Option<Value>, FieldError> {
        let empty = |e: FieldError| if self.required { Err(e) } else { Ok(None) };
        let answer = match answer {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        };
        match &self.rule {
            FieldRule::Consent => match answer {
                Some(Value::Bool(true)) => Ok(Some(Value::Bool(true))),
                None | Some(Value::Bool(false)) => empty(FieldError::ConsentRequired),
                Some(_) => Err(FieldError::WrongType),
            },
            FieldRule::MultipleChoice {
                options,
                min_selected,
                max_selected,
            } => {
                let items = match answer {
                    None => return empty(FieldError::NotChosen),
                    Some(Value::Array(items)) => items,
                    Some(_) => return Err(FieldError::WrongType),
                };
                let mut chosen = HashSet::new();
                for item in items {
                    let Some(v) = item.as_str() else {
                        return Err(FieldError::WrongType);
                    };
                    let v = v.trim();
                    if !options.iter().any(|o| o.value == v) {
                        return Err(FieldError::UnknownOption);
                    }
                    chosen.insert(v);
                }
                if chosen.is_empty() {
                    return empty(FieldError::NotChosen);
                }
                let min = min_selected.unwrap_or(1);
                if chosen.len() < min as usize {
                    return Err(FieldError::TooFewChoices { min });
                }
                if let Some(max) = *max_selected {
                    if chosen.len() > max as usize {
                        return Err(FieldError::TooManyChoices { max });
                    }
                }
                // In option order, each once.
                let ordered = options
                    .iter()
                    .filter(|o| chosen.contains(o.value.as_str()))
                    .map(|o| Value::String(o.value.clone()))
                    .collect();
                Ok(Some(Value::Array(ordered)))
            }
            FieldRule::Integer { min, max, unit } => {
                let n = match answer {
                    None => return empty(FieldError::Required),
                    Some(Value::Number(n)) => match n.as_i64() {
                        Some(n) => n,
                        None if n.as_u64().is_some() => {
                            return Err(IntegerError::TooLarge { max: *max }.into())
                        }
                        None => return Err(IntegerError::NotInteger.into()),
                    },
                    Some(Value::String(s)) => {
                        let normalized = rules::normalize_integer(s, Some(unit));
                        if normalized.is_empty() {
                            return empty(FieldError::Required);
                        }
                        rules::validate_integer(&normalized, *min, *max)?
                    }
                    Some(_) => return Err(FieldError::WrongType),
                };
                if n < *min {
                    return Err(IntegerError::TooSmall { min: *min }.into());
                }
                if n > *max {
                    return Err(IntegerError::TooLarge { max: *max }.into());
                }
                Ok(Some(Value::from(n)))
            }
            _ => {
                let raw = match answer {
                    None => "",
                    Some(Value::String(s)) => s.as_str(),
                    Some(_) => return Err(FieldError::WrongType),
                };
                let value = self.rule.normalize_input(raw);
                if value.is_empty() {
                    return empty(match self.rule {
                        FieldRule::Choice { .. } | FieldRule::Region => FieldError::NotChosen,
                        _ => FieldError::Required,
                    });
                }
                self.check_text(&value, today, regions)?;
                Ok(Some(Value::String(value)))
            }
        }
    }

    /// The rule of a text-valued kind applied to a normalised, non-empty value.
    fn check_text(
        &self,
        value: &str,
        today: CalendarDate,
        regions: &RegionList,
    ) -> Result<(), FieldError> {
        match &self.rule {
            FieldRule::ShortText { max_length } => {
                Ok(rules::validate_short_text(value, *max_length)?)
            }
            FieldRule::LongText { max_length } => {
                Ok(rules::validate_long_text(value, *max_length)?)
            }
            FieldRule::ResidentId => Ok(rules::validate_resident_id(value, today)?),
            FieldRule::Mobile => Ok(rules::validate_mobile(value)?),
            FieldRule::Plate => Ok(rules::validate_plate(value)?),
            FieldRule::Date {
                min_days_from_today,
                max_days_from_today,
            } => {
                rules::validate_date(value, today, *min_days_from_today, *max_days_from_today)?;
                Ok(())
            }
            FieldRule::Choice { options, .. } => {
                if options.iter().any(|o| o.value == value) {
                    Ok(())
                } else {
                    Err(FieldError::UnknownOption)
                }
            }
            FieldRule::Region => match regions.find_district(value) {
                Some(_) => Ok(()),
                None => Err(FieldError::UnknownRegion),
            },
            FieldRule::VehicleCheck { check } => Ok(rules::validate_vehicle_check(value, *check)?),
            FieldRule::UtilityAccount {
                min_length,
                max_length,
                digits_only,
                check,
            } => Ok(rules::validate_utility_account(
                value,
                &rules::AccountRule {
                    min_length: *min_length,
                    max_length: *max_length,
                    digits_only: *digits_only,
                    check: *check,
                },
            )?),
            FieldRule::MultipleChoice { .. } | FieldRule::Consent | FieldRule::Integer { .. } => {
                Err(FieldError::WrongType)
            }
        }
    }
}

/// Field key → what is wrong with its answer.
pub type FieldErrors = BTreeMap<String, FieldError>;

/// Checks a whole submission: every shown field of every page, in order, with
/// [`Field::check`].
///
/// Returns the normalised answers: one per shown field that was answered, nothing for
/// hidden fields (their answers are dropped, whatever they were) or for keys that are not
/// fields of the form. `today` is the date in China Standard Time; `regions` the region
/// data region fields are checked against.
///
/// Errors: every failing field, by key.
pub fn validate_answers(
    schema: &FormSchema,
    answers: &Answers,
    today: CalendarDate,
    regions: &RegionList,
) -> Result<Answers, FieldErrors> {
    validate_pages(schema, answers, today, regions, |_| true)
}

/// Like [`validate_answers`] for the pages `page` says yes to (by index), for the browser's
/// Continue button. Visibility still follows the answers on every earlier page.
///
/// Errors: the failing fields of those pages, by key.
pub fn validate_pages(
    schema: &FormSchema,
    answers: &Answers,
    today: CalendarDate,
    regions: &RegionList,
    page: impl Fn(usize) -> bool,
) -> Result<Answers, FieldErrors> {
    // Visibility is decided on normalised answers, which are collected for all pages.
    let mut normalised = Answers::new();
    let mut out = Answers::new();
    let mut errors = FieldErrors::new();
    for (index, field) in schema.fields() {
        if !field.is_shown(&normalised) {
            continue;
        }
        match field.check(answers.get(&field.key), today, regions) {
            Ok(Some(value)) => {
                if page(index) {
                    out.insert(field.key.clone(), value.clone());
                }
                normalised.insert(field.key.clone(), value);
            }
            Ok(None) => {}
            Err(e) => {
                if page(index) {
                    errors.insert(field.key.clone(), e);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
