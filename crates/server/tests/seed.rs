//! The sandbox seed (`citizen_server::sandbox`): valid data for every launch city (plates
//! of the city's province prefix and of their type, tails, 户号 in the provider's format),
//! the cases docs/sandbox.md lists, deterministic (two fresh databases hold identical rows)
//! and idempotent (a restart adds nothing and keeps what payments changed), and reset. On
//! SQLite, and on PostgreSQL when `TEST_POSTGRES_URL` is set (databases of their own).

use std::path::{Path, PathBuf};

use citizen_core::catalog::OnlineService;
use citizen_core::date::CalendarDate;
use citizen_core::rules::{validate_plate, validate_utility_account, validate_vehicle_check};
use citizen_core::traffic::{validate_plate_for_type, PlateType, VehicleCheckKind};
use citizen_server::payable::{mark_paid, ItemKind, ItemRef};
use citizen_server::sandbox::plan::{plan, plate_prefix};
use citizen_server::sandbox::{reset, seed, seed_cities, SeedCounts};
use citizen_server::{load_catalog, prepare, Config};
use sqlx::{AnyPool, Connection};

fn catalog_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog")
}

fn config(dir: &Path, url: String) -> Config {
    Config {
        catalog_dir: catalog_dir(),
        dist_dir: dir.join("dist"),
        addr: "127.0.0.1:0".into(),
        database_url: url,
        partner_origins: Default::default(),
    }
}

fn sqlite_url(dir: &Path, name: &str) -> String {
    format!("sqlite://{}?mode=rwc", dir.join(name).display())
}

/// A fresh PostgreSQL database beside `TEST_POSTGRES_URL`'s: (admin url, its url, name).
async fn postgres_db(tag: &str) -> Option<(String, String, String)> {
    let admin = std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    let (base, _) = admin.rsplit_once('/').expect("a database name");
    let name = format!("citizen_seed_{tag}_{}", std::process::id());
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
    for sql in [
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        format!("CREATE DATABASE {name}"),
    ] {
        sqlx::query(&sql).execute(&mut conn).await.unwrap();
    }
    let url = format!("{base}/{name}");
    Some((admin, url, name))
}

async fn drop_postgres(admin: &str, name: &str) {
    let mut conn = sqlx::AnyConnection::connect(admin).await.unwrap();
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .unwrap();
}

/// A violation as dumped: id, plate, occurred_at, place_zh, fine_fen, points, payable,
/// paid_order_id.
type ViolationRow = (
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    Option<String>,
);
/// A bill as dumped: id, account_id, period, amount_fen, late fee ‰ a day, due_date,
/// paid_order_id.
type BillRow = (String, String, String, i64, i64, String, Option<String>);

/// Every seeded row as text, in a fixed order.
async fn dump(pool: &AnyPool) -> Vec<String> {
    let mut out = Vec::new();
    let vehicles: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT city_code, plate, plate_type, engine_tail, vin_tail FROM vehicles \
         ORDER BY city_code, plate, plate_type",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    out.extend(vehicles.iter().map(|v| format!("{v:?}")));
    let violations: Vec<ViolationRow> = sqlx::query_as(
        "SELECT id, plate, occurred_at, place_zh, fine_fen, points, payable, \
             paid_order_id FROM violations ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    out.extend(violations.iter().map(|v| format!("{v:?}")));
    let accounts: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, provider_id, account_no, holder_masked, address_masked \
         FROM utility_accounts ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    out.extend(accounts.iter().map(|v| format!("{v:?}")));
    let bills: Vec<BillRow> = sqlx::query_as(
        "SELECT id, account_id, period, amount_fen, late_fee_permille_per_day, due_date, \
         paid_order_id FROM bills ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    out.extend(bills.iter().map(|v| format!("{v:?}")));
    out
}

fn today() -> CalendarDate {
    CalendarDate::in_china_at(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    )
}

#[test]
fn the_plan_is_valid_for_every_launch_city() {
    let catalog = load_catalog(&catalog_dir()).unwrap();
    let day = CalendarDate::parse("2026-12-04").unwrap();
    let p = plan(&seed_cities(&catalog), day);
    assert_eq!(p, plan(&seed_cities(&catalog), day), "deterministic");
    let launch: Vec<_> = catalog
        .cities
        .iter()
        .filter(|c| c.launch_order.is_some())
        .collect();
    assert_eq!(launch.len(), 12);
    for city in launch {
        let prefix =
            plate_prefix(&city.code).unwrap_or_else(|| panic!("{} has a prefix", city.code));
        let vehicles: Vec<_> = p
            .vehicles
            .iter()
            .filter(|v| v.city_code == city.code)
            .collect();
        assert!(vehicles.len() >= 3, "{}", city.code);
        for v in &vehicles {
            assert!(v.plate.starts_with(prefix), "{}", v.plate);
            validate_plate(&v.plate).unwrap();
            validate_plate_for_type(&v.plate, PlateType::from_code(v.plate_type).unwrap()).unwrap();
            validate_vehicle_check(&v.engine_tail, VehicleCheckKind::Engine).unwrap();
            validate_vehicle_check(&v.vin_tail, VehicleCheckKind::Vin).unwrap();
        }
        let of = |plate: &str| -> Vec<_> {
            p.violations
                .iter()
                .filter(|x| x.city_code == city.code && x.plate == plate)
                .collect()
        };
        let one = of(&vehicles[0].plate);
        assert_eq!(one.len(), 2);
        assert!(one.iter().all(|x| x.payable) && one[0].fine_fen != one[1].fine_fen);
        let two = of(&vehicles[1].plate);
        assert!(two
            .iter()
            .any(|x| !x.payable && x.points >= 12 && x.not_payable_reason.is_some()));
        assert!(two.iter().any(|x| x.payable));
        assert!(of(&vehicles[2].plate).is_empty());
        // Every bill service and provider of the catalog: two 户号, one with two unpaid bills
        // (one past due), one with none; valid in the provider's format.
        let file = catalog
            .catalogs
            .iter()
            .find(|f| f.city_code == city.code)
            .unwrap();
        for service in &file.services {
            let Some(OnlineService::UtilityBill { providers, .. }) = &service.online else {
                continue;
            };
            for provider in providers {
                let accounts: Vec<_> = p
                    .accounts
                    .iter()
                    .filter(|a| a.city_code == city.code && a.provider_id == provider.id)
                    .collect();
                assert_eq!(accounts.len(), 2, "{}", provider.id);
                for a in &accounts {
                    validate_utility_account(&a.account_no, &provider.account.rule())
                        .unwrap_or_else(|e| panic!("{} {}: {e}", provider.id, a.account_no));
                    assert!(a.holder_masked.ends_with('*'));
                }
                let bills: Vec<_> = p
                    .bills
                    .iter()
                    .filter(|b| b.account_id == accounts[0].id)
                    .collect();
                assert_eq!(bills.len(), 2);
                assert!(
                    bills.iter().any(|b| b.due_date < day)
                        && bills.iter().any(|b| b.due_date > day)
                );
                assert!(p.bills.iter().all(|b| b.account_id != accounts[1].id));
            }
        }
    }
}

#[tokio::test]
async fn deterministic_and_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    check(
        &config(dir.path(), sqlite_url(dir.path(), "a.sqlite")),
        &config(dir.path(), sqlite_url(dir.path(), "b.sqlite")),
    )
    .await;
}

#[tokio::test]
async fn deterministic_and_idempotent_on_postgres() {
    let Some((admin, a, name_a)) = postgres_db("a").await else {
        eprintln!(
            "deterministic_and_idempotent_on_postgres: skipped, TEST_POSTGRES_URL is not set"
        );
        return;
    };
    let (_, b, name_b) = postgres_db("b").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    check(&config(dir.path(), a), &config(dir.path(), b)).await;
    // And PostgreSQL holds the same rows as SQLite.
    let lite = prepare(&config(dir.path(), sqlite_url(dir.path(), "c.sqlite")))
        .await
        .unwrap();
    let pg = prepare(&config(
        dir.path(),
        format!("{}/{name_b}", admin.rsplit_once('/').unwrap().0),
    ))
    .await
    .unwrap();
    assert_eq!(dump(&lite.pool).await, dump(&pg.pool).await);
    lite.pool.close().await;
    pg.pool.close().await;
    drop_postgres(&admin, &name_a).await;
    drop_postgres(&admin, &name_b).await;
}

async fn check(a: &Config, b: &Config) {
    let first = prepare(a).await.unwrap();
    let second = prepare(b).await.unwrap();
    let rows = dump(&first.pool).await;
    assert!(rows.len() > 12 * 3 + 12 * 3 * 2, "{} rows", rows.len());
    assert_eq!(
        rows,
        dump(&second.pool).await,
        "two fresh databases, the same rows"
    );
    second.pool.close().await;

    // Seeding again adds nothing; a restart neither; what payments changed stays.
    let catalog = load_catalog(&catalog_dir()).unwrap();
    assert_eq!(
        seed(&first.pool, &catalog, today()).await.unwrap(),
        SeedCounts::default()
    );
    let later = today().add_days(40);
    assert!(
        seed(&first.pool, &catalog, later).await.unwrap().is_empty(),
        "another day too"
    );
    let fine = ItemRef {
        kind: ItemKind::TrafficFine,
        id: "vio-310100-1-1".into(),
    };
    let mut tx = first.pool.begin().await.unwrap();
    mark_paid(&mut tx, &[fine], "order-seed-test")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    first.pool.close().await;
    let restarted = prepare(a).await.unwrap();
    let after = dump(&restarted.pool).await;
    assert_eq!(after.len(), rows.len(), "a restart adds nothing");
    assert!(after
        .iter()
        .any(|r| r.contains("vio-310100-1-1") && r.contains("order-seed-test")));

    // Reset: the seed afresh, unpaid again; lookups gone.
    let counts = reset(&restarted.pool, &catalog, today()).await.unwrap();
    assert!(counts.vehicles >= 36 && counts.bills > 0, "{counts:?}");
    assert_eq!(dump(&restarted.pool).await, rows);
    let lookups: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lookups")
        .fetch_one(&restarted.pool)
        .await
        .unwrap();
    assert_eq!(lookups, 0);
    restarted.pool.close().await;
}

/// The tables of docs/sandbox.md, from the plan (what `--nocapture` prints when run with
/// `--ignored`): the file must list every plate, tail and 户号 of the seed.
fn sandbox_tables() -> String {
    let catalog = load_catalog(&catalog_dir()).unwrap();
    let p = plan(
        &seed_cities(&catalog),
        CalendarDate::parse("2026-12-04").unwrap(),
    );
    let mut out = String::from(
        "| city | 号牌号码 | 号牌种类 | 发动机号后六位 | 车辆识别代号后六位 | what it shows |\n|---|---|---|---|---|---|\n",
    );
    for v in &p.vehicles {
        let city = catalog
            .cities
            .iter()
            .find(|c| c.code == v.city_code)
            .unwrap();
        let t = PlateType::from_code(v.plate_type).unwrap();
        out.push_str(&format!(
            "| {} {} | {} | {} {} | {} | {} | {} |\n",
            v.city_code,
            city.name,
            v.plate,
            v.plate_type,
            t.label().zh,
            v.engine_tail,
            v.vin_tail,
            v.shows
        ));
    }
    out.push_str("\n| city | service | provider | 户号 | what it shows |\n|---|---|---|---|---|\n");
    for a in &p.accounts {
        let city = catalog
            .cities
            .iter()
            .find(|c| c.code == a.city_code)
            .unwrap();
        let shows = if a.shows.starts_with("two") {
            let amounts: Vec<String> = p
                .bills
                .iter()
                .filter(|b| b.account_id == a.id)
                .map(|b| format!("¥{}.{:02}", b.amount_fen / 100, b.amount_fen % 100))
                .collect();
            format!("{} ({})", a.shows, amounts.join(" past due, "))
        } else {
            a.shows.to_string()
        };
        out.push_str(&format!(
            "| {} {} | {} | {} | {} | {} |\n",
            a.city_code, city.name, a.service_id, a.provider_id, a.account_no, shows
        ));
    }
    out
}

#[test]
#[ignore = "prints the tables for docs/sandbox.md"]
fn print_sandbox_tables() {
    print!("{}", sandbox_tables());
}

#[test]
fn docs_list_the_seed() {
    let docs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/sandbox.md"),
    )
    .unwrap();
    for line in sandbox_tables()
        .lines()
        .filter(|l| l.starts_with("| 1") || l.starts_with("| 3") || l.starts_with("| 4"))
    {
        assert!(docs.contains(line), "docs/sandbox.md lacks: {line}");
    }
}
