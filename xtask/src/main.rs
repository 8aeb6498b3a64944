//! `cargo xtask`: the README's commands, and the steps they are made of.
//!
//! - `cargo xtask run [-- server args]`: install what is missing, build the SPA in release
//!   (Trunk `--offline`, wasm-opt `-Oz`), start the server on the embedded SQLite, print the URL.
//! - `cargo xtask test`: install what is missing (and Debian Chromium and PostgreSQL), then
//!   fmt, the module graph check, clippy (native and wasm32), unit and API tests (the
//!   server's on SQLite and on a throwaway PostgreSQL server), the SPA build, the first-load size report, the
//!   wasm's features against the supported floor and the end-to-end tests in headless
//!   Chromium.
//! - `cargo xtask reset-sandbox`: empty and re-seed the sandbox data (test vehicles, fines,
//!   户号, bills; docs/sandbox.md) of the `DATABASE_URL` database (default: the embedded
//!   SQLite of `run`), through `citizen-server --reset-sandbox`.
//! - `cargo xtask build`: only the SPA release build into `dist/`.
//! - `cargo xtask size`: the first-load size report of an existing `dist/`.
//! - `cargo xtask modgraph`: fails on a module cycle inside a crate or a component that uses
//!   `api`, `state` or `host` ([`modgraph`]); part of `test`.
//! - `cargo xtask gen-cities`: regenerate `catalog/cities.json` from the npm packages.
//! - `cargo xtask update-baselines`: rebuild, then rewrite the gallery's visual baselines
//!   (`tests/visual/baselines/`) after an intended change of look.
//!
//! Nothing here downloads a binary: tools come from crates.io (trunk, wasm-bindgen-cli),
//! npm (binaryen's wasm-opt, playwright-core, axe-core) and Debian (chromium). Plain std only,
//! so this tool itself compiles in seconds.

mod modgraph;
mod postgres;
mod reliability;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// Trunk release that works with our rustc (0.22 needs a newer one). See DESIGN.md.
const TRUNK_VERSION: &str = "0.21.14";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("xtask: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    let rest = args.get(1..).unwrap_or_default();
    let outcome = match args.first().map(String::as_str) {
        Some("run") => run(rest),
        Some("reset-sandbox") => reset_sandbox(),
        Some("test") => test(),
        Some("build") => setup(false).and_then(|()| build_spa()),
        Some("size") => size(),
        Some("modgraph") => modgraph::check(&root),
        Some("gen-cities") => gen_cities(),
        Some("update-baselines") => update_baselines(),
        _ => {
            eprintln!(
                "usage: cargo xtask <run [-- server args] | reset-sandbox | test | build | size | modgraph | gen-cities | update-baselines>"
            );
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    // CARGO_MANIFEST_DIR is xtask/; its parent is the workspace root.
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// PATH with the npm tools (wasm-opt) and cargo's bin dir in front.
fn tool_path() -> String {
    let mut parts = vec![std::env::current_dir()
        .unwrap_or_default()
        .join("node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        parts.push(home.join("bin"));
    }
    let mut path: Vec<String> = parts.iter().map(|p| p.display().to_string()).collect();
    if let Ok(old) = std::env::var("PATH") {
        path.push(old);
    }
    path.join(":")
}

fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.env("PATH", tool_path());
    c
}

/// Runs a command to completion, echoing it; fails on a non-zero exit.
fn sh(c: &mut Command) -> Result {
    let shown = format!("{c:?}").replace('"', "");
    eprintln!("\n$ {shown}");
    let status = c
        .status()
        .map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// The stdout of a command, or None when it cannot run or fails.
fn output(c: &mut Command) -> Option<String> {
    let out = c.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The wasm-bindgen version Cargo.lock pins: the CLI must match it exactly.
fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string("Cargo.lock")
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

/// Installs what the build needs when it is missing. `browser` adds Debian Chromium,
/// ChromeDriver and CJK fonts (for the end-to-end tests).
fn setup(browser: bool) -> Result {
    sh(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    let trunk_ok = output(cmd("trunk").arg("--version"))
        .is_some_and(|v| v.trim() == format!("trunk {TRUNK_VERSION}"));
    if !trunk_ok {
        sh(cmd("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    }
    let wb = locked_wasm_bindgen()?;
    let wb_ok = output(cmd("wasm-bindgen").arg("--version"))
        .is_some_and(|v| v.trim() == format!("wasm-bindgen {wb}"));
    if !wb_ok {
        // Not --locked: its lock file pins a yanked crate (DESIGN.md).
        sh(cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", &wb]))?;
    }
    let npm_stamp = Path::new("node_modules/.package-lock.json");
    let npm_fresh = match (
        std::fs::read("package-lock.json"),
        std::fs::metadata(npm_stamp),
    ) {
        (Ok(_), Ok(stamp)) => std::fs::metadata("package-lock.json")
            .and_then(|l| Ok(l.modified()? <= stamp.modified()?))
            .unwrap_or(false),
        _ => false,
    };
    if !npm_fresh {
        sh(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    }
    if browser {
        install_browser()?;
    }
    Ok(())
}

fn install_browser() -> Result {
    let fonts = output(Command::new("fc-list").arg(":lang=zh"))
        .is_some_and(|f| f.contains("Noto Sans CJK"));
    let missing = !Path::new("/usr/bin/chromium").exists()
        || !Path::new("/usr/bin/chromedriver").exists()
        || !fonts;
    if !missing {
        return Ok(());
    }
    let root = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    if !root {
        return Err(
            "Chromium, ChromeDriver or CJK fonts are missing. Install them as root: \
             apt-get update && apt-get install -y chromium chromium-driver fonts-noto-cjk"
                .into(),
        );
    }
    sh(Command::new("apt-get").arg("update"))?;
    sh(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
            "fonts-noto-cjk",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Builds the SPA in release into `dist/` (Trunk offline, wasm-opt -Oz from npm binaryen):
/// the residents' bundle, then the same app with more features, each its own bundle the
/// server answers its routes with, so their code never weighs on a resident's first load:
///
/// | bundle | page | features | into | served at |
/// |---|---|---|---|---|
/// | residents' | `residents.html` | `split` | `dist/` | every other route |
/// | apply | `apply.html` | `forms` | `dist/apply/` | `/city/:code/service/:id/apply…` |
/// | services | `services.html` | `services` (with `forms`) | `dist/services/` | `/city/:code/service/:id/lookup…`, `/orders/…`, `/identity`, `/my…` |
/// | gallery | `gallery.html` | `gallery` (with `forms`) | `dist/gallery/` | `/gallery…` |
///
/// The pages are generated from `index.html` (the features on its Rust link, and the form
/// styles for apply and gallery), so they cannot drift apart; `index.html` itself, without
/// features, is what plain `trunk serve` builds, as `trunk serve apply.html` builds the form
/// pages (a split build needs this command). `dist/` first: Trunk empties its dist
/// directory. With `split`, the pages of src/lazy.rs are cut into chunks while Trunk builds
/// ([`SplitTools`]) and placed next to the glue after it (`scripts/place-chunks.mjs`).
/// Trunk minifies HTML and CSS (Trunk.toml); the JavaScript is minified last, with terser
/// (`scripts/minify-js.mjs`).
fn build_spa() -> Result {
    let split = SplitTools::prepare()?;
    for (name, features, forms_css) in BUNDLES {
        let page = write_bundle_html(name, features, forms_css)?;
        let residents = name == "residents";
        let dist = if residents {
            "dist".to_string()
        } else {
            format!("dist/{name}")
        };
        let public_url = if residents {
            "/".to_string()
        } else {
            format!("/{name}/")
        };
        let split_dir = split.dir(name);
        // A bundle built without `split` leaves nothing there: no stale chunks.
        if split_dir.exists() {
            std::fs::remove_dir_all(&split_dir)
                .map_err(|e| format!("cannot empty {}: {e}", split_dir.display()))?;
        }
        // `--offline` last: it takes an optional value and would swallow the target.
        sh(split.trunk(&split_dir).args([
            "build",
            page.as_str(),
            "--release",
            "--dist",
            dist.as_str(),
            "--public-url",
            public_url.as_str(),
            "--offline",
        ]))?;
        sh(cmd("node").args([
            "scripts/place-chunks.mjs",
            &split_dir.display().to_string(),
            &dist,
        ]))?;
    }
    sh(cmd("node").args(["scripts/minify-js.mjs", "dist"]))
}

/// Every bundle: name (`dist/{name}/` and URL prefix, except the residents' at the root),
/// its Cargo features, and whether it loads the form components' styles.
const BUNDLES: [(&str, &str, bool); 4] = [
    ("residents", "split", false),
    ("apply", "forms", true),
    ("services", "services", true),
    ("gallery", "gallery", true),
];

/// The wasm splitter (crates/split) as the `wasm-bindgen` Trunk finds first on PATH, with the
/// real one's path: see crates/split/src/main.rs.
struct SplitTools {
    /// Directory holding the splitter under the name `wasm-bindgen`.
    bin: PathBuf,
    /// The real wasm-bindgen.
    real: PathBuf,
    /// The cargo target directory (`CARGO_TARGET_DIR` or `target`).
    target: PathBuf,
}

impl SplitTools {
    /// Builds the splitter (release) and puts it at `<target>/split-tools/wasm-bindgen`.
    fn prepare() -> Result<Self> {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("target"));
        let real = output(cmd("which").arg("wasm-bindgen"))
            .map(|p| PathBuf::from(p.trim()))
            .ok_or(
                "wasm-bindgen is not on PATH (cargo xtask installs it: run `cargo xtask build`)",
            )?;
        sh(cmd("cargo").args(["build", "--release", "--quiet", "-p", "citizen-split"]))?;
        let bin = target.join("split-tools");
        std::fs::create_dir_all(&bin)
            .map_err(|e| format!("cannot create {}: {e}", bin.display()))?;
        let from = target.join("release/citizen-split");
        std::fs::copy(&from, bin.join("wasm-bindgen"))
            .map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
        Ok(Self { bin, real, target })
    }

    /// Where the splitter leaves the chunks of bundle `name`.
    fn dir(&self, name: &str) -> PathBuf {
        self.target.join("split").join(name)
    }

    /// `trunk`, finding the splitter as wasm-bindgen; it writes into `split_dir`.
    fn trunk(&self, split_dir: &Path) -> Command {
        let mut c = Command::new("trunk");
        let bin = std::fs::canonicalize(&self.bin).unwrap_or_else(|_| self.bin.clone());
        c.env("PATH", format!("{}:{}", bin.display(), tool_path()))
            .env("CITIZEN_WASM_BINDGEN", &self.real)
            .env(
                "CITIZEN_SPLIT_DIR",
                std::env::current_dir().unwrap_or_default().join(split_dir),
            );
        c
    }
}

/// Writes `{name}.html`: `index.html` with `data-cargo-features="{features}"` on its Rust
/// link and, when `forms_css`, the form components' styles (`style/forms.css`) after the
/// others. Returns the file name.
fn write_bundle_html(name: &str, features: &str, forms_css: bool) -> Result<String> {
    const FORMS_CSS_LINK: &str = r#"<link data-trunk rel="css" href="style/forms.css">"#;
    let index = std::fs::read_to_string("index.html")
        .map_err(|e| format!("cannot read index.html: {e}"))?;
    let rust_link = r#"data-bin="citizen-home""#;
    let components = r#"<link data-trunk rel="css" href="style/components.css">"#;
    for needle in [rust_link, components] {
        if index.matches(needle).count() != 1 {
            return Err(format!("index.html must contain {needle} exactly once"));
        }
    }
    let mut page = index.replace(
        rust_link,
        &format!(r#"data-bin="citizen-home" data-cargo-features="{features}""#),
    );
    if forms_css {
        page = page.replace(components, &format!("{components}\n  {FORMS_CSS_LINK}"));
    }
    let note = "<!-- Generated by `cargo xtask build` from index.html: do not edit. -->\n";
    let file = format!("{name}.html");
    std::fs::write(&file, format!("{note}{page}"))
        .map_err(|e| format!("cannot write {file}: {e}"))?;
    Ok(file)
}

fn size() -> Result {
    sh(cmd("node").args(["scripts/size.mjs", "dist"]))
}

/// The WebAssembly features the built module uses, checked against the supported floor
/// (README, "Supported phones and webviews").
fn wasm_features() -> Result {
    sh(cmd("node").args(["scripts/wasm-features.mjs", "dist"]))
}

fn gen_cities() -> Result {
    sh(cmd("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    sh(cmd("node").arg("scripts/gen-cities.mjs"))
}

/// `cargo xtask run`: set up, build the SPA, run the server (release) until Ctrl-C.
fn run(server_args: &[String]) -> Result {
    setup(false)?;
    build_spa()?;
    let args: Vec<&str> = server_args
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "--")
        .collect();
    sh(cmd("cargo")
        .args(["run", "--release", "--quiet", "-p", "citizen-server", "--"])
        .args(args))
}

/// `cargo xtask reset-sandbox`: the server's `--reset-sandbox` on `DATABASE_URL` (the same
/// release build `run` uses), which prints what it wrote.
fn reset_sandbox() -> Result {
    sh(cmd("cargo").args([
        "run",
        "--release",
        "--quiet",
        "-p",
        "citizen-server",
        "--",
        "--reset-sandbox",
    ]))
}

/// Packages built natively (the SPA is only built for wasm32).
const NATIVE: [&str; 8] = [
    "-p",
    "citizen-core",
    "-p",
    "citizen-server",
    "-p",
    "citizen-split",
    "-p",
    "xtask",
];
/// Packages built for wasm32.
const WASM: [&str; 4] = ["-p", "citizen-home", "-p", "citizen-core"];

/// `cargo clippy --all-targets` for wasm32 with `args` (packages, features), warnings denied.
fn clippy_wasm(args: &[&str]) -> Result {
    sh(cmd("cargo")
        .args([
            "clippy",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(args)
        .args(["--", "-D", "warnings"]))
}

/// `cargo xtask test`: everything CI runs.
fn test() -> Result {
    let started = Instant::now();
    setup(true)?;
    reliability::reset(Path::new("."))?;
    sh(cmd("cargo").args(["fmt", "--all", "--check"]))?;
    eprintln!("\n$ cargo xtask modgraph");
    modgraph::check(Path::new("."))?;
    sh(cmd("cargo")
        .args(["clippy", "--all-targets"])
        .args(NATIVE)
        .args(["--", "-D", "warnings"]))?;
    clippy_wasm(&WASM)?;
    // The other bundles (BUNDLES) too: their features compile other code.
    for (_, features, _) in BUNDLES {
        clippy_wasm(&["-p", "citizen-home", "--features", features])?;
    }
    // The server's tests run on SQLite and, through TEST_POSTGRES_URL, on a real PostgreSQL.
    let pg = postgres::TempPostgres::start()?;
    sh(cmd("cargo")
        .arg("test")
        .args(NATIVE)
        .env("TEST_POSTGRES_URL", &pg.url))?;
    drop(pg);
    // The SPA's pure logic (routes use, host detection, l10n, state), natively.
    sh(cmd("cargo").args([
        "test",
        "-p",
        "citizen-home",
        "--bin",
        "citizen-home",
        "--features",
        "forms",
    ]))?;
    // The same shared validation cases against the browser build of the rules (NFKC from
    // the browser), in headless Chromium through wasm-bindgen-test (webdriver.json).
    sh(cmd("cargo")
        .args([
            "test",
            "-p",
            "citizen-core",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            "browser",
            "--test",
            "wasm_cases",
        ])
        .env("CHROMEDRIVER", "/usr/bin/chromedriver"))?;
    build_spa()?;
    size()?;
    wasm_features()?;
    sh(cmd("cargo").args(["build", "-p", "citizen-server"]))?;
    e2e(None)?;
    reliability::summary(Path::new("."))?;
    eprintln!(
        "\nxtask: all tests passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Rebuilds, then runs the gallery's visual test in update mode.
fn update_baselines() -> Result {
    setup(true)?;
    build_spa()?;
    sh(cmd("cargo").args(["build", "-p", "citizen-server"]))?;
    std::env::set_var("UPDATE_BASELINES", "1");
    e2e(Some("gallery.test.mjs"))
}

/// Stops the server when dropped, whatever happens to the tests.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free TCP port on 127.0.0.1.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port())
}

/// Starts the debug server on a fresh SQLite file and a free port, runs the Playwright
/// tests against it with node's test runner. `only` limits the run to one test file.
///
/// The server's `PARTNER_ORIGINS` is `http://127.0.0.1:<another free port>`: the iframe
/// tests (tests/e2e/hosts.test.mjs) read it from `/api/v1/embed` and serve their partner
/// page there, and the same page from `http://localhost:<port>` as an origin not allowed.
fn e2e(only: Option<&str>) -> Result {
    let port = free_port()?;
    let partner = format!("http://127.0.0.1:{}", free_port()?);
    let tmp = std::env::temp_dir().join(format!("citizen-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let db = tmp.join("e2e.sqlite");
    let _ = std::fs::remove_file(&db);
    let addr = format!("127.0.0.1:{port}");
    let exe = Path::new("target/debug/citizen-server");
    eprintln!(
        "\n$ {} (ADDR={addr} PARTNER_ORIGINS={partner})",
        exe.display()
    );
    let log_path = tmp.join("server.log");
    let log = std::fs::File::create(&log_path)
        .map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
    let child = Command::new(exe)
        .env("ADDR", &addr)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", db.display()),
        )
        .env("CATALOG_DIR", "catalog")
        .env("DIST_DIR", "dist")
        .env("PARTNER_ORIGINS", &partner)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let server = Server(child);
    let base = format!("http://{addr}");
    wait_healthy(&addr)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/e2e")
        .map_err(|e| format!("cannot list tests/e2e: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .filter(|p| only.is_none_or(|o| p.file_name().is_some_and(|n| n == o)))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("no end-to-end tests in tests/e2e (*.test.mjs)".into());
    }
    // The spec reporter repeats every failing test, with its error, at the very end, so
    // the last lines of a CI log name what failed.
    let result = sh(cmd("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(&files)
        .env("BASE_URL", &base));
    drop(server);
    if result.is_err() {
        print_tail(&log_path, 15);
    }
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

/// Prints the last `lines` lines of the server's log (kept in a file during the browser
/// tests so that its request lines do not bury the test runner's report).
fn print_tail(path: &Path, lines: usize) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    eprintln!(
        "\nxtask: the last {} lines of the server's log ({}):",
        lines.min(all.len()),
        path.display()
    );
    for line in &all[all.len().saturating_sub(lines)..] {
        eprintln!("{line}");
    }
}

/// Polls GET /healthz until it answers 200 (60 s at most).
fn wait_healthy(addr: &str) -> Result {
    use std::io::{Read, Write};
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(mut s) = std::net::TcpStream::connect(addr) {
            let _ = s.write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n");
            let mut buf = String::new();
            if s.read_to_string(&mut buf).is_ok()
                && (buf.starts_with("HTTP/1.0 200") || buf.starts_with("HTTP/1.1 200"))
            {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Err(format!(
        "the server on {addr} did not become healthy within 60 s"
    ))
}
