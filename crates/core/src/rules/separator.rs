//! Characters that never carry meaning inside compact values (IDs, phones, plates,
//! dates), and the compaction that drops them.

use crate::text::nfkc;

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
pub(super) fn compact(input: &str) -> String {
    nfkc(input).chars().filter(|c| !is_separator(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_dropped_after_nfkc() {
        assert_eq!(
            compact("４４０３ 0519-8511\u{200B}2010·8X"),
            "44030519851120108X"
        );
        assert!(is_separator('\u{3000}') && is_separator('—') && !is_separator('X'));
    }
}
