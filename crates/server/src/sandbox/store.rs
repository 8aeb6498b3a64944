//! Writing a [`Plan`] into the database: every row `INSERT ... ON CONFLICT DO NOTHING` on
//! its stable id, in one transaction, so a second start adds nothing and never overwrites
//! what payments changed.

use sqlx::{Any, Transaction};

use super::plan::Plan;
use crate::db::DbError;

/// How many rows a seed added (0 everywhere when the seed was there already).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedCounts {
    /// Vehicles added.
    pub vehicles: u64,
    /// Violations added.
    pub violations: u64,
    /// Utility accounts added.
    pub accounts: u64,
    /// Bills added.
    pub bills: u64,
}

impl SeedCounts {
    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        *self == SeedCounts::default()
    }
}

/// Inserts the rows of `plan` that are missing.
///
/// Errors: any database error (the caller's transaction should be rolled back).
pub async fn insert_missing(
    tx: &mut Transaction<'_, Any>,
    plan: &Plan,
) -> Result<SeedCounts, DbError> {
    let mut counts = SeedCounts::default();
    for v in &plan.vehicles {
        counts.vehicles += sqlx::query(
            "INSERT INTO vehicles (city_code, plate, plate_type, engine_tail, vin_tail) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (city_code, plate, plate_type) DO NOTHING",
        )
        .bind(v.city_code.as_str())
        .bind(v.plate.as_str())
        .bind(v.plate_type)
        .bind(v.engine_tail.as_str())
        .bind(v.vin_tail.as_str())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    }
    for v in &plan.violations {
        let (reason_zh, reason_en) = match v.not_payable_reason {
            Some((zh, en)) => (Some(zh), Some(en)),
            None => (None, None),
        };
        counts.violations += sqlx::query(
            "INSERT INTO violations (id, city_code, plate, plate_type, occurred_at, place_zh, \
             place_en, description_zh, description_en, fine_fen, points, payable, \
             not_payable_reason_zh, not_payable_reason_en) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(v.id.as_str())
        .bind(v.city_code.as_str())
        .bind(v.plate.as_str())
        .bind(v.plate_type)
        .bind(v.occurred_at.as_str())
        .bind(v.place_zh.as_str())
        .bind(v.place_en.as_str())
        .bind(v.description_zh)
        .bind(v.description_en)
        .bind(v.fine_fen)
        .bind(v.points)
        .bind(i64::from(v.payable))
        .bind(reason_zh)
        .bind(reason_en)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    }
    for a in &plan.accounts {
        counts.accounts += sqlx::query(
            "INSERT INTO utility_accounts (id, city_code, service_id, utility, provider_id, \
             account_no, holder_masked, address_masked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT DO NOTHING",
        )
        .bind(a.id.as_str())
        .bind(a.city_code.as_str())
        .bind(a.service_id.as_str())
        .bind(a.utility.as_str())
        .bind(a.provider_id.as_str())
        .bind(a.account_no.as_str())
        .bind(a.holder_masked.as_str())
        .bind(a.address_masked.as_str())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    }
    for b in &plan.bills {
        counts.bills += sqlx::query(
            "INSERT INTO bills (id, account_id, period, amount_fen, late_fee_permille_per_day, \
             due_date) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
        )
        .bind(b.id.as_str())
        .bind(b.account_id.as_str())
        .bind(b.period.as_str())
        .bind(b.amount_fen)
        .bind(b.late_fee_permille_per_day)
        .bind(b.due_date.to_string())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    }
    Ok(counts)
}

/// Empties the sandbox tables: the records (vehicles, violations, utility accounts, bills),
/// the lookups that showed them and the order locks on their items. Saved accounts and
/// orders stay (a paid order keeps its receipt).
///
/// Errors: any database error.
pub async fn delete_all(tx: &mut Transaction<'_, Any>) -> Result<(), DbError> {
    for statement in [
        "DELETE FROM order_item_locks WHERE item_kind IN ('traffic_fine', 'utility_bill')",
        "DELETE FROM lookup_items",
        "DELETE FROM lookups",
        "DELETE FROM bills",
        "DELETE FROM utility_accounts",
        "DELETE FROM violations",
        "DELETE FROM vehicles",
    ] {
        sqlx::query(statement).execute(&mut **tx).await?;
    }
    Ok(())
}
