//! 号牌号码 / plate number of a civilian motor vehicle (GA 36-2018 机动车号牌):
//! normalising what was typed, checking it, and masking it.
//!
//! Source: GA 36-2018 (province abbreviations §5.4, issuing authority letter, 5-character
//! serials, the 学/警/挂/港/澳 suffixes, the 6-character serials of new-energy vehicles).

use crate::localized::LocalizedText;

use super::mask::mask_middle;
use super::separator::compact;

/// Why a 号牌号码 (plate number, GA 36-2018) was rejected, in the order [`validate_plate`]
/// checks. In a form it travels as [`FieldError::Plate`](crate::rules::FieldError::Plate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlateError {
    /// `plate_province`: a plate number that does not start with a province abbreviation
    /// (沪, 粤, 京 …; GA 36-2018).
    Province,
    /// `plate_authority`: the second character is not the issuing authority's letter
    /// (A–Z without I and O).
    Authority,
    /// `plate_length`: not 7 characters (8 for new-energy vehicles).
    Length {
        /// Characters found after normalisation.
        found: usize,
    },
    /// `plate_serial`: the serial uses characters plates never use (anything but digits
    /// and A–Z without I and O).
    Serial,
    /// `plate_new_energy`: an 8-character plate whose serial breaks the new-energy pattern.
    NewEnergy,
    /// `plate_suffix`: a 港/澳 (cross-border) plate that is not issued as 粤Z.
    Suffix,
}

impl PlateError {
    /// The stable snake_case code sent in API error bodies, as listed on each variant
    /// (the same as [`FieldError::code`](crate::rules::FieldError::code)).
    pub fn code(&self) -> &'static str {
        match self {
            PlateError::Province => "plate_province",
            PlateError::Authority => "plate_authority",
            PlateError::Length { .. } => "plate_length",
            PlateError::Serial => "plate_serial",
            PlateError::NewEnergy => "plate_new_energy",
            PlateError::Suffix => "plate_suffix",
        }
    }

    /// What is wrong and how to fix it, in Chinese (`zh`) and English.
    pub fn message(&self) -> LocalizedText {
        match self {
            PlateError::Province => LocalizedText::new(
                "第一个字应是省份简称，如沪、粤、京。",
                "Start with the province abbreviation, for example 沪, 粤 or 京.",
            ),
            PlateError::Authority => LocalizedText::new(
                "第二位应是发牌机关代号，即字母A至Z（不用I和O），如沪A。",
                "The second character is the issuing authority's letter, A to Z without I and O, as in 沪A.",
            ),
            PlateError::Length { found } => LocalizedText::new(
                format!("长度不对：号牌号码是7位（如沪A12345），新能源汽车是8位（如沪AD12345），您输入了{found}位。"),
                format!("Wrong length: a plate number has 7 characters (沪A12345), 8 for a new-energy vehicle (沪AD12345). You entered {found}."),
            ),
            PlateError::Serial => LocalizedText::new(
                "号牌序号只用数字和字母，且不用字母I和O（请检查是否把数字1、0输成了I、O）。",
                "The serial uses digits and letters only, never I or O (check for 1 and 0 typed as I and O).",
            ),
            PlateError::NewEnergy => LocalizedText::new(
                "新能源号牌格式不对：小型车是一个字母加5位（如沪AD12345），大型车是5位数字加D或F（如沪A12345D）。",
                "Wrong new-energy plate: a small vehicle has a letter then 5 characters (沪AD12345), a large one 5 digits then D or F (沪A12345D).",
            ),
            PlateError::Suffix => LocalizedText::new(
                "港澳车辆号牌以“粤Z”开头，请核对。",
                "Hong Kong and Macao cross-border plates start with 粤Z. Check the plate.",
            ),
        }
    }
}

impl std::fmt::Display for PlateError {
    /// The code and the English message, for logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message().en)
    }
}

impl std::error::Error for PlateError {}

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
/// Errors, in the order checked: [`PlateError::Province`],
/// [`PlateError::Authority`], [`PlateError::Length`], [`PlateError::Serial`],
/// [`PlateError::Suffix`], [`PlateError::NewEnergy`].
pub fn validate_plate(plate: &str) -> Result<(), PlateError> {
    let chars: Vec<char> = plate.chars().collect();
    match chars.first() {
        Some(c) if PLATE_PROVINCES.contains(c) => {}
        _ => return Err(PlateError::Province),
    }
    match chars.get(1) {
        Some(c) if is_plate_letter(*c) => {}
        _ => return Err(PlateError::Authority),
    }
    let serial = &chars[2..];
    match serial.len() {
        5 => {
            let (last, head) = match serial.split_last() {
                Some(split) => split,
                None => return Err(PlateError::Length { found: chars.len() }),
            };
            if PLATE_SUFFIXES.contains(last) {
                if !head.iter().all(|c| is_plate_serial_char(*c)) {
                    return Err(PlateError::Serial);
                }
                if matches!(last, '港' | '澳') && (chars[0] != '粤' || chars[1] != 'Z') {
                    return Err(PlateError::Suffix);
                }
                Ok(())
            } else if serial.iter().all(|c| is_plate_serial_char(*c)) {
                Ok(())
            } else {
                Err(PlateError::Serial)
            }
        }
        6 => {
            if !serial.iter().all(|c| is_plate_serial_char(*c)) {
                return Err(PlateError::Serial);
            }
            let small = matches!(serial[0], 'A'..='H' | 'J' | 'K')
                && serial[2..].iter().all(char::is_ascii_digit);
            let large =
                serial[..5].iter().all(char::is_ascii_digit) && matches!(serial[5], 'D' | 'F');
            if small || large {
                Ok(())
            } else {
                Err(PlateError::NewEnergy)
            }
        }
        _ => Err(PlateError::Length { found: chars.len() }),
    }
}

/// Masks a plate number: province and authority letter and the last character stay
/// (`沪A****5`).
pub fn mask_plate(plate: &str) -> String {
    mask_middle(plate, 2, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn masks_keep_province_authority_and_last() {
        assert_eq!(mask_plate("沪A12345"), "沪A****5");
    }
}
