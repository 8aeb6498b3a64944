//! Amount: a sum of money, held as integer 分 (fen, 1/100 of a yuan) end to end and shown
//! with two decimals in the current language (DESIGN.md: money is integer 分).

use leptos::prelude::*;

use crate::i18n::{use_i18n, Locale};

/// `amount_fen` (in 分: 1 元 = 100 分; negative for refunds and credits) as it reads in
/// `locale`: `¥1,234.50` in Chinese, `CNY 1,234.50` in English. Yuan grouped by threes
/// with commas, always two decimals, a leading `-` when negative (`-¥12.00`). Integer
/// arithmetic only, exact for every `i64` (`i64::MIN` included); it cannot fail.
pub fn format_fen(amount_fen: i64, locale: Locale) -> String {
    let abs = amount_fen.unsigned_abs();
    let yuan = (abs / 100).to_string();
    let mut out = String::with_capacity(yuan.len() + 12);
    if amount_fen < 0 {
        out.push('-');
    }
    out.push_str(if locale == Locale::en { "CNY " } else { "¥" });
    for (i, digit) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    let fen = abs % 100;
    out.push('.');
    out.push(char::from(b'0' + (fen / 10) as u8));
    out.push(char::from(b'0' + (fen % 10) as u8));
    out
}

/// An amount of money as text ([`format_fen`]), in the current language. Long amounts
/// wrap rather than overflow a 320 px screen.
#[component]
pub fn Amount(
    /// The amount in 分 (fen): `123450` is ¥1,234.50. Negative for refunds and credits.
    #[prop(into)]
    amount_fen: Signal<i64>,
    /// Show it large and bold, for the total due of a bill.
    #[prop(optional)]
    large: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="ch-amount" class:ch-amount--large=large>
            {move || format_fen(amount_fen.get(), i18n.get_locale())}
        </span>
    }
}
