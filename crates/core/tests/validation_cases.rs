//! Every case of the shared input cases (`shared/cases/validation.json`, read at run time
//! from beside the repository, where CI has it too) against the native build of the rules.
//! `wasm_cases.rs` runs the same cases in the wasm build.

mod shared_cases;

use std::path::PathBuf;

fn cases_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cases/validation.json")
}

#[test]
fn shared_validation_cases() {
    let path = cases_path();
    let json = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let (checked, failures) = shared_cases::check_cases(&json);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 33, "only {checked} cases checked");
    // Every listed code belongs to a case that still exists.
    for (input, _) in shared_cases::EXPECTED_CODES {
        assert!(
            json.contains(&format!("\"{input}\"")),
            "{input} is no longer a case"
        );
    }
}
