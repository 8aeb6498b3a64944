//! Utility bills (水费 / 电费 / 燃气费): the utilities, each city's providers with their own
//! 户号 formats (from the catalog: `online.providers`), the bill lookup request, its checks
//! and its form.
//!
//! A 户号 has no national format: each provider's is stated in the catalog
//! ([`AccountFormat`]) and checked with [`crate::rules::validate_utility_account`].
//!
//! The bill lookup form ([`bill_form`]) has a `provider_id` choice when the city lists
//! several providers, and one 户号 field per provider shown only when that provider is
//! chosen (`show_when`). Field keys are unique within a form, so those fields are keyed
//! `account_no__<provider id with _ for ->`; with a single provider the one field is
//! `account_no`. [`BillLookupRequest::from_answers`] reads the answers back into the body
//! the server takes, `{"provider_id", "account_no"}`: the server only ever reads
//! `account_no`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::form::{
    Answers, ChoiceDisplay, ChoiceOption, ConditionValue, Field, FieldErrors, FieldRule, FormPage,
    FormSchema, ShowWhen,
};
use crate::localized::LocalizedText;
use crate::rules::{self, FieldError};

pub use crate::rules::{AccountCheck, AccountError, AccountRule};

/// Field key of the provider choice in [`BillLookupRequest`], [`bill_form`] and error bodies.
pub const PROVIDER_KEY: &str = "provider_id";
/// Field key of the 户号 in [`BillLookupRequest`] and error bodies (and of the one 户号 field
/// of a single-provider [`bill_form`]).
pub const ACCOUNT_KEY: &str = "account_no";

/// The longest provider id: `account_no__` and the id make a field key of at most 40.
pub const MAX_PROVIDER_ID_LEN: usize = 28;

/// A kind of utility bill. On the wire: `water`, `electricity`, `gas`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Utility {
    /// 水费: water.
    Water,
    /// 电费: electricity.
    Electricity,
    /// 燃气费: piped gas.
    Gas,
}

impl Utility {
    /// Every utility.
    pub const ALL: [Utility; 3] = [Utility::Water, Utility::Electricity, Utility::Gas];

    /// `water`, `electricity` or `gas`, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Utility::Water => "water",
            Utility::Electricity => "electricity",
            Utility::Gas => "gas",
        }
    }

    /// 水费 / Water bill, 电费 / Electricity bill, 燃气费 / Gas bill.
    pub fn label(self) -> LocalizedText {
        match self {
            Utility::Water => LocalizedText::new("水费", "Water bill"),
            Utility::Electricity => LocalizedText::new("电费", "Electricity bill"),
            Utility::Gas => LocalizedText::new("燃气费", "Gas bill"),
        }
    }

    /// The 户号 field's label: 水费户号 / Water account number …
    pub fn account_label(self) -> LocalizedText {
        match self {
            Utility::Water => LocalizedText::new("水费户号", "Water account number"),
            Utility::Electricity => LocalizedText::new("用电户号", "Electricity account number"),
            Utility::Gas => LocalizedText::new("燃气户号", "Gas account number"),
        }
    }
}

/// A provider's 户号 format, as the catalog states it (`online.providers[].account`):
/// `{"min_length": 10, "max_length": 10, "digits_only": true, "check": "none", "hint":
/// {"zh": "10位数字，见电费账单", "en": "…"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountFormat {
    /// Fewest characters, 1–32.
    pub min_length: u32,
    /// Most characters, `min_length`–32.
    pub max_length: u32,
    /// Digits only, or digits and A–Z.
    pub digits_only: bool,
    /// The provider's check-digit rule (`none` or `luhn`).
    #[serde(default)]
    pub check: AccountCheck,
    /// Where residents find the 户号 and what it looks like, shown under the field.
    pub hint: LocalizedText,
}

impl AccountFormat {
    /// The format as the `utility_account` rule's parameters.
    pub fn rule(&self) -> AccountRule {
        AccountRule {
            min_length: self.min_length,
            max_length: self.max_length,
            digits_only: self.digits_only,
            check: self.check,
        }
    }

    /// The `utility_account` field rule of this format.
    pub fn field_rule(&self) -> FieldRule {
        FieldRule::UtilityAccount {
            min_length: self.min_length,
            max_length: self.max_length,
            digits_only: self.digits_only,
            check: self.check,
        }
    }
}

/// A water, power or gas company of a city (`online.providers[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UtilityProvider {
    /// Stable id: lower-case ASCII letters, digits and dashes, at most
    /// [`MAX_PROVIDER_ID_LEN`] (`shanghai-pudong-water`); unique within the service.
    pub id: String,
    /// The company's name, for example 广州市自来水有限公司.
    pub name: LocalizedText,
    /// Its 户号 format.
    pub account: AccountFormat,
}

/// Whether `id` is a valid provider id (see [`UtilityProvider::id`]).
pub fn is_provider_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_PROVIDER_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// The body of `POST /api/v1/cities/{code}/services/{id}/bill-lookups`:
/// `{"provider_id": "guangzhou-water", "account_no": "1234567890"}`, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillLookupRequest {
    /// The provider's id (`online.providers[].id`). May be left empty when the service has
    /// one provider.
    #[serde(default)]
    pub provider_id: String,
    /// 户号 as typed (spaces, dashes and full-width digits are accepted).
    pub account_no: String,
}

/// The key of `provider`'s 户号 field in [`bill_form`] of `providers`: `account_no` when
/// there is one provider, else `account_no__<id, - as _>`.
pub fn account_field_key(provider: &UtilityProvider, providers: &[UtilityProvider]) -> String {
    if providers.len() <= 1 {
        ACCOUNT_KEY.to_string()
    } else {
        format!("{ACCOUNT_KEY}__{}", provider.id.replace('-', "_"))
    }
}

impl BillLookupRequest {
    /// The request from the answers of [`bill_form`] of `providers`: the chosen provider
    /// (the only one when there is one) and the answer of its 户号 field as `account_no`.
    /// Missing answers read as empty, which [`validate_bill_lookup`] then reports.
    pub fn from_answers(answers: &Answers, providers: &[UtilityProvider]) -> BillLookupRequest {
        let text = |k: &str| match answers.get(k) {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        let provider_id = match providers {
            [only] => only.id.clone(),
            _ => text(PROVIDER_KEY).trim().to_string(),
        };
        let account_no = providers
            .iter()
            .find(|p| p.id == provider_id)
            .map(|p| text(&account_field_key(p, providers)))
            .unwrap_or_default();
        BillLookupRequest {
            provider_id,
            account_no,
        }
    }
}

/// Checks a bill lookup against the service's providers and returns the provider and the
/// normalised 户号 (`1234567890`).
///
/// Errors, by field key: `provider_id` ([`FieldError::NotChosen`] when empty and there are
/// several providers, [`FieldError::UnknownOption`] for an id not among them),
/// `account_no` ([`FieldError::Required`] or the provider's [`AccountError`]).
pub fn validate_bill_lookup<'p>(
    request: &BillLookupRequest,
    providers: &'p [UtilityProvider],
) -> Result<(&'p UtilityProvider, String), FieldErrors> {
    let mut errors = FieldErrors::new();
    let id = request.provider_id.trim();
    let provider = match (id, providers) {
        ("", [only]) => Some(only),
        ("", _) => {
            errors.insert(PROVIDER_KEY.into(), FieldError::NotChosen);
            None
        }
        (id, _) => {
            let p = providers.iter().find(|p| p.id == id);
            if p.is_none() {
                errors.insert(PROVIDER_KEY.into(), FieldError::UnknownOption);
            }
            p
        }
    };
    let account = rules::normalize_utility_account(&request.account_no);
    if account.is_empty() {
        errors.insert(ACCOUNT_KEY.into(), FieldError::Required);
    } else if let Some(p) = provider {
        if let Err(e) = rules::validate_utility_account(&account, &p.account.rule()) {
            errors.insert(ACCOUNT_KEY.into(), e.into());
        }
    }
    match provider {
        Some(p) if errors.is_empty() => Ok((p, account)),
        _ => Err(errors),
    }
}

/// The bill lookup as a one-page [`FormSchema`] (page key `account`): a `provider_id`
/// choice when there are several providers (radio buttons up to 7, else a select), then one
/// `utility_account` field per provider (its format as parameters, its hint as the field's
/// hint), shown when that provider is chosen; with one provider, just its `account_no`
/// field. Read the answers with [`BillLookupRequest::from_answers`]. `providers` should not
/// be empty (the catalog check makes sure); an empty list gives a form with no fields.
pub fn bill_form(utility: Utility, providers: &[UtilityProvider]) -> FormSchema {
    let mut fields = Vec::new();
    if providers.len() > 1 {
        fields.push(Field {
            key: PROVIDER_KEY.into(),
            label: match utility {
                Utility::Water => LocalizedText::new("供水单位", "Water supplier"),
                Utility::Electricity => LocalizedText::new("供电单位", "Electricity supplier"),
                Utility::Gas => LocalizedText::new("燃气公司", "Gas supplier"),
            },
            hint: Some(LocalizedText::new(
                "见账单抬头；不同区域由不同单位供应",
                "As printed at the top of your bill; different areas have different suppliers",
            )),
            required: true,
            autocomplete: None,
            show_when: None,
            rule: FieldRule::Choice {
                options: providers
                    .iter()
                    .map(|p| ChoiceOption {
                        value: p.id.clone(),
                        label: p.name.clone(),
                        hint: None,
                    })
                    .collect(),
                display: if providers.len() > 7 {
                    ChoiceDisplay::Select
                } else {
                    ChoiceDisplay::Radio
                },
            },
        });
    }
    for p in providers {
        fields.push(Field {
            key: account_field_key(p, providers),
            label: utility.account_label(),
            hint: Some(p.account.hint.clone()),
            required: true,
            autocomplete: Some("off".into()),
            show_when: (providers.len() > 1).then(|| ShowWhen {
                field: PROVIDER_KEY.into(),
                equals: ConditionValue::Text(p.id.clone()),
            }),
            rule: p.account.field_rule(),
        });
    }
    FormSchema {
        pages: vec![FormPage {
            key: "account".into(),
            title: LocalizedText::new(
                format!("查询{}", utility.label().zh),
                format!("Look up your {}", utility.label().en.to_lowercase()),
            ),
            fields,
        }],
        next_steps: LocalizedText::new(
            "查询结果列出这个户号未缴的账单，可以缴纳一期或全部。",
            "The results list this account's unpaid bills; you can pay one or all of them.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{check_form, validate_answers};

    fn provider(id: &str, min: u32, max: u32, check: AccountCheck) -> UtilityProvider {
        UtilityProvider {
            id: id.into(),
            name: LocalizedText::new(format!("{id}公司"), format!("{id} company")),
            account: AccountFormat {
                min_length: min,
                max_length: max,
                digits_only: true,
                check,
                hint: LocalizedText::new("见账单", "On your bill"),
            },
        }
    }

    fn two() -> Vec<UtilityProvider> {
        vec![
            provider("city-water", 8, 10, AccountCheck::None),
            provider("pudong-water", 11, 11, AccountCheck::Luhn),
        ]
    }

    #[test]
    fn lookups_check_the_chosen_providers_format() {
        let ps = two();
        let r = |p: &str, a: &str| BillLookupRequest {
            provider_id: p.into(),
            account_no: a.into(),
        };
        let (p, a) = validate_bill_lookup(&r("pudong-water", "7992 7398 713"), &ps).unwrap();
        assert_eq!((p.id.as_str(), a.as_str()), ("pudong-water", "79927398713"));
        let codes = |req: BillLookupRequest| -> Vec<(String, &'static str)> {
            validate_bill_lookup(&req, &ps)
                .err()
                .map(|e| e.into_iter().map(|(k, v)| (k, v.code())).collect())
                .unwrap_or_default()
        };
        let s = |k: &str, c: &'static str| (k.to_string(), c);
        assert_eq!(
            codes(r("pudong-water", "79927398710")),
            vec![s("account_no", "account_check_digit")]
        );
        assert_eq!(
            codes(r("city-water", "1234567")),
            vec![s("account_no", "account_length")]
        );
        assert_eq!(codes(r("city-water", "１２３４５６７８")), vec![]);
        assert_eq!(
            codes(r("", "12345678")),
            vec![s("provider_id", "not_chosen")]
        );
        assert_eq!(
            codes(r("nowhere", "")),
            vec![
                s("account_no", "required"),
                s("provider_id", "unknown_option")
            ]
        );
        let one = vec![provider("grid", 10, 10, AccountCheck::None)];
        let (p, _) = validate_bill_lookup(&r("", "1234567890"), &one).unwrap();
        assert_eq!(p.id, "grid");
    }

    #[test]
    fn the_form_shows_the_chosen_providers_field_and_reads_back() {
        let ps = two();
        let form = bill_form(Utility::Water, &ps);
        check_form(&form).expect("a valid form");
        let keys: Vec<&str> = form.fields().map(|(_, f)| f.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "provider_id",
                "account_no__city_water",
                "account_no__pudong_water"
            ]
        );
        let mut answers = Answers::new();
        answers.insert("provider_id".into(), "pudong-water".into());
        answers.insert("account_no__city_water".into(), "junk".into());
        answers.insert("account_no__pudong_water".into(), "79927398713".into());
        let regions = crate::region::RegionList {
            source: String::new(),
            provinces: vec![],
        };
        let today = crate::date::CalendarDate::MIN;
        let normalised = validate_answers(&form, &answers, today, &regions).expect("valid");
        assert!(
            !normalised.contains_key("account_no__city_water"),
            "hidden is dropped"
        );
        let req = BillLookupRequest::from_answers(&normalised, &ps);
        assert_eq!(
            req,
            BillLookupRequest {
                provider_id: "pudong-water".into(),
                account_no: "79927398713".into()
            }
        );
        answers.insert("account_no__pudong_water".into(), "79927398710".into());
        let errors = validate_answers(&form, &answers, today, &regions).unwrap_err();
        assert_eq!(
            errors.get("account_no__pudong_water").map(FieldError::code),
            Some("account_check_digit")
        );

        let one = vec![provider("grid", 10, 10, AccountCheck::None)];
        let form = bill_form(Utility::Electricity, &one);
        check_form(&form).expect("a valid form");
        let keys: Vec<&str> = form.fields().map(|(_, f)| f.key.as_str()).collect();
        assert_eq!(keys, ["account_no"]);
        let mut answers = Answers::new();
        answers.insert("account_no".into(), "1234567890".into());
        assert_eq!(
            BillLookupRequest::from_answers(&answers, &one),
            BillLookupRequest {
                provider_id: "grid".into(),
                account_no: "1234567890".into()
            }
        );
    }

    #[test]
    fn provider_ids() {
        assert!(is_provider_id("shanghai-water"));
        assert!(!is_provider_id("Shanghai"));
        assert!(!is_provider_id("a_b"));
        assert!(!is_provider_id("-a"));
        assert!(!is_provider_id("a--b"));
        assert!(!is_provider_id(&"a".repeat(29)));
        assert_eq!(
            serde_json::to_string(&Utility::Electricity).unwrap(),
            "\"electricity\""
        );
    }
}
