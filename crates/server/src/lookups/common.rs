//! What the lookups share: ids, request bodies, encoding answers, the lookup rows a session
//! owns and where an item stands. Kept apart from the root so that the traffic, bill and
//! saved-account modules import it as a sibling (no module reaches back into `mod.rs`).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::db::DbError;
use crate::error::ApiError;

/// A new random id: 16 bytes from the OS as 32 hex digits.
///
/// Errors: the OS has no randomness to give (500).
pub(crate) fn new_id() -> Result<String, ApiError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| DbError::Corrupt(format!("no randomness for an id: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The JSON body as a value (for fingerprints) and as `T`.
///
/// Errors: [`ApiError::BodyTooLarge`], [`ApiError::InvalidBody`].
pub(super) fn json_body<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
) -> Result<(Value, T), ApiError> {
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::BodyTooLarge
        } else {
            ApiError::InvalidBody
        }
    })?;
    let value: Value = serde_json::from_slice(&body).map_err(|_| ApiError::InvalidBody)?;
    let request = serde_json::from_value(value.clone()).map_err(|_| ApiError::InvalidBody)?;
    Ok((value, request))
}

/// The answer's JSON text.
pub(super) fn encode<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value)
        .map_err(|e| ApiError::Internal(DbError::Corrupt(format!("cannot encode: {e}"))))
}

/// A stored lookup row.
#[derive(Debug, sqlx::FromRow)]
pub(super) struct LookupRow {
    /// The lookup's id.
    pub(super) id: String,
    /// GB/T 2260 code of the city looked up in.
    pub(super) city_code: String,
    /// The service looked up with.
    pub(super) service_id: String,
    /// What was looked up (plate and type, or provider and 户号).
    pub(super) subject: String,
    /// RFC 3339, +08:00.
    pub(super) created_at: String,
}

/// The lookup `id` of kind `kind` owned by `session`.
///
/// Errors: [`ApiError::LookupNotFound`] (no session, no such lookup, or another
/// session's), a database error.
pub(super) async fn owned_lookup(
    pool: &sqlx::AnyPool,
    session: Option<&crate::sessions::SessionKey>,
    kind: &str,
    id: &str,
) -> Result<LookupRow, ApiError> {
    let Some(session) = session else {
        return Err(ApiError::LookupNotFound);
    };
    let row: Option<LookupRow> = sqlx::query_as(
        "SELECT id, city_code, service_id, subject, created_at FROM lookups \
         WHERE id = $1 AND kind = $2 AND session_id_hash = $3",
    )
    .bind(id)
    .bind(kind)
    .bind(session.0.as_str())
    .fetch_optional(pool)
    .await?;
    row.ok_or(ApiError::LookupNotFound)
}

/// Stores a lookup and the items it showed, in one transaction.
pub(super) async fn store_lookup(
    pool: &sqlx::AnyPool,
    lookup: &LookupRow,
    session: &crate::sessions::SessionKey,
    kind: &str,
    item_kind: &str,
    item_ids: &[String],
) -> Result<(), ApiError> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "INSERT INTO lookups (id, session_id_hash, kind, city_code, service_id, subject, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(lookup.id.as_str())
    .bind(session.0.as_str())
    .bind(kind)
    .bind(lookup.city_code.as_str())
    .bind(lookup.service_id.as_str())
    .bind(lookup.subject.as_str())
    .bind(lookup.created_at.as_str())
    .execute(&mut *tx)
    .await?;
    for (position, item_id) in (0_i64..).zip(item_ids) {
        sqlx::query(
            "INSERT INTO lookup_items (lookup_id, item_kind, item_id, position) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(lookup.id.as_str())
        .bind(item_kind)
        .bind(item_id.as_str())
        .bind(position)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Where an item stands, from its row.
pub(super) enum Standing {
    /// `paid_order_id` is set; the order's id when it is the asking session's.
    Paid(Option<String>),
    /// An order holds it in `order_item_locks`: that order is being paid (the lock is
    /// taken when an order goes `paying`, and kept only when it is paid). The order's id
    /// when it is the asking session's; `None` for another session's payment.
    Paying(Option<String>),
    /// Neither: it can be put in an order and paid.
    Open,
}

impl Standing {
    /// The order id the answer may carry: only the asking session's own.
    pub(super) fn order_id(&self) -> Option<String> {
        match self {
            Standing::Paid(order) | Standing::Paying(order) => order.clone(),
            Standing::Open => None,
        }
    }

    /// Whether another session's payment holds it (另一笔支付正在进行).
    pub(super) fn paying_elsewhere(&self) -> bool {
        matches!(self, Standing::Paying(None))
    }
}

/// SQL (after `FROM lookup_items li`, the lookup being `li.lookup_id` and the item table
/// aliased `item`): the lock of the item and the owners of the orders that hold and paid
/// it, for [`ItemOrders`].
pub(super) const ITEM_ORDERS_JOINS: &str = "JOIN lookups l ON l.id = li.lookup_id \
     LEFT JOIN order_item_locks k ON k.item_kind = li.item_kind AND k.item_id = li.item_id \
     LEFT JOIN orders ko ON ko.id = k.order_id \
     LEFT JOIN orders po ON po.id = item.paid_order_id";

/// SQL: the columns of [`ItemOrders`] (with [`ITEM_ORDERS_JOINS`]). An order id is kept
/// only when the order belongs to the lookup's session, the one asking (a lookup is read
/// only by its own session).
pub(super) const ITEM_ORDERS_COLUMNS: &str = "item.paid_order_id, k.order_id AS lock_order_id, \
     CASE WHEN po.session_id_hash = l.session_id_hash THEN po.id END AS own_paid_order_id, \
     CASE WHEN ko.session_id_hash = l.session_id_hash THEN ko.id END AS own_lock_order_id";

/// Where an item's orders stand, as [`ITEM_ORDERS_COLUMNS`] reads them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(super) struct ItemOrders {
    /// The order that paid it, whoever's.
    pub(super) paid_order_id: Option<String>,
    /// The order holding it, whoever's.
    pub(super) lock_order_id: Option<String>,
    /// `paid_order_id` if the asking session's.
    pub(super) own_paid_order_id: Option<String>,
    /// `lock_order_id` if the asking session's.
    pub(super) own_lock_order_id: Option<String>,
}

/// Where the item stands.
pub(super) fn standing(o: &ItemOrders) -> Standing {
    match (&o.paid_order_id, &o.lock_order_id) {
        (Some(_), _) => Standing::Paid(o.own_paid_order_id.clone()),
        (None, Some(_)) => Standing::Paying(o.own_lock_order_id.clone()),
        (None, None) => Standing::Open,
    }
}
