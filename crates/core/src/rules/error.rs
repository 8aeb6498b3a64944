//! [`FieldError`]: why an answer was rejected, with its stable code and its messages.
//!
//! The errors of one kind of value (a resident ID, a mobile, a plate, a date, text, a
//! number) are that kind's own type, defined beside its rule; `FieldError` holds them, and
//! the mistakes that belong to no kind (an unanswered question, an unknown option, a
//! wrong JSON type). Codes and messages are the same whichever way an error is reached.

use crate::localized::LocalizedText;

use super::account::AccountError;
use super::date::DateAnswerError;
use super::integer::IntegerError;
use super::mobile::MobileError;
use super::plate::PlateError;
use super::plate_type::PlateTypeError;
use super::resident_id::ResidentIdError;
use super::text::TextError;
use super::vehicle_check::VehicleCheckError;

/// Why an answer was rejected. One variant (or one variant of a kind's error) per distinct
/// mistake, so that the message can say exactly what to fix.
///
/// [`FieldError::code`] gives the stable snake_case code sent in API error bodies
/// (`ErrorDetail::fields`), [`FieldError::message`] the text for residents (Chinese and
/// English). A kind's error converts into it with `?` / `From`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// `required`: a required question was left empty.
    Required,
    /// `not_chosen`: a required choice was not made.
    NotChosen,
    /// `consent_required`: a required consent box was not ticked.
    ConsentRequired,
    /// `wrong_type`: the answer has the wrong JSON type for its field (a number where text
    /// is expected, a string where a list of options is expected). Only a broken client
    /// sends this.
    WrongType,
    /// `unknown_option`: a value that is not one of the field's options.
    UnknownOption,
    /// `too_few_choices`: fewer options ticked than the field needs.
    TooFewChoices {
        /// The minimum number of options.
        min: u32,
    },
    /// `too_many_choices`: more options ticked than the field allows.
    TooManyChoices {
        /// The maximum number of options.
        max: u32,
    },
    /// `unknown_region`: not the code of a county-level division in the region data.
    UnknownRegion,
    /// What is wrong with one-line or multi-line text: `too_long`, `invalid_characters`.
    Text(TextError),
    /// What is wrong with a 居民身份证号码 (GB 11643-1999): `id_length`, `id_characters`,
    /// `id_province`, `id_residence_permit`, `id_birth_date`, `id_birth_future`,
    /// `id_check_digit`.
    ResidentId(ResidentIdError),
    /// What is wrong with a mainland mobile number: `mobile_characters`, `mobile_length`,
    /// `mobile_prefix`.
    Mobile(MobileError),
    /// What is wrong with a 号牌号码 (GA 36-2018): `plate_province`, `plate_authority`,
    /// `plate_length`, `plate_serial`, `plate_new_energy`, `plate_suffix`.
    Plate(PlateError),
    /// What is wrong with a calendar date: `date_format`, `date_no_such_day`,
    /// `date_too_early`, `date_too_late`.
    Date(DateAnswerError),
    /// What is wrong with a whole number: `not_integer`, `too_small`, `too_large`.
    Integer(IntegerError),
    /// Why a valid 号牌号码 does not fit the chosen 号牌种类 (GA 24.7-2020):
    /// `plate_type_new_energy`, `plate_type_ordinary`, `plate_type_size`,
    /// `plate_type_trailer`, `plate_type_coach`, `plate_type_suffix`,
    /// `plate_type_not_offered`.
    PlateType(PlateTypeError),
    /// What is wrong with the last six characters of an engine number or VIN:
    /// `vehicle_check_characters`, `vehicle_check_length`, `vehicle_check_vin_letter`.
    VehicleCheck(VehicleCheckError),
    /// What is wrong with a 户号 (utility account number) in its provider's format:
    /// `account_characters`, `account_length`, `account_check_digit`.
    Account(AccountError),
}

impl From<TextError> for FieldError {
    fn from(e: TextError) -> Self {
        FieldError::Text(e)
    }
}

impl From<ResidentIdError> for FieldError {
    fn from(e: ResidentIdError) -> Self {
        FieldError::ResidentId(e)
    }
}

impl From<MobileError> for FieldError {
    fn from(e: MobileError) -> Self {
        FieldError::Mobile(e)
    }
}

impl From<PlateError> for FieldError {
    fn from(e: PlateError) -> Self {
        FieldError::Plate(e)
    }
}

impl From<DateAnswerError> for FieldError {
    fn from(e: DateAnswerError) -> Self {
        FieldError::Date(e)
    }
}

impl From<IntegerError> for FieldError {
    fn from(e: IntegerError) -> Self {
        FieldError::Integer(e)
    }
}

impl From<PlateTypeError> for FieldError {
    fn from(e: PlateTypeError) -> Self {
        FieldError::PlateType(e)
    }
}

impl From<VehicleCheckError> for FieldError {
    fn from(e: VehicleCheckError) -> Self {
        FieldError::VehicleCheck(e)
    }
}

impl From<AccountError> for FieldError {
    fn from(e: AccountError) -> Self {
        FieldError::Account(e)
    }
}

impl FieldError {
    /// The stable snake_case code, as listed on each variant (`id_check_digit`). Clients
    /// match on it; it never changes for a given mistake.
    pub fn code(&self) -> &'static str {
        match self {
            FieldError::Required => "required",
            FieldError::NotChosen => "not_chosen",
            FieldError::ConsentRequired => "consent_required",
            FieldError::WrongType => "wrong_type",
            FieldError::UnknownOption => "unknown_option",
            FieldError::TooFewChoices { .. } => "too_few_choices",
            FieldError::TooManyChoices { .. } => "too_many_choices",
            FieldError::UnknownRegion => "unknown_region",
            FieldError::Text(e) => e.code(),
            FieldError::ResidentId(e) => e.code(),
            FieldError::Mobile(e) => e.code(),
            FieldError::Plate(e) => e.code(),
            FieldError::Date(e) => e.code(),
            FieldError::Integer(e) => e.code(),
            FieldError::PlateType(e) => e.code(),
            FieldError::VehicleCheck(e) => e.code(),
            FieldError::Account(e) => e.code(),
        }
    }

    /// Whether [`FieldError::message_for`] names the question (an unanswered question,
    /// an unmade choice, an unticked consent): such a message stands on its own in an
    /// error summary, the others read after the question's label.
    pub fn names_field(&self) -> bool {
        matches!(
            self,
            FieldError::Required | FieldError::NotChosen | FieldError::ConsentRequired
        )
    }

    /// [`FieldError::message`] naming the question `label` where the message would
    /// otherwise be generic, GOV.UK style: 请填写“姓名”。 / Enter an answer for “Full
    /// name”. rather than 请填写这一项。 A consent's label is the whole statement, so its
    /// message stays as it is.
    pub fn message_for(&self, label: &LocalizedText) -> LocalizedText {
        let en_label = if label.en.trim().is_empty() {
            &label.zh
        } else {
            &label.en
        };
        match self {
            FieldError::Required => LocalizedText::new(
                format!("请填写“{}”。", label.zh),
                format!("Enter an answer for “{en_label}”."),
            ),
            FieldError::NotChosen => LocalizedText::new(
                format!("请选择“{}”。", label.zh),
                format!("Select an answer for “{en_label}”."),
            ),
            _ => self.message(),
        }
    }

    /// What is wrong and how to fix it, in Chinese (`zh`, shown by default) and English.
    /// Without the field's label: the page shows the message beside the field (and in the
    /// error summary after the label).
    pub fn message(&self) -> LocalizedText {
        match self {
            FieldError::Required => {
                LocalizedText::new("请填写这一项。", "Enter an answer to this question.")
            }
            FieldError::NotChosen => LocalizedText::new("请选择一项。", "Select an option."),
            FieldError::ConsentRequired => LocalizedText::new(
                "请阅读声明，勾选同意后再继续。",
                "Read the statement and tick the box to continue.",
            ),
            FieldError::WrongType => LocalizedText::new(
                "这一项的答案格式不对，请重新填写。",
                "This answer is in the wrong format. Answer the question again.",
            ),
            FieldError::UnknownOption => LocalizedText::new(
                "所选的不是可选项，请重新选择。",
                "That is not one of the options. Select again.",
            ),
            FieldError::TooFewChoices { min } => LocalizedText::new(
                format!("请至少选择{min}项。"),
                format!("Select at least {min}."),
            ),
            FieldError::TooManyChoices { max } => LocalizedText::new(
                format!("最多选择{max}项，请取消多选的项。"),
                format!("Select at most {max}; untick the extra ones."),
            ),
            FieldError::UnknownRegion => LocalizedText::new(
                "请从列表中依次选择省、市和区县。",
                "Choose a province, a city and a district from the lists.",
            ),
            FieldError::Text(e) => e.message(),
            FieldError::ResidentId(e) => e.message(),
            FieldError::Mobile(e) => e.message(),
            FieldError::Plate(e) => e.message(),
            FieldError::Date(e) => e.message(),
            FieldError::Integer(e) => e.message(),
            FieldError::PlateType(e) => e.message(),
            FieldError::VehicleCheck(e) => e.message(),
            FieldError::Account(e) => e.message(),
        }
    }
}

impl std::fmt::Display for FieldError {
    /// The code and the English message, for logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message().en)
    }
}

impl std::error::Error for FieldError {}

#[cfg(test)]
mod tests {
    use super::super::vehicle_check::VehicleCheckKind;
    use super::*;
    use crate::date::CalendarDate;

    #[test]
    fn every_error_has_a_code_and_both_messages() {
        let today = CalendarDate::MIN;
        let all = [
            FieldError::Required,
            FieldError::NotChosen,
            FieldError::ConsentRequired,
            FieldError::WrongType,
            TextError::TooLong { max: 1, found: 2 }.into(),
            TextError::InvalidCharacters.into(),
            ResidentIdError::Length { found: 17 }.into(),
            ResidentIdError::Characters.into(),
            ResidentIdError::Province.into(),
            ResidentIdError::ResidencePermit.into(),
            ResidentIdError::BirthDate.into(),
            ResidentIdError::BirthFuture.into(),
            ResidentIdError::CheckDigit.into(),
            MobileError::Characters.into(),
            MobileError::Length { found: 10 }.into(),
            MobileError::Prefix.into(),
            PlateError::Province.into(),
            PlateError::Authority.into(),
            PlateError::Length { found: 6 }.into(),
            PlateError::Serial.into(),
            PlateError::NewEnergy.into(),
            PlateError::Suffix.into(),
            DateAnswerError::Format.into(),
            DateAnswerError::NoSuchDay.into(),
            DateAnswerError::TooEarly { earliest: today }.into(),
            DateAnswerError::TooLate { latest: today }.into(),
            FieldError::UnknownOption,
            FieldError::TooFewChoices { min: 1 },
            FieldError::TooManyChoices { max: 2 },
            IntegerError::NotInteger.into(),
            IntegerError::TooSmall { min: 1 }.into(),
            IntegerError::TooLarge { max: 2 }.into(),
            FieldError::UnknownRegion,
            PlateTypeError::NotNewEnergyPlate.into(),
            PlateTypeError::NewEnergyPlate.into(),
            PlateTypeError::NewEnergySize.into(),
            PlateTypeError::TrailerSuffix.into(),
            PlateTypeError::CoachSuffix.into(),
            PlateTypeError::SuffixNeedsType { suffix: '挂' }.into(),
            PlateTypeError::NotOffered.into(),
            VehicleCheckError::Characters {
                kind: VehicleCheckKind::Engine,
            }
            .into(),
            VehicleCheckError::Length {
                kind: VehicleCheckKind::Vin,
                found: 5,
            }
            .into(),
            VehicleCheckError::VinLetter.into(),
            AccountError::Characters { digits_only: true }.into(),
            AccountError::Length {
                min: 10,
                max: 10,
                found: 9,
            }
            .into(),
            AccountError::CheckDigit.into(),
        ];
        let mut codes = std::collections::HashSet::new();
        for e in &all {
            let code = e.code();
            assert!(
                code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{code}"
            );
            assert!(codes.insert(code), "{code} used twice");
            let m = e.message();
            assert!(m.zh.ends_with('。') && m.en.ends_with('.'), "{code}: {m:?}");
            let label = LocalizedText::new("姓名", "Full name");
            let named = e.message_for(&label);
            assert!(
                named.zh.ends_with('。') && named.en.ends_with('.'),
                "{code}"
            );
            if matches!(e, FieldError::Required | FieldError::NotChosen) {
                assert!(named.zh.contains("“姓名”") && named.en.contains("“Full name”"));
                assert!(e.names_field());
            } else {
                assert_eq!(named, m, "{code}: only generic messages name the field");
            }
            assert_eq!(e.to_string(), format!("{code}: {}", m.en));
        }
        assert_eq!(codes.len(), 46);
        assert_eq!(
            FieldError::Required
                .message_for(&LocalizedText::new("姓名", ""))
                .en,
            "Enter an answer for “姓名”.",
            "an English label left empty falls back to the Chinese one"
        );
    }

    #[test]
    fn a_kind_error_keeps_its_code_and_message_inside() {
        let e = MobileError::Prefix;
        let f = FieldError::from(e);
        assert_eq!(f, FieldError::Mobile(MobileError::Prefix));
        assert_eq!(f.code(), e.code());
        assert_eq!(f.message(), e.message());
    }
}
