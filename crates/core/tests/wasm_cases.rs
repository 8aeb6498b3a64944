//! The shared input cases (`shared/cases/validation.json`) against the wasm32 build of the
//! rules, in a browser: with the `browser` feature, NFKC is the browser's own
//! `String.prototype.normalize`, so this proves the browser's normalisation agrees with the
//! server's. The file is embedded at compile time from beside the repository (where CI
//! has it too). Native builds compile this file to nothing; `validation_cases.rs` runs the
//! same checks natively.
//!
//! ```text
//! cargo test -p citizen-core --target wasm32-unknown-unknown --features browser --test wasm_cases
//! ```
#![cfg(target_arch = "wasm32")]

mod shared_cases;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const CASES: &str = include_str!("../../../../shared/cases/validation.json");

#[wasm_bindgen_test]
fn shared_validation_cases() {
    let (checked, failures) = shared_cases::check_cases(CASES);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 33, "only {checked} cases checked");
}

#[wasm_bindgen_test]
fn full_width_input_is_folded_by_this_build() {
    assert_eq!(
        citizen_core::rules::normalize_resident_id("４４０３０５１９８５１１２０１０８ｘ"),
        "44030519851120108X"
    );
    assert_eq!(
        citizen_core::rules::normalize_mobile("＋８６　１３８　００１３　８０００"),
        "13800138000"
    );
}

/// The search fold in the browser build (NFKC and lower case from the browser) gives what
/// the native build gives (`text.rs` tests), beyond ASCII too.
#[wasm_bindgen_test]
fn search_queries_fold_like_the_native_build() {
    use citizen_core::text::fold_query;
    assert_eq!(fold_query("ＣＱ"), "cq");
    assert_eq!(fold_query("Chong Qing"), "chongqing");
    assert_eq!(fold_query("Xi'An"), "xian");
    assert_eq!(fold_query("LÜLIANG"), "lüliang");
    assert_eq!(fold_query("ＬＵ̈ＬＩＡＮＧ"), "lüliang");
    assert_eq!(fold_query("重庆 ＳＨＩ"), "重庆shi");
}
