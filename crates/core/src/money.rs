//! Money: amounts in 分 (fen; 1 元 = 100 分), integer end to end (DESIGN.md: "Money is
//! integer 分 end to end; display with two decimals"). No floating point anywhere: a bill
//! of ¥0.10 + ¥0.20 is exactly 30 分.
//!
//! On the wire an amount is a plain JSON integer of 分: `1230` is ¥12.30. Negative amounts
//! are refunds and credits.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount of money in 分 (fen, 1/100 of a yuan). `Fen(1230)` is ¥12.30; negative for
/// refunds and credits. Serialised as the bare integer (`1230`).
///
/// Arithmetic is checked: [`Fen::checked_add`], [`Fen::checked_sub`], [`Fen::checked_mul`]
/// and [`Fen::checked_sum`] return [`MoneyError::Overflow`] rather than wrap.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// Why a sum of money could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The result does not fit in an `i64` of 分 (beyond ±92 233 720 368 547 758.07 元):
    /// only a broken or hostile input gets here.
    #[error("the amount is too large to compute")]
    Overflow,
}

impl Fen {
    /// No money: 0 分.
    pub const ZERO: Fen = Fen(0);

    /// The amount in 分, as an integer.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// `self + other`.
    ///
    /// Errors: [`MoneyError::Overflow`].
    pub fn checked_add(self, other: Fen) -> Result<Fen, MoneyError> {
        self.0
            .checked_add(other.0)
            .map(Fen)
            .ok_or(MoneyError::Overflow)
    }

    /// `self - other`.
    ///
    /// Errors: [`MoneyError::Overflow`].
    pub fn checked_sub(self, other: Fen) -> Result<Fen, MoneyError> {
        self.0
            .checked_sub(other.0)
            .map(Fen)
            .ok_or(MoneyError::Overflow)
    }

    /// `self × quantity` (the amount of `quantity` items at this unit price).
    ///
    /// Errors: [`MoneyError::Overflow`].
    pub fn checked_mul(self, quantity: u32) -> Result<Fen, MoneyError> {
        self.0
            .checked_mul(i64::from(quantity))
            .map(Fen)
            .ok_or(MoneyError::Overflow)
    }

    /// The sum of `amounts`; [`Fen::ZERO`] for none.
    ///
    /// Errors: [`MoneyError::Overflow`] when the sum (or any partial sum, in order) does
    /// not fit.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Fen>) -> Result<Fen, MoneyError> {
        amounts
            .into_iter()
            .try_fold(Fen::ZERO, |total, amount| total.checked_add(amount))
    }

    /// Whether the amount is below zero (a refund or credit).
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The amount in yuan with two decimals and no symbol, yuan grouped by threes:
    /// `1,234.50`, `-12.30`, `0.05`. Exact for every `i64` (`i64::MIN` included).
    pub fn yuan(self) -> String {
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let cents = abs % 100;
        let mut out = String::with_capacity(whole.len() + whole.len() / 3 + 4);
        if self.0 < 0 {
            out.push('-');
        }
        push_grouped(&mut out, &whole);
        out.push('.');
        out.push(char::from(b'0' + (cents / 10) as u8));
        out.push(char::from(b'0' + (cents % 10) as u8));
        out
    }

    /// As a Chinese reader sees it: `¥12.30`, `¥1,234.50`, `-¥12.30` (the sign before the
    /// symbol). The same as [`fmt::Display`].
    pub fn to_zh(self) -> String {
        self.with_symbol("¥")
    }

    /// As an English reader sees it: `CNY 12.30`, `-CNY 12.30`.
    pub fn to_en(self) -> String {
        self.with_symbol("CNY ")
    }

    fn with_symbol(self, symbol: &str) -> String {
        let digits = self.yuan();
        match digits.strip_prefix('-') {
            Some(rest) => format!("-{symbol}{rest}"),
            None => format!("{symbol}{digits}"),
        }
    }
}

/// Appends the ASCII digits `digits` with a `,` before every group of three from the right.
fn push_grouped(out: &mut String, digits: &str) {
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
}

impl fmt::Display for Fen {
    /// [`Fen::to_zh`]: `¥12.30`, `-¥12.30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_zh())
    }
}

impl From<i64> for Fen {
    fn from(fen: i64) -> Self {
        Fen(fen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_yuan_with_two_decimals() {
        assert_eq!(Fen(1230).to_string(), "¥12.30");
        assert_eq!(Fen(5).to_string(), "¥0.05");
        assert_eq!(Fen(0).to_string(), "¥0.00");
        assert_eq!(Fen(100).to_string(), "¥1.00");
        assert_eq!(Fen(123_450).to_string(), "¥1,234.50");
        assert_eq!(Fen(100_000_000).to_string(), "¥1,000,000.00");
        assert_eq!(Fen(-1230).to_string(), "-¥12.30");
        assert_eq!(Fen(-5).to_string(), "-¥0.05");
        assert_eq!(Fen(-1230).to_en(), "-CNY 12.30");
        assert_eq!(Fen(35_075).to_en(), "CNY 350.75");
        assert_eq!(Fen(-1230).yuan(), "-12.30");
        assert_eq!(Fen(i64::MAX).yuan(), "92,233,720,368,547,758.07");
        assert_eq!(Fen(i64::MIN).yuan(), "-92,233,720,368,547,758.08");
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(Fen(10).checked_add(Fen(20)), Ok(Fen(30)));
        assert_eq!(Fen(10).checked_sub(Fen(20)), Ok(Fen(-10)));
        assert_eq!(Fen(250).checked_mul(3), Ok(Fen(750)));
        assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), Err(MoneyError::Overflow));
        assert_eq!(Fen(i64::MIN).checked_sub(Fen(1)), Err(MoneyError::Overflow));
        assert_eq!(Fen(i64::MAX).checked_mul(2), Err(MoneyError::Overflow));
        assert_eq!(Fen::checked_sum([]), Ok(Fen::ZERO));
        assert_eq!(Fen::checked_sum([Fen(10), Fen(20), Fen(-5)]), Ok(Fen(25)));
        assert_eq!(
            Fen::checked_sum([Fen(i64::MAX), Fen(1), Fen(-1)]),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn wire_is_a_plain_integer() {
        assert_eq!(serde_json::to_string(&Fen(1230)).unwrap(), "1230");
        assert_eq!(serde_json::from_str::<Fen>("-75").unwrap(), Fen(-75));
        assert!(serde_json::from_str::<Fen>("12.3").is_err());
        assert!(serde_json::from_str::<Fen>("\"1230\"").is_err());
    }
}
