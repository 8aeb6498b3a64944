//! Normalisation and validation of what residents type, one pair of functions per kind of
//! value. The browser (wasm32) and the server (native) run exactly this code.
//!
//! Every rule works in two steps:
//!
//! 1. `normalize_*`: turn an unambiguous variant into the one canonical form. Always NFKC
//!    first ([`crate::text::nfkc`]: full-width `１２３ＡＢ` from Chinese IMEs becomes
//!    `123AB`, the ideographic space a plain space), then trim, then per kind: drop spaces,
//!    dashes, middle dots and zero-width characters where they never carry meaning (IDs,
//!    phones, plates), upper-case letters (`x` → `X` in IDs, plate letters), strip the
//!    country code `+86` / `0086` from mobiles. Never fails; the browser applies it on blur
//!    and on submit, never while an IME is composing.
//! 2. `validate_*`: check a normalised value and say precisely what is wrong with a
//!    [`FieldError`], whose [`FieldError::code`] is stable (it travels in API error
//!    bodies) and whose [`FieldError::message`] tells the resident how to fix it.
//!
//! Sources: GB 11643-1999 (公民身份号码: structure, ISO 7064 MOD 11-2 check digit),
//! GB/T 2260 (行政区划代码: province-level codes), GA 36-2018 (机动车号牌: plate
//! numbers), the numbering plan of the Ministry of Industry and Information Technology
//! (mainland mobile numbers are 11 digits starting 13–19), ISO 8601 (calendar dates).

use crate::catalog::LocalizedText;
use crate::date::{CalendarDate, DateError};
use crate::text::nfkc;

/// Why a value was rejected. One variant per distinct mistake, so that the message can say
/// exactly what to fix.
///
/// [`FieldError::code`] gives the stable snake_case code sent in API error bodies
/// (`ErrorDetail::fields`), [`FieldError::message`] the text for residents (Chinese and
/// English).
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
    /// `too_long`: text longer than the field allows. Both counts are in characters
    /// (Unicode scalar values), not bytes: 张三 is 2.
    TooLong {
        /// The limit, characters.
        max: u32,
        /// The length of the normalised answer, characters.
        found: usize,
    },
    /// `invalid_characters`: text holds control characters (in one-line text also line
    /// breaks are normalised away, so this means invisible control codes).
    InvalidCharacters,
    /// `id_length`: a resident ID number that is not 18 characters long (GB 11643-1999;
    /// the old 15-digit numbers are no longer accepted).
    IdLength {
        /// Characters found after normalisation.
        found: usize,
    },
    /// `id_characters`: the first 17 characters are not all digits, or the last is neither
    /// a digit nor `X`.
    IdCharacters,
    /// `id_province`: the first two digits are not a province-level GB/T 2260 code of the
    /// mainland (11–65; see [`ID_PROVINCE_CODES`]).
    IdProvince,
    /// `id_residence_permit`: the number starts 81/82/83: it belongs to a residence permit
    /// for Hong Kong, Macao or Taiwan residents (港澳台居民居住证), not to a 居民身份证.
    IdResidencePermit,
    /// `id_birth_date`: characters 7–14 are not a real date (month 13, 19900230) or are
    /// before 1900-01-01.
    IdBirthDate,
    /// `id_birth_future`: the date of birth (characters 7–14) is after today.
    IdBirthFuture,
    /// `id_check_digit`: the 18th character is not the ISO 7064 MOD 11-2 check digit of the
    /// first 17 (GB 11643-1999 §6): most often a typing mistake somewhere in the number.
    IdCheckDigit,
    /// `mobile_characters`: a mobile number with something other than digits in it.
    MobileCharacters,
    /// `mobile_length`: a mobile number that is not 11 digits.
    MobileLength {
        /// Digits found after normalisation.
        found: usize,
    },
    /// `mobile_prefix`: 11 digits that do not start 13–19, so no mainland mobile number.
    MobilePrefix,
    /// `plate_province`: a plate number that does not start with a province abbreviation
    /// (沪, 粤, 京 …; GA 36-2018).
    PlateProvince,
    /// `plate_authority`: the second character is not the issuing authority's letter
    /// (A–Z without I and O).
    PlateAuthority,
    /// `plate_length`: not 7 characters (8 for new-energy vehicles).
    PlateLength {
        /// Characters found after normalisation.
        found: usize,
    },
    /// `plate_serial`: the serial uses characters plates never use (anything but digits
    /// and A–Z without I and O).
    PlateSerial,
    /// `plate_new_energy`: an 8-character plate whose serial breaks the new-energy pattern.
    PlateNewEnergy,
    /// `plate_suffix`: a 港/澳 (cross-border) plate that is not issued as 粤Z.
    PlateSuffix,
    /// `date_format`: not a date the rules can read (`2026-03-10`, `2026/3/10`,
    /// `2026年3月10日` are understood).
    DateFormat,
    /// `date_no_such_day`: a date-shaped answer naming a day that does not exist
    /// (2026-02-30).
    DateNoSuchDay,
    /// `date_too_early`: before the first allowed day.
    DateTooEarly {
        /// The first allowed day.
        earliest: CalendarDate,
    },
    /// `date_too_late`: after the last allowed day.
    DateTooLate {
        /// The last allowed day.
        latest: CalendarDate,
    },
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
    /// `not_integer`: not a whole number.
    NotInteger,
    /// `too_small`: a number below the field's minimum.
    TooSmall {
        /// The smallest allowed number.
        min: i64,
    },
    /// `too_large`: a number above the field's maximum.
    TooLarge {
        /// The largest allowed number.
        max: i64,
    },
    /// `unknown_region`: not the code of a county-level division in the region data.
    UnknownRegion,
}

fn text(zh: impl Into<String>, en: impl Into<String>) -> LocalizedText {
    LocalizedText {
        zh: zh.into(),
        en: en.into(),
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
            FieldError::TooLong { .. } => "too_long",
            FieldError::InvalidCharacters => "invalid_characters",
            FieldError::IdLength { .. } => "id_length",
            FieldError::IdCharacters => "id_characters",
            FieldError::IdProvince => "id_province",
            FieldError::IdResidencePermit => "id_residence_permit",
            FieldError::IdBirthDate => "id_birth_date",
            FieldError::IdBirthFuture => "id_birth_future",
            FieldError::IdCheckDigit => "id_check_digit",
            FieldError::MobileCharacters => "mobile_characters",
            FieldError::MobileLength { .. } => "mobile_length",
            FieldError::MobilePrefix => "mobile_prefix",
            FieldError::PlateProvince => "plate_province",
            FieldError::PlateAuthority => "plate_authority",
            FieldError::PlateLength { .. } => "plate_length",
            FieldError::PlateSerial => "plate_serial",
            FieldError::PlateNewEnergy => "plate_new_energy",
            FieldError::PlateSuffix => "plate_suffix",
            FieldError::DateFormat => "date_format",
            FieldError::DateNoSuchDay => "date_no_such_day",
            FieldError::DateTooEarly { .. } => "date_too_early",
            FieldError::DateTooLate { .. } => "date_too_late",
            FieldError::UnknownOption => "unknown_option",
            FieldError::TooFewChoices { .. } => "too_few_choices",
            FieldError::TooManyChoices { .. } => "too_many_choices",
            FieldError::NotInteger => "not_integer",
            FieldError::TooSmall { .. } => "too_small",
            FieldError::TooLarge { .. } => "too_large",
            FieldError::UnknownRegion => "unknown_region",
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
            FieldError::Required => text(
                format!("请填写“{}”。", label.zh),
                format!("Enter an answer for “{en_label}”."),
            ),
            FieldError::NotChosen => text(
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
            FieldError::Required => text("请填写这一项。", "Enter an answer to this question."),
            FieldError::NotChosen => text("请选择一项。", "Select an option."),
            FieldError::ConsentRequired => text(
                "请阅读声明，勾选同意后再继续。",
                "Read the statement and tick the box to continue.",
            ),
            FieldError::WrongType => text(
                "这一项的答案格式不对，请重新填写。",
                "This answer is in the wrong format. Answer the question again.",
            ),
            FieldError::TooLong { max, found } => text(
                format!("内容太长：最多{max}个字，现在有{found}个字，请删减。"),
                format!("Too long: use at most {max} characters (you have {found})."),
            ),
            FieldError::InvalidCharacters => text(
                "含有无法识别的字符，请删除后重新输入。",
                "This contains characters that cannot be used. Remove them and type it again.",
            ),
            FieldError::IdLength { found } => text(
                format!("长度不对：居民身份证号码是18位，您输入了{found}位。请对照身份证重新输入（不接受15位的旧号码）。"),
                format!("Wrong length: a resident ID number has 18 characters and you entered {found}. Copy it from the ID card (old 15-digit numbers are not accepted)."),
            ),
            FieldError::IdCharacters => text(
                "格式不对：居民身份证号码前17位是数字，最后一位是数字或字母X。",
                "Wrong format: the first 17 characters of a resident ID number are digits and the last is a digit or the letter X.",
            ),
            FieldError::IdProvince => text(
                "前两位不是有效的省份代码，请对照身份证核对前6位。",
                "The first two digits are not a province code. Check the first 6 digits against the ID card.",
            ),
            FieldError::IdResidencePermit => text(
                "这是港澳台居民居住证号码。这里请填写居民身份证号码。",
                "This is the number of a residence permit for Hong Kong, Macao or Taiwan residents. Enter a resident ID number here.",
            ),
            FieldError::IdBirthDate => text(
                "出生日期不对：第7至14位应是出生日期（如19900307），请核对。",
                "Wrong date of birth: characters 7 to 14 are the date of birth (for example 19900307). Check them.",
            ),
            FieldError::IdBirthFuture => text(
                "出生日期不对：第7至14位的出生日期晚于今天，请核对。",
                "Wrong date of birth: characters 7 to 14 give a date after today. Check them.",
            ),
            FieldError::IdCheckDigit => text(
                "校验位不对，请核对最后一位；如果最后一位没错，请逐位核对前17位。",
                "The check digit does not match. Check the last character; if it is right, check the other 17 one by one.",
            ),
            FieldError::MobileCharacters => text(
                "手机号码只能是数字，请重新输入。",
                "A mobile number has digits only. Type it again.",
            ),
            FieldError::MobileLength { found } => text(
                format!("长度不对：手机号码是11位数字，您输入了{found}位。"),
                format!("Wrong length: a mobile number has 11 digits and you entered {found}."),
            ),
            FieldError::MobilePrefix => text(
                "不是有效的手机号码：中国大陆手机号码以13至19开头，请核对。",
                "Not a mobile number: mainland China mobile numbers start with 13 to 19. Check it.",
            ),
            FieldError::PlateProvince => text(
                "第一个字应是省份简称，如沪、粤、京。",
                "Start with the province abbreviation, for example 沪, 粤 or 京.",
            ),
            FieldError::PlateAuthority => text(
                "第二位应是发牌机关代号，即字母A至Z（不用I和O），如沪A。",
                "The second character is the issuing authority's letter, A to Z without I and O, as in 沪A.",
            ),
            FieldError::PlateLength { found } => text(
                format!("长度不对：号牌号码是7位（如沪A12345），新能源汽车是8位（如沪AD12345），您输入了{found}位。"),
                format!("Wrong length: a plate number has 7 characters (沪A12345), 8 for a new-energy vehicle (沪AD12345). You entered {found}."),
            ),
            FieldError::PlateSerial => text(
                "号牌序号只用数字和字母，且不用字母I和O（请检查是否把数字1、0输成了I、O）。",
                "The serial uses digits and letters only, never I or O (check for 1 and 0 typed as I and O).",
            ),
            FieldError::PlateNewEnergy => text(
                "新能源号牌格式不对：小型车是一个字母加5位（如沪AD12345），大型车是5位数字加D或F（如沪A12345D）。",
                "Wrong new-energy plate: a small vehicle has a letter then 5 characters (沪AD12345), a large one 5 digits then D or F (沪A12345D).",
            ),
            FieldError::PlateSuffix => text(
                "港澳车辆号牌以“粤Z”开头，请核对。",
                "Hong Kong and Macao cross-border plates start with 粤Z. Check the plate.",
            ),
            FieldError::DateFormat => text(
                "日期格式不对，请按年-月-日填写，如2026-03-10。",
                "Enter the date as year-month-day, for example 2026-03-10.",
            ),
            FieldError::DateNoSuchDay => text(
                "没有这一天，请核对月份和日期。",
                "There is no such day. Check the month and the day.",
            ),
            FieldError::DateTooEarly { earliest } => text(
                format!("日期太早：请选择{}或之后的日期。", earliest.to_zh()),
                format!("Too early: choose {} or a later date.", earliest.to_en()),
            ),
            FieldError::DateTooLate { latest } => text(
                format!("日期太晚：请选择{}或之前的日期。", latest.to_zh()),
                format!("Too late: choose {} or an earlier date.", latest.to_en()),
            ),
            FieldError::UnknownOption => text(
                "所选的不是可选项，请重新选择。",
                "That is not one of the options. Select again.",
            ),
            FieldError::TooFewChoices { min } => text(
                format!("请至少选择{min}项。"),
                format!("Select at least {min}."),
            ),
            FieldError::TooManyChoices { max } => text(
                format!("最多选择{max}项，请取消多选的项。"),
                format!("Select at most {max}; untick the extra ones."),
            ),
            FieldError::NotInteger => text(
                "请填写整数，如3。",
                "Enter a whole number, for example 3.",
            ),
            FieldError::TooSmall { min } => text(
                format!("不能小于{min}，请重新填写。"),
                format!("Enter {min} or more."),
            ),
            FieldError::TooLarge { max } => text(
                format!("不能大于{max}，请重新填写。"),
                format!("Enter {max} or less."),
            ),
            FieldError::UnknownRegion => text(
                "请从列表中依次选择省、市和区县。",
                "Choose a province, a city and a district from the lists.",
            ),
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

// ---------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------

/// Characters dropped from compact values (IDs, phones, plates, dates): white space, dashes
/// and hyphens of every kind, middle dots, and zero-width characters that come with
/// copy-and-paste. None of them ever carries meaning inside such a value.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}' // hyphen, non-breaking hyphen, figure dash, en and em dash, bar
                | '\u{2212}' // minus sign
                | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' // small and full-width hyphen-minus
                | '·' | '•' | '\u{2027}' | '\u{2219}' | '\u{30FB}' | '\u{FF65}' // middle dots
                | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' // zero-width characters
        )
}

/// NFKC, then every [`is_separator`] character removed.
fn compact(input: &str) -> String {
    nfkc(input).chars().filter(|c| !is_separator(*c)).collect()
}

// ---------------------------------------------------------------------------------------
// 居民身份证号码 (GB 11643-1999)
// ---------------------------------------------------------------------------------------

/// Province-level GB/T 2260 codes that appear as the first two digits of a resident ID
/// number: the 31 provinces, autonomous regions and municipalities of the mainland.
///
/// Not accepted, on purpose:
/// - `71` (台湾省): a GB/T 2260 code, but no 居民身份证 is issued with it.
/// - `81` / `82` / `83`: the address codes `810000` / `820000` / `830000` of residence
///   permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证, since 2018).
///   Those numbers have the same shape and check digit, but the document is not a
///   居民身份证; they get their own error, [`FieldError::IdResidencePermit`].
///
/// Only the province is checked, not the full 6-digit address code: the code is the one
/// in force when the number was issued, and many have since been retired.
pub const ID_PROVINCE_CODES: [&str; 31] = [
    "11", "12", "13", "14", "15", // 北京 天津 河北 山西 内蒙古
    "21", "22", "23", // 辽宁 吉林 黑龙江
    "31", "32", "33", "34", "35", "36",
    "37", // 上海 江苏 浙江 安徽 福建 江西 山东
    "41", "42", "43", "44", "45", "46", // 河南 湖北 湖南 广东 广西 海南
    "50", "51", "52", "53", "54", // 重庆 四川 贵州 云南 西藏
    "61", "62", "63", "64", "65", // 陕西 甘肃 青海 宁夏 新疆
];

/// The earliest date of birth accepted in a resident ID number. Nobody born earlier holds
/// a valid second-generation card; a year like 1850 is a typing mistake.
pub const ID_EARLIEST_BIRTH: CalendarDate = match CalendarDate::new(1900, 1, 1) {
    Some(d) => d,
    None => CalendarDate::MIN,
};

/// ISO 7064 MOD 11-2 weights of the first 17 digits (GB 11643-1999 §6.2): 2^(18-i) mod 11.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character for a weighted sum modulo 11 (GB 11643-1999 §6.2).
const ID_CHECK: [u8; 11] = *b"10X98765432";

/// The GB 11643-1999 check character (`0`–`9` or `X`) of 17 ASCII digits, or `None` when
/// `first17` is not exactly 17 ASCII digits.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(char::from(ID_CHECK[(sum % 11) as usize]))
}

/// Normalises a typed resident ID number: NFKC (full-width digits), separators removed
/// (`4403 0519 8511 2010 8X`, dashes), letters upper-cased (`x` → `X`).
pub fn normalize_resident_id(input: &str) -> String {
    compact(input).to_ascii_uppercase()
}

/// Checks a normalised resident ID number (GB 11643-1999): 18 characters, 17 digits and a
/// digit or `X`, a mainland province code ([`ID_PROVINCE_CODES`]), a real date of birth
/// from [`ID_EARLIEST_BIRTH`] up to `today` (China Standard Time), and the check digit.
///
/// Errors, in the order checked: [`FieldError::IdLength`], [`FieldError::IdCharacters`],
/// [`FieldError::IdResidencePermit`] / [`FieldError::IdProvince`],
/// [`FieldError::IdBirthDate`] / [`FieldError::IdBirthFuture`], [`FieldError::IdCheckDigit`].
pub fn validate_resident_id(id: &str, today: CalendarDate) -> Result<(), FieldError> {
    let found = id.chars().count();
    if found != 18 {
        return Err(FieldError::IdLength { found });
    }
    // 18 characters; if all are ASCII the byte indices below are character indices.
    let b = id.as_bytes();
    let shape_ok = b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X');
    if !shape_ok {
        return Err(FieldError::IdCharacters);
    }
    let province = &id[..2];
    if matches!(province, "81" | "82" | "83") {
        return Err(FieldError::IdResidencePermit);
    }
    if !ID_PROVINCE_CODES.contains(&province) {
        return Err(FieldError::IdProvince);
    }
    let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
    match CalendarDate::parse(&birth) {
        Ok(date) if date < ID_EARLIEST_BIRTH => return Err(FieldError::IdBirthDate),
        Ok(date) if date > today => return Err(FieldError::IdBirthFuture),
        Ok(_) => {}
        Err(_) => return Err(FieldError::IdBirthDate),
    }
    if resident_id_check_char(&id[..17]) != Some(char::from(b[17])) {
        return Err(FieldError::IdCheckDigit);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Mainland mobile numbers
// ---------------------------------------------------------------------------------------

/// Normalises a typed mainland mobile number: NFKC, separators removed (`138 0013 8000`,
/// `138-0013-8000`), and the country code stripped when written `+86`, `0086`, or `86`
/// directly before an 11-digit number starting with 1 (`+86 138 0013 8000` →
/// `13800138000`).
pub fn normalize_mobile(input: &str) -> String {
    let c = compact(input);
    if let Some(rest) = c.strip_prefix("+86").or_else(|| c.strip_prefix("0086")) {
        return rest.to_string();
    }
    match c.strip_prefix("86") {
        Some(rest) if rest.len() == 11 && rest.starts_with('1') => rest.to_string(),
        _ => c,
    }
}

/// Checks a normalised mainland mobile number: 11 ASCII digits starting `13`–`19` (the
/// MIIT numbering plan's mobile and IoT-free ranges: 13x, 14x, 15x, 16x, 17x, 18x, 19x).
///
/// Errors, in the order checked: [`FieldError::MobileCharacters`],
/// [`FieldError::MobileLength`], [`FieldError::MobilePrefix`].
pub fn validate_mobile(mobile: &str) -> Result<(), FieldError> {
    if mobile.is_empty() || !mobile.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::MobileCharacters);
    }
    if mobile.len() != 11 {
        return Err(FieldError::MobileLength {
            found: mobile.len(),
        });
    }
    let b = mobile.as_bytes();
    if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
        return Err(FieldError::MobilePrefix);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// 号牌号码 (GA 36-2018)
// ---------------------------------------------------------------------------------------

/// The one-character abbreviations of the 31 mainland province-level divisions that start
/// every civilian plate number (GA 36-2018 §5.4): 京 津 沪 渝 冀 豫 云 辽 黑 湘 皖 鲁 新 苏
/// 浙 赣 鄂 桂 甘 晋 蒙 陕 吉 闽 贵 粤 青 藏 川 宁 琼.
pub const PLATE_PROVINCES: [char; 31] = [
    '京', '津', '沪', '渝', '冀', '豫', '云', '辽', '黑', '湘', '皖', '鲁', '新', '苏', '浙', '赣',
    '鄂', '桂', '甘', '晋', '蒙', '陕', '吉', '闽', '贵', '粤', '青', '藏', '川', '宁', '琼',
];

/// Last characters of 7-character plates with a 4-character serial (GA 36-2018): 学
/// (driving-school car), 警 (police), 挂 (trailer), 港 and 澳 (Hong Kong and Macao
/// cross-border vehicles, issued as 粤Z only).
pub const PLATE_SUFFIXES: [char; 5] = ['学', '警', '挂', '港', '澳'];

/// A letter plates use: A–Z except I and O (GA 36-2018 never uses them, to avoid
/// confusion with 1 and 0).
fn is_plate_letter(c: char) -> bool {
    c.is_ascii_uppercase() && c != 'I' && c != 'O'
}

fn is_plate_serial_char(c: char) -> bool {
    c.is_ascii_digit() || is_plate_letter(c)
}

/// Normalises a typed plate number: NFKC (`粤Ｂ１２３４５` → `粤B12345`), separators removed
/// (`沪A·12345`, `沪A 12345`), ASCII letters upper-cased (`粤b12345` → `粤B12345`).
pub fn normalize_plate(input: &str) -> String {
    compact(input).to_ascii_uppercase()
}

/// Checks a normalised 号牌号码 of a civilian motor vehicle (GA 36-2018 机动车号牌):
///
/// - a province abbreviation ([`PLATE_PROVINCES`]), then the issuing authority's letter
///   (A–Z without I and O): `沪A`;
/// - then either a 5-character serial of digits and letters without I and O (`沪A12345`,
///   7 characters in all);
/// - or a 4-character serial and a suffix from [`PLATE_SUFFIXES`] (`沪A1234学`, `粤Z1234港`;
///   港 and 澳 only after `粤Z`);
/// - or, for new-energy vehicles, a 6-character serial (8 characters in all): small
///   vehicles a letter, a digit or letter, then 4 digits (`京AD12345`); large vehicles
///   5 digits, then `D` or `F` (`甘G23459F`). GA 36-2018 gives small vehicles the first
///   letter D (battery electric) or F (other new energy); cities whose D/F series ran out
///   have since been issuing A, B, C, E and G, H, J, K in the same position, so those are
///   accepted too.
///
/// Errors, in the order checked: [`FieldError::PlateProvince`],
/// [`FieldError::PlateAuthority`], [`FieldError::PlateLength`], [`FieldError::PlateSerial`],
/// [`FieldError::PlateSuffix`], [`FieldError::PlateNewEnergy`].
pub fn validate_plate(plate: &str) -> Result<(), FieldError> {
    let chars: Vec<char> = plate.chars().collect();
    match chars.first() {
        Some(c) if PLATE_PROVINCES.contains(c) => {}
        _ => return Err(FieldError::PlateProvince),
    }
    match chars.get(1) {
        Some(c) if is_plate_letter(*c) => {}
        _ => return Err(FieldError::PlateAuthority),
    }
    let serial = &chars[2..];
    match serial.len() {
        5 => {
            let (last, head) = match serial.split_last() {
                Some(split) => split,
                None => return Err(FieldError::PlateLength { found: chars.len() }),
            };
            if PLATE_SUFFIXES.contains(last) {
                if !head.iter().all(|c| is_plate_serial_char(*c)) {
                    return Err(FieldError::PlateSerial);
                }
                if matches!(last, '港' | '澳') && (chars[0] != '粤' || chars[1] != 'Z') {
                    return Err(FieldError::PlateSuffix);
                }
                Ok(())
            } else if serial.iter().all(|c| is_plate_serial_char(*c)) {
                Ok(())
            } else {
                Err(FieldError::PlateSerial)
            }
        }
        6 => {
            if !serial.iter().all(|c| is_plate_serial_char(*c)) {
                return Err(FieldError::PlateSerial);
            }
            let small = matches!(serial[0], 'A'..='H' | 'J' | 'K')
                && serial[2..].iter().all(char::is_ascii_digit);
            let large =
                serial[..5].iter().all(char::is_ascii_digit) && matches!(serial[5], 'D' | 'F');
            if small || large {
                Ok(())
            } else {
                Err(FieldError::PlateNewEnergy)
            }
        }
        _ => Err(FieldError::PlateLength { found: chars.len() }),
    }
}

// ---------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------

/// Normalises one-line text (names, short answers): NFKC, every run of white space
/// (line breaks included) becomes one space, trimmed. Spaces inside are kept (foreign
/// names), and so is the middle dot of names like 阿依古丽·买买提.
pub fn normalize_short_text(input: &str) -> String {
    nfkc(input).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks normalised one-line text: at most `max_length` characters, no control
/// characters.
///
/// Errors: [`FieldError::TooLong`], [`FieldError::InvalidCharacters`].
pub fn validate_short_text(text: &str, max_length: u32) -> Result<(), FieldError> {
    check_length(text, max_length)?;
    if text.chars().any(char::is_control) {
        return Err(FieldError::InvalidCharacters);
    }
    Ok(())
}

/// Normalises multi-line text: NFKC, line ends as `\n` (`\r\n` and `\r` converted),
/// trailing white space of each line removed, then leading and trailing white space (blank
/// lines included) removed.
pub fn normalize_long_text(input: &str) -> String {
    let unified = nfkc(input).replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.split('\n').map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

/// Checks normalised multi-line text: at most `max_length` characters (line breaks count
/// as one), no control characters except line breaks and tabs.
///
/// Errors: [`FieldError::TooLong`], [`FieldError::InvalidCharacters`].
pub fn validate_long_text(text: &str, max_length: u32) -> Result<(), FieldError> {
    check_length(text, max_length)?;
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(FieldError::InvalidCharacters);
    }
    Ok(())
}

fn check_length(text: &str, max_length: u32) -> Result<(), FieldError> {
    let found = text.chars().count();
    if found > max_length as usize {
        return Err(FieldError::TooLong {
            max: max_length,
            found,
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Calendar dates
// ---------------------------------------------------------------------------------------

/// Normalises a typed date to `YYYY-MM-DD`. Understood: NFKC, separators `-` `/` `.`
/// (`2026/3/10`, `2026.03.10`), `2026年3月10日`, and 8 digits `20260310`; month and day may
/// have one digit. Anything else is returned compacted (NFKC, no spaces) and fails
/// [`validate_date`] with [`FieldError::DateFormat`]. A well-formed but impossible day
/// (`2026/2/30`) becomes `2026-02-30` and fails with [`FieldError::DateNoSuchDay`].
pub fn normalize_date(input: &str) -> String {
    let c: String = nfkc(input).chars().filter(|c| !c.is_whitespace()).collect();
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let parts: Option<(String, String, String)> = if c.len() == 8 && digits(&c, 8, 8) {
        Some((c[..4].to_string(), c[4..6].to_string(), c[6..].to_string()))
    } else if let Some((y, rest)) = c.split_once('年') {
        let rest = rest
            .strip_suffix('日')
            .or_else(|| rest.strip_suffix('号'))
            .unwrap_or(rest);
        rest.split_once('月')
            .map(|(m, d)| (y.to_string(), m.to_string(), d.to_string()))
    } else {
        let pieces: Vec<&str> = c.split(['-', '/', '.']).collect();
        match pieces.as_slice() {
            [y, m, d] => Some((y.to_string(), m.to_string(), d.to_string())),
            _ => None,
        }
    };
    match parts {
        Some((y, m, d)) if digits(&y, 4, 4) && digits(&m, 1, 2) && digits(&d, 1, 2) => {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        _ => c,
    }
}

/// Checks a normalised date (`YYYY-MM-DD`) and that it lies within
/// `today + min_days ..= today + max_days` (each bound optional; days may be negative, for
/// dates in the past). Returns the date.
///
/// Errors: [`FieldError::DateFormat`], [`FieldError::DateNoSuchDay`],
/// [`FieldError::DateTooEarly`], [`FieldError::DateTooLate`].
pub fn validate_date(
    text: &str,
    today: CalendarDate,
    min_days: Option<i32>,
    max_days: Option<i32>,
) -> Result<CalendarDate, FieldError> {
    let date = CalendarDate::parse(text).map_err(|e| match e {
        DateError::Format => FieldError::DateFormat,
        DateError::NoSuchDay => FieldError::DateNoSuchDay,
    })?;
    if let Some(min) = min_days {
        let earliest = today.add_days(i64::from(min));
        if date < earliest {
            return Err(FieldError::DateTooEarly { earliest });
        }
    }
    if let Some(max) = max_days {
        let latest = today.add_days(i64::from(max));
        if date > latest {
            return Err(FieldError::DateTooLate { latest });
        }
    }
    Ok(date)
}

// ---------------------------------------------------------------------------------------
// Integers
// ---------------------------------------------------------------------------------------

/// Normalises a typed whole number: NFKC (full-width `１２`), white space and thousands
/// separators (`,`) removed, a trailing unit dropped when it is the field's unit
/// (`3次`, `3 trips`, matched case-insensitively), a leading `+` dropped, leading zeros
/// dropped. Anything that is not then an integer is returned as it stands and fails
/// [`validate_integer`].
pub fn normalize_integer(input: &str, unit: Option<&LocalizedText>) -> String {
    let mut c: String = nfkc(input)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    if let Some(unit) = unit {
        for u in [&unit.zh, &unit.en] {
            let u: String = nfkc(u).chars().filter(|c| !c.is_whitespace()).collect();
            if u.is_empty() || c.len() <= u.len() {
                continue;
            }
            let split = c.len() - u.len();
            if c.is_char_boundary(split) && c[split..].eq_ignore_ascii_case(&u) {
                c.truncate(split);
                break;
            }
        }
    }
    match c.strip_prefix('+').unwrap_or(&c).parse::<i64>() {
        Ok(n) => n.to_string(),
        Err(_) => c,
    }
}

/// Checks a normalised whole number (ASCII digits, optional leading `-`) against
/// `min..=max`. Returns the number.
///
/// Errors: [`FieldError::NotInteger`], [`FieldError::TooSmall`], [`FieldError::TooLarge`].
pub fn validate_integer(text: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::NotInteger);
    }
    let n: i64 = text.parse().map_err(|_| {
        if text.starts_with('-') {
            FieldError::TooSmall { min }
        } else {
            FieldError::TooLarge { max }
        }
    })?;
    if n < min {
        return Err(FieldError::TooSmall { min });
    }
    if n > max {
        return Err(FieldError::TooLarge { max });
    }
    Ok(n)
}

// ---------------------------------------------------------------------------------------
// Masking for responses
// ---------------------------------------------------------------------------------------

/// Masks a resident ID number for display to anyone but its owner: the first 4 and last 4
/// characters stay, the rest become `*` (`4403**********108X`). Anything shorter than 9
/// characters is masked whole.
pub fn mask_resident_id(id: &str) -> String {
    mask_middle(id, 4, 4)
}

/// Masks a mobile number: the first 3 and last 4 digits stay (`138****8000`). Anything
/// shorter than 8 characters is masked whole.
pub fn mask_mobile(mobile: &str) -> String {
    mask_middle(mobile, 3, 4)
}

/// Masks a name or other free text: the first character stays, every other character
/// becomes `*` (`张三` → `张*`, `欧阳娜娜` → `欧***`). White space is kept as it is.
pub fn mask_text(text: &str) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| if i == 0 || c.is_whitespace() { c } else { '*' })
        .collect()
}

/// Masks a plate number: province and authority letter and the last character stay
/// (`沪A****5`).
pub fn mask_plate(plate: &str) -> String {
    mask_middle(plate, 2, 1)
}

/// Keeps `head` leading and `tail` trailing characters and replaces the rest with `*`;
/// masks everything when the text is not longer than `head + tail`.
fn mask_middle(text: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    if n <= head + tail {
        return "*".repeat(n);
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> CalendarDate {
        CalendarDate::parse("2026-03-10").unwrap()
    }

    fn id_err(input: &str) -> Option<&'static str> {
        validate_resident_id(&normalize_resident_id(input), today())
            .err()
            .map(|e| e.code())
    }

    #[test]
    fn resident_id_failures_each_have_their_code() {
        assert_eq!(id_err("110101199003071030"), None);
        assert_eq!(id_err("11010119900307103"), Some("id_length"));
        assert_eq!(id_err("11010119900307103A"), Some("id_characters"));
        assert_eq!(id_err("1101011990030710X0"), Some("id_characters"));
        assert_eq!(id_err("990101199003071030"), Some("id_province"));
        assert_eq!(id_err("710101199003071030"), Some("id_province"));
        let permit = "81000019900307103";
        let permit = format!("{permit}{}", resident_id_check_char(permit).unwrap());
        assert_eq!(id_err(&permit), Some("id_residence_permit"));
        assert_eq!(id_err("110101199002301030"), Some("id_birth_date"));
        assert_eq!(id_err("110101189912311030"), Some("id_birth_date"));
        let future = "11010120260311103";
        let future = format!("{future}{}", resident_id_check_char(future).unwrap());
        assert_eq!(id_err(&future), Some("id_birth_future"));
        let born_today = "11010120260310103";
        let born_today = format!(
            "{born_today}{}",
            resident_id_check_char(born_today).unwrap()
        );
        assert_eq!(id_err(&born_today), None);
        assert_eq!(id_err("110101199003071031"), Some("id_check_digit"));
        assert_eq!(id_err("４４０３０５１９８５１１２０１０８ｘ"), None);
        assert_eq!(id_err("440305-19851120-108x"), None);
        assert_eq!(id_err("440305\u{200B}19851120108X"), None);
    }

    #[test]
    fn mobiles() {
        for ok in [
            "13800138000",
            "+86 138 0013 8000",
            "0086-13800138000",
            "8613800138000",
            "19912345678",
        ] {
            assert_eq!(validate_mobile(&normalize_mobile(ok)), Ok(()), "{ok}");
        }
        assert_eq!(
            normalize_mobile("＋８６　１３８００１３８０００"),
            "13800138000"
        );
        assert_eq!(validate_mobile(""), Err(FieldError::MobileCharacters));
        assert_eq!(
            validate_mobile("1380013800"),
            Err(FieldError::MobileLength { found: 10 })
        );
        assert_eq!(
            validate_mobile("11800138000"),
            Err(FieldError::MobilePrefix)
        );
        assert_eq!(
            validate_mobile("23800138000"),
            Err(FieldError::MobilePrefix)
        );
    }

    #[test]
    fn plates() {
        for ok in [
            "沪A12345",
            "沪AB1234",
            "京AD12345",
            "京AFA2345",
            "粤BA12345",
            "甘G23459F",
            "粤Z1234港",
            "粤Z1234澳",
            "沪A1234学",
            "沪A1234警",
            "沪A1234挂",
            "沪A·12345",
        ] {
            assert_eq!(validate_plate(&normalize_plate(ok)), Ok(()), "{ok}");
        }
        let code = |p: &str| validate_plate(&normalize_plate(p)).err().map(|e| e.code());
        assert_eq!(code("沪I12345"), Some("plate_authority"));
        assert_eq!(code("沪"), Some("plate_authority"));
        assert_eq!(code(""), Some("plate_province"));
        assert_eq!(code("沪A123"), Some("plate_length"));
        assert_eq!(code("沪A1234567"), Some("plate_length"));
        assert_eq!(code("沪A12O45"), Some("plate_serial"));
        assert_eq!(code("沪A12#45"), Some("plate_serial"));
        assert_eq!(code("沪A123O学"), Some("plate_serial"));
        assert_eq!(code("沪A1234港"), Some("plate_suffix"));
        assert_eq!(code("粤B1234澳"), Some("plate_suffix"));
        assert_eq!(code("京AL12345"), Some("plate_new_energy"));
        assert_eq!(code("京AD1234A"), Some("plate_new_energy"));
        assert_eq!(code("甘G2345AF"), Some("plate_new_energy"));
        assert_eq!(code("甘G23459A"), Some("plate_new_energy"));
    }

    #[test]
    fn texts_count_characters_not_bytes() {
        assert_eq!(normalize_short_text("  张\u{3000}三 \n"), "张 三");
        assert_eq!(normalize_short_text("阿依古丽·买买提"), "阿依古丽·买买提");
        assert_eq!(validate_short_text("张三", 2), Ok(()));
        assert_eq!(
            validate_short_text("张三丰", 2),
            Err(FieldError::TooLong { max: 2, found: 3 })
        );
        assert_eq!(
            validate_short_text("a\u{7}b", 9),
            Err(FieldError::InvalidCharacters)
        );
        assert_eq!(
            normalize_long_text("\r\n 第一行  \r\n第二行\r\n\r\n"),
            "第一行\n第二行"
        );
        assert_eq!(validate_long_text("一\n\t二", 4), Ok(()));
        assert_eq!(
            validate_long_text("一\u{0}", 4),
            Err(FieldError::InvalidCharacters)
        );
    }

    #[test]
    fn dates() {
        for (input, want) in [
            ("2026-03-10", "2026-03-10"),
            ("2026/3/1", "2026-03-01"),
            ("２０２６．３．１", "2026-03-01"),
            ("2026年3月1日", "2026-03-01"),
            ("2026年03月01号", "2026-03-01"),
            ("20260301", "2026-03-01"),
            (" 2026 - 3 - 1 ", "2026-03-01"),
            ("2026-2-30", "2026-02-30"),
            ("明天", "明天"),
            ("26-3-1", "26-3-1"),
        ] {
            assert_eq!(normalize_date(input), want, "{input}");
        }
        let t = today();
        assert_eq!(
            validate_date("2026-03-11", t, Some(1), Some(30)).map(|d| d.to_string()),
            Ok("2026-03-11".into())
        );
        assert_eq!(
            validate_date("2026-03-10", t, Some(1), Some(30)),
            Err(FieldError::DateTooEarly {
                earliest: t.add_days(1)
            })
        );
        assert_eq!(
            validate_date("2026-04-10", t, Some(1), Some(30)),
            Err(FieldError::DateTooLate {
                latest: t.add_days(30)
            })
        );
        assert_eq!(
            validate_date("2026-02-30", t, None, None),
            Err(FieldError::DateNoSuchDay)
        );
        assert_eq!(
            validate_date("明天", t, None, None),
            Err(FieldError::DateFormat)
        );
    }

    #[test]
    fn integers() {
        let unit = text("次", "trips");
        assert_eq!(normalize_integer("２", Some(&unit)), "2");
        assert_eq!(normalize_integer("2次", Some(&unit)), "2");
        assert_eq!(normalize_integer("2 Trips", Some(&unit)), "2");
        assert_eq!(normalize_integer("+002", None), "2");
        assert_eq!(normalize_integer("1,000", None), "1000");
        assert_eq!(normalize_integer("两次", Some(&unit)), "两");
        assert_eq!(validate_integer("2", 1, 2), Ok(2));
        assert_eq!(
            validate_integer("3", 1, 2),
            Err(FieldError::TooLarge { max: 2 })
        );
        assert_eq!(
            validate_integer("0", 1, 2),
            Err(FieldError::TooSmall { min: 1 })
        );
        assert_eq!(validate_integer("-", 1, 2), Err(FieldError::NotInteger));
        assert_eq!(validate_integer("1.5", 1, 2), Err(FieldError::NotInteger));
        assert_eq!(
            validate_integer("99999999999999999999", 1, 2),
            Err(FieldError::TooLarge { max: 2 })
        );
        assert_eq!(
            validate_integer("-99999999999999999999", 1, 2),
            Err(FieldError::TooSmall { min: 1 })
        );
    }

    #[test]
    fn masks() {
        assert_eq!(mask_resident_id("44030519851120108X"), "4403**********108X");
        assert_eq!(mask_mobile("13800138000"), "138****8000");
        assert_eq!(mask_text("张三"), "张*");
        assert_eq!(mask_text("欧阳娜娜"), "欧***");
        assert_eq!(mask_text("Li Lei"), "L* ***");
        assert_eq!(mask_plate("沪A12345"), "沪A****5");
        assert_eq!(mask_mobile("123"), "***");
    }

    #[test]
    fn every_error_has_a_code_and_both_messages() {
        let all = [
            FieldError::Required,
            FieldError::NotChosen,
            FieldError::ConsentRequired,
            FieldError::WrongType,
            FieldError::TooLong { max: 1, found: 2 },
            FieldError::InvalidCharacters,
            FieldError::IdLength { found: 17 },
            FieldError::IdCharacters,
            FieldError::IdProvince,
            FieldError::IdResidencePermit,
            FieldError::IdBirthDate,
            FieldError::IdBirthFuture,
            FieldError::IdCheckDigit,
            FieldError::MobileCharacters,
            FieldError::MobileLength { found: 10 },
            FieldError::MobilePrefix,
            FieldError::PlateProvince,
            FieldError::PlateAuthority,
            FieldError::PlateLength { found: 6 },
            FieldError::PlateSerial,
            FieldError::PlateNewEnergy,
            FieldError::PlateSuffix,
            FieldError::DateFormat,
            FieldError::DateNoSuchDay,
            FieldError::DateTooEarly { earliest: today() },
            FieldError::DateTooLate { latest: today() },
            FieldError::UnknownOption,
            FieldError::TooFewChoices { min: 1 },
            FieldError::TooManyChoices { max: 2 },
            FieldError::NotInteger,
            FieldError::TooSmall { min: 1 },
            FieldError::TooLarge { max: 2 },
            FieldError::UnknownRegion,
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
            let label = text("姓名", "Full name");
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
        }
        assert_eq!(
            FieldError::Required.message_for(&text("姓名", "")).en,
            "Enter an answer for “姓名”.",
            "an English label left empty falls back to the Chinese one"
        );
        assert!(FieldError::IdLength { found: 17 }
            .message()
            .zh
            .starts_with("长度不对"));
        assert!(FieldError::IdBirthDate
            .message()
            .zh
            .starts_with("出生日期不对"));
        assert!(FieldError::IdCheckDigit
            .message()
            .zh
            .starts_with("校验位不对"));
    }
}
