//! Shared harness of the issue 14 server tests (sessions, orders, payments, my_items): a
//! server on a database of its own (SQLite in a temporary directory, or a new database on
//! the PostgreSQL server of `TEST_POSTGRES_URL`), a client that keeps its session cookie,
//! and fixture fines visible to a session.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use citizen_server::config::SandboxTiming;
use citizen_server::{prepare_with, App, Config, Settings};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::Connection;
use tower::ServiceExt;

/// The secret the tests sign with (also for notifications).
pub const SECRET: &str = "issue14-test-secret-0123456789abcdef";

/// The sandbox timing of the tests: `timeout` trades fail after 2 s, notifications
/// without delay (the notifier still waits one second: outcomes are decided to the second),
/// `late` notifications after 3 s.
pub fn timing() -> SandboxTiming {
    SandboxTiming {
        trade_timeout: Duration::from_secs(2),
        notify_delay: Duration::from_millis(0),
        late_delay: Duration::from_secs(3),
    }
}

/// Which database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running app on its own database.
pub struct Harness {
    pub app: App,
    pub backend: Backend,
    _dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

fn catalog() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog")
}

/// The `TEST_POSTGRES_URL`, if set.
pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

impl Harness {
    /// Starts on `backend`, `None` when PostgreSQL is asked for and not configured. `name`
    /// names the PostgreSQL database (unique per test).
    pub async fn start(backend: Backend, name: &str) -> Option<Harness> {
        let dir = tempfile::tempdir().unwrap();
        let (url, postgres) = match backend {
            Backend::Sqlite => (
                format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("db.sqlite").display()
                ),
                None,
            ),
            Backend::Postgres => {
                let Some(url) = postgres_url() else {
                    eprintln!("{name}: skipped on PostgreSQL, TEST_POSTGRES_URL is not set");
                    return None;
                };
                let (base, _) = url
                    .rsplit_once('/')
                    .expect("a database in TEST_POSTGRES_URL");
                let db = format!("citizen_{name}_{}", std::process::id());
                sqlx::any::install_default_drivers();
                let mut admin = sqlx::AnyConnection::connect(&url).await.unwrap();
                sqlx::query(&format!("DROP DATABASE IF EXISTS {db}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                sqlx::query(&format!("CREATE DATABASE {db}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
                (format!("{base}/{db}"), Some((url, db)))
            }
        };
        let config = Config {
            catalog_dir: catalog(),
            dist_dir: dir.path().join("dist"),
            addr: "127.0.0.1:0".into(),
            database_url: url,
            partner_origins: Default::default(),
        };
        let settings = Settings {
            session_secret: Some(SECRET.into()),
            sandbox: timing(),
        };
        let app = prepare_with(&config, settings).await.unwrap();
        Some(Harness {
            app,
            backend,
            _dir: dir,
            postgres,
        })
    }

    /// Closes the pool and drops a PostgreSQL database.
    pub async fn finish(self) {
        self.app.pool.close().await;
        if let Some((url, db)) = self.postgres {
            let mut admin = sqlx::AnyConnection::connect(&url).await.unwrap();
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
                .execute(&mut admin)
                .await;
        }
    }

    pub fn client(&self) -> Client {
        Client {
            router: self.app.router.clone(),
            cookie: None,
            host: "127.0.0.1:8080".into(),
        }
    }

    /// A scalar query's answer.
    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.app.pool)
            .await
            .unwrap()
    }

    pub async fn exec(&self, sql: &str) {
        sqlx::query(sql).execute(&self.app.pool).await.unwrap();
    }

    /// `n` payable fines of 200 元 in Shanghai (310100), shown to `client`'s session by a
    /// lookup; their ids `{prefix}-1` ….
    pub async fn fines(&self, client: &Client, prefix: &str, n: usize) -> Vec<String> {
        let key = client.session_key(self).await.expect("a session");
        let lookup = format!("lookup-{prefix}");
        sqlx::query(
            "INSERT INTO lookups (id, session_id_hash, kind, city_code, service_id, subject, \
             created_at) VALUES ($1, $2, 'traffic', '310100', 'traffic-fine-payment', \
             '沪A00001|02', '2026-10-01T08:00:00+08:00')",
        )
        .bind(lookup.as_str())
        .bind(key.as_str())
        .execute(&self.app.pool)
        .await
        .unwrap();
        let mut ids = Vec::new();
        for i in 1..=n {
            let id = format!("{prefix}-{i}");
            sqlx::query(
                "INSERT INTO violations (id, city_code, plate, plate_type, occurred_at, \
                 place_zh, place_en, description_zh, description_en, fine_fen, points, payable) \
                 VALUES ($1, '310100', '沪A00001', '02', '2026-10-01T08:00:00+08:00', \
                 '延安路', 'Yan''an Road', '违停', 'Illegal parking', 20000, 0, 1)",
            )
            .bind(id.as_str())
            .execute(&self.app.pool)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO lookup_items (lookup_id, item_kind, item_id, position) \
                 VALUES ($1, 'traffic_fine', $2, $3)",
            )
            .bind(lookup.as_str())
            .bind(id.as_str())
            .bind(i as i64)
            .execute(&self.app.pool)
            .await
            .unwrap();
            ids.push(id);
        }
        ids
    }

    /// Shows the fines `ids` (made by [`Harness::fines`]) to `client`'s session too, by a
    /// lookup `lookup-{name}` of its own: as when two residents look up one plate.
    pub async fn show(&self, client: &Client, name: &str, ids: &[String]) {
        let key = client.session_key(self).await.expect("a session");
        let lookup = format!("lookup-{name}");
        sqlx::query(
            "INSERT INTO lookups (id, session_id_hash, kind, city_code, service_id, subject, \
             created_at) VALUES ($1, $2, 'traffic', '310100', 'traffic-fine-payment', \
             '沪A00001|02', '2026-10-01T08:00:00+08:00')",
        )
        .bind(lookup.as_str())
        .bind(key.as_str())
        .execute(&self.app.pool)
        .await
        .unwrap();
        for (i, id) in ids.iter().enumerate() {
            sqlx::query(
                "INSERT INTO lookup_items (lookup_id, item_kind, item_id, position) \
                 VALUES ($1, 'traffic_fine', $2, $3)",
            )
            .bind(lookup.as_str())
            .bind(id.as_str())
            .bind(i as i64)
            .execute(&self.app.pool)
            .await
            .unwrap();
        }
    }

    /// Double charges (paid sandbox trades beyond one per order, and items paid by an
    /// order other than the one whose trade paid) and lost payments (paid trades whose
    /// order is not paid, or whose items are not marked paid by it), counted in the
    /// database.
    pub async fn charges(&self) -> (i64, i64) {
        let double = self
            .scalar(
                "SELECT CAST(COALESCE(SUM(n - 1), 0) AS BIGINT) FROM (SELECT COUNT(*) AS n FROM sandbox_trades \
                 WHERE status = 'paid' GROUP BY order_id) t WHERE n > 1",
            )
            .await;
        let lost = self
            .scalar(
                "SELECT COUNT(*) FROM sandbox_trades t JOIN orders o ON o.id = t.order_id \
                 WHERE t.status = 'paid' AND (o.state <> 'paid' OR o.trade_no <> t.trade_no)",
            )
            .await;
        (double, lost)
    }
}

/// Writes `double charges` and `lost payments` to `target/reliability/<file>.txt` (read
/// by the test command) and prints them.
pub fn report(file: &str, double: i64, lost: i64) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/reliability");
    std::fs::create_dir_all(&dir).unwrap();
    let text = format!("double charges: {double}\nlost payments: {lost}\n");
    std::fs::write(dir.join(format!("{file}.txt")), &text).unwrap();
    println!("{file}: {}", text.replace('\n', "; "));
    eprintln!("{file}: {}", text.replace('\n', "; "));
}

/// One answer.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }

    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        self.body
    }

    #[track_caller]
    pub fn expect_error(&self, status: StatusCode, code: &str) {
        assert_eq!((self.status, self.code()), (status, code), "{}", self.body);
    }
}

/// A browser: keeps the session cookie it was given.
#[derive(Clone)]
pub struct Client {
    pub router: axum::Router,
    pub cookie: Option<String>,
    pub host: String,
}

impl Client {
    pub async fn send(
        &mut self,
        method: Method,
        uri: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header("host", self.host.as_str());
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie.as_str());
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let body = match body {
            Some(v) => {
                request = request.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        let response = self
            .router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        for set in parts.headers.get_all("set-cookie") {
            let set = set.to_str().unwrap();
            if set.contains("Max-Age=0") {
                self.cookie = None;
            } else if let Some(pair) = set.split(';').next() {
                self.cookie = Some(pair.to_string());
            }
        }
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap()
        };
        Reply {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    pub async fn get(&mut self, uri: &str) -> Reply {
        self.send(Method::GET, uri, &[], None).await
    }

    pub async fn post(&mut self, uri: &str, key: Option<&str>, body: Value) -> Reply {
        match key {
            Some(key) => {
                self.send(Method::POST, uri, &[("idempotency-key", key)], Some(body))
                    .await
            }
            None => self.send(Method::POST, uri, &[], Some(body)).await,
        }
    }

    /// Attaches a valid identity (creating the session): 200.
    pub async fn identify(&mut self) -> Value {
        self.send(
            Method::PUT,
            "/api/v1/session/identity",
            &[],
            Some(json!({"name": "张三", "resident_id": "110101199003071030", "phone": "13800138000"})),
        )
        .await
        .expect(StatusCode::OK)
    }

    /// The session's owner key, read from the database by the cookie's id.
    pub async fn session_key(&self, h: &Harness) -> Option<String> {
        let cookie = self.cookie.as_ref()?;
        let value = cookie.strip_prefix("ch_session=")?;
        let id = value.split('.').next()?;
        let hash: String = Sha256::digest(id.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        sqlx::query_scalar("SELECT session_key FROM sessions WHERE id_hash = $1")
            .bind(hash)
            .fetch_optional(&h.app.pool)
            .await
            .unwrap()
    }

    /// Creates an order of `items` (fine ids) under `key`.
    pub async fn order(&mut self, key: &str, items: &[String]) -> Reply {
        let items: Vec<Value> = items
            .iter()
            .map(|id| json!({"kind": "traffic_fine", "id": id}))
            .collect();
        self.post(
            "/api/v1/orders",
            Some(key),
            json!({"city_code": "310100", "items": items}),
        )
        .await
    }

    pub async fn pay(&mut self, order: &str, key: &str, mode: &str) -> Reply {
        self.post(
            &format!("/api/v1/orders/{order}/payments"),
            Some(key),
            json!({"sandbox_mode": mode}),
        )
        .await
    }

    /// GETs the order until its state is not `paying` (at most `limit`).
    pub async fn settled(&mut self, order: &str, limit: Duration) -> Value {
        let start = std::time::Instant::now();
        loop {
            let body = self
                .get(&format!("/api/v1/orders/{order}"))
                .await
                .expect(StatusCode::OK);
            if body["state"] != "paying" || start.elapsed() > limit {
                return body;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// Runs `$check(Backend)` as two tests, `$name` (SQLite) and `$name_on_postgres`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $pg:ident, $check:path) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $name() {
            $check(Backend::Sqlite, stringify!($name)).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $pg() {
            $check(Backend::Postgres, stringify!($name)).await;
        }
    };
}
