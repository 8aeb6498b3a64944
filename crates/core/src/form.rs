//! Service forms: the schema a catalog file declares (`Service::form`), and the checking of
//! a resident's answers against it with the rules of [`crate::rules`].
//!
//! A form is ordered pages of typed fields (GOV.UK "one thing per page" where a page would
//! otherwise be long). In a catalog file:
//!
//! ```json
//! "form": {
//!   "pages": [
//!     {"key": "partner-a", "title": {"zh": "男方信息", "en": "First partner"},
//!      "fields": [
//!        {"key": "groom_name", "label": {"zh": "姓名", "en": "Full name"},
//!         "rule": {"kind": "short_text", "max_length": 30}},
//!        {"key": "groom_id", "label": {"zh": "居民身份证号码", "en": "Resident ID number"},
//!         "hint": {"zh": "18位，最后一位可能是X", "en": "18 characters; the last may be X"},
//!         "rule": {"kind": "resident_id"}}]}],
//!   "next_steps": {"zh": "请在预约日期携带……", "en": "On the day, bring ..."}
//! }
//! ```
//!
//! Answers travel as a JSON object from field key to value ([`Answers`]): a string for
//! text, IDs, phones, plates, dates (`"2026-03-10"`), a choice's option value and a region's
//! district code; an array of option values for multiple choice; `true`/`false` for
//! consent; a number (or a string of digits as typed) for integers.
//! [`validate_answers`] returns them normalised: exactly one canonical value per answered,
//! visible field, and nothing else.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::catalog::LocalizedText;
use crate::date::CalendarDate;
use crate::region::RegionList;
use crate::rules::{self, FieldError};

/// Answers to a form: field key → JSON value (see the module documentation for the value
/// of each kind). Keys are sorted, so the JSON text of equal answers is equal.
pub type Answers = BTreeMap<String, Value>;

/// A service's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSchema {
    /// The question pages, in order; then comes 核对信息 (check your answers).
    pub pages: Vec<FormPage>,
    /// What happens after submitting, shown on the confirmation page under the 受理编号
    /// (and returned in the submission response), for example
    /// 请在预约日期携带双方身份证、户口簿到所选婚姻登记处办理。
    pub next_steps: LocalizedText,
}

/// One question page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormPage {
    /// Stable id used in URLs: lower-case ASCII letters, digits and dashes
    /// (`partner-a`), unique within the form.
    pub key: String,
    /// The page heading.
    pub title: LocalizedText,
    /// The page's fields, in order; at least one.
    pub fields: Vec<Field>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Stable key of the answer, unique within the form: lower-case ASCII letters, digits
    /// and `_`, starting with a letter (`groom_id`). Never shown.
    pub key: String,
    /// The question, for example 居民身份证号码.
    pub label: LocalizedText,
    /// Help shown under the label, for example 18位，最后一位可能是X.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<LocalizedText>,
    /// Whether an answer is needed (default `true`). An optional field may be left empty;
    /// what is typed into it is still checked.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
    /// The HTML `autocomplete` token for the input, when the browser's autofill helps
    /// (`name`, `tel`); `off` for other people's data (a partner's ID). See
    /// [`AUTOCOMPLETE_TOKENS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<String>,
    /// Show the field only when an earlier field has a given answer. A hidden field is
    /// not asked, not checked, and its answer is dropped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_when: Option<ShowWhen>,
    /// The kind of answer and its rule parameters.
    pub rule: FieldRule,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// `autocomplete` tokens a field may declare (WHATWG HTML, autofill field names).
pub const AUTOCOMPLETE_TOKENS: [&str; 7] = [
    "off",
    "name",
    "tel",
    "tel-national",
    "email",
    "street-address",
    "postal-code",
];

/// "Show this field when field `field` has the answer `equals`." The only condition there
/// is: no expression language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowWhen {
    /// Key of an earlier field of the form: a choice, a multiple choice or a consent.
    pub field: String,
    /// For a choice: one of its option values (shown when that option is chosen). For a
    /// multiple choice: one of its option values (shown when that option is among those
    /// ticked). For a consent: `true` or `false`.
    pub equals: ConditionValue,
}

/// The answer a [`ShowWhen`] waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ConditionValue {
    /// A consent box's state.
    Bool(bool),
    /// An option value.
    Text(String),
}

/// The kind of a field, with its rule parameters. In JSON: `{"kind": "date",
/// "min_days_from_today": 1, "max_days_from_today": 30}`. An unknown `kind` and a property
/// the kind does not have (`{"kind": "mobile", "max_length": 5}`) are both rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldRule {
    /// One line of text (names …): [`rules::normalize_short_text`],
    /// [`rules::validate_short_text`]. `max_length` in characters, 1–200, default 50.
    ShortText {
        /// Most characters allowed (Unicode scalar values, not bytes).
        max_length: u32,
    },
    /// Several lines of text: [`rules::normalize_long_text`], [`rules::validate_long_text`].
    LongText {
        /// Most characters allowed, 1–5000; line breaks count as one.
        max_length: u32,
    },
    /// 居民身份证号码 (GB 11643-1999): [`rules::validate_resident_id`].
    ResidentId,
    /// Mainland mobile number: [`rules::validate_mobile`].
    Mobile,
    /// 号牌号码 (GA 36-2018): [`rules::validate_plate`].
    Plate,
    /// A calendar date, optionally within a window relative to today (China Standard
    /// Time): [`rules::validate_date`].
    Date {
        /// The earliest allowed day as days from today (`1` = tomorrow, `-36500` = a
        /// hundred years ago); none when absent.
        #[serde(skip_serializing_if = "Option::is_none")]
        min_days_from_today: Option<i32>,
        /// The latest allowed day as days from today; none when absent.
        #[serde(skip_serializing_if = "Option::is_none")]
        max_days_from_today: Option<i32>,
    },
    /// Exactly one of the options.
    Choice {
        /// The options, in display order; at least two, values unique.
        options: Vec<ChoiceOption>,
        /// Radio buttons (default; best up to about 7 options) or a select.
        display: ChoiceDisplay,
    },
    /// Any number of the options (check boxes).
    MultipleChoice {
        /// The options, in display order; at least one, values unique.
        options: Vec<ChoiceOption>,
        /// The fewest options to tick when answered (default 1).
        #[serde(skip_serializing_if = "Option::is_none")]
        min_selected: Option<u32>,
        /// The most options to tick (default: all).
        #[serde(skip_serializing_if = "Option::is_none")]
        max_selected: Option<u32>,
    },
    /// One check box; the label is the statement agreed to. A required consent must be
    /// ticked.
    Consent,
    /// A whole number with a unit, for example 2 次 (trips).
    Integer {
        /// The smallest allowed number.
        min: i64,
        /// The largest allowed number.
        max: i64,
        /// The unit shown after the input: `{"zh": "次", "en": "trips"}`.
        unit: LocalizedText,
    },
    /// A county-level division from the region data (province → city → district), answered
    /// with its 6-digit code ([`crate::region`]).
    Region,
}

fn default_short_max() -> u32 {
    50
}

/// The JSON shape of [`FieldRule`] for reading: the same, with the parameterless kinds as
/// empty struct variants, because serde ignores unknown properties of unit variants in an
/// internally tagged enum and these must be rejected too.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum FieldRuleRepr {
    ShortText {
        #[serde(default = "default_short_max")]
        max_length: u32,
    },
    LongText {
        max_length: u32,
    },
    ResidentId {},
    Mobile {},
    Plate {},
    Date {
        #[serde(default)]
        min_days_from_today: Option<i32>,
        #[serde(default)]
        max_days_from_today: Option<i32>,
    },
    Choice {
        options: Vec<ChoiceOption>,
        #[serde(default)]
        display: ChoiceDisplay,
    },
    MultipleChoice {
        options: Vec<ChoiceOption>,
        #[serde(default)]
        min_selected: Option<u32>,
        #[serde(default)]
        max_selected: Option<u32>,
    },
    Consent {},
    Integer {
        min: i64,
        max: i64,
        unit: LocalizedText,
    },
    Region {},
}

impl<'de> Deserialize<'de> for FieldRule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match FieldRuleRepr::deserialize(deserializer)? {
            FieldRuleRepr::ShortText { max_length } => FieldRule::ShortText { max_length },
            FieldRuleRepr::LongText { max_length } => FieldRule::LongText { max_length },
            FieldRuleRepr::ResidentId {} => FieldRule::ResidentId,
            FieldRuleRepr::Mobile {} => FieldRule::Mobile,
            FieldRuleRepr::Plate {} => FieldRule::Plate,
            FieldRuleRepr::Date {
                min_days_from_today,
                max_days_from_today,
            } => FieldRule::Date {
                min_days_from_today,
                max_days_from_today,
            },
            FieldRuleRepr::Choice { options, display } => FieldRule::Choice { options, display },
            FieldRuleRepr::MultipleChoice {
                options,
                min_selected,
                max_selected,
            } => FieldRule::MultipleChoice {
                options,
                min_selected,
                max_selected,
            },
            FieldRuleRepr::Consent {} => FieldRule::Consent,
            FieldRuleRepr::Integer { min, max, unit } => FieldRule::Integer { min, max, unit },
            FieldRuleRepr::Region {} => FieldRule::Region,
        })
    }
}

/// One option of a choice or multiple choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// The value sent as the answer: lower-case ASCII letters, digits and `_`
    /// (`pudong`), unique within the field.
    pub value: String,
    /// What residents see, for example 浦东新区民政局婚姻登记处.
    pub label: LocalizedText,
    /// Extra help under the option (an address, what it covers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<LocalizedText>,
}

/// How a choice is shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceDisplay {
    /// Radio buttons, all options visible.
    #[default]
    Radio,
    /// A native select (for long lists, such as 16 district offices).
    Select,
}

impl FieldRule {
    /// The snake_case name of the kind, as in the JSON `kind` (`resident_id`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            FieldRule::ShortText { .. } => "short_text",
            FieldRule::LongText { .. } => "long_text",
            FieldRule::ResidentId => "resident_id",
            FieldRule::Mobile => "mobile",
            FieldRule::Plate => "plate",
            FieldRule::Date { .. } => "date",
            FieldRule::Choice { .. } => "choice",
            FieldRule::MultipleChoice { .. } => "multiple_choice",
            FieldRule::Consent => "consent",
            FieldRule::Integer { .. } => "integer",
            FieldRule::Region => "region",
        }
    }

    /// Normalises what was typed into a text input of this kind (for the browser on blur
    /// and submit): the `normalize_*` function of [`crate::rules`] for the kind. Kinds
    /// without a typed input (choices, consent, region) only get white space trimmed.
    pub fn normalize_input(&self, raw: &str) -> String {
        match self {
            FieldRule::ShortText { .. } => rules::normalize_short_text(raw),
            FieldRule::LongText { .. } => rules::normalize_long_text(raw),
            FieldRule::ResidentId => rules::normalize_resident_id(raw),
            FieldRule::Mobile => rules::normalize_mobile(raw),
            FieldRule::Plate => rules::normalize_plate(raw),
            FieldRule::Date { .. } => rules::normalize_date(raw),
            FieldRule::Integer { unit, .. } => rules::normalize_integer(raw, Some(unit)),
            FieldRule::Choice { .. }
            | FieldRule::MultipleChoice { .. }
            | FieldRule::Consent
            | FieldRule::Region => raw.trim().to_string(),
        }
    }
}

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
                            return Err(FieldError::TooLarge { max: *max })
                        }
                        None => return Err(FieldError::NotInteger),
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
                    return Err(FieldError::TooSmall { min: *min });
                }
                if n > *max {
                    return Err(FieldError::TooLarge { max: *max });
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
            FieldRule::ShortText { max_length } => rules::validate_short_text(value, *max_length),
            FieldRule::LongText { max_length } => rules::validate_long_text(value, *max_length),
            FieldRule::ResidentId => rules::validate_resident_id(value, today),
            FieldRule::Mobile => rules::validate_mobile(value),
            FieldRule::Plate => rules::validate_plate(value),
            FieldRule::Date {
                min_days_from_today,
                max_days_from_today,
            } => rules::validate_date(value, today, *min_days_from_today, *max_days_from_today)
                .map(|_| ()),
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
            FieldRule::MultipleChoice { .. } | FieldRule::Consent | FieldRule::Integer { .. } => {
                Err(FieldError::WrongType)
            }
        }
    }

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
    /// ([`rules::mask_mobile`], `138****8000`), plates ([`rules::mask_plate`]) and all free
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
            FieldRule::ShortText { .. } | FieldRule::LongText { .. } => rules::mask_text(s),
            _ => return value.clone(),
        };
        Value::String(masked)
    }
}

impl FormSchema {
    /// Every field with the index of its page, in form order.
    pub fn fields(&self) -> impl Iterator<Item = (usize, &Field)> {
        self.pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.fields.iter().map(move |f| (i, f)))
    }

    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields().map(|(_, f)| f).find(|f| f.key == key)
    }

    /// [`Field::mask_answer`] for each answer; keys that are not fields of the form are
    /// left out.
    pub fn mask_answers(&self, answers: &Answers) -> Answers {
        answers
            .iter()
            .filter_map(|(k, v)| self.field(k).map(|f| (k.clone(), f.mask_answer(v))))
            .collect()
    }
}

/// Field key → what is wrong with its answer.
pub type FieldErrors = BTreeMap<String, FieldError>;

/// The message for the error `error` of the field `key` of `schema`, naming the question
/// where the message would otherwise be generic ([`FieldError::message_for`]); the plain
/// [`FieldError::message`] for a key the schema does not have.
pub fn error_message(schema: &FormSchema, key: &str, error: &FieldError) -> LocalizedText {
    match schema.field(key) {
        Some(field) => error.message_for(&field.label),
        None => error.message(),
    }
}

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

// ---------------------------------------------------------------------------------------
// Checking a schema (the catalog loader)
// ---------------------------------------------------------------------------------------

/// A slug of ASCII lower-case letters and digits, with `sep` between (not first or last).
fn is_slug(s: &str, sep: u8) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == sep)
        && !s.starts_with(sep as char)
        && !s.ends_with(sep as char)
}

fn text_ok(t: &LocalizedText) -> bool {
    !t.zh.trim().is_empty() && !t.en.trim().is_empty()
}

/// Checks a form schema beyond its JSON shape. Returns the JSON path of the first problem,
/// relative to the form (`pages[0].fields[2].show_when.field`), and what is wrong.
///
/// Rejected: no pages; a page without fields; a bad or repeated page key; a bad or
/// repeated field key (keys are unique across the whole form); empty labels, titles, hints
/// or `next_steps`; an unknown `autocomplete` token; text limits out of range; a date
/// window whose start is after its end; a choice with fewer than two options, a multiple
/// choice with none, a bad or repeated option value, an empty option label; selection
/// limits that cannot be met; an integer range whose minimum is above its maximum or an
/// empty unit; a `show_when` on itself, on a missing field, on a later field, on a field
/// that is not a choice, multiple choice or consent, or with a value that field can never
/// have. (Unknown kinds and unknown properties are rejected when parsing.)
pub fn check_form(form: &FormSchema) -> Result<(), (String, String)> {
    let fail = |path: String, msg: String| Err((path, msg));
    if form.pages.is_empty() {
        return fail("pages".into(), "list at least one page".into());
    }
    if !text_ok(&form.next_steps) {
        return fail(
            "next_steps".into(),
            "must have non-empty zh and en: say what happens after submitting".into(),
        );
    }
    let mut page_keys = HashSet::new();
    // Fields seen so far: key → (path, rule).
    let mut earlier: HashMap<&str, &FieldRule> = HashMap::new();
    let mut all_keys: HashSet<&str> = HashSet::new();
    for (p, page) in form.pages.iter().enumerate() {
        let at = format!("pages[{p}]");
        if !is_slug(&page.key, b'-') {
            return fail(
                format!("{at}.key"),
                format!("\"{}\" is not a valid page key: use lower-case letters, digits and dashes, like \"partner-a\"", page.key),
            );
        }
        if !page_keys.insert(page.key.as_str()) {
            return fail(
                format!("{at}.key"),
                format!("\"{}\" is used by two pages", page.key),
            );
        }
        if !text_ok(&page.title) {
            return fail(
                format!("{at}.title"),
                "must have non-empty zh and en".into(),
            );
        }
        if page.fields.is_empty() {
            return fail(format!("{at}.fields"), "list at least one field".into());
        }
        for field in &page.fields {
            all_keys.insert(field.key.as_str());
        }
    }
    for (p, page) in form.pages.iter().enumerate() {
        for (f, field) in page.fields.iter().enumerate() {
            let at = format!("pages[{p}].fields[{f}]");
            let key = field.key.as_str();
            if !is_slug(key, b'_') || !key.starts_with(|c: char| c.is_ascii_lowercase()) {
                return fail(format!("{at}.key"), format!("\"{key}\" is not a valid field key: use lower-case letters, digits and _, starting with a letter, like \"groom_id\""));
            }
            if earlier.contains_key(key) {
                return fail(
                    format!("{at}.key"),
                    format!("\"{key}\" is used by two fields; keys must be unique within a form"),
                );
            }
            if !text_ok(&field.label) {
                return fail(
                    format!("{at}.label"),
                    "must have non-empty zh and en".into(),
                );
            }
            if field.hint.as_ref().is_some_and(|h| !text_ok(h)) {
                return fail(
                    format!("{at}.hint"),
                    "must have non-empty zh and en (or be left out)".into(),
                );
            }
            if let Some(token) = &field.autocomplete {
                if !AUTOCOMPLETE_TOKENS.contains(&token.as_str()) {
                    return fail(
                        format!("{at}.autocomplete"),
                        format!(
                            "\"{token}\" is not one of {}",
                            AUTOCOMPLETE_TOKENS.join(", ")
                        ),
                    );
                }
            }
            check_rule(&field.rule).map_err(|(path, msg)| (format!("{at}.rule.{path}"), msg))?;
            if let Some(cond) = &field.show_when {
                let path = format!("{at}.show_when.field");
                let Some(rule) = earlier.get(cond.field.as_str()) else {
                    let why = if cond.field == key {
                        "is this field itself; a condition must look at an earlier field"
                            .to_string()
                    } else if all_keys.contains(cond.field.as_str()) {
                        format!("\"{}\" comes after this field; a condition may only look at an earlier field", cond.field)
                    } else {
                        format!("there is no field \"{}\" in this form", cond.field)
                    };
                    return fail(path, why);
                };
                let value_ok = match (rule, &cond.equals) {
                    (FieldRule::Choice { options, .. }, ConditionValue::Text(v))
                    | (FieldRule::MultipleChoice { options, .. }, ConditionValue::Text(v)) => {
                        options.iter().any(|o| &o.value == v)
                    }
                    (FieldRule::Consent, ConditionValue::Bool(_)) => true,
                    (
                        FieldRule::Choice { .. }
                        | FieldRule::MultipleChoice { .. }
                        | FieldRule::Consent,
                        _,
                    ) => false,
                    _ => {
                        return fail(path, format!("\"{}\" is a {} field; a condition can only look at a choice, multiple_choice or consent field", cond.field, rule.kind_name()));
                    }
                };
                if !value_ok {
                    return fail(format!("{at}.show_when.equals"), format!("field \"{}\" can never have this answer: use one of its option values (or true/false for a consent)", cond.field));
                }
            }
            earlier.insert(key, &field.rule);
        }
    }
    Ok(())
}

/// Checks a rule's parameters; the path is relative to the rule.
fn check_rule(rule: &FieldRule) -> Result<(), (String, String)> {
    let fail = |path: &str, msg: String| Err((path.to_string(), msg));
    match rule {
        FieldRule::ShortText { max_length } if !(1..=200).contains(max_length) => fail(
            "max_length",
            format!("{max_length} is out of range: use 1 to 200 (long_text for more)"),
        ),
        FieldRule::LongText { max_length } if !(1..=5000).contains(max_length) => fail(
            "max_length",
            format!("{max_length} is out of range: use 1 to 5000"),
        ),
        FieldRule::Date {
            min_days_from_today: Some(min),
            max_days_from_today: Some(max),
        } if min > max => fail(
            "min_days_from_today",
            format!("{min} is after max_days_from_today {max}: no day could be chosen"),
        ),
        FieldRule::Choice { options, .. } => check_options(options, 2),
        FieldRule::MultipleChoice {
            options,
            min_selected,
            max_selected,
        } => {
            check_options(options, 1)?;
            let n = options.len();
            let min = min_selected.unwrap_or(1);
            if min == 0 || min as usize > n {
                return fail("min_selected", format!("{min} cannot be met: use 1 to {n} (leave the field optional to allow none)"));
            }
            if let Some(max) = *max_selected {
                if max < min || max as usize > n {
                    return fail(
                        "max_selected",
                        format!("{max} is out of range: use {min} to {n}"),
                    );
                }
            }
            Ok(())
        }
        FieldRule::Integer { min, max, unit } => {
            if min > max {
                return fail("min", format!("{min} is above max {max}"));
            }
            if !text_ok(unit) {
                return fail("unit", "must have non-empty zh and en".into());
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn check_options(options: &[ChoiceOption], at_least: usize) -> Result<(), (String, String)> {
    if options.len() < at_least {
        return Err((
            "options".into(),
            format!("list at least {at_least} option(s)"),
        ));
    }
    let mut values = HashSet::new();
    for (i, o) in options.iter().enumerate() {
        if !is_slug(&o.value, b'_') {
            return Err((
                format!("options[{i}].value"),
                format!(
                    "\"{}\" is not a valid option value: use lower-case letters, digits and _",
                    o.value
                ),
            ));
        }
        if !values.insert(o.value.as_str()) {
            return Err((
                format!("options[{i}].value"),
                format!("\"{}\" is used by two options", o.value),
            ));
        }
        if !text_ok(&o.label) {
            return Err((
                format!("options[{i}].label"),
                "must have non-empty zh and en".into(),
            ));
        }
        if o.hint.as_ref().is_some_and(|h| !text_ok(h)) {
            return Err((
                format!("options[{i}].hint"),
                "must have non-empty zh and en (or be left out)".into(),
            ));
        }
    }
    Ok(())
}
