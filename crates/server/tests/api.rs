//! End-to-end tests of citizen-server against real temporary SQLite files: the API over the
//! hand-written fixture catalog (`tests/fixtures/catalog`) and over the real one
//! (`catalog/` at the workspace root), static files, start-up failures, restarts, and the
//! binary itself (listening, broken catalog, SIGTERM).

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use citizen_core::api::{CitiesResponse, CityResponse, ErrorBody, ServiceResponse};
use citizen_core::catalog::parse_city_catalog;
use citizen_core::city::CityList;
use citizen_server::{prepare, App, Config, StartError};
use serde::de::DeserializeOwned;
use tempfile::TempDir;
use tower::ServiceExt;

const WASM_NAME: &str = "citizen-home-0123456789abcdef_bg.wasm";
const INDEX_HTML: &str =
    "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>市民之家</title></head><body></body></html>\n";

fn real_catalog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog")
}

fn fixture_catalog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog")
}

/// A started app with its temporary directory (database file, dist) kept alive.
struct Harness {
    app: App,
    config: Config,
    _dir: TempDir,
}

fn config_in(dir: &Path, catalog: &Path, dist: PathBuf) -> Config {
    Config {
        catalog_dir: catalog.to_path_buf(),
        dist_dir: dist,
        addr: "127.0.0.1:0".into(),
        // A nested directory that does not exist yet: the server must create it.
        database_url: format!(
            "sqlite://{}?mode=rwc",
            dir.join("data/citizen-home.sqlite").display()
        ),
        partner_origins: Default::default(),
    }
}

/// Writes a small built SPA: index.html, a hashed wasm module, robots.txt.
fn write_dist(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    fs::create_dir_all(&dist).unwrap();
    fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    for _ in 0..200 {
        wasm.extend_from_slice("citizen-home 市民之家 ".as_bytes());
    }
    fs::write(dist.join(WASM_NAME), wasm).unwrap();
    fs::write(dist.join("robots.txt"), "User-agent: *\nAllow: /\n").unwrap();
    dist
}

async fn start(catalog: &Path) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let dist = write_dist(dir.path());
    let config = config_in(dir.path(), catalog, dist);
    let app = match prepare(&config).await {
        Ok(app) => app,
        Err(e) => panic!("start with catalog {}: {e}", catalog.display()),
    };
    Harness {
        app,
        config,
        _dir: dir,
    }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json<T: DeserializeOwned>(&self) -> T {
        match serde_json::from_slice(&self.body) {
            Ok(v) => v,
            Err(e) => panic!("not the expected JSON ({e}): {}", self.text()),
        }
    }

    /// Asserts a JSON error with this status and code.
    fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        assert!(self
            .header(header::CONTENT_TYPE)
            .starts_with("application/json"));
        let body: ErrorBody = self.json();
        assert_eq!(body.error.code, code);
        assert!(!body.error.message.is_empty());
    }
}

async fn send(router: &Router, method: Method, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

async fn get(router: &Router, uri: &str) -> Reply {
    send(router, Method::GET, uri, &[]).await
}

/// The API contract, checked against any catalog directory that lists 上海 (joined, launch
/// position 1, with marriage registration) and 重庆 (not joined).
async fn check_catalog_api(router: &Router, catalog: &Path) {
    let health = get(router, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.text(), "ok");

    let list_file: CityList =
        serde_json::from_str(&fs::read_to_string(catalog.join("cities.json")).unwrap()).unwrap();
    let reply = get(router, "/api/v1/cities").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply
        .header(header::CONTENT_TYPE)
        .starts_with("application/json"));
    let list: CitiesResponse = reply.json();
    assert_eq!(list.source, list_file.source);
    let codes: Vec<&str> = list.cities.iter().map(|c| c.code.as_str()).collect();
    let file_codes: Vec<&str> = list_file.cities.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        codes, file_codes,
        "cities come in cities.json (pinyin) order"
    );
    assert_eq!(list.cities.iter().filter(|c| c.name == "重庆市").count(), 1);
    let shanghai = list
        .cities
        .iter()
        .find(|c| c.code == "310100")
        .expect("上海市 listed");
    assert_eq!(shanghai.name, "上海市");
    assert!(shanghai.joined);
    assert_eq!(shanghai.launch_order, Some(1));
    assert_eq!(shanghai.pinyin, ["shang", "hai", "shi"]);
    let chongqing = list
        .cities
        .iter()
        .find(|c| c.code == "500100")
        .expect("重庆市 listed");
    assert!(!chongqing.joined);

    // Joined exactly when a catalog file exists.
    let mut files: Vec<String> = fs::read_dir(catalog.join("cities"))
        .unwrap()
        .filter_map(|e| {
            e.unwrap()
                .file_name()
                .to_str()?
                .strip_suffix(".json")
                .map(String::from)
        })
        .collect();
    files.sort();
    let mut joined: Vec<String> = list
        .cities
        .iter()
        .filter(|c| c.joined)
        .map(|c| c.code.clone())
        .collect();
    joined.sort();
    assert_eq!(joined, files);

    let reply = get(router, "/api/v1/cities/500100").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let city: CityResponse = reply.json();
    assert_eq!(city.city.name, "重庆市");
    assert!(city.services.is_empty());

    let reply = get(router, "/api/v1/cities/310100").await;
    assert_eq!(reply.status, StatusCode::OK);
    let city: CityResponse = reply.json();
    assert!(city.city.joined);
    let file = fs::read_to_string(catalog.join("cities/310100.json")).unwrap();
    let file = parse_city_catalog("310100.json", &file).unwrap();
    assert_eq!(
        city.services, file.services,
        "services in catalog order, unchanged"
    );
    assert!(city
        .services
        .iter()
        .any(|s| s.id == "marriage-registration-appointment"));

    let reply = get(
        router,
        "/api/v1/cities/310100/services/marriage-registration-appointment",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let service: ServiceResponse = reply.json();
    assert_eq!(service.city.code, "310100");
    assert_eq!(service.service.id, "marriage-registration-appointment");

    for uri in [
        "/api/v1/cities/999999",
        "/api/v1/cities/abc",
        "/api/v1/cities/%E4%B8%8A%E6%B5%B7",
        "/api/v1/cities/3101000",
        "/api/v1/cities/999999/services/traffic-violation",
        "/api/v1/cities/x/services/traffic-violation",
    ] {
        get(router, uri)
            .await
            .assert_error(StatusCode::NOT_FOUND, "city_not_found");
    }
    for uri in [
        "/api/v1/cities/310100/services/no-such-service",
        "/api/v1/cities/500100/services/traffic-violation",
    ] {
        get(router, uri)
            .await
            .assert_error(StatusCode::NOT_FOUND, "service_not_found");
    }
    for uri in [
        "/api",
        "/api/",
        "/api/v1",
        "/api/v1/nope",
        "/api/v2/cities",
        "/api/v1/cities/310100/x/y/z",
    ] {
        get(router, uri)
            .await
            .assert_error(StatusCode::NOT_FOUND, "not_found");
    }
    let reply = send(router, Method::POST, "/api/v1/cities", &[]).await;
    reply.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert!(
        reply.header(header::ALLOW).contains("GET"),
        "Allow: {}",
        reply.header(header::ALLOW)
    );
    send(router, Method::DELETE, "/api/v1/cities/310100", &[])
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

#[tokio::test]
async fn fixture_catalog_api() {
    let harness = start(&fixture_catalog()).await;
    check_catalog_api(&harness.app.router, &fixture_catalog()).await;
}

#[tokio::test]
async fn real_catalog_api() {
    let catalog = real_catalog();
    assert!(
        catalog.join("cities.json").is_file(),
        "the real catalog {} is missing (cargo xtask gen-cities)",
        catalog.display()
    );
    let harness = start(&catalog).await;
    check_catalog_api(&harness.app.router, &catalog).await;
}

#[tokio::test]
async fn security_headers_on_every_response() {
    let harness = start(&fixture_catalog()).await;
    let router = &harness.app.router;
    for (method, uri) in [
        (Method::GET, "/api/v1/cities"),
        (Method::GET, "/api/v1/cities/999999"),
        (Method::GET, "/api/nope"),
        (Method::POST, "/api/v1/cities"),
        (Method::GET, "/healthz"),
        (Method::GET, "/"),
        (Method::GET, "/missing-0123456789abcdef.js"),
        (Method::PUT, "/city/310100"),
    ] {
        let reply = send(router, method.clone(), uri, &[]).await;
        assert_eq!(
            reply.header(header::X_CONTENT_TYPE_OPTIONS),
            "nosniff",
            "{method} {uri}"
        );
        assert_eq!(
            reply.header(header::REFERRER_POLICY),
            "no-referrer",
            "{method} {uri}"
        );
    }
}

#[tokio::test]
async fn static_files_and_client_routes() {
    let harness = start(&fixture_catalog()).await;
    let router = &harness.app.router;

    for uri in [
        "/",
        "/cities",
        "/city/310100",
        "/city/310100/service/traffic-violation",
        "/city/310100/",
    ] {
        let reply = get(router, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert_eq!(
            reply.header(header::CONTENT_TYPE),
            "text/html; charset=utf-8",
            "{uri}"
        );
        assert_eq!(reply.header(header::CACHE_CONTROL), "no-cache", "{uri}");
        assert_eq!(reply.text(), INDEX_HTML, "{uri}");
    }
    let reply = get(router, "/index.html").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header(header::CACHE_CONTROL), "no-cache");

    let head = send(router, Method::HEAD, "/city/310100", &[]).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());

    // The gallery: without its bundle the residents' page answers (it says the gallery is a
    // separate bundle); once built, gallery routes get it and its assets, nothing else does.
    assert_eq!(get(router, "/gallery/field").await.text(), INDEX_HTML);
    let gallery = harness.config.dist_dir.join("gallery");
    fs::create_dir_all(&gallery).unwrap();
    let gallery_html = "<!doctype html><title>gallery</title>";
    fs::write(gallery.join("index.html"), gallery_html).unwrap();
    fs::write(gallery.join("g-0123456789abcdef.js"), "export {};").unwrap();
    for uri in [
        "/gallery",
        "/gallery/",
        "/gallery/field?state=error&lang=en",
    ] {
        let reply = get(router, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert_eq!(reply.text(), gallery_html, "{uri}");
        assert_eq!(reply.header(header::CACHE_CONTROL), "no-cache", "{uri}");
    }
    let asset = get(router, "/gallery/g-0123456789abcdef.js").await;
    assert_eq!(asset.status, StatusCode::OK);
    assert!(asset.header(header::CACHE_CONTROL).contains("immutable"));
    for uri in ["/", "/galleryx", "/city/310100"] {
        assert_eq!(get(router, uri).await.text(), INDEX_HTML, "{uri}");
    }

    // The form flow's bundle, likewise: every page of a form, nothing else.
    let form = "/city/310100/service/marriage-registration-appointment/apply";
    assert_eq!(get(router, form).await.text(), INDEX_HTML);
    let apply = harness.config.dist_dir.join("apply");
    fs::create_dir_all(&apply).unwrap();
    let apply_html = "<!doctype html><title>apply</title>";
    fs::write(apply.join("index.html"), apply_html).unwrap();
    for uri in [
        form.to_string(),
        format!("{form}/"),
        format!("{form}/office"),
        format!("{form}/check?from=x"),
        format!("{form}/done"),
    ] {
        let reply = get(router, &uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert_eq!(reply.text(), apply_html, "{uri}");
        assert_eq!(reply.header(header::CACHE_CONTROL), "no-cache", "{uri}");
    }
    for uri in [
        "/city/310100/service/marriage-registration-appointment",
        "/city/310100/service/marriage-registration-appointment/applyx",
        "/city//service/x/apply",
        "/city/310100/apply",
        "/settings",
    ] {
        assert_eq!(get(router, uri).await.text(), INDEX_HTML, "{uri}");
    }

    for uri in [
        "/foo-0123456789abcdef.wasm",
        "/missing.txt",
        "/assets/app-0123456789abcdef.js",
    ] {
        let reply = get(router, uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            !reply.text().contains("<!doctype"),
            "{uri} must not be index.html"
        );
        assert!(
            !reply.header(header::CACHE_CONTROL).contains("immutable"),
            "{uri}"
        );
    }

    let reply = get(router, &format!("/{WASM_NAME}")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header(header::CONTENT_TYPE), "application/wasm");
    assert_eq!(
        reply.header(header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        reply.body,
        fs::read(harness.config.dist_dir.join(WASM_NAME)).unwrap()
    );

    let reply = send(
        router,
        Method::GET,
        &format!("/{WASM_NAME}"),
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header(header::CONTENT_ENCODING), "br");
    assert_eq!(reply.header(header::CONTENT_TYPE), "application/wasm");
    assert!(
        reply.body.len() < 1000,
        "compressed {} bytes",
        reply.body.len()
    );

    let reply = send(
        router,
        Method::GET,
        "/api/v1/cities",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header(header::CONTENT_ENCODING), "gzip");
    let reply = send(
        router,
        Method::GET,
        "/api/v1/cities",
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(reply.header(header::CONTENT_ENCODING), "br");

    let reply = get(router, "/robots.txt").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header(header::CONTENT_TYPE).starts_with("text/plain"));
    assert_eq!(reply.header(header::CACHE_CONTROL), "public, max-age=3600");

    let reply = send(router, Method::POST, "/city/310100", &[]).await;
    reply.assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_eq!(reply.header(header::ALLOW), "GET, HEAD");

    let reply = get(router, "/../Cargo.toml").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "no escaping DIST_DIR");
}

#[tokio::test]
async fn spa_not_built_is_503_for_client_routes() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path(), &fixture_catalog(), dir.path().join("no-dist"));
    let app = prepare(&config).await.unwrap();
    let reply = get(&app.router, "/city/310100").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.header(header::CONTENT_TYPE).starts_with("text/plain"));
    let text = reply.text();
    assert!(
        text.contains("cargo xtask run")
            && text.contains("构建")
            && text.contains("not been built"),
        "{text}"
    );
    assert_eq!(
        get(&app.router, "/robots.txt").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app.router, "/api/v1/cities").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn healthz_is_503_when_the_database_is_gone() {
    let harness = start(&fixture_catalog()).await;
    harness.app.pool.close().await;
    let reply = get(&harness.app.router, "/healthz").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    get(&harness.app.router, "/api/v1/cities")
        .await
        .assert_error(StatusCode::INTERNAL_SERVER_ERROR, "internal");
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Copies the fixture catalog into `dir/catalog` and replaces `from` by `to` in `file`.
fn corrupted_catalog(dir: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let catalog = dir.join("catalog");
    copy_dir(&fixture_catalog(), &catalog);
    let path = catalog.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    catalog
}

async fn start_error(catalog: &Path, dir: &Path) -> String {
    let config = config_in(dir, catalog, dir.join("dist"));
    match prepare(&config).await {
        Ok(_) => panic!("a broken catalog must stop the start"),
        Err(e @ StartError::Catalog(_)) => e.to_string(),
        Err(e) => panic!("expected a catalog error, got {e}"),
    }
}

#[tokio::test]
async fn broken_catalog_stops_the_start_naming_file_and_field() {
    let cases = [
        (
            "cities/310100.json",
            "\"marriage\"",
            "\"marriges\"",
            "services[1].category",
        ),
        (
            "cities/310100.json",
            "上海市民政局",
            " ",
            "services[1].department.zh",
        ),
        (
            "cities/440300.json",
            "\"city_name\": \"深圳市\"",
            "\"city_name\": \"深圳\"",
            "city_name",
        ),
        (
            "cities/440300.json",
            "\"launch_order\": 2",
            "\"launch_order\": 1",
            "launch_order",
        ),
        (
            "cities.json",
            "\"code\": \"500100\"",
            "\"code\": \"5001\"",
            "cities[1].code",
        ),
        (
            "cities.json",
            "[\"bei\", \"jing\", \"shi\"]",
            "[\"bei\", 3, \"shi\"]",
            "cities[0].pinyin[1]",
        ),
    ];
    for (file, from, to, field) in cases {
        let dir = tempfile::tempdir().unwrap();
        let catalog = corrupted_catalog(dir.path(), file, from, to);
        let message = start_error(&catalog, dir.path()).await;
        let file_name = Path::new(file).file_name().unwrap().to_str().unwrap();
        assert!(
            message.contains(file_name),
            "names the file {file}: {message}"
        );
        assert!(
            message.contains(&format!("`{field}`")),
            "names the field {field}: {message}"
        );
        assert!(!message.contains('\n'), "one line: {message}");
        assert!(
            !dir.path().join("data").exists(),
            "no database is touched when the catalog is broken"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let message = start_error(&dir.path().join("nowhere"), dir.path()).await;
    assert!(
        message.contains("cities.json") && message.contains("CATALOG_DIR"),
        "{message}"
    );
}

#[tokio::test]
async fn restart_on_the_same_database_reloads_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog");
    copy_dir(&fixture_catalog(), &catalog);
    let config = config_in(dir.path(), &catalog, write_dist(dir.path()));

    let first = prepare(&config).await.unwrap();
    let city: CityResponse = get(&first.router, "/api/v1/cities/440300").await.json();
    assert!(city.city.joined);
    assert_eq!(city.services.len(), 1);
    first.pool.close().await;

    // 深圳 leaves, 上海 loses a service: the next start must show exactly the new catalog.
    fs::remove_file(catalog.join("cities/440300.json")).unwrap();
    let path = catalog.join("cities/310100.json");
    let mut file: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    file["services"].as_array_mut().unwrap().remove(0);
    fs::write(&path, file.to_string()).unwrap();

    for _ in 0..2 {
        let app = prepare(&config).await.unwrap();
        let city: CityResponse = get(&app.router, "/api/v1/cities/440300").await.json();
        assert!(!city.city.joined);
        assert_eq!(city.city.launch_order, None);
        assert!(city.services.is_empty());
        let city: CityResponse = get(&app.router, "/api/v1/cities/310100").await.json();
        let ids: Vec<&str> = city.services.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["marriage-registration-appointment"]);
        get(
            &app.router,
            "/api/v1/cities/310100/services/traffic-violation",
        )
        .await
        .assert_error(StatusCode::NOT_FOUND, "service_not_found");
        let list: CitiesResponse = get(&app.router, "/api/v1/cities").await.json();
        assert_eq!(list.cities.len(), 4);
        let migrations: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations")
            .fetch_all(&app.pool)
            .await
            .unwrap();
        let known: Vec<i64> = citizen_server::db::MIGRATOR
            .iter()
            .map(|m| m.version)
            .collect();
        assert_eq!(migrations, known, "each migration recorded once");
        app.pool.close().await;
    }
}

/// Waits up to `limit` for the child to exit.
fn wait_for(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("citizen-server did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn server_command(dir: &Path, catalog: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_citizen-server"));
    command
        .args([
            "--catalog",
            catalog.to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ])
        .arg("--dist")
        .arg(dir.join("dist"))
        .env(
            "DATABASE_URL",
            format!(
                "sqlite://{}?mode=rwc",
                dir.join("data/citizen-home.sqlite").display()
            ),
        )
        .env_remove("CATALOG_DIR")
        .env_remove("DIST_DIR")
        .env_remove("ADDR")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

#[test]
fn binary_exits_with_one_line_for_a_broken_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = corrupted_catalog(
        dir.path(),
        "cities/310100.json",
        "\"traffic\"",
        "\"trafic\"",
    );
    let output = server_command(dir.path(), &catalog).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("310100.json") && stderr.contains("`services[0].category`"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(output.stdout.is_empty(), "never says it is listening");
}

#[test]
fn binary_serves_then_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    write_dist(dir.path());
    let mut child = server_command(dir.path(), &fixture_catalog())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let Some(addr) = line
        .trim_end()
        .strip_prefix("citizen-home listening on http://")
        .and_then(|rest| rest.strip_suffix('/'))
    else {
        let _ = child.kill();
        let mut stderr = String::new();
        let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
        panic!("unexpected first line {line:?}; stderr: {stderr}");
    };

    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(
        response
            .to_ascii_lowercase()
            .contains("x-content-type-options: nosniff"),
        "{response}"
    );
    assert!(response.ends_with("ok"), "{response}");

    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = wait_for(&mut child, Duration::from_secs(15));
    assert!(status.success(), "graceful shutdown exits 0, got {status}");
}

/// The same API and restart checks on PostgreSQL, when `TEST_POSTGRES_URL` names a
/// database this test may wipe (for example `postgres://postgres@127.0.0.1:5432/citizen_test`).
/// Without it the test only says it was skipped.
#[tokio::test]
async fn postgres_when_configured() {
    let Some(url) = std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("postgres_when_configured: skipped, TEST_POSTGRES_URL is not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let dist = write_dist(dir.path());
    for catalog in [fixture_catalog(), real_catalog(), fixture_catalog()] {
        let config = Config {
            database_url: url.clone(),
            ..config_in(dir.path(), &catalog, dist.clone())
        };
        let app = match prepare(&config).await {
            Ok(app) => app,
            Err(e) => panic!("start on PostgreSQL with {}: {e}", catalog.display()),
        };
        check_catalog_api(&app.router, &catalog).await;
        app.pool.close().await;
    }
}
