//! Text normalisation shared by search and, later, the form rules.
//!
//! Residents type through Chinese IMEs that produce full-width digits and letters
//! (`１２３`, `ＣＱ`), ideographic spaces and assorted apostrophes. Unicode NFKC folds the
//! compatibility forms into ASCII; the helpers here then drop what never carries meaning.

/// Applies Unicode NFKC (compatibility composition): full-width `１２３ＡＢＣ` becomes
/// `123ABC`, the ideographic space U+3000 becomes a plain space. Source: Unicode UAX #15.
///
/// Natively this is the `unicode-normalization` crate. In the browser build (feature
/// `browser`, wasm32) it is the browser's own `String.prototype.normalize("NFKC")` (ICU):
/// the same standard algorithm, without shipping 137 KB of tables to every resident. The
/// shared input cases run against both builds.
#[cfg(not(all(target_arch = "wasm32", feature = "browser")))]
pub fn nfkc(input: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    input.nfkc().collect()
}

/// See the native version above: the browser's `String.prototype.normalize("NFKC")`.
#[cfg(all(target_arch = "wasm32", feature = "browser"))]
pub fn nfkc(input: &str) -> String {
    js_sys::JsString::from(input)
        .normalize("NFKC")
        .as_string()
        .unwrap_or_else(|| input.to_string())
}

/// Unicode lower case (the default case conversion of the Unicode standard, chapter 3.13):
/// `ÜBER` becomes `über`. Natively Rust's `str::to_lowercase`; in the browser build the
/// browser's `String.prototype.toLowerCase()`, the same mapping, without shipping Rust's
/// case tables (about 8 KB brotli) to every resident.
#[cfg(not(all(target_arch = "wasm32", feature = "browser")))]
pub fn lowercase(input: &str) -> String {
    input.to_lowercase()
}

/// See the native version above: the browser's `String.prototype.toLowerCase()`.
#[cfg(all(target_arch = "wasm32", feature = "browser"))]
pub fn lowercase(input: &str) -> String {
    js_sys::JsString::from(input)
        .to_lower_case()
        .as_string()
        .unwrap_or_else(|| input.to_string())
}

/// Folds a search query into the form the city index is searched in: NFKC, lower case,
/// and with white space, apostrophes (`xi'an`), dashes and middle dots removed.
///
/// Never fails: any Unicode input gives some (possibly empty) string.
pub fn fold_query(input: &str) -> String {
    let kept: String = nfkc(input)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '’' | '‘' | '`' | '-' | '·' | '•'))
        .collect();
    lowercase(&kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_spaces_and_apostrophes() {
        assert_eq!(fold_query("Chong Qing"), "chongqing");
        assert_eq!(fold_query("ＣＱ"), "cq");
        assert_eq!(fold_query("xi'an"), "xian");
        assert_eq!(fold_query("\u{3000}重庆\u{3000}"), "重庆");
        assert_eq!(fold_query("100%"), "100%");
    }

    #[test]
    fn lower_case_beyond_ascii() {
        // The same cases run in the browser build (tests/wasm_cases.rs).
        assert_eq!(fold_query("Xi'An"), "xian");
        assert_eq!(fold_query("LÜLIANG"), "lüliang");
        assert_eq!(fold_query("ＬＵ̈ＬＩＡＮＧ"), "lüliang");
        assert_eq!(fold_query("重庆 ＳＨＩ"), "重庆shi");
    }
}
