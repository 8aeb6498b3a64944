//! 户号 / utility account numbers (water, electricity, gas): normalising what was typed,
//! checking it against the provider's own format, and masking it.
//!
//! There is no national format: each provider numbers its accounts its own way (State Grid
//! 户号 are 10 digits; water and gas companies use 7 to 12 digits, some with a check digit).
//! The format is stated per provider in the catalog ([`AccountRule`], from
//! `online.providers[].account`), never assumed here.

use serde::{Deserialize, Serialize};

use crate::localized::LocalizedText;

use super::mask::mask_middle;
use super::separator::compact;

/// The longest 户号 any provider format may declare, in characters.
pub const MAX_ACCOUNT_LEN: u32 = 32;

/// The check-digit rule of a provider's 户号. On the wire: `none` or `luhn`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountCheck {
    /// No check digit (or none the provider publishes).
    #[default]
    None,
    /// The last digit is a Luhn (ISO/IEC 7812-1, mod 10) check digit of the others. Only
    /// for digits-only formats.
    Luhn,
}

/// A provider's 户号 format: the parameters of the `utility_account` field kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AccountRule {
    /// Fewest characters, at least 1.
    pub min_length: u32,
    /// Most characters, at least `min_length`, at most [`MAX_ACCOUNT_LEN`].
    pub max_length: u32,
    /// Digits only (`true`), or digits and capital letters A–Z (`false`).
    pub digits_only: bool,
    /// The check-digit rule.
    pub check: AccountCheck,
}

impl AccountRule {
    /// What is wrong with the format itself, for the catalog check: a length out of
    /// `1..=MAX_ACCOUNT_LEN`, a minimum above the maximum, Luhn on a format with letters
    /// or on one shorter than 2. Returns the offending parameter and why.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        if !(1..=MAX_ACCOUNT_LEN).contains(&self.min_length) {
            return Some((
                "min_length",
                format!(
                    "{} is out of range: use 1 to {MAX_ACCOUNT_LEN}",
                    self.min_length
                ),
            ));
        }
        if !(self.min_length..=MAX_ACCOUNT_LEN).contains(&self.max_length) {
            return Some((
                "max_length",
                format!(
                    "{} is out of range: use min_length ({}) to {MAX_ACCOUNT_LEN}",
                    self.max_length, self.min_length
                ),
            ));
        }
        if self.check == AccountCheck::Luhn && !self.digits_only {
            return Some((
                "check",
                "luhn needs a digits-only format: set digits_only to true or check to none".into(),
            ));
        }
        if self.check == AccountCheck::Luhn && self.min_length < 2 {
            return Some((
                "check",
                "luhn needs at least 2 digits: raise min_length".into(),
            ));
        }
        None
    }
}

/// Why a 户号 was rejected, in the order [`validate_utility_account`] checks. In a form it
/// travels as [`FieldError::Account`](crate::rules::FieldError::Account).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountError {
    /// `account_characters`: characters the provider's 户号 never has (anything but digits
    /// for a digits-only format; anything but digits and A–Z otherwise).
    Characters {
        /// Whether the format is digits only.
        digits_only: bool,
    },
    /// `account_length`: shorter or longer than the provider's 户号.
    Length {
        /// Fewest characters.
        min: u32,
        /// Most characters.
        max: u32,
        /// Characters found after normalisation.
        found: usize,
    },
    /// `account_check_digit`: the last digit is not the provider's check digit of the
    /// others (Luhn): most often a typing mistake somewhere in the number.
    CheckDigit,
}

impl AccountError {
    /// The stable snake_case code sent in API error bodies, as listed on each variant.
    pub fn code(&self) -> &'static str {
        match self {
            AccountError::Characters { .. } => "account_characters",
            AccountError::Length { .. } => "account_length",
            AccountError::CheckDigit => "account_check_digit",
        }
    }

    /// What is wrong and how to fix it, in Chinese (`zh`) and English.
    pub fn message(&self) -> LocalizedText {
        match self {
            AccountError::Characters { digits_only: true } => LocalizedText::new(
                "户号只含数字，请对照账单重新输入。",
                "The account number has digits only. Copy it from your bill.",
            ),
            AccountError::Characters { digits_only: false } => LocalizedText::new(
                "户号只含数字和字母，请对照账单重新输入。",
                "The account number has digits and letters only. Copy it from your bill.",
            ),
            AccountError::Length { min, max, found } => {
                let (zh, en) = if min == max {
                    (format!("{min}位"), format!("{min} characters"))
                } else {
                    (format!("{min}至{max}位"), format!("{min} to {max} characters"))
                };
                LocalizedText::new(
                    format!("长度不对：这家单位的户号是{zh}，您输入了{found}位。请对照账单核对。"),
                    format!("Wrong length: this provider's account numbers have {en} and you entered {found}. Check it against your bill."),
                )
            }
            AccountError::CheckDigit => LocalizedText::new(
                "户号校验位不对，请对照账单逐位核对。",
                "The account number's check digit does not match. Check it digit by digit against your bill.",
            ),
        }
    }
}

impl std::fmt::Display for AccountError {
    /// The code and the English message, for logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message().en)
    }
}

impl std::error::Error for AccountError {}

/// Normalises a typed 户号: NFKC (full-width digits), separators removed (`1234 5678 90`,
/// dashes), ASCII letters upper-cased.
pub fn normalize_utility_account(input: &str) -> String {
    compact(input).to_ascii_uppercase()
}

/// The Luhn check digit (ISO/IEC 7812-1 annex B) to append to `body`; `None` when `body`
/// is empty or not all ASCII digits.
pub fn luhn_check_digit(body: &str) -> Option<char> {
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Doubling starts at the body's last digit (the check digit will follow it).
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match (i % 2 == 0, d * 2) {
                (true, d2) if d2 > 9 => d2 - 9,
                (true, d2) => d2,
                (false, _) => d,
            }
        })
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10)
}

/// Whether `digits` (ASCII digits, at least 2) end in their Luhn check digit
/// (ISO/IEC 7812-1 annex B). `false` for anything else.
pub fn luhn_valid(digits: &str) -> bool {
    match digits.len().checked_sub(1).filter(|&n| n > 0) {
        Some(n) if digits.is_char_boundary(n) => {
            let (body, check) = digits.split_at(n);
            luhn_check_digit(body).is_some_and(|c| check.starts_with(c))
        }
        _ => false,
    }
}

/// Checks a normalised 户号 against its provider's format: only digits (or digits and
/// A–Z when `digits_only` is false), `min_length..=max_length` characters, and the check
/// digit when the format has one.
///
/// Errors, in the order checked: [`AccountError::Characters`], [`AccountError::Length`],
/// [`AccountError::CheckDigit`].
pub fn validate_utility_account(value: &str, rule: &AccountRule) -> Result<(), AccountError> {
    let allowed = |c: char| c.is_ascii_digit() || (!rule.digits_only && c.is_ascii_uppercase());
    if value.is_empty() || !value.chars().all(allowed) {
        return Err(AccountError::Characters {
            digits_only: rule.digits_only,
        });
    }
    let found = value.chars().count();
    if found < rule.min_length as usize || found > rule.max_length as usize {
        return Err(AccountError::Length {
            min: rule.min_length,
            max: rule.max_length,
            found,
        });
    }
    if rule.check == AccountCheck::Luhn && !luhn_valid(value) {
        return Err(AccountError::CheckDigit);
    }
    Ok(())
}

/// Masks a 户号: the last 4 characters stay (`******7890`); 4 or fewer are masked whole.
pub fn mask_utility_account(value: &str) -> String {
    mask_middle(value, 0, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRID: AccountRule = AccountRule {
        min_length: 10,
        max_length: 10,
        digits_only: true,
        check: AccountCheck::None,
    };

    fn code(input: &str, rule: &AccountRule) -> Option<&'static str> {
        validate_utility_account(&normalize_utility_account(input), rule)
            .err()
            .map(|e| e.code())
    }

    #[test]
    fn luhn() {
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        assert!(luhn_valid("4111111111111111"));
        assert!(!luhn_valid("1"));
        assert!(!luhn_valid("12a"));
        assert!(luhn_valid("18"));
    }

    #[test]
    fn accounts_follow_the_provider_format() {
        assert_eq!(code("1234567890", &GRID), None);
        assert_eq!(code("１２３４５６７８９０", &GRID), None);
        assert_eq!(code("1234 5678-90", &GRID), None);
        assert_eq!(code("123456789", &GRID), Some("account_length"));
        assert_eq!(code("12345678901", &GRID), Some("account_length"));
        assert_eq!(code("12345678A0", &GRID), Some("account_characters"));
        assert_eq!(code("", &GRID), Some("account_characters"));
        let letters = AccountRule {
            min_length: 6,
            max_length: 12,
            digits_only: false,
            check: AccountCheck::None,
        };
        assert_eq!(code("ab123456", &letters), None);
        assert_eq!(code("AB12345#", &letters), Some("account_characters"));
        assert_eq!(code("AB123", &letters), Some("account_length"));
        let luhn = AccountRule {
            min_length: 11,
            max_length: 11,
            digits_only: true,
            check: AccountCheck::Luhn,
        };
        assert_eq!(code("7992739871３", &luhn), None);
        assert_eq!(code("79927398710", &luhn), Some("account_check_digit"));
        assert_eq!(code("7992739871", &luhn), Some("account_length"));
    }

    #[test]
    fn formats_are_checked() {
        assert_eq!(GRID.problem(), None);
        let bad = |r: AccountRule| r.problem().map(|(p, _)| p);
        assert_eq!(
            bad(AccountRule {
                min_length: 0,
                ..GRID
            }),
            Some("min_length")
        );
        assert_eq!(
            bad(AccountRule {
                max_length: 9,
                ..GRID
            }),
            Some("max_length")
        );
        assert_eq!(
            bad(AccountRule {
                max_length: 33,
                ..GRID
            }),
            Some("max_length")
        );
        assert_eq!(
            bad(AccountRule {
                digits_only: false,
                check: AccountCheck::Luhn,
                ..GRID
            }),
            Some("check")
        );
        assert_eq!(
            bad(AccountRule {
                min_length: 1,
                check: AccountCheck::Luhn,
                ..GRID
            }),
            Some("check")
        );
    }

    #[test]
    fn masks_keep_the_last_four() {
        assert_eq!(mask_utility_account("1234567890"), "******7890");
        assert_eq!(mask_utility_account("1234"), "****");
    }

    #[test]
    fn length_messages_read_for_fixed_and_ranged_formats() {
        let fixed = AccountError::Length {
            min: 10,
            max: 10,
            found: 9,
        }
        .message();
        assert!(
            fixed.zh.contains("10位") && fixed.en.contains("10 characters"),
            "{fixed:?}"
        );
        let ranged = AccountError::Length {
            min: 8,
            max: 10,
            found: 7,
        }
        .message();
        assert!(ranged.zh.contains("8至10位"), "{ranged:?}");
    }
}
