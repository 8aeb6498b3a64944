//! 受理编号 / reference numbers: what a resident gets back for a submission, booking or
//! order, and quotes to look it up. Shape: `YYYYMMDD-CCCCCC-XXXXXXXXXX`, 26 characters:
//!
//! - `YYYYMMDD`: the date it was issued, China Standard Time;
//! - `CCCCCC`: the city's 6-digit GB/T 2260 division code (行政区划代码);
//! - `XXXXXXXXXX`: 10 characters of Crockford's base32 (digits and capitals without I, L,
//!   O, U; <https://www.crockford.com/base32.html>) carrying 50 random bits, so a number
//!   cannot be guessed from another.
//!
//! The core has no randomness (and no clock): [`format_reference`] takes the date, the
//! city and the bits; the server draws the bits from the operating system.

use crate::city::is_division_code;
use crate::date::CalendarDate;

/// Crockford's base32 alphabet: digits and capitals without I, L, O, U; the value of a
/// character is its index.
pub const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Length of a reference number in characters (and bytes: all ASCII).
pub const REFERENCE_LEN: usize = 26;

/// How many random bits the last part carries: 10 characters × 5 bits.
pub const REFERENCE_RANDOM_BITS: u32 = 50;

/// Why a reference number could not be made or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    /// The city code is not 6 ASCII digits (GB/T 2260).
    #[error("the city code is not a 6-digit division code")]
    CityCode,
    /// Not of the shape `YYYYMMDD-CCCCCC-XXXXXXXXXX` (lengths, dashes, digits, Crockford
    /// base32 in capitals).
    #[error("not a reference number of the form YYYYMMDD-CCCCCC-XXXXXXXXXX")]
    Format,
    /// The shape is right but the first 8 digits are no calendar date (`20261340`).
    #[error("the date of the reference number is not a real day")]
    Date,
}

/// A reference number taken apart ([`parse_reference`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceParts<'a> {
    /// The day it was issued (China Standard Time).
    pub date: CalendarDate,
    /// The city's 6-digit GB/T 2260 code.
    pub city_code: &'a str,
    /// The 50 random bits, as [`format_reference`] took them.
    pub random: u64,
}

/// The reference number for `date`, `city_code` and the low 50 bits of `random` (higher
/// bits are ignored). The bits are written 5 at a time from the least significant end:
/// the first of the 10 characters is `random & 31`. The same inputs always give the same
/// number; the caller supplies fresh randomness (the server: 8 bytes from the operating
/// system, read little-endian).
///
/// Errors: [`ReferenceError::CityCode`] when `city_code` is not 6 ASCII digits.
pub fn format_reference(
    date: CalendarDate,
    city_code: &str,
    random: u64,
) -> Result<String, ReferenceError> {
    if !is_division_code(city_code) {
        return Err(ReferenceError::CityCode);
    }
    let mut bits = random;
    let mut tail = String::with_capacity(10);
    for _ in 0..10 {
        tail.push(char::from(CROCKFORD[(bits & 31) as usize]));
        bits >>= 5;
    }
    Ok(format!(
        "{:04}{:02}{:02}-{city_code}-{tail}",
        date.year(),
        date.month(),
        date.day()
    ))
}

/// Whether `text` has the shape of a reference number, so it is worth looking up: 26
/// characters, dashes at 9 and 16, digits before them, Crockford base32 capitals after.
/// Does not check the date is a real day (see [`parse_reference`]); exactly the check the
/// server's `GET /api/v1/submissions/{reference}` has made so far.
pub fn is_reference(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == REFERENCE_LEN
        && b[8] == b'-'
        && b[15] == b'-'
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[16..].iter().all(|c| CROCKFORD.contains(c))
}

/// Takes a reference number apart: its date, city code and random bits.
///
/// Errors: [`ReferenceError::Format`] when it fails [`is_reference`],
/// [`ReferenceError::Date`] when its date is no real day.
pub fn parse_reference(text: &str) -> Result<ReferenceParts<'_>, ReferenceError> {
    if !is_reference(text) {
        return Err(ReferenceError::Format);
    }
    let date = CalendarDate::parse(&format!("{}-{}-{}", &text[..4], &text[4..6], &text[6..8]))
        .map_err(|_| ReferenceError::Date)?;
    let mut random = 0u64;
    for (i, c) in text.as_bytes()[16..].iter().enumerate() {
        let value = CROCKFORD.iter().position(|a| a == c).unwrap_or(0) as u64;
        random |= value << (5 * i);
    }
    Ok(ReferenceParts {
        date,
        city_code: &text[9..15],
        random,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d() -> CalendarDate {
        CalendarDate::parse("2026-03-10").unwrap()
    }

    #[test]
    fn formats_date_city_and_fifty_bits() {
        assert_eq!(
            format_reference(d(), "310100", 0),
            Ok("20260310-310100-0000000000".into())
        );
        // Least significant 5 bits first.
        assert_eq!(
            format_reference(d(), "310100", 1 | (31 << 45)),
            Ok("20260310-310100-100000000Z".into())
        );
        // Bits above the 50th are ignored.
        assert_eq!(
            format_reference(d(), "310100", u64::MAX),
            format_reference(d(), "310100", (1 << 50) - 1)
        );
        assert_eq!(
            format_reference(d(), "31010", 0),
            Err(ReferenceError::CityCode)
        );
        assert_eq!(
            format_reference(d(), "３１０１００", 0),
            Err(ReferenceError::CityCode)
        );
    }

    #[test]
    fn shape_check_matches_the_server_s() {
        let r = format_reference(d(), "440300", 0x2_3456_789A_BCDE).unwrap();
        assert!(is_reference(&r), "{r}");
        assert_eq!(r.len(), REFERENCE_LEN);
        assert!(!is_reference("20260310-310100-ILOU000000"));
        assert!(!is_reference("20260310-310100-abcdefghjk"));
        assert!(!is_reference("20260310_310100_0000000000"));
        assert!(!is_reference("20260310-310100-000000000"));
        assert!(!is_reference("x"));
        assert!(!is_reference(""));
        // The shape only: a month 13 passes is_reference, not parse_reference.
        assert!(is_reference("20261310-310100-0000000000"));
    }

    #[test]
    fn parse_is_the_inverse_of_format() {
        for random in [0, 1, 0x2_3456_789A_BCDE, (1 << 50) - 1] {
            let r = format_reference(d(), "440300", random).unwrap();
            let parts = parse_reference(&r).unwrap();
            assert_eq!(parts.date, d());
            assert_eq!(parts.city_code, "440300");
            assert_eq!(parts.random, random);
        }
        assert_eq!(
            parse_reference("20261310-310100-0000000000"),
            Err(ReferenceError::Date)
        );
        assert_eq!(parse_reference("nope"), Err(ReferenceError::Format));
    }
}
