//! Generates the translation module (`leptos_i18n`) from `locales/*.json`: zh-CN is the
//! default, en the second language. A key missing from a locale is a build warning here and
//! a failing test in `xtask/tests/locales.rs`.
//!
//! With the `split` feature (src/lazy.rs), the wasm is linked with `--emit-relocs`: the
//! splitter (crates/split) needs the relocations to cut it into chunks. Only then: a module
//! with relocations is one wasm-opt cannot optimise.

use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    if std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?).join("i18n");
    let cfg = Config::new("zh-CN")?
        .add_locale("en")?
        .parse_options(ParseOptions::default().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    infos.generate_i18n_module(out)?;
    Ok(())
}
