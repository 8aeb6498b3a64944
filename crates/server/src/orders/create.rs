//! `POST /api/v1/orders`: price the items on the server and store the order, under the
//! request's idempotency key (scope `orders`). Creating locks nothing: an item is held for
//! an order only while it is being paid (`order_item_locks`, taken by the pay step).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use citizen_core::api::{Channel, CreateOrderRequest, ItemRef, OrderItemView, CHANNEL_HEADER};
use citizen_core::date::CalendarDate;
use citizen_core::money::Fen;
use citizen_core::order::OrderState;
use citizen_core::reference::format_reference;
use serde_json::{json, Value};

use super::model::{
    encode, payable_ref, random_hex, wire_kind, OrderRow, CLOSE_AFTER_SECS, COLUMNS, SCOPE_ORDERS,
};
use crate::catalog::find_city;
use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;
use crate::error::{json_no_store, ApiError};
use crate::idempotency::{self, Claim, Stored, Tx, Written};
use crate::payable::price;
use crate::sessions::{self, MaybeSession, SessionKey};
use crate::AppState;

/// The most items one order may hold.
pub const MAX_ITEMS: usize = 50;

/// `POST /api/v1/orders`.
pub(super) async fn create(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let key = idempotency::key(&headers)?;
    let channel = match headers.get(CHANNEL_HEADER) {
        None => Channel::Browser,
        Some(v) => v
            .to_str()
            .ok()
            .and_then(Channel::parse)
            .ok_or(ApiError::ChannelUnknown)?,
    };
    let body = body.map_err(|_| ApiError::InvalidBody)?;
    let value: Value = serde_json::from_slice(&body).map_err(|_| ApiError::InvalidBody)?;
    let request: CreateOrderRequest =
        serde_json::from_value(value.clone()).map_err(|_| ApiError::InvalidBody)?;
    if request.items.len() > MAX_ITEMS {
        return Err(ApiError::InvalidBody);
    }
    let session = session.ok_or(ApiError::IdentityRequired)?;
    if sessions::identity(&state.pool, &session).await?.is_none() {
        return Err(ApiError::IdentityRequired);
    }
    // The session is part of what the key names: another session's key never replays.
    let claim = Claim::new(
        SCOPE_ORDERS,
        key,
        "orders",
        &json!({"session": session.0, "request": value}),
    );
    if let Some(stored) = claim.stored(&state.pool).await? {
        return Ok(idempotency::replayed(stored.body));
    }
    let city = find_city(&state.pool, &request.city_code).await?;
    let provider = state.payments.for_channel(channel).name();
    let new = NewOrder {
        session: session.clone(),
        city_code: city.code.clone(),
        items: request.items,
        provider,
        channel: channel.as_str(),
    };
    let payments = state.payments.clone();
    let written = claim
        .write(&state.pool, move |tx| {
            Box::pin(async move {
                let row = insert(tx, &new).await?;
                let response = row.response(&payments)?;
                let body = encode(&response)?;
                let stored = Stored {
                    status: StatusCode::CREATED,
                    body: body.clone(),
                    resource_id: Some(row.id.clone()),
                };
                Ok((stored, (row.id, body)))
            })
        })
        .await?;
    match written {
        Written::New((id, body)) => {
            tracing::info!(order = %id, city = %city.code, provider, status = 201, "order created");
            let mut reply = json_no_store(StatusCode::CREATED, body);
            if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/orders/{id}")) {
                reply.headers_mut().insert(header::LOCATION, location);
            }
            Ok(reply)
        }
        Written::Replay(stored) => Ok(idempotency::replayed(stored.body)),
    }
}

struct NewOrder {
    session: SessionKey,
    city_code: String,
    items: Vec<ItemRef>,
    provider: &'static str,
    channel: &'static str,
}

/// Prices the items ([`price`]: visible, payable, unpaid) and inserts the order. Another
/// open order with the same items is no obstacle; only one of them can be paying at a time.
async fn insert(tx: &mut Tx<'static>, new: &NewOrder) -> Result<OrderRow, ApiError> {
    let refs: Vec<_> = new.items.iter().map(payable_ref).collect();
    let priced = price(tx, &new.session, &new.city_code, &refs).await?;
    let total = Fen::checked_sum(priced.iter().map(|p| Fen(p.amount_fen)))
        .map_err(|e| DbError::Corrupt(format!("order total: {e}")))?;
    let items: Vec<OrderItemView> = priced
        .into_iter()
        .map(|p| OrderItemView {
            kind: wire_kind(p.kind),
            id: p.id,
            title: p.title,
            amount_fen: p.amount_fen,
        })
        .collect();
    let items_json = serde_json::to_string(&items)
        .map_err(|e| DbError::Corrupt(format!("cannot encode items: {e}")))?;
    let now = now_unix();
    let id = random_hex(16)?;
    let mut random = [0u8; 8];
    getrandom::getrandom(&mut random)
        .map_err(|e| DbError::Corrupt(format!("no randomness for a reference: {e}")))?;
    let reference = format_reference(
        CalendarDate::in_china_at(now),
        &new.city_code,
        u64::from_le_bytes(random),
    )
    .map_err(|e| DbError::Corrupt(format!("cannot make a reference number: {e}")))?;
    let created_at = china_rfc3339(now);
    sqlx::query(
        "INSERT INTO orders (id, reference, session_id_hash, city_code, state, items_json, \
         total_fen, provider, channel, attempts, created_at, closes_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11)",
    )
    .bind(id.as_str())
    .bind(reference.as_str())
    .bind(new.session.0.as_str())
    .bind(new.city_code.as_str())
    .bind(OrderState::PendingPayment.as_str())
    .bind(items_json.as_str())
    .bind(total.0)
    .bind(new.provider)
    .bind(new.channel)
    .bind(created_at.as_str())
    .bind(china_rfc3339(now + CLOSE_AFTER_SECS))
    .execute(&mut **tx)
    .await?;
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM orders WHERE id = $1"))
            .bind(id.as_str())
            .fetch_one(&mut **tx)
            .await?,
    )
}
