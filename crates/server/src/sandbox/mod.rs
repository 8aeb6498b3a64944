//! The deterministic sandbox seed: vehicles with and without violations and 户号 with and
//! without bills for every launch city whose catalog offers the services, written by the
//! server at start when missing ([`seed`]) and replaced by `cargo xtask reset-sandbox`
//! (`citizen-server --reset-sandbox`, [`reset`]). What to type to try each case:
//! `docs/sandbox.md`. The rule is in [`plan`].
//!
//! Nothing personal: the plates, tails, 户号 and masked holders are made up by the rule,
//! and only counts are logged.

pub mod plan;
mod store;

use citizen_core::date::CalendarDate;
use sqlx::AnyPool;

pub use store::SeedCounts;

use crate::catalog::LoadedCatalog;
use crate::db::DbError;
use citizen_core::catalog::OnlineService;
use citizen_core::rules::AccountCheck;
use plan::{SeedBillService, SeedCity, SeedProvider};

/// The seed's view of the catalog: each joined launch city (in catalog order) with whether
/// it has a traffic lookup and its bill services with their providers.
pub fn seed_cities(catalog: &LoadedCatalog) -> Vec<SeedCity> {
    let mut out = Vec::new();
    for file in &catalog.catalogs {
        let Some(city) = catalog.cities.iter().find(|c| c.code == file.city_code) else {
            continue;
        };
        if file.launch_order.is_none() && city.launch_order.is_none() {
            continue;
        }
        let mut seed = SeedCity {
            code: city.code.clone(),
            name_zh: city.name.clone(),
            name_en: city.english_name(),
            traffic: false,
            bill_services: Vec::new(),
        };
        for service in &file.services {
            match &service.online {
                None => {}
                Some(OnlineService::Traffic { .. }) => seed.traffic = true,
                Some(OnlineService::UtilityBill { utility, providers }) => {
                    seed.bill_services.push(SeedBillService {
                        service_id: service.id.clone(),
                        utility: utility.as_str().to_string(),
                        providers: providers
                            .iter()
                            .map(|p| SeedProvider {
                                id: p.id.clone(),
                                min_length: p.account.min_length as usize,
                                max_length: p.account.max_length as usize,
                                luhn: p.account.check == AccountCheck::Luhn,
                            })
                            .collect(),
                    })
                }
            }
        }
        if seed.traffic || !seed.bill_services.is_empty() {
            out.push(seed);
        }
    }
    out
}

/// Writes the seed for `catalog` as of `seed_date` where it is missing: rows that exist
/// (by their stable ids) are left as they are, paid or not. Returns what was added.
///
/// Errors: a database error (nothing is written).
pub async fn seed(
    pool: &AnyPool,
    catalog: &LoadedCatalog,
    seed_date: CalendarDate,
) -> Result<SeedCounts, DbError> {
    let plan = plan::plan(&seed_cities(catalog), seed_date);
    let mut tx = pool.begin().await?;
    let counts = store::insert_missing(&mut tx, &plan).await?;
    tx.commit().await?;
    if !counts.is_empty() {
        tracing::info!(
            vehicles = counts.vehicles,
            violations = counts.violations,
            accounts = counts.accounts,
            bills = counts.bills,
            "sandbox seed added"
        );
    }
    Ok(counts)
}

/// Empties the sandbox tables (records, lookups and the order locks on their items; saved
/// accounts and orders stay) and writes the seed afresh, in one transaction.
///
/// Errors: a database error (nothing changes).
pub async fn reset(
    pool: &AnyPool,
    catalog: &LoadedCatalog,
    seed_date: CalendarDate,
) -> Result<SeedCounts, DbError> {
    let plan = plan::plan(&seed_cities(catalog), seed_date);
    let mut tx = pool.begin().await?;
    store::delete_all(&mut tx).await?;
    let counts = store::insert_missing(&mut tx, &plan).await?;
    tx.commit().await?;
    tracing::info!(
        vehicles = counts.vehicles,
        violations = counts.violations,
        accounts = counts.accounts,
        bills = counts.bills,
        "sandbox reset"
    );
    Ok(counts)
}

/// `citizen-server --reset-sandbox` (`cargo xtask reset-sandbox`): loads the catalog, opens
/// and migrates `config.database_url`, stores the catalog and [`reset`]s the sandbox as of
/// today in China. Returns what was written.
///
/// Errors: those of [`crate::prepare`] for the catalog and the database.
pub async fn reset_database(config: &crate::Config) -> Result<SeedCounts, crate::StartError> {
    use crate::StartError;
    let catalog = crate::load_catalog(&config.catalog_dir)?;
    let pool = crate::db::connect(&config.database_url).await?;
    crate::db::MIGRATOR.run(&pool).await?;
    crate::catalog::replace_catalog(&pool, &catalog)
        .await
        .map_err(StartError::Store)?;
    let today = CalendarDate::in_china_at(crate::clock::now_unix());
    let counts = reset(&pool, &catalog, today)
        .await
        .map_err(StartError::Store)?;
    pool.close().await;
    Ok(counts)
}
