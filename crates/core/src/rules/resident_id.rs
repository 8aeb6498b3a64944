//! 居民身份证号码 / resident ID number (GB 11643-1999): normalising what was typed,
//! checking it, and masking it for anyone but its owner.
//!
//! Sources: GB 11643-1999 公民身份号码 (structure: 6-digit address code, 8-digit date of
//! birth, 3-digit sequence, ISO 7064 MOD 11-2 check character, §6); GB/T 2260 (the
//! province-level codes of the address code).

use crate::date::CalendarDate;
use crate::localized::LocalizedText;

use super::mask::mask_middle;
use super::separator::compact;

/// Why a resident ID number (居民身份证号码, GB 11643-1999) was rejected, in the order
/// [`validate_resident_id`] checks. In a form it travels as
/// [`FieldError::ResidentId`](crate::rules::FieldError::ResidentId).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResidentIdError {
    /// `id_length`: a resident ID number that is not 18 characters long (GB 11643-1999;
    /// the old 15-digit numbers are no longer accepted).
    Length {
        /// Characters found after normalisation.
        found: usize,
    },
    /// `id_characters`: the first 17 characters are not all digits, or the last is neither
    /// a digit nor `X`.
    Characters,
    /// `id_province`: the first two digits are not a province-level GB/T 2260 code of the
    /// mainland (11–65; see [`ID_PROVINCE_CODES`]).
    Province,
    /// `id_residence_permit`: the number starts 81/82/83: it belongs to a residence permit
    /// for Hong Kong, Macao or Taiwan residents (港澳台居民居住证), not to a 居民身份证.
    ResidencePermit,
    /// `id_birth_date`: characters 7–14 are not a real date (month 13, 19900230) or are
    /// before 1900-01-01.
    BirthDate,
    /// `id_birth_future`: the date of birth (characters 7–14) is after today.
    BirthFuture,
    /// `id_check_digit`: the 18th character is not the ISO 7064 MOD 11-2 check digit of the
    /// first 17 (GB 11643-1999 §6): most often a typing mistake somewhere in the number.
    CheckDigit,
}

impl ResidentIdError {
    /// The stable snake_case code sent in API error bodies, as listed on each variant
    /// (the same as [`FieldError::code`](crate::rules::FieldError::code)).
    pub fn code(&self) -> &'static str {
        match self {
            ResidentIdError::Length { .. } => "id_length",
            ResidentIdError::Characters => "id_characters",
            ResidentIdError::Province => "id_province",
            ResidentIdError::ResidencePermit => "id_residence_permit",
            ResidentIdError::BirthDate => "id_birth_date",
            ResidentIdError::BirthFuture => "id_birth_future",
            ResidentIdError::CheckDigit => "id_check_digit",
        }
    }

    /// What is wrong and how to fix it, in Chinese (`zh`) and English.
    pub fn message(&self) -> LocalizedText {
        match self {
            ResidentIdError::Length { found } => LocalizedText::new(
                format!("长度不对：居民身份证号码是18位，您输入了{found}位。请对照身份证重新输入（不接受15位的旧号码）。"),
                format!("Wrong length: a resident ID number has 18 characters and you entered {found}. Copy it from the ID card (old 15-digit numbers are not accepted)."),
            ),
            ResidentIdError::Characters => LocalizedText::new(
                "格式不对：居民身份证号码前17位是数字，最后一位是数字或字母X。",
                "Wrong format: the first 17 characters of a resident ID number are digits and the last is a digit or the letter X.",
            ),
            ResidentIdError::Province => LocalizedText::new(
                "前两位不是有效的省份代码，请对照身份证核对前6位。",
                "The first two digits are not a province code. Check the first 6 digits against the ID card.",
            ),
            ResidentIdError::ResidencePermit => LocalizedText::new(
                "这是港澳台居民居住证号码。这里请填写居民身份证号码。",
                "This is the number of a residence permit for Hong Kong, Macao or Taiwan residents. Enter a resident ID number here.",
            ),
            ResidentIdError::BirthDate => LocalizedText::new(
                "出生日期不对：第7至14位应是出生日期（如19900307），请核对。",
                "Wrong date of birth: characters 7 to 14 are the date of birth (for example 19900307). Check them.",
            ),
            ResidentIdError::BirthFuture => LocalizedText::new(
                "出生日期不对：第7至14位的出生日期晚于今天，请核对。",
                "Wrong date of birth: characters 7 to 14 give a date after today. Check them.",
            ),
            ResidentIdError::CheckDigit => LocalizedText::new(
                "校验位不对，请核对最后一位；如果最后一位没错，请逐位核对前17位。",
                "The check digit does not match. Check the last character; if it is right, check the other 17 one by one.",
            ),
        }
    }
}

impl std::fmt::Display for ResidentIdError {
    /// The code and the English message, for logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message().en)
    }
}

impl std::error::Error for ResidentIdError {}

/// Province-level GB/T 2260 codes that appear as the first two digits of a resident ID
/// number: the 31 provinces, autonomous regions and municipalities of the mainland.
///
/// Not accepted, on purpose:
/// - `71` (台湾省): a GB/T 2260 code, but no 居民身份证 is issued with it.
/// - `81` / `82` / `83`: the address codes `810000` / `820000` / `830000` of residence
///   permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证, since 2018).
///   Those numbers have the same shape and check digit, but the document is not a
///   居民身份证; they get their own error, [`ResidentIdError::ResidencePermit`].
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
/// Errors, in the order checked: [`ResidentIdError::Length`], [`ResidentIdError::Characters`],
/// [`ResidentIdError::ResidencePermit`] / [`ResidentIdError::Province`],
/// [`ResidentIdError::BirthDate`] / [`ResidentIdError::BirthFuture`], [`ResidentIdError::CheckDigit`].
pub fn validate_resident_id(id: &str, today: CalendarDate) -> Result<(), ResidentIdError> {
    let found = id.chars().count();
    if found != 18 {
        return Err(ResidentIdError::Length { found });
    }
    // 18 characters; if all are ASCII the byte indices below are character indices.
    let b = id.as_bytes();
    let shape_ok = b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X');
    if !shape_ok {
        return Err(ResidentIdError::Characters);
    }
    let province = &id[..2];
    if matches!(province, "81" | "82" | "83") {
        return Err(ResidentIdError::ResidencePermit);
    }
    if !ID_PROVINCE_CODES.contains(&province) {
        return Err(ResidentIdError::Province);
    }
    let birth = format!("{}-{}-{}", &id[6..10], &id[10..12], &id[12..14]);
    match CalendarDate::parse(&birth) {
        Ok(date) if date < ID_EARLIEST_BIRTH => return Err(ResidentIdError::BirthDate),
        Ok(date) if date > today => return Err(ResidentIdError::BirthFuture),
        Ok(_) => {}
        Err(_) => return Err(ResidentIdError::BirthDate),
    }
    if resident_id_check_char(&id[..17]) != Some(char::from(b[17])) {
        return Err(ResidentIdError::CheckDigit);
    }
    Ok(())
}

/// Masks a resident ID number for display to anyone but its owner: the first 4 and last 4
/// characters stay, the rest become `*` (`4403**********108X`). Anything shorter than 9
/// characters is masked whole.
pub fn mask_resident_id(id: &str) -> String {
    mask_middle(id, 4, 4)
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
    fn masks_keep_the_first_four_and_last_four() {
        assert_eq!(mask_resident_id("44030519851120108X"), "4403**********108X");
        assert_eq!(mask_resident_id("44030519"), "********");
    }

    #[test]
    fn messages_say_what_to_check() {
        assert!(ResidentIdError::Length { found: 17 }
            .message()
            .zh
            .starts_with("长度不对"));
        assert!(ResidentIdError::BirthDate
            .message()
            .zh
            .starts_with("出生日期不对"));
        assert!(ResidentIdError::CheckDigit
            .message()
            .zh
            .starts_with("校验位不对"));
    }
}
