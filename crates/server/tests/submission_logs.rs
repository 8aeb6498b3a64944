//! What the server logs about submissions: never an ID number, a phone, a name or a plate,
//! in any form a resident typed it; the reference number, yes. Checked in-process with a
//! global `tracing` subscriber at TRACE level (its own test binary, so no other test's
//! callsites interfere), and on the stderr of the real binary run with `RUST_LOG=trace`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use citizen_core::api::SubmissionResponse;
use citizen_core::date::CalendarDate;
use citizen_server::{prepare, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

const SUBMIT: &str = "/api/v1/services/marriage-registration-appointment/submissions";

fn fixture_catalog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog")
}

fn database_url(dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        dir.join("data/citizen-home.sqlite").display()
    )
}

fn tomorrow() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    CalendarDate::in_china_at(now).add_days(1).to_string()
}

/// Answers to the fixture form, typed the way residents type.
fn good_answers() -> Value {
    json!({
        "office": "huangpu",
        "appointment_date": tomorrow(),
        "name": " 张三丰 ",
        "resident_id": "４４０３０５１９８５１１２０１０８ｘ",
        "mobile": "+86 138 0013 8000",
        "plate": "沪a·12345",
        "extras": ["photo"],
        "guests": "２人",
        "hukou": "310115",
        "agree": true
    })
}

fn body(city: &str, answers: Value) -> String {
    json!({"city_code": city, "answers": answers}).to_string()
}

/// POSTs `body` to `uri` with the key (if any); returns status and body text.
async fn post_to(router: &Router, uri: &str, key: &str, body: String) -> (StatusCode, String) {
    let (status, text, _) = post_for_cookie(router, uri, key, body).await;
    (status, text)
}

/// [`post_to`], with the `name=value` of the session cookie the answer set.
async fn post_for_cookie(
    router: &Router,
    uri: &str,
    key: &str,
    body: String,
) -> (StatusCode, String, String) {
    let request = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(Body::from(body))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .to_string();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned(), cookie)
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Personal data of [`good_answers`] and of the bad answers the log tests send, in every
/// form it could take.
const SECRETS: [&str; 9] = [
    "44030519851120108",
    "４４０３０５",
    "13800138000",
    "138 0013 8000",
    "张三丰",
    "110101199003071031",
    "4403 0519",
    "沪A12345",
    "沪a·12345",
];

fn assert_no_secrets(logs: &str) {
    for secret in SECRETS {
        assert!(
            !logs.contains(secret),
            "{secret:?} appears in the logs:\n{logs}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn logs_never_hold_ids_or_phones() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber)
        .expect("the only test of this binary that sets a subscriber");

    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        catalog_dir: fixture_catalog(),
        dist_dir: dir.path().join("dist"),
        addr: "127.0.0.1:0".into(),
        database_url: database_url(dir.path()),
        partner_origins: Default::default(),
    };
    let app = prepare(&config).await.unwrap();
    let router = &app.router;
    let good = body("310100", good_answers());
    let (status, text, cookie) = post_for_cookie(router, SUBMIT, "log-key", good.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let created: SubmissionResponse = serde_json::from_str(&text).unwrap();
    let (status, _) = post_to(router, SUBMIT, "log-key", good).await;
    assert_eq!(status, StatusCode::OK, "a replay is 200");
    let mut bad = good_answers();
    bad["resident_id"] = json!("110101199003071031");
    let (status, _) = post_to(router, SUBMIT, "log-key", body("310100", bad.clone())).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = post_to(router, SUBMIT, "log-key-2", body("310100", bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let raw = r#"{"city_code": "310100", "answers": {"resident_id": 44030519851120108}}"#;
    let (status, _) = post_to(router, SUBMIT, "log-key-3", raw.into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let raw = r#"{"city_code": "310100", "answers": {"mobile": 13800138000}, "x": 1}"#;
    let (status, _) = post_to(router, SUBMIT, "log-key-4", raw.into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let request = Request::builder()
        .uri(format!("/api/v1/submissions/{}", created.reference))
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("submission stored"), "{logs}");
    assert!(logs.contains(&created.reference), "the reference is logged");
    assert!(logs.contains("submission rejected"), "{logs}");
    assert!(
        logs.contains("sqlx::query"),
        "TRACE really captures everything: {logs}"
    );
    assert_no_secrets(&logs);
}

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

/// One HTTP/1.1 request over a fresh connection; returns the whole response text.
fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn binary_stderr_never_holds_ids_or_phones() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_citizen-server"))
        .arg("--catalog")
        .arg(fixture_catalog())
        .args(["--addr", "127.0.0.1:0"])
        .arg("--dist")
        .arg(dir.path().join("dist"))
        .env("DATABASE_URL", database_url(dir.path()))
        .env("RUST_LOG", "trace")
        .env_remove("CATALOG_DIR")
        .env_remove("DIST_DIR")
        .env_remove("ADDR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut stderr = child.stderr.take().unwrap();
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let Some(addr) = line
        .trim_end()
        .strip_prefix("citizen-home listening on http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .map(str::to_string)
    else {
        let _ = child.kill();
        panic!(
            "unexpected first line {line:?}: {}",
            stderr_reader.join().unwrap()
        );
    };

    let headers = [
        ("Content-Type", "application/json"),
        ("Idempotency-Key", "bin-key"),
    ];
    let good = body("310100", good_answers());
    let response = http(&addr, "POST", SUBMIT, &headers, &good);
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    let reference = response
        .split("\"reference\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let cookie = response
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string();
    http(&addr, "POST", SUBMIT, &headers, &good);
    let mut bad = good_answers();
    bad["resident_id"] = json!("110101199003071031");
    let response = http(
        &addr,
        "POST",
        SUBMIT,
        &[("Idempotency-Key", "bin-bad")],
        &body("310100", bad),
    );
    assert!(response.starts_with("HTTP/1.1 422"), "{response}");
    let response = http(
        &addr,
        "GET",
        &format!("/api/v1/submissions/{reference}"),
        &[("Cookie", &cookie)],
        "",
    );
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");

    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    assert!(wait_for(&mut child, Duration::from_secs(15)).success());
    let logs = stderr_reader.join().unwrap();
    assert!(
        logs.contains(&reference),
        "the reference is logged:\n{logs}"
    );
    assert_no_secrets(&logs);
}
