//! `wasm-bindgen` as Trunk calls it, with the wasm split into chunks first.
//!
//! Trunk 0.21 runs cargo, then `wasm-bindgen` from PATH, then wasm-opt, and has no step in
//! between. `cargo xtask build` puts this program first on PATH under the name
//! `wasm-bindgen`, with two variables:
//!
//! - `CITIZEN_WASM_BINDGEN`: the real wasm-bindgen (required).
//! - `CITIZEN_SPLIT_DIR`: where the chunks (`*.wasm`) and their loader (`citizen-split.js`)
//!   go. `cargo xtask build` moves them next to the bundle's glue after Trunk, optimises
//!   them and gives them hashed names.
//!
//! When the input wasm has split points (built with the SPA's `split` feature, see
//! src/lazy.rs) it is split by `wasm_split_cli_support`, and wasm-bindgen runs on the main
//! part with `--keep-lld-exports` (the chunks link against those exports). Anything else
//! (`--version`, a wasm without split points) goes to the real wasm-bindgen unchanged.
//!
//! Errors: a message on stderr naming the step, and exit status 1 (Trunk then fails the
//! build and prints it).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The import module of an unsplit split point (wasm_split_helpers' magic constant).
const PLACEHOLDER_IMPORT_MODULE: &[u8] = b"__wasm_split_placeholder__";

/// File name of the chunk loader, relative to the glue; the wasm imports it under this name.
pub const LOADER: &str = "citizen-split.js";

/// What the loader imports `initSync` from: replaced by the glue's hashed name after Trunk.
pub const GLUE_PLACEHOLDER: &str = "./citizen-home-glue.js";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("wasm-bindgen (citizen-split): {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let real = std::env::var_os("CITIZEN_WASM_BINDGEN")
        .ok_or("CITIZEN_WASM_BINDGEN is not set (run through `cargo xtask build`)")?;
    let mut args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let input = args.iter().position(|a| {
        !a.to_string_lossy().starts_with('-') && a.to_string_lossy().ends_with(".wasm")
    });
    if let (Some(i), Some(dir)) = (input, std::env::var_os("CITIZEN_SPLIT_DIR")) {
        let wasm_path = PathBuf::from(&args[i]);
        let wasm = std::fs::read(&wasm_path)
            .map_err(|e| format!("cannot read {}: {e}", wasm_path.display()))?;
        if has_split_points(&wasm) {
            let main = split(&wasm, Path::new(&dir))?;
            args[i] = main.into_os_string();
            args.push("--keep-lld-exports".into());
        }
    }
    let status = Command::new(&real)
        .args(&args)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", PathBuf::from(&real).display()))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Whether the module imports from the split points' placeholder module.
fn has_split_points(wasm: &[u8]) -> bool {
    wasm.windows(PLACEHOLDER_IMPORT_MODULE.len())
        .any(|w| w == PLACEHOLDER_IMPORT_MODULE)
}

/// Splits `wasm` into `dir` (emptied first): the chunks, the loader and `main.wasm`, whose
/// path is returned.
fn split(wasm: &[u8], dir: &Path) -> Result<PathBuf, String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("cannot empty {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let main = dir.join("main.wasm");
    let loader = format!("./{LOADER}");
    let mut opts = wasm_split_cli_support::Options::new(wasm);
    opts.output_dir = dir;
    opts.main_out_path = &main;
    opts.link_name = &loader;
    opts.main_module = GLUE_PLACEHOLDER;
    let out = wasm_split_cli_support::transform(opts).map_err(|e| format!("splitting: {e:#}"))?;
    // Which chunk files each split point needs (for the size report): split name → file
    // stems, as JSON.
    let mut entries: Vec<_> = out.prefetch_map.iter().collect();
    entries.sort();
    let manifest = entries
        .iter()
        .map(|(split, stems)| {
            let stems: Vec<String> = stems.iter().map(|s| format!("\"{s}\"")).collect();
            format!("  \"{split}\": [{}]", stems.join(", "))
        })
        .collect::<Vec<_>>()
        .join(",\n");
    let manifest_path = dir.join("manifest.json");
    std::fs::write(&manifest_path, format!("{{\n{manifest}\n}}\n"))
        .map_err(|e| format!("cannot write {}: {e}", manifest_path.display()))?;
    eprintln!(
        "citizen-split: {} chunk(s) in {}",
        out.split_modules.len(),
        dir.display()
    );
    Ok(main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_points_are_found_by_their_import_module() {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        assert!(!has_split_points(&wasm));
        wasm.extend_from_slice(b"\x02\x20\x01\x1a__wasm_split_placeholder__");
        assert!(has_split_points(&wasm));
    }
}
