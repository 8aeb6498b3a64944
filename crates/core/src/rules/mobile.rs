//! Mainland mobile numbers (手机号码): normalising what was typed, checking it, and masking
//! it for anyone but its owner.
//!
//! Source: the numbering plan of the Ministry of Industry and Information Technology
//! (MIIT): mainland mobile numbers are 11 digits starting 13–19; the country code is +86.

use crate::localized::LocalizedText;

use super::mask::mask_middle;
use super::separator::compact;

/// Why a mainland mobile number was rejected, in the order [`validate_mobile`] checks. In a
/// form it travels as [`FieldError::Mobile`](crate::rules::FieldError::Mobile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MobileError {
    /// `mobile_characters`: a mobile number with something other than digits in it.
    Characters,
    /// `mobile_length`: a mobile number that is not 11 digits.
    Length {
        /// Digits found after normalisation.
        found: usize,
    },
    /// `mobile_prefix`: 11 digits that do not start 13–19, so no mainland mobile number.
    Prefix,
}

impl MobileError {
    /// The stable snake_case code sent in API error bodies, as listed on each variant
    /// (the same as [`FieldError::code`](crate::rules::FieldError::code)).
    pub fn code(&self) -> &'static str {
        match self {
            MobileError::Characters => "mobile_characters",
            MobileError::Length { .. } => "mobile_length",
            MobileError::Prefix => "mobile_prefix",
        }
    }

    /// What is wrong and how to fix it, in Chinese (`zh`) and English.
    pub fn message(&self) -> LocalizedText {
        match self {
            MobileError::Characters => LocalizedText::new(
                "手机号码只能是数字，请重新输入。",
                "A mobile number has digits only. Type it again.",
            ),
            MobileError::Length { found } => LocalizedText::new(
                format!("长度不对：手机号码是11位数字，您输入了{found}位。"),
                format!("Wrong length: a mobile number has 11 digits and you entered {found}."),
            ),
            MobileError::Prefix => LocalizedText::new(
                "不是有效的手机号码：中国大陆手机号码以13至19开头，请核对。",
                "Not a mobile number: mainland China mobile numbers start with 13 to 19. Check it.",
            ),
        }
    }
}

impl std::fmt::Display for MobileError {
    /// The code and the English message, for logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message().en)
    }
}

impl std::error::Error for MobileError {}

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
/// Errors, in the order checked: [`MobileError::Characters`],
/// [`MobileError::Length`], [`MobileError::Prefix`].
pub fn validate_mobile(mobile: &str) -> Result<(), MobileError> {
    if mobile.is_empty() || !mobile.bytes().all(|b| b.is_ascii_digit()) {
        return Err(MobileError::Characters);
    }
    if mobile.len() != 11 {
        return Err(MobileError::Length {
            found: mobile.len(),
        });
    }
    let b = mobile.as_bytes();
    if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
        return Err(MobileError::Prefix);
    }
    Ok(())
}

/// Masks a mobile number: the first 3 and last 4 digits stay (`138****8000`). Anything
/// shorter than 8 characters is masked whole.
pub fn mask_mobile(mobile: &str) -> String {
    mask_middle(mobile, 3, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(validate_mobile(""), Err(MobileError::Characters));
        assert_eq!(
            validate_mobile("1380013800"),
            Err(MobileError::Length { found: 10 })
        );
        assert_eq!(validate_mobile("11800138000"), Err(MobileError::Prefix));
        assert_eq!(validate_mobile("23800138000"), Err(MobileError::Prefix));
    }

    #[test]
    fn masks_keep_the_first_three_and_last_four() {
        assert_eq!(mask_mobile("13800138000"), "138****8000");
        assert_eq!(mask_mobile("123"), "***");
    }
}
