//! Writing the catalog into the database at start ([`replace_catalog`]); the API's reads
//! are beside their handlers in the parent module.

use citizen_core::catalog::Category;
use sqlx::AnyPool;

use super::load::LoadedCatalog;
use crate::db::DbError;

/// Replaces the catalog tables' contents with `catalog`, in one transaction: readers see
/// the old catalog or the new one, never a mix, and a failure leaves the old one.
///
/// Errors: any database error (the transaction is rolled back).
pub async fn replace_catalog(pool: &AnyPool, catalog: &LoadedCatalog) -> Result<(), DbError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM services")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM cities").execute(&mut *tx).await?;
    sqlx::query("DELETE FROM catalog_meta")
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO catalog_meta (id, source) VALUES (1, $1)")
        .bind(catalog.source.as_str())
        .execute(&mut *tx)
        .await?;
    for (position, city) in (0_i64..).zip(&catalog.cities) {
        sqlx::query(
            "INSERT INTO cities (code, position, name, province, pinyin, launch_order, joined) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(city.code.as_str())
        .bind(position)
        .bind(city.name.as_str())
        .bind(city.province.as_str())
        .bind(city.pinyin.join(" "))
        .bind(city.launch_order.map(i64::from))
        .bind(i64::from(city.joined))
        .execute(&mut *tx)
        .await?;
    }
    for catalog in &catalog.catalogs {
        for (position, service) in (0_i64..).zip(&catalog.services) {
            let json = serde_json::to_string(service).map_err(|e| {
                DbError::Corrupt(format!("cannot encode service {}: {e}", service.id))
            })?;
            sqlx::query(
                "INSERT INTO services (city_code, id, position, category, service_json) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(catalog.city_code.as_str())
            .bind(service.id.as_str())
            .bind(position)
            .bind(category_name(service.category))
            .bind(json)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The snake_case wire name of a category (`exit_entry`), as serde writes it.
fn category_name(category: Category) -> String {
    match serde_json::to_value(category) {
        Ok(serde_json::Value::String(s)) => s,
        // A unit enum variant always serialises to a string; keep a readable fallback anyway.
        _ => format!("{category:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_names_are_snake_case() {
        assert_eq!(category_name(Category::ExitEntry), "exit_entry");
    }
}
