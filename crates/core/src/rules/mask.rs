//! The masking shared by the kinds that keep a head and a tail visible (resident IDs,
//! mobiles, plates). Each kind's `mask_*` function lives with the kind.

/// Keeps `head` leading and `tail` trailing characters and replaces the rest with `*`;
/// masks everything when the text is not longer than `head + tail`.
pub(super) fn mask_middle(text: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    if n <= head + tail {
        return "*".repeat(n);
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middle_masked_counting_characters() {
        assert_eq!(mask_middle("沪A12345", 2, 1), "沪A****5");
        assert_eq!(mask_middle("abc", 2, 1), "***");
        assert_eq!(mask_middle("", 2, 1), "");
    }
}
