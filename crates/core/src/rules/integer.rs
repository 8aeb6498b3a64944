//! Whole numbers with a unit (`2次`, `2 trips`), typed or sent as JSON numbers.

use crate::localized::LocalizedText;
use crate::text::nfkc;

/// Why a whole-number answer was rejected. In a form it travels as
/// [`FieldError::Integer`](crate::rules::FieldError::Integer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerError {
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
}

impl IntegerError {
    /// The stable snake_case code sent in API error bodies, as listed on each variant
    /// (the same as [`FieldError::code`](crate::rules::FieldError::code)).
    pub fn code(&self) -> &'static str {
        match self {
            IntegerError::NotInteger => "not_integer",
            IntegerError::TooSmall { .. } => "too_small",
            IntegerError::TooLarge { .. } => "too_large",
        }
    }

    /// What is wrong and how to fix it, in Chinese (`zh`) and English.
    pub fn message(&self) -> LocalizedText {
        match self {
            IntegerError::NotInteger => {
                LocalizedText::new("请填写整数，如3。", "Enter a whole number, for example 3.")
            }
            IntegerError::TooSmall { min } => LocalizedText::new(
                format!("不能小于{min}，请重新填写。"),
                format!("Enter {min} or more."),
            ),
            IntegerError::TooLarge { max } => LocalizedText::new(
                format!("不能大于{max}，请重新填写。"),
                format!("Enter {max} or less."),
            ),
        }
    }
}

impl std::fmt::Display for IntegerError {
    /// The code and the English message, for logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.message().en)
    }
}

impl std::error::Error for IntegerError {}

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
/// Errors: [`IntegerError::NotInteger`], [`IntegerError::TooSmall`], [`IntegerError::TooLarge`].
pub fn validate_integer(text: &str, min: i64, max: i64) -> Result<i64, IntegerError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IntegerError::NotInteger);
    }
    let n: i64 = text.parse().map_err(|_| {
        if text.starts_with('-') {
            IntegerError::TooSmall { min }
        } else {
            IntegerError::TooLarge { max }
        }
    })?;
    if n < min {
        return Err(IntegerError::TooSmall { min });
    }
    if n > max {
        return Err(IntegerError::TooLarge { max });
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        let unit = LocalizedText::new("次", "trips");
        assert_eq!(normalize_integer("２", Some(&unit)), "2");
        assert_eq!(normalize_integer("2次", Some(&unit)), "2");
        assert_eq!(normalize_integer("2 Trips", Some(&unit)), "2");
        assert_eq!(normalize_integer("+002", None), "2");
        assert_eq!(normalize_integer("1,000", None), "1000");
        assert_eq!(normalize_integer("两次", Some(&unit)), "两");
        assert_eq!(validate_integer("2", 1, 2), Ok(2));
        assert_eq!(
            validate_integer("3", 1, 2),
            Err(IntegerError::TooLarge { max: 2 })
        );
        assert_eq!(
            validate_integer("0", 1, 2),
            Err(IntegerError::TooSmall { min: 1 })
        );
        assert_eq!(validate_integer("-", 1, 2), Err(IntegerError::NotInteger));
        assert_eq!(validate_integer("1.5", 1, 2), Err(IntegerError::NotInteger));
        assert_eq!(
            validate_integer("99999999999999999999", 1, 2),
            Err(IntegerError::TooLarge { max: 2 })
        );
        assert_eq!(
            validate_integer("-99999999999999999999", 1, 2),
            Err(IntegerError::TooSmall { min: 1 })
        );
    }
}
