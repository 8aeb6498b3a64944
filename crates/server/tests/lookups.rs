//! Traffic and bill lookups, saved accounts and `citizen_server::payable` (issue 14), over
//! the real catalog (`catalog/`, all twelve launch cities) and its sandbox seed: the happy
//! path per city from the seed table, the empty state, `vehicle_not_matched` alike for an
//! unknown plate and a wrong tail, validation errors with their field codes, session
//! isolation (404), saved accounts with idempotent create, and `price` / `mark_paid`. On
//! SQLite, and on PostgreSQL when `TEST_POSTGRES_URL` is set (each test in a database of
//! its own, created and dropped beside it).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use citizen_core::catalog::OnlineService;
use citizen_core::date::CalendarDate;
use citizen_core::traffic::VehicleCheckKind;
use citizen_server::payable::{self, ItemKind, ItemRef};
use citizen_server::sandbox::plan::{self, late_fee_fen, Plan};
use citizen_server::sandbox::seed_cities;
use citizen_server::sessions::SessionKey;
use citizen_server::{load_catalog, prepare, ApiError, App, Config, LoadedCatalog};
use serde_json::{json, Value};
use sqlx::{AnyPool, Connection};
use tower::ServiceExt;

fn catalog_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog")
}

fn today() -> CalendarDate {
    CalendarDate::in_china_at(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    )
}

/// A database for one test: an SQLite file, or a PostgreSQL database of its own.
struct Db {
    url: String,
    dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Db {
    fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("db.sqlite").display()
        );
        Db {
            url,
            dir,
            postgres: None,
        }
    }

    async fn postgres() -> Option<Db> {
        let admin = std::env::var("TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        let (base, _) = admin
            .rsplit_once('/')
            .expect("a database in TEST_POSTGRES_URL");
        let name = format!(
            "citizen_lookups_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .unwrap();
        Some(Db {
            url: format!("{base}/{name}"),
            dir: tempfile::tempdir().unwrap(),
            postgres: Some((admin, name)),
        })
    }

    fn config(&self) -> Config {
        Config {
            catalog_dir: catalog_dir(),
            dist_dir: self.dir.path().join("dist"),
            addr: "127.0.0.1:0".into(),
            database_url: self.url.clone(),
            partner_origins: Default::default(),
        }
    }

    async fn drop_db(self, app: App) {
        app.pool.close().await;
        if let Some((admin, name)) = &self.postgres {
            let mut conn = sqlx::AnyConnection::connect(admin).await.unwrap();
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }
}

/// A browser: keeps the `ch_session` cookie it is given.
#[derive(Clone)]
struct Client {
    router: Router,
    cookie: Option<String>,
}

impl Client {
    fn new(app: &App) -> Client {
        Client {
            router: app.router.clone(),
            cookie: None,
        }
    }

    async fn send(
        &mut self,
        method: Method,
        uri: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> (StatusCode, Value, bool) {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, "127.0.0.1");
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie.as_str());
        }
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        let request = match body {
            Some(b) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap().trim().to_string();
            if pair.starts_with("ch_session=") {
                self.cookie = (!text.contains("Max-Age=0")).then_some(pair);
            }
        }
        let replayed = response.headers().contains_key("idempotent-replayed");
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap()
        };
        (status, value, replayed)
    }

    async fn post(&mut self, uri: &str, body: &Value) -> (StatusCode, Value) {
        let (s, v, _) = self.send(Method::POST, uri, Some(body), None).await;
        (s, v)
    }

    async fn get(&mut self, uri: &str) -> (StatusCode, Value) {
        let (s, v, _) = self.send(Method::GET, uri, None, None).await;
        (s, v)
    }
}

/// The catalog, the seed as prepare wrote it today, and per city its traffic service and
/// vehicle check.
struct Seed {
    catalog: LoadedCatalog,
    plan: Plan,
}

impl Seed {
    fn load() -> Seed {
        let catalog = load_catalog(&catalog_dir()).unwrap();
        let plan = plan::plan(&seed_cities(&catalog), today());
        Seed { catalog, plan }
    }

    fn services(&self, city: &str) -> Vec<(String, OnlineService)> {
        self.catalog
            .catalogs
            .iter()
            .find(|c| c.city_code == city)
            .map(|c| {
                c.services
                    .iter()
                    .filter_map(|s| Some((s.id.clone(), s.online.clone()?)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The city's traffic service that takes payments (else its first): id, check kind,
    /// payable online.
    fn traffic(&self, city: &str) -> (String, VehicleCheckKind, bool) {
        let mut all = self.traffic_services(city);
        all.sort_by_key(|t| !t.2);
        all.into_iter()
            .next()
            .unwrap_or_else(|| panic!("{city} has a traffic lookup"))
    }

    fn traffic_services(&self, city: &str) -> Vec<(String, VehicleCheckKind, bool)> {
        self.services(city)
            .into_iter()
            .filter_map(|(id, o)| match o {
                OnlineService::Traffic {
                    vehicle_check,
                    payable,
                } => Some((id, vehicle_check, payable)),
                _ => None,
            })
            .collect()
    }

    fn launch_cities(&self) -> Vec<String> {
        self.catalog
            .cities
            .iter()
            .filter(|c| c.launch_order.is_some())
            .map(|c| c.code.clone())
            .collect()
    }
}

fn traffic_uri(city: &str, service: &str) -> String {
    format!("/api/v1/cities/{city}/services/{service}/traffic-lookups")
}

fn bill_uri(city: &str, service: &str) -> String {
    format!("/api/v1/cities/{city}/services/{service}/bill-lookups")
}

fn tail(v: &plan::VehicleSeed, kind: VehicleCheckKind) -> String {
    match kind {
        VehicleCheckKind::Engine => v.engine_tail.clone(),
        VehicleCheckKind::Vin => v.vin_tail.clone(),
    }
}

/// One lookup of the city's vehicle `n` (1-based in the seed), as the client.
async fn look_up_vehicle(c: &mut Client, seed: &Seed, city: &str, n: usize) -> (StatusCode, Value) {
    let (service, kind, _) = seed.traffic(city);
    let v = seed
        .plan
        .vehicles
        .iter()
        .filter(|v| v.city_code == city)
        .nth(n - 1)
        .unwrap();
    let body =
        json!({"plate": v.plate, "plate_type": v.plate_type, "vehicle_check": tail(v, kind)});
    c.post(&traffic_uri(city, &service), &body).await
}

macro_rules! on_both {
    ($name:ident, $pg:ident, $check:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let db = Db::sqlite();
            let app = prepare(&db.config()).await.unwrap();
            $check(&app).await;
            db.drop_db(app).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $pg() {
            let Some(db) = Db::postgres().await else {
                eprintln!("{}: skipped, TEST_POSTGRES_URL is not set", stringify!($pg));
                return;
            };
            let app = prepare(&db.config()).await.unwrap();
            $check(&app).await;
            db.drop_db(app).await;
        }
    };
}

on_both!(
    lookups_per_city,
    lookups_per_city_on_postgres,
    check_every_city
);
on_both!(
    vehicle_not_matched_is_one_answer,
    vehicle_not_matched_is_one_answer_on_postgres,
    check_not_matched
);
on_both!(
    validation_errors,
    validation_errors_on_postgres,
    check_validation
);
on_both!(
    session_isolation,
    session_isolation_on_postgres,
    check_isolation
);
on_both!(
    saved_accounts,
    saved_accounts_on_postgres,
    check_saved_accounts
);
on_both!(payable_items, payable_items_on_postgres, check_payable);

/// Every launch city: the three plates of the seed table and every provider's two 户号.
async fn check_every_city(app: &App) {
    let seed = Seed::load();
    let cities = seed.launch_cities();
    assert_eq!(cities.len(), 12, "twelve launch cities");
    let mut c = Client::new(app);
    for city in &cities {
        let (service, _, payable) = seed.traffic(city);
        // 1: two payable fines of different amounts.
        let (status, body) = look_up_vehicle(&mut c, &seed, city, 1).await;
        assert_eq!(status, StatusCode::OK, "{city}: {body}");
        let v = body["violations"].as_array().unwrap();
        assert_eq!(v.len(), 2, "{city}: {body}");
        let mut fines: Vec<i64> = v.iter().map(|x| x["fine_fen"].as_i64().unwrap()).collect();
        fines.sort();
        assert_eq!(fines, [15_000, 20_000], "{city}");
        assert!(payable, "{city}: {service} takes payments");
        for x in v {
            assert_eq!(x["status"], "unpaid");
            assert_eq!(x["payable"], true);
            assert!(x["not_payable_reason"].is_null());
            assert!(x["occurred_at"].as_str().unwrap().ends_with("+08:00"));
            assert!(x["order_id"].is_null());
        }
        assert!(
            v[0]["occurred_at"].as_str() > v[1]["occurred_at"].as_str(),
            "newest first"
        );
        assert_eq!(body["city_code"], city.as_str());
        assert_eq!(body["service_id"], service.as_str());
        // The same answer again by id.
        let id = body["lookup_id"].as_str().unwrap().to_string();
        let (status, again) = c.get(&format!("/api/v1/traffic-lookups/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(again, body);

        // The same vehicle from a lookup-only service: unpaid, paid elsewhere.
        for (other, kind, other_payable) in seed.traffic_services(city) {
            if other_payable {
                continue;
            }
            let v = seed
                .plan
                .vehicles
                .iter()
                .find(|v| &v.city_code == city)
                .unwrap();
            let (status, body) = c
                .post(
                    &traffic_uri(city, &other),
                    &json!({"plate": v.plate, "plate_type": v.plate_type, "vehicle_check": tail(v, kind)}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{city} {other}: {body}");
            for x in body["violations"].as_array().unwrap() {
                assert_eq!(x["status"], "unpaid");
                assert_eq!(x["payable"], false);
                assert!(
                    x["not_payable_reason"]["zh"]
                        .as_str()
                        .unwrap()
                        .contains("交通罚款缴纳"),
                    "{x}"
                );
            }
        }

        // 2: one needing a window visit, one payable.
        let (status, body) = look_up_vehicle(&mut c, &seed, city, 2).await;
        assert_eq!(status, StatusCode::OK, "{city}: {body}");
        let v = body["violations"].as_array().unwrap();
        assert_eq!(v.len(), 2);
        let visit = v
            .iter()
            .find(|x| x["points"] == 12)
            .expect("a 12-point violation");
        assert_eq!(visit["status"], "needs_visit");
        assert_eq!(visit["payable"], false);
        assert!(visit["not_payable_reason"]["zh"]
            .as_str()
            .unwrap()
            .contains("窗口"));
        let other = v.iter().find(|x| x["points"] != 12).unwrap();
        assert_eq!(other["payable"], payable);
        assert_eq!(other["fine_fen"], 10_000);

        // 3: none: the empty state.
        let (status, body) = look_up_vehicle(&mut c, &seed, city, 3).await;
        assert_eq!(status, StatusCode::OK, "{city}: {body}");
        assert_eq!(body["violations"], json!([]));

        // Every bill service and provider: two unpaid bills (one past due with a late
        // fee), and none.
        for account in seed.plan.accounts.iter().filter(|a| &a.city_code == city) {
            let uri = bill_uri(city, &account.service_id);
            let body =
                json!({"provider_id": account.provider_id, "account_no": account.account_no});
            let (status, reply) = c.post(&uri, &body).await;
            assert_eq!(status, StatusCode::OK, "{city} {}: {reply}", account.id);
            assert_eq!(reply["utility"], account.utility.as_str());
            assert_eq!(reply["provider"]["id"], account.provider_id.as_str());
            assert_eq!(reply["holder_masked"], account.holder_masked.as_str());
            let bills = reply["bills"].as_array().unwrap();
            let planned: Vec<_> = seed
                .plan
                .bills
                .iter()
                .filter(|b| b.account_id == account.id)
                .collect();
            assert_eq!(bills.len(), planned.len(), "{reply}");
            if planned.is_empty() {
                continue;
            }
            assert_eq!(bills.len(), 2);
            assert!(bills[0]["period"].as_str() > bills[1]["period"].as_str());
            let late: Vec<i64> = bills
                .iter()
                .map(|b| b["late_fee_fen"].as_i64().unwrap())
                .collect();
            assert_eq!(late[0], 0, "the newer bill is not due yet");
            assert!(late[1] > 0, "the older one is past due: {reply}");
            let older = planned.iter().find(|b| b.id == bills[1]["id"]).unwrap();
            assert_eq!(
                late[1],
                late_fee_fen(
                    older.amount_fen,
                    older.late_fee_permille_per_day,
                    older.due_date,
                    today()
                )
            );
            for b in bills {
                assert_eq!(b["status"], "unpaid");
            }
            let id = reply["lookup_id"].as_str().unwrap().to_string();
            let (status, again) = c.get(&format!("/api/v1/bill-lookups/{id}")).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(again, reply);
        }
    }
}

async fn check_not_matched(app: &App) {
    let seed = Seed::load();
    let mut c = Client::new(app);
    for city in ["310100", "440300", "140800"] {
        let (service, kind, _) = seed.traffic(city);
        let v = seed
            .plan
            .vehicles
            .iter()
            .find(|v| v.city_code == city)
            .unwrap();
        let mut wrong = tail(v, kind);
        wrong.replace_range(0..1, if wrong.starts_with('9') { "8" } else { "9" });
        let uri = traffic_uri(city, &service);
        let (s1, wrong_tail) = c
            .post(
                &uri,
                &json!({"plate": v.plate, "plate_type": v.plate_type, "vehicle_check": wrong}),
            )
            .await;
        let unknown = format!("{}99999", v.plate.chars().take(2).collect::<String>());
        let (s2, unknown_plate) = c
            .post(&uri, &json!({"plate": unknown, "plate_type": v.plate_type, "vehicle_check": tail(v, kind)}))
            .await;
        assert_eq!(s1, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(s2, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(wrong_tail, unknown_plate, "no probing");
        assert_eq!(wrong_tail["error"]["code"], "vehicle_not_matched");
        assert_eq!(
            wrong_tail["error"]["fields"]["vehicle_check"],
            "vehicle_not_matched"
        );
        // The right plate under another type: the same answer too.
        let (s3, other_type) = c
            .post(
                &uri,
                &json!({"plate": v.plate, "plate_type": "01", "vehicle_check": tail(v, kind)}),
            )
            .await;
        assert_eq!(s3, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(other_type, wrong_tail);
        // Lower case and spaces are normalised: the same vehicle.
        let typed = format!(" {} ", v.plate.to_lowercase());
        let (s4, _) = c
            .post(&uri, &json!({"plate": typed, "plate_type": v.plate_type, "vehicle_check": tail(v, kind)}))
            .await;
        assert_eq!(s4, StatusCode::OK);
    }
    // An unknown 户号 of a valid format.
    let account = &seed.plan.accounts[0];
    let mut other = account.account_no.clone();
    let provider = seed
        .services(&account.city_code)
        .into_iter()
        .find(|(id, _)| id == &account.service_id)
        .and_then(|(_, o)| o.provider(&account.provider_id).cloned())
        .unwrap();
    if provider.account.check == citizen_core::rules::AccountCheck::Luhn {
        other = "0".repeat(other.len());
    } else {
        other.replace_range(0..1, if other.starts_with('9') { "8" } else { "9" });
    }
    let (s, reply) = c
        .post(
            &bill_uri(&account.city_code, &account.service_id),
            &json!({"provider_id": account.provider_id, "account_no": other}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{reply}");
    assert_eq!(reply["error"]["code"], "account_not_found");
    assert_eq!(reply["error"]["fields"]["account_no"], "account_not_found");
    // None of these created a session.
    assert!(c.cookie.is_some(), "the successful lookups did");
    let mut fresh = Client::new(app);
    let v = &seed.plan.vehicles[0];
    let (service, _, _) = seed.traffic(&v.city_code);
    fresh
        .post(
            &traffic_uri(&v.city_code, &service),
            &json!({"plate": v.plate, "plate_type": v.plate_type, "vehicle_check": "000000"}),
        )
        .await;
    assert!(fresh.cookie.is_none(), "a failed lookup creates no session");
}

async fn check_validation(app: &App) {
    let seed = Seed::load();
    let mut c = Client::new(app);
    let city = "310100";
    let (service, _, _) = seed.traffic(city);
    let uri = traffic_uri(city, &service);
    let fields = |v: &Value| v["error"]["fields"].clone();
    let (s, r) = c
        .post(
            &uri,
            &json!({"plate": "沪A1234", "plate_type": "99", "vehicle_check": "12"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r["error"]["code"], "validation_failed");
    assert_eq!(
        fields(&r),
        json!({"plate": "plate_length", "plate_type": "unknown_option", "vehicle_check": "vehicle_check_length"})
    );
    assert!(r["error"]["field_messages"]["plate"]["zh"].is_string());
    let (_, r) = c
        .post(
            &uri,
            &json!({"plate": "", "plate_type": "", "vehicle_check": ""}),
        )
        .await;
    assert_eq!(
        fields(&r),
        json!({"plate": "required", "plate_type": "not_chosen", "vehicle_check": "required"})
    );
    let (_, r) = c
        .post(
            &uri,
            &json!({"plate": "沪AD12345", "plate_type": "02", "vehicle_check": "123456"}),
        )
        .await;
    assert_eq!(fields(&r)["plate_type"], "plate_type_ordinary");
    // Not JSON of the shape: 400.
    let (s, r) = c.post(&uri, &json!({"plate": 1})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{r}");
    assert_eq!(r["error"]["code"], "invalid_body");
    // A service without a traffic lookup, an unknown service, an unknown city: 404.
    let (s, r) = c
        .post(
            &traffic_uri(city, "water-bill"),
            &json!({"plate": "沪A10001", "plate_type": "02", "vehicle_check": "123456"}),
        )
        .await;
    assert_eq!(
        (s, r["error"]["code"].clone()),
        (StatusCode::NOT_FOUND, json!("service_not_found"))
    );
    let (s, r) = c
        .post(
            &bill_uri(city, &service),
            &json!({"provider_id": "x", "account_no": "1"}),
        )
        .await;
    assert_eq!(
        (s, r["error"]["code"].clone()),
        (StatusCode::NOT_FOUND, json!("service_not_found"))
    );
    let (s, r) = c
        .post(
            &traffic_uri("999999", &service),
            &json!({"plate": "沪A10001", "plate_type": "02", "vehicle_check": "123456"}),
        )
        .await;
    assert_eq!(
        (s, r["error"]["code"].clone()),
        (StatusCode::NOT_FOUND, json!("city_not_found"))
    );

    // Bills: an unknown provider, a wrong length, a wrong Luhn check digit (where a
    // provider uses one).
    let account = seed
        .plan
        .accounts
        .iter()
        .find(|a| a.city_code == city)
        .unwrap();
    let uri = bill_uri(city, &account.service_id);
    let (s, r) = c
        .post(
            &uri,
            &json!({"provider_id": "no-such-company", "account_no": account.account_no}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&r)["provider_id"], "unknown_option");
    let (_, r) = c
        .post(
            &uri,
            &json!({"provider_id": account.provider_id, "account_no": "1"}),
        )
        .await;
    assert_eq!(fields(&r)["account_no"], "account_length");
    let luhn = seed.catalog.catalogs.iter().find_map(|file| {
        file.services.iter().find_map(|s| {
            let p = s
                .online
                .as_ref()?
                .providers()
                .iter()
                .find(|p| p.account.check == citizen_core::rules::AccountCheck::Luhn)?;
            let a = seed
                .plan
                .accounts
                .iter()
                .find(|a| a.provider_id == p.id && a.city_code == file.city_code)?;
            Some(a.clone())
        })
    });
    if let Some(a) = luhn {
        let mut wrong = a.account_no.clone();
        let last = wrong.pop().unwrap();
        wrong.push(if last == '0' { '1' } else { '0' });
        let (_, r) = c
            .post(
                &bill_uri(&a.city_code, &a.service_id),
                &json!({"provider_id": a.provider_id, "account_no": wrong}),
            )
            .await;
        assert_eq!(fields(&r)["account_no"], "account_check_digit", "{r}");
    } else {
        eprintln!("no provider uses a Luhn check digit: that case is not tried");
    }
    assert!(c.cookie.is_none(), "rejected lookups create no session");
}

async fn check_isolation(app: &App) {
    let seed = Seed::load();
    let mut a = Client::new(app);
    let (_, traffic) = look_up_vehicle(&mut a, &seed, "330100", 1).await;
    let traffic_id = traffic["lookup_id"].as_str().unwrap().to_string();
    let account = seed
        .plan
        .accounts
        .iter()
        .find(|x| x.city_code == "330100")
        .unwrap();
    let (_, bill) = a
        .post(
            &bill_uri("330100", &account.service_id),
            &json!({"provider_id": account.provider_id, "account_no": account.account_no}),
        )
        .await;
    let bill_id = bill["lookup_id"].as_str().unwrap().to_string();
    let (s, saved, _) = a
        .send(
            Method::POST,
            "/api/v1/saved-accounts",
            Some(&json!({"city_code": "330100", "service_id": account.service_id, "provider_id": account.provider_id, "account_no": account.account_no, "label": "家里"})),
            Some("iso-1"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{saved}");
    let saved_id = saved["id"].as_str().unwrap().to_string();

    let mut b = Client::new(app);
    let _ = look_up_vehicle(&mut b, &seed, "330100", 3).await; // b has a session of its own
    assert!(b.cookie.is_some() && b.cookie != a.cookie);
    let mut none = Client::new(app);
    for other in [&mut b, &mut none] {
        let (s, r) = other
            .get(&format!("/api/v1/traffic-lookups/{traffic_id}"))
            .await;
        assert_eq!(
            (s, r["error"]["code"].clone()),
            (StatusCode::NOT_FOUND, json!("lookup_not_found"))
        );
        let (s, r) = other.get(&format!("/api/v1/bill-lookups/{bill_id}")).await;
        assert_eq!(
            (s, r["error"]["code"].clone()),
            (StatusCode::NOT_FOUND, json!("lookup_not_found"))
        );
        // A traffic lookup's id asked as a bill lookup: not found either.
        let (s, r) = other.get("/api/v1/saved-accounts").await;
        assert_eq!((s, r), (StatusCode::OK, json!({"accounts": []})));
        let (s, r, _) = other
            .send(
                Method::PATCH,
                &format!("/api/v1/saved-accounts/{saved_id}"),
                Some(&json!({"label": "别人家"})),
                None,
            )
            .await;
        assert_eq!(
            (s, r["error"]["code"].clone()),
            (StatusCode::NOT_FOUND, json!("saved_account_not_found"))
        );
        let (s, r, _) = other
            .send(
                Method::DELETE,
                &format!("/api/v1/saved-accounts/{saved_id}"),
                None,
                None,
            )
            .await;
        assert_eq!(
            (s, r["error"]["code"].clone()),
            (StatusCode::NOT_FOUND, json!("saved_account_not_found"))
        );
    }
    assert!(none.cookie.is_none(), "a GET creates no session");
    let (s, r) = a.get(&format!("/api/v1/bill-lookups/{traffic_id}")).await;
    assert_eq!(
        (s, r["error"]["code"].clone()),
        (StatusCode::NOT_FOUND, json!("lookup_not_found"))
    );
    // The owner still sees all of it.
    assert_eq!(
        a.get(&format!("/api/v1/traffic-lookups/{traffic_id}"))
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        a.get(&format!("/api/v1/bill-lookups/{bill_id}")).await.0,
        StatusCode::OK
    );
    let (_, list) = a.get("/api/v1/saved-accounts").await;
    assert_eq!(list["accounts"][0]["label"], "家里");
}

async fn check_saved_accounts(app: &App) {
    let seed = Seed::load();
    let account = seed
        .plan
        .accounts
        .iter()
        .find(|x| x.city_code == "440100")
        .unwrap();
    let body = json!({"city_code": "440100", "service_id": account.service_id, "provider_id": account.provider_id, "account_no": account.account_no, "label": " 家里 "});
    let mut c = Client::new(app);
    let (s, first, replayed) = c
        .send(
            Method::POST,
            "/api/v1/saved-accounts",
            Some(&body),
            Some("k-1"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    assert!(!replayed);
    assert_eq!(first["label"], "家里");
    assert_eq!(first["utility"], account.utility.as_str());
    assert!(first["provider_name"]["zh"].as_str().unwrap().len() > 1);
    // Same key, same body: the same answer.
    let (s, again, replayed) = c
        .send(
            Method::POST,
            "/api/v1/saved-accounts",
            Some(&body),
            Some("k-1"),
        )
        .await;
    assert_eq!((s, replayed), (StatusCode::OK, true));
    assert_eq!(again, first);
    // Same key, other body: 409.
    let mut other = body.clone();
    other["label"] = json!("父母家");
    let (s, r, _) = c
        .send(
            Method::POST,
            "/api/v1/saved-accounts",
            Some(&other),
            Some("k-1"),
        )
        .await;
    assert_eq!(
        (s, r["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("idempotency_key_reused"))
    );
    let message = r["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("这个户号已经保存过"), "{message}");
    // A 户号 in the provider's format that the provider does not have: 422
    // account_not_found, as the lookup says; nothing saved.
    let mut unknown = body.clone();
    let digits = account.account_no.len();
    unknown["account_no"] = json!("9".repeat(digits));
    let (s, r, _) = c
        .send(
            Method::POST,
            "/api/v1/saved-accounts",
            Some(&unknown),
            Some("k-unknown"),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
    assert_eq!(r["error"]["code"], "account_not_found");
    assert_eq!(r["error"]["fields"]["account_no"], "account_not_found");
    // No key: 400. A new key for the same account: 409 account_already_saved.
    let (s, _, _) = c
        .send(Method::POST, "/api/v1/saved-accounts", Some(&body), None)
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, r, _) = c
        .send(
            Method::POST,
            "/api/v1/saved-accounts",
            Some(&other),
            Some("k-2"),
        )
        .await;
    assert_eq!(
        (s, r["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("account_already_saved"))
    );
    // Bad label, bad account: 422 with the fields.
    let mut bad = body.clone();
    bad["label"] = json!("");
    bad["account_no"] = json!("12");
    let (s, r, _) = c
        .send(
            Method::POST,
            "/api/v1/saved-accounts",
            Some(&bad),
            Some("k-3"),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r["error"]["fields"],
        json!({"account_no": "account_length", "label": "required"})
    );
    // The failed key stays free.
    let second = seed
        .plan
        .accounts
        .iter()
        .filter(|x| x.city_code == "440100")
        .nth(1)
        .unwrap();
    let ok = json!({"city_code": "440100", "service_id": second.service_id, "provider_id": second.provider_id, "account_no": second.account_no, "label": "父母家"});
    let (s, second_saved, _) = c
        .send(
            Method::POST,
            "/api/v1/saved-accounts",
            Some(&ok),
            Some("k-3"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{second_saved}");
    let (_, list) = c.get("/api/v1/saved-accounts").await;
    assert_eq!(list["accounts"].as_array().unwrap().len(), 2);
    // Rename.
    let id = first["id"].as_str().unwrap().to_string();
    let uri = format!("/api/v1/saved-accounts/{id}");
    let (s, renamed, _) = c
        .send(Method::PATCH, &uri, Some(&json!({"label": "老房子"})), None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(renamed["label"], "老房子");
    assert_eq!(renamed["account_no"], first["account_no"]);
    let (s, r, _) = c
        .send(
            Method::PATCH,
            &uri,
            Some(&json!({"label": "家".repeat(21)})),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r["error"]["fields"]["label"], "too_long");
    // Delete.
    let (s, _, _) = c.send(Method::DELETE, &uri, None, None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _, _) = c.send(Method::DELETE, &uri, None, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, list) = c.get("/api/v1/saved-accounts").await;
    assert_eq!(list["accounts"].as_array().unwrap().len(), 1);
    assert_eq!(list["accounts"][0]["label"], "父母家");
}

async fn session_of(pool: &AnyPool, lookup_id: &str) -> SessionKey {
    SessionKey(
        sqlx::query_scalar("SELECT session_id_hash FROM lookups WHERE id = $1")
            .bind(lookup_id)
            .fetch_one(pool)
            .await
            .unwrap(),
    )
}

async fn price(
    pool: &AnyPool,
    s: &SessionKey,
    city: &str,
    items: &[ItemRef],
) -> Result<Vec<payable::PricedItem>, ApiError> {
    let mut tx = pool.begin().await.unwrap();
    let r = payable::price(&mut tx, s, city, items).await;
    tx.rollback().await.unwrap();
    r
}

async fn check_payable(app: &App) {
    let seed = Seed::load();
    let pool = &app.pool;
    let city = "370200";
    let (_, _, city_payable) = seed.traffic(city);
    assert!(city_payable, "{city} pays fines online");
    let mut a = Client::new(app);
    let (_, one) = look_up_vehicle(&mut a, &seed, city, 1).await;
    let (_, two) = look_up_vehicle(&mut a, &seed, city, 2).await;
    let account = seed
        .plan
        .accounts
        .iter()
        .find(|x| x.city_code == city && !x.shows.starts_with("no"))
        .unwrap();
    let (_, bills) = a
        .post(
            &bill_uri(city, &account.service_id),
            &json!({"provider_id": account.provider_id, "account_no": account.account_no}),
        )
        .await;
    let session = session_of(pool, one["lookup_id"].as_str().unwrap()).await;
    let fine = |v: &Value, i: usize| ItemRef {
        kind: ItemKind::TrafficFine,
        id: v["violations"][i]["id"].as_str().unwrap().to_string(),
    };
    let bill = ItemRef {
        kind: ItemKind::UtilityBill,
        id: bills["bills"][1]["id"].as_str().unwrap().to_string(),
    };
    let items = [fine(&one, 0), fine(&one, 1), bill.clone()];
    let priced = price(pool, &session, city, &items).await.unwrap();
    assert_eq!(priced.len(), 3);
    assert_eq!(
        priced[0].amount_fen,
        one["violations"][0]["fine_fen"].as_i64().unwrap()
    );
    let b = &bills["bills"][1];
    assert_eq!(
        priced[2].amount_fen,
        b["amount_fen"].as_i64().unwrap() + b["late_fee_fen"].as_i64().unwrap(),
        "the late fee is payable with the bill"
    );
    assert!(priced[0].title.zh.contains("交通违法罚款"));
    assert!(priced.iter().all(|p| p.city_code == city));

    // Another session, or none of its lookups: not found. Another city: not found.
    let mut b2 = Client::new(app);
    let (_, other) = look_up_vehicle(&mut b2, &seed, city, 3).await;
    let stranger = session_of(pool, other["lookup_id"].as_str().unwrap()).await;
    assert!(matches!(
        price(pool, &stranger, city, &items[..1]).await,
        Err(ApiError::ItemNotFound)
    ));
    assert!(matches!(
        price(pool, &SessionKey("nobody".into()), city, &items[..1]).await,
        Err(ApiError::ItemNotFound)
    ));
    assert!(matches!(
        price(pool, &session, "310100", &items[..1]).await,
        Err(ApiError::ItemNotFound)
    ));
    let unknown = ItemRef {
        kind: ItemKind::TrafficFine,
        id: "vio-none".into(),
    };
    assert!(matches!(
        price(pool, &session, city, &[unknown]).await,
        Err(ApiError::ItemNotFound)
    ));
    // A bill id named as a fine: not found.
    let swapped = ItemRef {
        kind: ItemKind::TrafficFine,
        id: bill.id.clone(),
    };
    assert!(matches!(
        price(pool, &session, city, &[swapped]).await,
        Err(ApiError::ItemNotFound)
    ));
    // The 12-point violation: not payable.
    let visit_index = two["violations"]
        .as_array()
        .unwrap()
        .iter()
        .position(|v| v["points"] == 12)
        .unwrap();
    assert!(matches!(
        price(pool, &session, city, &[fine(&two, visit_index)]).await,
        Err(ApiError::ItemNotPayable)
    ));
    // Twice the same item, or none: a bad request.
    assert!(matches!(
        price(pool, &session, city, &[bill.clone(), bill.clone()]).await,
        Err(ApiError::InvalidBody)
    ));
    assert!(matches!(
        price(pool, &session, city, &[]).await,
        Err(ApiError::InvalidBody)
    ));

    // Being paid by an order of this session (a paying order and its lock row, as orders
    // write them): paying, with the order's id; to another session that looked up the
    // same vehicle: paying elsewhere, and no id.
    sqlx::query(
        "INSERT INTO orders (id, reference, session_id_hash, city_code, state, items_json, \
         total_fen, provider, channel, attempts, created_at, closes_at) VALUES ('order-1', \
         'ref-1', $1, $2, 'paying', '[]', 0, 'sandbox', 'browser', 1, \
         '2026-01-01T00:00:00+08:00', '2026-01-01T00:15:00+08:00')",
    )
    .bind(session.0.as_str())
    .bind(city)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO order_item_locks (item_kind, item_id, order_id, created_at) VALUES ('traffic_fine', $1, 'order-1', '2026-01-01T00:00:00+08:00')")
        .bind(items[0].id.as_str())
        .execute(pool)
        .await
        .unwrap();
    let uri = format!(
        "/api/v1/traffic-lookups/{}",
        one["lookup_id"].as_str().unwrap()
    );
    let (_, fresh) = a.get(&uri).await;
    assert_eq!(fresh["violations"][0]["status"], "paying");
    assert_eq!(fresh["violations"][0]["order_id"], "order-1");
    assert_eq!(fresh["violations"][0]["paying_elsewhere"], false);
    assert_eq!(fresh["violations"][0]["payable"], false);
    assert_eq!(fresh["violations"][1]["status"], "unpaid");
    assert_eq!(fresh["violations"][1]["paying_elsewhere"], false);
    let (_, theirs) = look_up_vehicle(&mut b2, &seed, city, 1).await;
    let their_uri = format!(
        "/api/v1/traffic-lookups/{}",
        theirs["lookup_id"].as_str().unwrap()
    );
    assert_eq!(theirs["violations"][0]["status"], "paying");
    assert!(theirs["violations"][0]["order_id"].is_null(), "{theirs}");
    assert_eq!(theirs["violations"][0]["paying_elsewhere"], true);
    assert_eq!(theirs["violations"][0]["payable"], false);

    // Paid: once, never twice.
    let mut tx = pool.begin().await.unwrap();
    payable::mark_paid(&mut tx, &items, "order-1")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    let again = payable::mark_paid(&mut tx, &items[..1], "order-2").await;
    assert!(matches!(again, Err(ApiError::ItemAlreadyPaid)), "{again:?}");
    tx.rollback().await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    let missing = payable::mark_paid(
        &mut tx,
        &[ItemRef {
            kind: ItemKind::UtilityBill,
            id: "bill-none".into(),
        }],
        "order-2",
    )
    .await;
    assert!(
        matches!(missing, Err(ApiError::ItemNotFound)),
        "{missing:?}"
    );
    tx.rollback().await.unwrap();
    assert!(matches!(
        price(pool, &session, city, &items[1..2]).await,
        Err(ApiError::ItemAlreadyPaid)
    ));
    assert!(matches!(
        price(pool, &session, city, std::slice::from_ref(&bill)).await,
        Err(ApiError::ItemAlreadyPaid)
    ));
    let (_, fresh) = a.get(&uri).await;
    for v in fresh["violations"].as_array().unwrap() {
        assert_eq!(v["status"], "paid");
        assert_eq!(v["order_id"], "order-1");
    }
    let (_, theirs) = b2.get(&their_uri).await;
    for v in theirs["violations"].as_array().unwrap() {
        assert_eq!(v["status"], "paid");
        assert!(
            v["order_id"].is_null(),
            "another session's order is not named"
        );
        assert_eq!(v["paying_elsewhere"], false);
    }
    let (_, fresh_bills) = a
        .get(&format!(
            "/api/v1/bill-lookups/{}",
            bills["lookup_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(fresh_bills["bills"][1]["status"], "paid");
    assert_eq!(
        fresh_bills["bills"][1]["late_fee_fen"], b["late_fee_fen"],
        "frozen on the day paid"
    );
    assert_eq!(fresh_bills["bills"][0]["status"], "unpaid");
    // A new lookup shows them paid too.
    let (_, new_lookup) = look_up_vehicle(&mut a, &seed, city, 1).await;
    assert_eq!(new_lookup["violations"][0]["status"], "paid");
}
