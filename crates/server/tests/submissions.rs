//! Form submissions end to end against real temporary SQLite files: 201, 422 with field
//! codes, 409 for a reused key, the original response for a repeated request, missing and
//! bad headers, 20 concurrent identical POSTs → one row, masking on GET, region data.
//! What is logged is checked in `submission_logs.rs`.

use std::fs;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use citizen_core::api::{ErrorBody, SubmissionResponse, SubmissionStatusResponse};
use citizen_core::date::CalendarDate;
use citizen_core::region::RegionList;
use citizen_server::{prepare, App, Config};
use serde_json::{json, Value};
use tempfile::TempDir;
use tower::ServiceExt;

const ID: &str = "44030519851120108X";
const MOBILE: &str = "13800138000";
const NAME: &str = "张三丰";

fn fixture_catalog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog")
}

fn real_catalog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog")
}

fn database_url(dir: &Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        dir.join("data/citizen-home.sqlite").display()
    )
}

fn config(dir: &Path, catalog: &Path) -> Config {
    Config {
        catalog_dir: catalog.to_path_buf(),
        dist_dir: dir.join("dist"),
        addr: "127.0.0.1:0".into(),
        database_url: database_url(dir),
        partner_origins: Default::default(),
    }
}

struct Harness {
    app: App,
    dir: TempDir,
}

async fn start(catalog: &Path) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let app = match prepare(&config(dir.path(), catalog)).await {
        Ok(app) => app,
        Err(e) => panic!("start with {}: {e}", catalog.display()),
    };
    Harness { app, dir }
}

/// Today and tomorrow in China Standard Time, as the server sees them.
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

const SUBMIT: &str = "/api/v1/services/marriage-registration-appointment/submissions";

#[derive(Debug)]
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        match serde_json::from_slice(&self.body) {
            Ok(v) => v,
            Err(e) => panic!(
                "not the expected JSON ({e}): {} {}",
                self.status,
                self.text()
            ),
        }
    }

    fn assert_error(&self, status: StatusCode, code: &str) -> ErrorBody {
        assert_eq!(self.status, status, "{}", self.text());
        assert!(self.header("content-type").starts_with("application/json"));
        let body: ErrorBody = self.json();
        assert_eq!(body.error.code, code, "{}", self.text());
        assert!(!body.error.message.is_empty());
        body
    }
}

async fn send(
    router: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: impl Into<Body>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router
        .clone()
        .oneshot(request.body(body.into()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap()
            .to_vec(),
    }
}

async fn post(router: &Router, key: Option<&str>, body: String) -> Reply {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(key) = key {
        headers.push(("idempotency-key", key));
    }
    send(router, Method::POST, SUBMIT, &headers, body).await
}

async fn get(router: &Router, uri: &str) -> Reply {
    send(router, Method::GET, uri, &[], Body::empty()).await
}

/// GET with the session cookie that `created` set (a submission is read by its session).
async fn get_as(router: &Router, uri: &str, created: &Reply) -> Reply {
    let cookie = created.header("set-cookie");
    let cookie = cookie.split(';').next().unwrap_or_default().to_string();
    send(
        router,
        Method::GET,
        uri,
        &[("cookie", &cookie)],
        Body::empty(),
    )
    .await
}

async fn count(app: &App, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn created_then_replayed_then_conflict() {
    let h = start(&fixture_catalog()).await;
    check_created_replayed_conflict(&h.app).await;
}

/// 201, the same request again (original body, replay header), 409 for a different body
/// or service with the key, a new key → a new submission. On an empty database.
async fn check_created_replayed_conflict(app: &App) {
    let router = &app.router;
    let first = post(router, Some("key-1"), body("310100", good_answers())).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    assert_eq!(first.header("cache-control"), "no-store");
    assert_eq!(first.header("idempotent-replayed"), "");
    let created: SubmissionResponse = first.json();
    assert_eq!(
        first.header("location"),
        format!("/api/v1/submissions/{}", created.reference)
    );
    let (date, rest) = created.reference.split_at(9);
    assert_eq!(date.len(), 9);
    assert!(
        rest.starts_with("310100-") && rest.len() == 17,
        "{}",
        created.reference
    );
    assert!(
        created.submitted_at.ends_with("+08:00"),
        "{}",
        created.submitted_at
    );
    assert_eq!(&created.submitted_at[..10].replace('-', ""), &date[..8]);
    assert_eq!(created.service_id, "marriage-registration-appointment");
    assert_eq!(created.service_name.zh, "婚姻登记预约");
    assert_eq!(created.next_steps.zh, "请按预约日期到登记处办理。");
    let want = json!({
        "office": "huangpu",
        "appointment_date": tomorrow(),
        "name": NAME,
        "resident_id": ID,
        "mobile": MOBILE,
        "plate": "沪A12345",
        "extras": ["photo"],
        "guests": 2,
        "hukou": "310115",
        "agree": true
    });
    assert_eq!(
        serde_json::to_value(&created.answers).unwrap(),
        want,
        "normalised, unmasked"
    );
    assert_eq!(count(app, "submissions").await, 1);

    // The same request again (other spacing and key order): the original answer.
    let mut reordered: serde_json::Map<String, Value> = serde_json::Map::new();
    reordered.insert("answers".into(), good_answers());
    reordered.insert("city_code".into(), json!("310100"));
    let again = post(
        router,
        Some("key-1"),
        serde_json::to_string_pretty(&reordered).unwrap(),
    )
    .await;
    assert_eq!(
        again.status,
        StatusCode::OK,
        "a replay is 200: {}",
        again.text()
    );
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(again.body, first.body, "byte for byte the original body");
    assert_eq!(count(app, "submissions").await, 1);

    // The key with a different body, or for another service: 409, nothing stored.
    let mut changed = good_answers();
    changed["office"] = json!("pudong");
    changed["notes"] = json!("带两位证婚人");
    post(router, Some("key-1"), body("310100", changed.clone()))
        .await
        .assert_error(StatusCode::CONFLICT, "idempotency_key_reused");
    let other_service = send(
        router,
        Method::POST,
        "/api/v1/services/traffic-violation/submissions",
        &[("idempotency-key", "key-1")],
        body("310100", good_answers()),
    )
    .await;
    other_service.assert_error(StatusCode::CONFLICT, "idempotency_key_reused");
    assert_eq!(count(app, "submissions").await, 1);

    // A new key is a new submission.
    let second = post(router, Some("key-2"), body("310100", changed)).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text());
    let second: SubmissionResponse = second.json();
    assert_ne!(second.reference, created.reference);
    assert_eq!(second.answers["notes"], json!("带两位证婚人"));
    assert_eq!(count(app, "submissions").await, 2);
    assert_eq!(count(app, "idempotency_keys").await, 2);
    let channel: String =
        sqlx::query_scalar("SELECT channel FROM submissions WHERE reference = $1")
            .bind(&created.reference)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(channel, "browser");
}

#[tokio::test]
async fn rejected_answers_are_422_with_field_codes_and_do_not_bind_the_key() {
    let h = start(&fixture_catalog()).await;
    let router = &h.app.router;
    let mut bad = good_answers();
    bad["resident_id"] = json!("110101199003071031");
    bad["mobile"] = json!("12345678901");
    bad["plate"] = json!("沪A1234I");
    bad["appointment_date"] = json!("2020-01-01");
    bad["guests"] = json!(9);
    bad["hukou"] = json!("310100");
    bad["agree"] = json!(false);
    bad["office"] = json!("huangpu");
    bad["notes"] = json!("hidden field: never checked, never stored, however long it is");
    bad.as_object_mut().unwrap().remove("name");
    let reply = post(router, Some("key-422"), body("310100", bad)).await;
    let error = reply.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let fields: Vec<(&str, &str)> = error
        .error
        .fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("agree", "consent_required"),
            ("appointment_date", "date_too_early"),
            ("guests", "too_large"),
            ("hukou", "unknown_region"),
            ("mobile", "mobile_prefix"),
            ("name", "required"),
            ("plate", "plate_serial"),
            ("resident_id", "id_check_digit"),
        ]
    );
    assert!(error.error.field_messages["resident_id"]
        .zh
        .starts_with("校验位不对"));
    assert_eq!(error.error.field_messages.len(), error.error.fields.len());
    // An unanswered question's message names it (not a generic 请填写这一项).
    assert_eq!(error.error.field_messages["name"].zh, "请填写“姓名”。");
    assert_eq!(
        error.error.field_messages["name"].en,
        "Enter an answer for “Name”."
    );
    assert_eq!(count(&h.app, "submissions").await, 0);

    // The resident corrects the answers and sends them with the same key.
    let fixed = post(router, Some("key-422"), body("310100", good_answers())).await;
    assert_eq!(fixed.status, StatusCode::CREATED, "{}", fixed.text());
    assert_eq!(count(&h.app, "submissions").await, 1);

    // Wrong JSON types are field errors too, not crashes.
    let types = json!({"name": 5, "extras": "photo", "agree": "yes", "guests": [1]});
    let error = post(router, Some("key-types"), body("310100", types))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    for key in ["name", "extras", "agree", "guests"] {
        assert_eq!(error.error.fields[key], "wrong_type", "{key}");
    }
}

#[tokio::test]
async fn headers_bodies_and_targets_are_checked() {
    let h = start(&fixture_catalog()).await;
    let router = &h.app.router;
    let good = body("310100", good_answers());

    post(router, None, good.clone())
        .await
        .assert_error(StatusCode::BAD_REQUEST, "idempotency_key_missing");
    let long = "k".repeat(129);
    for key in ["", long.as_str(), "has space", "ключ"] {
        let reply = send(
            router,
            Method::POST,
            SUBMIT,
            &[("idempotency-key", key)],
            good.clone(),
        )
        .await;
        reply.assert_error(StatusCode::BAD_REQUEST, "idempotency_key_invalid");
    }
    let reply = send(
        router,
        Method::POST,
        SUBMIT,
        &[("idempotency-key", "a"), ("idempotency-key", "b")],
        good.clone(),
    )
    .await;
    reply.assert_error(StatusCode::BAD_REQUEST, "idempotency_key_invalid");
    let reply = send(
        router,
        Method::POST,
        SUBMIT,
        &[("idempotency-key", "k-channel"), ("x-channel", "myspace")],
        good.clone(),
    )
    .await;
    reply.assert_error(StatusCode::BAD_REQUEST, "channel_unknown");
    for bad_body in [
        "not json".to_string(),
        "[]".to_string(),
        json!({"answers": {}}).to_string(),
        json!({"city_code": "310100", "answers": {}, "extra": 1}).to_string(),
    ] {
        post(router, Some("k-body"), bad_body)
            .await
            .assert_error(StatusCode::BAD_REQUEST, "invalid_body");
    }
    let huge = body("310100", json!({"name": "x".repeat(70_000)}));
    post(router, Some("k-huge"), huge)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");

    post(router, Some("k-city"), body("999999", good_answers()))
        .await
        .assert_error(StatusCode::NOT_FOUND, "city_not_found");
    post(router, Some("k-city2"), body("上海", good_answers()))
        .await
        .assert_error(StatusCode::NOT_FOUND, "city_not_found");
    post(router, Some("k-service"), body("500100", good_answers()))
        .await
        .assert_error(StatusCode::NOT_FOUND, "service_not_found");
    send(
        router,
        Method::POST,
        "/api/v1/services/traffic-violation/submissions",
        &[("idempotency-key", "k-form")],
        good.clone(),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "form_not_found");
    get(router, SUBMIT)
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_eq!(count(&h.app, "submissions").await, 0);

    // A known channel is stored.
    let reply = send(
        router,
        Method::POST,
        SUBMIT,
        &[("idempotency-key", "k-wechat"), ("x-channel", "wechat")],
        good,
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let channel: String = sqlx::query_scalar("SELECT channel FROM submissions")
        .fetch_one(&h.app.pool)
        .await
        .unwrap();
    assert_eq!(channel, "wechat");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_identical_posts_make_one_row() {
    let h = start(&fixture_catalog()).await;
    check_twenty_concurrent(&h.app).await;
}

/// 20 identical POSTs at once with one key: one row, one reference, one original reply.
/// On an empty database.
async fn check_twenty_concurrent(app: &App) {
    let h = app;
    let text = body("310100", good_answers());
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let router = h.router.clone();
        let text = text.clone();
        tasks.spawn(async move { post(&router, Some("double-tap-key"), text).await });
    }
    let mut references = Vec::new();
    let mut originals = 0;
    let mut bodies = Vec::new();
    while let Some(reply) = tasks.join_next().await {
        let reply = reply.unwrap();
        if reply.header("idempotent-replayed").is_empty() {
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
            originals += 1;
        } else {
            assert_eq!(
                reply.status,
                StatusCode::OK,
                "a replay is 200: {}",
                reply.text()
            );
        }
        let created: SubmissionResponse = reply.json();
        references.push(created.reference);
        bodies.push(reply.body);
    }
    assert_eq!(references.len(), 20);
    references.dedup();
    assert_eq!(references.len(), 1, "every reply names the same reference");
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "every reply is the same body"
    );
    assert_eq!(originals, 1, "exactly one request stored it");
    assert_eq!(count(h, "submissions").await, 1);
    assert_eq!(count(h, "idempotency_keys").await, 1);
}

#[tokio::test]
async fn status_page_masks_personal_data() {
    let h = start(&fixture_catalog()).await;
    check_masking(&h.app).await;
}

/// The status endpoint masks IDs, phones, names and plates and keeps the rest.
async fn check_masking(app: &App) {
    let router = &app.router;
    let posted = post(router, Some("k-mask"), body("310100", good_answers())).await;
    let created: SubmissionResponse = posted.json();
    let reply = get_as(
        router,
        &format!("/api/v1/submissions/{}", created.reference),
        &posted,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header("cache-control"), "no-store");
    let text = reply.text();
    for secret in [
        ID,
        "44030519851120108",
        MOBILE,
        "00138",
        NAME,
        "三丰",
        "12345",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let status: SubmissionStatusResponse = reply.json();
    assert_eq!(status.reference, created.reference);
    assert_eq!(status.submitted_at, created.submitted_at);
    assert_eq!(
        serde_json::to_value(status.status).unwrap(),
        json!("received")
    );
    assert_eq!(status.service_name.zh, "婚姻登记预约");
    assert_eq!(status.answers["resident_id"], json!("4403**********108X"));
    assert_eq!(status.answers["mobile"], json!("138****8000"));
    assert_eq!(status.answers["name"], json!("张**"));
    assert_eq!(status.answers["plate"], json!("沪A****5"));
    for same in [
        "office",
        "appointment_date",
        "extras",
        "guests",
        "hukou",
        "agree",
    ] {
        assert_eq!(status.answers[same], created.answers[same], "{same}");
    }

    for uri in [
        "/api/v1/submissions/20260310-310100-0000000000",
        "/api/v1/submissions/nope",
        "/api/v1/submissions/%E4%B8%8A",
    ] {
        get(router, uri)
            .await
            .assert_error(StatusCode::NOT_FOUND, "submission_not_found");
    }
}

#[tokio::test]
async fn submissions_survive_a_restart_and_a_catalog_reload() {
    let h = start(&fixture_catalog()).await;
    let text = body("310100", good_answers());
    let first = post(&h.app.router, Some("k-restart"), text.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let created: SubmissionResponse = first.json();
    h.app.pool.close().await;

    let again = prepare(&config(h.dir.path(), &fixture_catalog()))
        .await
        .unwrap();
    let replay = post(&again.router, Some("k-restart"), text).await;
    assert_eq!(replay.status, StatusCode::OK);
    assert_eq!(replay.body, first.body);
    let status = get_as(
        &again.router,
        &format!("/api/v1/submissions/{}", created.reference),
        &first,
    )
    .await;
    assert_eq!(status.status, StatusCode::OK);
    assert_eq!(count(&again, "submissions").await, 1);
    let migrations: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&again.pool)
            .await
            .unwrap();
    let known: Vec<i64> = citizen_server::db::MIGRATOR
        .iter()
        .map(|m| m.version)
        .collect();
    assert_eq!(migrations, known, "each migration once");
    again.pool.close().await;
}

#[tokio::test]
async fn regions_are_served_cacheably() {
    let h = start(&fixture_catalog()).await;
    let router = &h.app.router;
    let reply = get(router, "/api/v1/regions").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("content-type").starts_with("application/json"));
    assert_eq!(reply.header("cache-control"), "public, max-age=86400");
    let etag = reply.header("etag").to_string();
    assert!(etag.starts_with("W/\"") && etag.len() > 6, "{etag}");
    let served: RegionList = reply.json();
    let file: RegionList =
        serde_json::from_str(&fs::read_to_string(fixture_catalog().join("regions.json")).unwrap())
            .unwrap();
    assert_eq!(served, file);

    for tag in [etag.as_str(), etag.trim_start_matches("W/"), "\"x\", *"] {
        let reply = send(
            router,
            Method::GET,
            "/api/v1/regions",
            &[("if-none-match", tag)],
            Body::empty(),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_MODIFIED, "{tag}");
        assert_eq!(reply.header("etag"), etag);
        assert!(reply.body.is_empty());
    }
    let reply = send(
        router,
        Method::GET,
        "/api/v1/regions",
        &[("if-none-match", "W/\"old\"")],
        Body::empty(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn real_catalog_forms_accept_real_answers() {
    let h = start(&real_catalog()).await;
    let router = &h.app.router;
    let regions: RegionList = get(router, "/api/v1/regions").await.json();
    assert!(regions.district_count() > 2800);
    let answers = json!({
        "office": "pudong",
        "appointment_date": tomorrow(),
        "male_name": "李雷",
        "male_id": "110101199003071030",
        "female_name": "韩梅梅",
        "female_id": "310104198805122348",
        "mobile": "138-0013-8000",
        "declaration": true
    });
    let reply = post(router, Some("real-marriage"), body("310100", answers)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let created: SubmissionResponse = reply.json();
    assert!(created.next_steps.zh.contains("受理编号"));

    let answers = json!({
        "business": "passport_replacement",
        "loss_details": "2026年3月在地铁站遗失。",
        "name": "王芳",
        "resident_id": "44030519851120108x",
        "mobile": "13800138000",
        "hukou_region": "440106",
        "appointment_date": tomorrow(),
        "declaration": true
    });
    let reply = send(
        router,
        Method::POST,
        "/api/v1/services/exit-entry-appointment/submissions",
        &[("idempotency-key", "real-exit-entry")],
        body("310100", answers),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());

    let answers = json!({
        "endorsement_types": ["hk_individual", "macao_individual"],
        "validity": "one_year",
        "trips": "2次",
        "permit_number": "C12345678",
        "name": "陈晨",
        "resident_id": "44030519851120108X",
        "mobile": "13800138000",
        "declaration": true
    });
    let reply = send(
        router,
        Method::POST,
        "/api/v1/services/hk-macau-pass-renewal/submissions",
        &[("idempotency-key", "real-gz")],
        body("440100", answers),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let created: SubmissionResponse = reply.json();
    assert!(created.reference.contains("-440100-"));
    assert_eq!(created.answers["trips"], json!(2));
}

#[tokio::test]
async fn broken_region_data_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog");
    fs::create_dir_all(catalog.join("cities")).unwrap();
    for f in ["cities.json", "cities/310100.json", "cities/440300.json"] {
        fs::copy(fixture_catalog().join(f), catalog.join(f)).unwrap();
    }
    let regions = fs::read_to_string(fixture_catalog().join("regions.json")).unwrap();
    fs::write(
        catalog.join("regions.json"),
        regions.replacen("\"310104\"", "\"320104\"", 1),
    )
    .unwrap();
    let e = prepare(&config(dir.path(), &catalog))
        .await
        .expect_err("must not start");
    let message = e.to_string();
    assert!(
        message.contains("regions.json")
            && message.contains("`provinces[1].cities[0].districts[1].code`"),
        "{message}"
    );
    fs::remove_file(catalog.join("regions.json")).unwrap();
    let e = prepare(&config(dir.path(), &catalog))
        .await
        .expect_err("must not start");
    assert!(e.to_string().contains("regions.json"), "{e}");
}

/// The submission checks on PostgreSQL, when `TEST_POSTGRES_URL` names a database this test
/// may wipe (for example `postgres://postgres@127.0.0.1:5432/citizen_test`): the same SQL
/// (migrations, `INSERT ... ON CONFLICT DO NOTHING`, the transaction) as on SQLite. Without
/// it the test only says it was skipped.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_when_configured() {
    let Some(url) = std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("postgres_when_configured: skipped, TEST_POSTGRES_URL is not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        database_url: url,
        ..config(dir.path(), &fixture_catalog())
    };
    let app = prepare(&config)
        .await
        .unwrap_or_else(|e| panic!("start on PostgreSQL: {e}"));
    let wipe = || async {
        for table in ["idempotency_keys", "submissions"] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&app.pool)
                .await
                .unwrap();
        }
    };
    wipe().await;
    check_created_replayed_conflict(&app).await;
    wipe().await;
    check_twenty_concurrent(&app).await;
    check_masking(&app).await;
    wipe().await;
    app.pool.close().await;
}
