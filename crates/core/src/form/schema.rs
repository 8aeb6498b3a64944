//! The form schema a catalog file declares (`Service::form`): pages of typed fields, the
//! kinds of field with their rule parameters, and the JSON shape of both. Reading only:
//! checking answers is `validate`, showing and masking them `display`, checking a schema
//! `check`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::localized::LocalizedText;
use crate::rules;

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
    /// The last six characters of the engine number or of the VIN (`{"kind":
    /// "vehicle_check", "check": "engine"}`): [`rules::normalize_vehicle_check`],
    /// [`rules::validate_vehicle_check`].
    VehicleCheck {
        /// Which number: `engine` (发动机号) or `vin` (车辆识别代号).
        check: rules::VehicleCheckKind,
    },
    /// A 户号 (utility account number) in one provider's format (`{"kind":
    /// "utility_account", "min_length": 10, "max_length": 10, "digits_only": true,
    /// "check": "none"}`): [`rules::normalize_utility_account`],
    /// [`rules::validate_utility_account`]. The parameters are the provider's
    /// [`crate::utility::AccountFormat`] (its `hint` becomes the field's hint).
    UtilityAccount {
        /// Fewest characters, 1–32.
        min_length: u32,
        /// Most characters, `min_length`–32.
        max_length: u32,
        /// Digits only, or digits and A–Z.
        digits_only: bool,
        /// The check-digit rule: `none` (default) or `luhn`.
        check: rules::AccountCheck,
    },
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
    VehicleCheck {
        check: rules::VehicleCheckKind,
    },
    UtilityAccount {
        min_length: u32,
        max_length: u32,
        digits_only: bool,
        #[serde(default)]
        check: rules::AccountCheck,
    },
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
            FieldRuleRepr::VehicleCheck { check } => FieldRule::VehicleCheck { check },
            FieldRuleRepr::UtilityAccount {
                min_length,
                max_length,
                digits_only,
                check,
            } => FieldRule::UtilityAccount {
                min_length,
                max_length,
                digits_only,
                check,
            },
        })
    }
}

/// One option of a choice or multiple choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// The value sent as the answer: lower-case ASCII letters, digits, `_` and `-`
    /// (`pudong`, `02`, `shanghai-water`; not starting or ending with `_` or `-`), unique
    /// within the field.
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
            FieldRule::VehicleCheck { .. } => "vehicle_check",
            FieldRule::UtilityAccount { .. } => "utility_account",
        }
    }

    /// The 户号 format of a `utility_account` field, `None` for the other kinds.
    pub fn account_rule(&self) -> Option<rules::AccountRule> {
        match *self {
            FieldRule::UtilityAccount {
                min_length,
                max_length,
                digits_only,
                check,
            } => Some(rules::AccountRule {
                min_length,
                max_length,
                digits_only,
                check,
            }),
            _ => None,
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
            FieldRule::VehicleCheck { .. } => rules::normalize_vehicle_check(raw),
            FieldRule::UtilityAccount { .. } => rules::normalize_utility_account(raw),
            FieldRule::Choice { .. }
            | FieldRule::MultipleChoice { .. }
            | FieldRule::Consent
            | FieldRule::Region => raw.trim().to_string(),
        }
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
}
