//! 受理编号 (reference numbers): `YYYYMMDD-CCCCCC-XXXXXXXXXX`.

use citizen_core::date::CalendarDate;

/// Crockford's base32 alphabet: digits and capitals without I, L, O, U.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new 受理编号: `YYYYMMDD-CCCCCC-XXXXXXXXXX`, the date in China Standard Time, the city
/// code, and 10 Crockford base32 characters from 50 bits of the operating system's
/// randomness.
///
/// Errors: no randomness available (an internal error).
pub fn new_reference(date: CalendarDate, city_code: &str) -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes)?;
    let mut bits = u64::from_le_bytes(bytes);
    let mut random = String::with_capacity(10);
    for _ in 0..10 {
        random.push(char::from(CROCKFORD[(bits & 31) as usize]));
        bits >>= 5;
    }
    Ok(format!(
        "{:04}{:02}{:02}-{city_code}-{random}",
        date.year(),
        date.month(),
        date.day()
    ))
}

/// Whether `text` has the shape of a reference number (so it is worth looking up).
pub(super) fn is_reference(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 26
        && b[8] == b'-'
        && b[15] == b'-'
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[16..].iter().all(|c| CROCKFORD.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_random_crockford() {
        let d = CalendarDate::parse("2026-03-10").unwrap();
        let a = new_reference(d, "310100").unwrap();
        let b = new_reference(d, "310100").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("20260310-310100-"), "{a}");
        assert!(is_reference(&a), "{a}");
        assert!(!is_reference("20260310-310100-ILOU000000"));
        assert!(!is_reference("x"));
    }
}
