//! The shared idempotency piece (`citizen_server::idempotency`) used by a second scope
//! beside submissions: same key and body → the stored answer, another body → 409, one key
//! in two scopes → two independent claims, a failed write leaves the key free, concurrent
//! writes with one key → one row. And migration 0003: a key stored by the submissions-only
//! table of 0002 still replays after it. On SQLite; on PostgreSQL too when
//! `TEST_POSTGRES_URL` names a database this test may write to (the migration check then
//! creates and drops a database of its own beside it).

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use citizen_server::idempotency::{Claim, Stored, Written};
use citizen_server::{prepare, ApiError, Config};
use serde_json::{json, Value};
use sqlx::{AnyPool, Connection};
use tower::ServiceExt;

const SUBMIT: &str = "/api/v1/services/marriage-registration-appointment/submissions";
/// The test's own scope, standing for the orders and bookings to come.
const ORDERS: &str = "test_orders";

fn fixture_catalog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog")
}

fn config(dir: &Path, database_url: String) -> Config {
    Config {
        catalog_dir: fixture_catalog(),
        dist_dir: dir.join("dist"),
        addr: "127.0.0.1:0".into(),
        database_url,
        partner_origins: Default::default(),
    }
}

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("db.sqlite").display())
}

fn postgres_url() -> Option<String> {
    std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// POSTs `body` to `uri` with the idempotency key: status, `Idempotent-Replayed`, body.
async fn post(router: &Router, uri: &str, key: &str, body: &Value) -> (StatusCode, String, Value) {
    let request = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let replayed = response
        .headers()
        .get("idempotent-replayed")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, replayed, serde_json::from_slice(&bytes).unwrap())
}

/// A tiny order write in scope `scope`: one row in `test_orders` (id `scope/key`),
/// answered 201 with its id.
async fn order(
    pool: &AnyPool,
    scope: &'static str,
    key: &str,
    body: &Value,
) -> Result<Written<String>, ApiError> {
    let claim = Claim::new(scope, key.to_string(), "orders", body);
    let note = body["note"].as_str().unwrap_or("").to_string();
    let id = format!("{scope}/{key}");
    claim
        .write(pool, |tx| {
            Box::pin(async move {
                sqlx::query("INSERT INTO test_orders (id, note) VALUES ($1, $2)")
                    .bind(id.as_str())
                    .bind(note.as_str())
                    .execute(&mut **tx)
                    .await?;
                let stored = Stored {
                    status: StatusCode::CREATED,
                    body: json!({ "id": id }).to_string(),
                    resource_id: Some(id.clone()),
                };
                Ok((stored, id))
            })
        })
        .await
}

async fn orders(pool: &AnyPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM test_orders")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_second_scope_shares_the_piece() {
    let dir = tempfile::tempdir().unwrap();
    check_second_scope(&config(dir.path(), sqlite_url(dir.path()))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_second_scope_shares_the_piece_on_postgres() {
    let Some(url) = postgres_url() else {
        eprintln!(
            "a_second_scope_shares_the_piece_on_postgres: skipped, TEST_POSTGRES_URL is not set"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    check_second_scope(&config(dir.path(), url)).await;
}

async fn check_second_scope(config: &Config) {
    let app = prepare(config).await.unwrap();
    let pool = &app.pool;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS test_orders (id TEXT NOT NULL PRIMARY KEY, note TEXT NOT NULL)",
    )
    .execute(pool)
    .await
    .unwrap();
    for wipe in [
        "DELETE FROM test_orders",
        "DELETE FROM idempotency_keys WHERE scope IN ('test_orders', 'test_other')",
        "DELETE FROM idempotency_keys WHERE idempotency_key = 'shared-key'",
    ] {
        sqlx::query(wipe).execute(pool).await.unwrap();
    }
    let body = json!({"note": "两箱", "items": [1, 2]});

    // New, then the same key and body (other key order): the stored answer.
    let first = order(pool, ORDERS, "shared-key", &body).await.unwrap();
    assert!(
        matches!(&first, Written::New(id) if id == "test_orders/shared-key"),
        "{first:?}"
    );
    let again = json!({"items": [1, 2], "note": "两箱"});
    let claim = Claim::new(ORDERS, "shared-key".into(), "orders", &again);
    let stored = claim.stored(pool).await.unwrap().expect("stored");
    assert_eq!(stored.status, StatusCode::CREATED);
    assert_eq!(stored.body, r#"{"id":"test_orders/shared-key"}"#);
    assert_eq!(
        stored.resource_id.as_deref(),
        Some("test_orders/shared-key")
    );
    match order(pool, ORDERS, "shared-key", &again).await.unwrap() {
        Written::Replay(replayed) => assert_eq!(replayed, stored),
        other => panic!("a second write with the key must replay: {other:?}"),
    }
    assert_eq!(orders(pool).await, 1);

    // The key with another body: 409, from the check and from a write alike.
    let other = json!({"note": "三箱"});
    let claim = Claim::new(ORDERS, "shared-key".into(), "orders", &other);
    assert!(matches!(
        claim.stored(pool).await,
        Err(ApiError::IdempotencyKeyReused { .. })
    ));
    let reused = order(pool, ORDERS, "shared-key", &other).await;
    assert!(
        matches!(reused, Err(ApiError::IdempotencyKeyReused { .. })),
        "{reused:?}"
    );
    assert_eq!(orders(pool).await, 1);

    // The same key in another scope, and for a submission (which gets as far as checking
    // its answers instead of a 409): independent of the order.
    let in_other_scope = order(pool, "test_other", "shared-key", &json!({"note": "x"})).await;
    assert!(
        matches!(in_other_scope, Ok(Written::New(_))),
        "{in_other_scope:?}"
    );
    let submission = json!({"city_code": "310100", "answers": {}});
    let (status, _, reply) = post(&app.router, SUBMIT, "shared-key", &submission).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "reaches validation: {reply}"
    );
    assert_eq!(orders(pool).await, 2);

    // A write that creates nothing to name: no resource id, replayed all the same.
    let ping = json!({"ping": true});
    let claim = Claim::new("test_other", "no-resource".into(), "pings", &ping);
    let answer = || Stored {
        status: StatusCode::ACCEPTED,
        body: "{}".into(),
        resource_id: None,
    };
    let first = claim
        .write(pool, |_tx| Box::pin(async move { Ok((answer(), ())) }))
        .await;
    assert!(matches!(first, Ok(Written::New(()))), "{first:?}");
    assert_eq!(claim.stored(pool).await.unwrap(), Some(answer()));

    // A write that fails keeps nothing and leaves the key free.
    let claim = Claim::new(ORDERS, "failing".into(), "orders", &body);
    let failed = claim
        .write(pool, |tx| {
            Box::pin(async move {
                sqlx::query("INSERT INTO test_orders (id, note) VALUES ('doomed', '')")
                    .execute(&mut **tx)
                    .await?;
                Err::<(Stored, ()), _>(ApiError::InvalidBody)
            })
        })
        .await;
    assert!(matches!(failed, Err(ApiError::InvalidBody)), "{failed:?}");
    assert!(
        claim.stored(pool).await.unwrap().is_none(),
        "the key is free"
    );
    assert_eq!(orders(pool).await, 2, "the write was rolled back");

    // Ten concurrent writes with one key: one order, nine replays of it.
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let pool = pool.clone();
        let body = json!({"note": "并发"});
        tasks.spawn(async move { order(&pool, ORDERS, "race", &body).await.unwrap() });
    }
    let (mut new, mut replays) = (0, 0);
    while let Some(written) = tasks.join_next().await {
        match written.unwrap() {
            Written::New(id) => {
                assert_eq!(id, "test_orders/race");
                new += 1;
            }
            Written::Replay(stored) => {
                assert_eq!(stored.resource_id.as_deref(), Some("test_orders/race"));
                replays += 1;
            }
        }
    }
    assert_eq!((new, replays), (1, 9));
    assert_eq!(orders(pool).await, 3);

    sqlx::query("DROP TABLE test_orders")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM idempotency_keys WHERE scope IN ('test_orders', 'test_other')")
        .execute(pool)
        .await
        .unwrap();
    app.pool.close().await;
}

#[tokio::test]
async fn keys_stored_before_0003_still_replay() {
    let dir = tempfile::tempdir().unwrap();
    check_migrated_key(&config(dir.path(), sqlite_url(dir.path()))).await;
}

#[tokio::test]
async fn keys_stored_before_0003_still_replay_on_postgres() {
    let Some(url) = postgres_url() else {
        eprintln!("keys_stored_before_0003_still_replay_on_postgres: skipped, TEST_POSTGRES_URL is not set");
        return;
    };
    // A database of its own: migrations 1-2 only must run on an empty one.
    let (base, _) = url
        .rsplit_once('/')
        .expect("a database name in TEST_POSTGRES_URL");
    let name = format!("citizen_migrate_{}", std::process::id());
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&url).await.unwrap();
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    check_migrated_key(&config(dir.path(), format!("{base}/{name}"))).await;
    sqlx::query(&format!("DROP DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
}

/// Migrations 1 and 2 (from copies of their files: the same checksums), a submission and
/// its key as the code before 0003 stored them, then a normal start (migration 3): the key
/// replays the stored answer with its answers, and still refuses another body.
async fn check_migrated_key(config: &Config) {
    let migrations = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for file in ["0001_catalog.sql", "0002_submissions.sql"] {
        std::fs::copy(source.join(file), migrations.path().join(file)).unwrap();
    }
    let before = sqlx::migrate::Migrator::new(migrations.path())
        .await
        .unwrap();
    let pool = citizen_server::db::connect(&config.database_url)
        .await
        .unwrap();
    before.run(&pool).await.unwrap();

    let reference = "20260310-310100-7KD3M9QX2A";
    let stored = json!({
        "reference": reference,
        "submitted_at": "2026-03-10T14:05:09+08:00",
        "city_code": "310100",
        "service_id": "marriage-registration-appointment",
        "service_name": {"zh": "婚姻登记预约", "en": "Marriage registration appointment"},
        "next_steps": {"zh": "请按预约日期到登记处办理。", "en": "Come on the day."},
        "answers": {}
    });
    sqlx::query(
        "INSERT INTO submissions \
         (reference, city_code, service_id, answers_json, channel, status, created_at) \
         VALUES ($1, '310100', 'marriage-registration-appointment', $2, 'browser', \
         'received', '2026-03-10T14:05:09+08:00')",
    )
    .bind(reference)
    .bind(r#"{"guests":2,"name":"张三丰"}"#)
    .execute(&pool)
    .await
    .unwrap();
    // The request hash as 0002's code computed it: SHA-256 of the service id, "\n" and
    // {"answers":{"guests":2,"name":"张三丰"},"city_code":"310100"} (computed outside Rust).
    sqlx::query(
        "INSERT INTO idempotency_keys \
         (idempotency_key, request_hash, reference, response_status, response_json, created_at) \
         VALUES ('old-key', $1, $2, 201, $3, '2026-03-10T14:05:09+08:00')",
    )
    .bind("b1d9af2016006b4960d6070ce57ae617946c46ffa23acdbb2cb7f989c5c93444")
    .bind(reference)
    .bind(stored.to_string())
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let app = prepare(config).await.unwrap();
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        versions[..3],
        [1, 2, 3],
        "0001-0003 applied (later ones too)"
    );
    let (scope, resource): (String, Option<String>) = sqlx::query_as(
        "SELECT scope, resource_id FROM idempotency_keys WHERE idempotency_key = 'old-key'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (scope.as_str(), resource.as_deref()),
        ("submissions", Some(reference))
    );

    let request = json!({"city_code": "310100", "answers": {"name": "张三丰", "guests": 2}});
    let (status, replayed, body) = post(&app.router, SUBMIT, "old-key", &request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(replayed, "true");
    let mut want = stored.clone();
    want["answers"] = json!({"guests": 2, "name": "张三丰"});
    assert_eq!(body, want, "the stored answer, its answers added back");

    let other = json!({"city_code": "310100", "answers": {"name": "李四"}});
    let (status, _, body) = post(&app.router, SUBMIT, "old-key", &other).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "idempotency_key_reused");
    app.pool.close().await;
}
