//! 实名 (real-name identity): the name, 居民身份证号码 and mobile a resident gives once per
//! session, their checks, the same questions as a form, and the masked summary the
//! session shows.
//!
//! `PUT /api/v1/session/identity` takes an [`IdentityRequest`]; both the browser and the
//! server run [`validate_identity`] on it. The server stores the [`IdentitySummary`] for
//! display and a keyed hash of [`Identity::resident_id`] for matching, never the full ID.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::date::CalendarDate;
use crate::form::{Answers, Field, FieldErrors, FieldRule, FormPage, FormSchema};
use crate::localized::LocalizedText;
use crate::rules::{self, FieldError};

/// Field key of the name in [`IdentityRequest`], [`identity_form`] and error bodies.
pub const NAME_KEY: &str = "name";
/// Field key of the 居民身份证号码.
pub const RESIDENT_ID_KEY: &str = "resident_id";
/// Field key of the mobile number.
pub const PHONE_KEY: &str = "phone";

/// The most characters of a name (after normalising).
pub const MAX_NAME_LEN: u32 = 50;

/// Chinese compound surnames (复姓) kept whole when a name is masked (`欧阳娜娜` →
/// `欧阳**`). The common ones of the 百家姓; a name not starting with one keeps its first
/// character only.
pub const COMPOUND_SURNAMES: [&str; 20] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木", "西门", "南宫", "独孤", "澹台",
];

/// The body of `PUT /api/v1/session/identity`, as typed:
/// `{"name": "张三", "resident_id": "110101199003071030", "phone": "13800138000"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityRequest {
    /// 姓名, as on the ID card.
    pub name: String,
    /// 居民身份证号码 (GB 11643-1999); spaces, dashes, full-width digits and a lower-case
    /// `x` are accepted.
    pub resident_id: String,
    /// Mainland mobile number; `+86`, spaces and dashes are accepted.
    pub phone: String,
}

impl IdentityRequest {
    /// The request from the answers of [`identity_form`] (missing or non-string answers
    /// read as empty).
    pub fn from_answers(answers: &Answers) -> IdentityRequest {
        let text = |k: &str| match answers.get(k) {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        IdentityRequest {
            name: text(NAME_KEY),
            resident_id: text(RESIDENT_ID_KEY),
            phone: text(PHONE_KEY),
        }
    }
}

/// An identity that passed [`validate_identity`], normalised (`张三`,
/// `44030519851120108X`, `13800138000`). Personal data: never logged, never in a URL;
/// show [`Identity::summary`] instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The name: 1–50 characters, letters of some script with `·`, spaces, `-` or `'`
    /// between them ([`validate_name`]), white space runs as one space.
    pub name: String,
    /// The resident ID number: 18 characters, capital `X`.
    pub resident_id: String,
    /// The mobile number: 11 digits.
    pub phone: String,
}

/// The identity as the session shows it: `{"name_masked": "张*", "resident_id_masked":
/// "3101**********1234", "phone_masked": "138****5678"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentitySummary {
    /// The surname stays ([`mask_name`]): `张*`, `欧阳**`.
    pub name_masked: String,
    /// First 4 and last 4 characters ([`rules::mask_resident_id`]).
    pub resident_id_masked: String,
    /// First 3 and last 4 digits ([`rules::mask_mobile`]).
    pub phone_masked: String,
}

impl Identity {
    /// The masked summary for display.
    pub fn summary(&self) -> IdentitySummary {
        IdentitySummary {
            name_masked: mask_name(&self.name),
            resident_id_masked: rules::mask_resident_id(&self.resident_id),
            phone_masked: rules::mask_mobile(&self.phone),
        }
    }
}

/// Masks a name, keeping the surname: its first character (`张三` → `张*`, `Li Lei` →
/// `L* ***`), or both characters of a [`COMPOUND_SURNAMES`] surname when the name is longer
/// than it (`欧阳娜娜` → `欧阳**`; `欧阳` alone → `欧*`). Every other character but white
/// space becomes `*`.
pub fn mask_name(name: &str) -> String {
    let keep = match COMPOUND_SURNAMES.iter().find(|s| name.starts_with(*s)) {
        Some(_) if name.chars().count() > 2 => 2,
        _ => 1,
    };
    name.chars()
        .enumerate()
        .map(|(i, c)| {
            if i < keep || c.is_whitespace() {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// The characters a name may have between its letters: the middle dot of names like
/// 阿依古丽·买买提 (after [`normalize_name`], always U+00B7), a space, a hyphen and an
/// apostrophe (Jean-Luc, O'Brien), and the Tibetan tsheg between syllables (བཀྲ་ཤིས).
pub const NAME_SEPARATORS: [char; 5] = ['·', ' ', '-', '\'', '\u{0F0B}'];

/// Look-alikes of the middle dot that input methods type (`•`, `‧`, `・`, `∙`, `⋅`, `･`
/// via NFKC) and the typographic apostrophe: [`normalize_name`] writes them as
/// [`NAME_SEPARATORS`] do.
const NAME_LOOKALIKES: [(char, char); 6] = [
    ('\u{2022}', '·'),
    ('\u{2027}', '·'),
    ('\u{30FB}', '·'),
    ('\u{2219}', '·'),
    ('\u{22C5}', '·'),
    ('\u{2019}', '\''),
];

/// Normalises a name as typed: one-line text ([`rules::normalize_short_text`]: NFKC, white
/// space runs as one space, trimmed), the middle dot's look-alikes as `·` and `’` as `'`.
pub fn normalize_name(input: &str) -> String {
    rules::normalize_short_text(input)
        .chars()
        .map(|c| {
            NAME_LOOKALIKES
                .iter()
                .find(|(from, _)| *from == c)
                .map_or(c, |(_, to)| *to)
        })
        .collect()
}

/// Whether `c` is a letter of some script: alphabetic in Unicode (汉字 are, as are Latin,
/// Cyrillic, Arabic, Tibetan … letters and most vowel signs), or a combining accent
/// (U+0300–U+036F and the other combining diacritical blocks) left over when NFKC had no
/// precomposed letter for it.
fn is_name_letter(c: char) -> bool {
    c.is_alphabetic()
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Checks a normalised name ([`normalize_name`]): 1–[`MAX_NAME_LEN`] characters, letters
/// of some script with at most one [`NAME_SEPARATORS`] character between two of them
/// (`张三`, `阿依古丽·买买提`, `Zoë Brontë`, `Nguyễn Thị Minh Khai`, `Jean-Luc`).
///
/// Errors: [`FieldError::Required`] when empty, [`rules::TextError::TooLong`],
/// [`rules::TextError::NameCharacters`] (an emoji, digit, symbol or control character,
/// or a separator at an end or twice in a row).
pub fn validate_name(name: &str) -> Result<(), FieldError> {
    if name.is_empty() {
        return Err(FieldError::Required);
    }
    rules::validate_short_text(name, MAX_NAME_LEN).map_err(|e| match e {
        rules::TextError::InvalidCharacters => rules::TextError::NameCharacters,
        other => other,
    })?;
    let mut previous_was_separator = true; // no separator first
    for c in name.chars() {
        if is_name_letter(c) {
            previous_was_separator = false;
        } else if NAME_SEPARATORS.contains(&c) && !previous_was_separator {
            previous_was_separator = true;
        } else {
            return Err(rules::TextError::NameCharacters.into());
        }
    }
    if previous_was_separator {
        // Ends with a separator.
        return Err(rules::TextError::NameCharacters.into());
    }
    Ok(())
}

/// Checks an identity and returns it normalised. `today` is the date in China Standard
/// Time (a date of birth after it is refused).
///
/// Errors, by field key: `name` ([`validate_name`]: [`FieldError::Required`], or a
/// [`rules::TextError`]: more than [`MAX_NAME_LEN`] characters, or `name_characters`
/// for anything but letters of some script and `·`, space, `-`, `'` between them: no
/// emoji, digits or symbols), `resident_id`
/// ([`FieldError::Required`] or a [`rules::ResidentIdError`], GB 11643-1999), `phone`
/// ([`FieldError::Required`] or a [`rules::MobileError`]).
pub fn validate_identity(
    request: &IdentityRequest,
    today: CalendarDate,
) -> Result<Identity, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = normalize_name(&request.name);
    let id = rules::normalize_resident_id(&request.resident_id);
    let phone = rules::normalize_mobile(&request.phone);
    let mut put = |key: &str, result: Result<(), FieldError>| {
        if let Err(e) = result {
            errors.insert(key.to_string(), e);
        }
    };
    let required = |v: &str| {
        if v.is_empty() {
            Err(FieldError::Required)
        } else {
            Ok(())
        }
    };
    put(NAME_KEY, validate_name(&name));
    put(
        RESIDENT_ID_KEY,
        required(&id).and_then(|_| Ok(rules::validate_resident_id(&id, today)?)),
    );
    put(
        PHONE_KEY,
        required(&phone).and_then(|_| Ok(rules::validate_mobile(&phone)?)),
    );
    if errors.is_empty() {
        Ok(Identity {
            name,
            resident_id: id,
            phone,
        })
    } else {
        Err(errors)
    }
}

/// The page of the identity form (page key `identity`): `name` (short text, 50,
/// autocomplete `name`), `resident_id` (resident ID, autocomplete `off`), `phone` (mobile,
/// autocomplete `tel`). The fields' own checks are the ones [`validate_identity`] runs.
pub fn identity_page() -> FormPage {
    FormPage {
        key: "identity".into(),
        title: LocalizedText::new("实名信息", "Your identity"),
        fields: vec![
            Field {
                key: NAME_KEY.into(),
                label: LocalizedText::new("姓名", "Full name"),
                hint: Some(LocalizedText::new(
                    "与身份证上的一致",
                    "As on your resident ID card",
                )),
                required: true,
                autocomplete: Some("name".into()),
                show_when: None,
                rule: FieldRule::ShortText {
                    max_length: MAX_NAME_LEN,
                },
            },
            Field {
                key: RESIDENT_ID_KEY.into(),
                label: LocalizedText::new("居民身份证号码", "Resident ID number"),
                hint: Some(LocalizedText::new(
                    "18位，最后一位可能是X",
                    "18 characters; the last may be X",
                )),
                required: true,
                autocomplete: Some("off".into()),
                show_when: None,
                rule: FieldRule::ResidentId,
            },
            Field {
                key: PHONE_KEY.into(),
                label: LocalizedText::new("手机号码", "Mobile number"),
                hint: None,
                required: true,
                autocomplete: Some("tel".into()),
                show_when: None,
                rule: FieldRule::Mobile,
            },
        ],
    }
}

/// The identity form: [`identity_page`] and what happens next.
pub fn identity_form() -> FormSchema {
    FormSchema {
        pages: vec![identity_page()],
        next_steps: LocalizedText::new(
            "实名信息只用于本次登录期间办理缴费等业务，页面上只显示打码后的信息；退出后即被清除。",
            "Your identity is used only while you are signed in, to pay and apply; pages show it masked, and signing out forgets it.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{check_form, validate_answers};

    fn today() -> CalendarDate {
        CalendarDate::parse("2026-03-10").unwrap()
    }

    fn req(name: &str, id: &str, phone: &str) -> IdentityRequest {
        IdentityRequest {
            name: name.into(),
            resident_id: id.into(),
            phone: phone.into(),
        }
    }

    #[test]
    fn a_good_identity_is_normalised_and_masked() {
        let ok = validate_identity(
            &req(
                " 张　三 ",
                "４４０３ 0519-8511 2010 8x",
                "+86 138 0013 8000",
            ),
            today(),
        )
        .expect("valid");
        assert_eq!(ok.name, "张 三");
        assert_eq!(ok.resident_id, "44030519851120108X");
        assert_eq!(ok.phone, "13800138000");
        let s = ok.summary();
        assert_eq!(s.name_masked, "张 *");
        assert_eq!(s.resident_id_masked, "4403**********108X");
        assert_eq!(s.phone_masked, "138****8000");
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["name_masked"], "张 *");
    }

    #[test]
    fn names_keep_their_surname() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张"), "张");
        assert_eq!(mask_name("欧阳娜娜"), "欧阳**");
        assert_eq!(mask_name("欧阳"), "欧*");
        assert_eq!(mask_name("诸葛亮"), "诸葛*");
        assert_eq!(mask_name("阿依古丽·买买提"), "阿*******");
        assert_eq!(mask_name("Li Lei"), "L* ***");
    }

    #[test]
    fn each_field_says_what_is_wrong() {
        let codes = |r: IdentityRequest| -> Vec<(String, &'static str)> {
            validate_identity(&r, today())
                .err()
                .map(|e| e.into_iter().map(|(k, v)| (k, v.code())).collect())
                .unwrap_or_default()
        };
        let s = |k: &str, c: &'static str| (k.to_string(), c);
        assert_eq!(
            codes(req(" ", "", "")),
            vec![
                s("name", "required"),
                s("phone", "required"),
                s("resident_id", "required")
            ]
        );
        assert_eq!(
            codes(req(&"张".repeat(51), "110101199003071031", "1380013800")),
            vec![
                s("name", "too_long"),
                s("phone", "mobile_length"),
                s("resident_id", "id_check_digit")
            ]
        );
        assert_eq!(
            codes(req(&"张".repeat(50), "110101199003071030", "13800138000")),
            vec![]
        );
    }

    #[test]
    fn names_are_letters_of_some_script() {
        let name = |n: &str| {
            validate_identity(&req(n, "110101199003071030", "13800138000"), today())
                .map(|i| i.name)
                .map_err(|e| e[NAME_KEY].code())
        };
        for ok in [
            "张三",
            "欧阳娜娜",
            "阿依古丽·买买提",
            "Zoë Brontë",
            "José María Aznar",
            "Nguyễn Thị Minh Khai",
            "Jean-Luc Picard",
            "Seán O'Brien",
            "Мария Иванова",
            "محمد",
            "བཀྲ་ཤིས",
            "김민준",
            "山田花子",
            "张",
            "e\u{0301}mile", // a combining accent, composed by NFKC
            "x\u{0358}y",    // one NFKC leaves as it is
        ] {
            assert!(name(ok).is_ok(), "{ok}: {:?}", name(ok));
        }
        assert_eq!(name(&"张".repeat(50)).map(|n| n.chars().count()), Ok(50));
        // Middle-dot look-alikes and the typographic apostrophe are written as on the card.
        assert_eq!(name("阿依古丽•买买提"), Ok("阿依古丽·买买提".to_string()));
        assert_eq!(name("阿依古丽・买买提"), Ok("阿依古丽·买买提".to_string()));
        assert_eq!(name("阿依古丽･买买提"), Ok("阿依古丽·买买提".to_string()));
        assert_eq!(name("O’Brien"), Ok("O'Brien".to_string()));
        assert_eq!(name("  张   三 "), Ok("张 三".to_string()));
        for bad in [
            "😀😀",
            "张三😀",
            "张三1",
            "１２３",
            "张三!",
            "@张三",
            "·张三",
            "张三·",
            "阿依古丽··买买提",
            "Jean--Luc",
            "张\u{200D}三",
            "张\u{0007}三",
            "♥",
            "-",
        ] {
            assert_eq!(name(bad), Err("name_characters"), "{bad:?}");
        }
        assert_eq!(name(""), Err("required"));
        assert_eq!(name(&"张".repeat(51)), Err("too_long"));
        assert_eq!(
            validate_name("😀😀").unwrap_err().message().zh,
            rules::TextError::NameCharacters.message().zh
        );
    }

    #[test]
    fn the_form_checks_the_same() {
        let form = identity_form();
        check_form(&form).expect("a valid form");
        let mut answers = Answers::new();
        answers.insert("name".into(), " 张三 ".into());
        answers.insert("resident_id".into(), "44030519851120108x".into());
        answers.insert("phone".into(), "138 0013 8000".into());
        let regions = crate::region::RegionList {
            source: String::new(),
            provinces: vec![],
        };
        let normalised = validate_answers(&form, &answers, today(), &regions).expect("valid");
        let via_form = validate_identity(&IdentityRequest::from_answers(&normalised), today());
        let direct = validate_identity(&IdentityRequest::from_answers(&answers), today());
        assert_eq!(via_form, direct);
        assert!(direct.is_ok());
    }
}
