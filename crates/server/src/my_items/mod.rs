//! 我的办件: `GET /api/v1/my/items`, everything this session submitted or ordered, in any
//! city, newest first ([`citizen_core::api::MyItemsResponse`]).
//!
//! - A submission: status `received` (已提交), timeline 提交 (done, at its time) → 受理 →
//!   办结 (not yet: no department processes submissions online today). Detail:
//!   `GET /api/v1/submissions/{reference}`.
//! - An order: its state and label, and its timeline (待支付 → 支付中 → 已支付, or how it
//!   ended), settled first as `GET /api/v1/orders/{id}` settles it. Detail: that endpoint.
//!
//! Without a session the list is empty (never another session's items). Submissions from
//! before sessions existed belong to no session and are not listed.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use citizen_core::api::{MyItem, MyItemKind, MyItemStatus, MyItemsResponse, TimelineStep};
use citizen_core::catalog::LocalizedText;

use crate::catalog::find_service;
use crate::db::DbError;
use crate::error::{json_no_store, ApiError};
use crate::sessions::{MaybeSession, SessionKey};
use crate::AppState;

/// The route.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/my/items", get(list))
}

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    reference: String,
    city_code: String,
    service_id: String,
    status: String,
    created_at: String,
}

async fn list(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
) -> Result<Response, ApiError> {
    let items = match session {
        Some(key) => items(&state, &key).await?,
        None => Vec::new(),
    };
    let text = serde_json::to_string(&MyItemsResponse { items })
        .map_err(|e| DbError::Corrupt(format!("cannot encode my items: {e}")))?;
    Ok(json_no_store(StatusCode::OK, text))
}

async fn items(state: &AppState, key: &SessionKey) -> Result<Vec<MyItem>, ApiError> {
    let mut items = Vec::new();
    for row in crate::orders::of_session(&state.pool, key).await? {
        let row = crate::orders::refresh(&state.pool, &state.payments, row).await?;
        let order = row.response(&state.payments)?;
        let title = match order.items.as_slice() {
            [one] => one.title.clone(),
            [first, rest @ ..] => LocalizedText::new(
                format!("{} 等{}项", first.title.zh, rest.len() + 1),
                format!("{} and {} more", first.title.en, rest.len()),
            ),
            [] => LocalizedText::new("订单", "Order"),
        };
        items.push(MyItem {
            kind: MyItemKind::Order,
            id: order.order_id,
            reference: order.reference,
            city_code: order.city_code,
            title,
            status: MyItemStatus {
                code: order.state.as_str().to_string(),
                label: order.state_label,
            },
            created_at: order.created_at,
            timeline: order.timeline,
        });
    }
    let rows: Vec<SubmissionRow> = sqlx::query_as(
        "SELECT reference, city_code, service_id, status, created_at FROM submissions \
         WHERE session_id_hash = $1 ORDER BY created_at DESC",
    )
    .bind(key.0.as_str())
    .fetch_all(&state.pool)
    .await?;
    let mut names: HashMap<(String, String), LocalizedText> = HashMap::new();
    for row in rows {
        let name_key = (row.city_code.clone(), row.service_id.clone());
        let title = match names.get(&name_key) {
            Some(name) => name.clone(),
            None => {
                let name = find_service(&state.pool, &row.city_code, &row.service_id)
                    .await?
                    .map(|s| s.name)
                    .unwrap_or_else(|| LocalizedText::new(&row.service_id, &row.service_id));
                names.insert(name_key, name.clone());
                name
            }
        };
        let label = match row.status.as_str() {
            "received" => LocalizedText::new("已提交", "Submitted"),
            other => LocalizedText::new(other, other),
        };
        let step = |zh: &str, en: &str, at: Option<String>| TimelineStep {
            label: LocalizedText::new(zh, en),
            done: at.is_some(),
            at,
        };
        items.push(MyItem {
            kind: MyItemKind::Submission,
            id: row.reference.clone(),
            reference: row.reference,
            city_code: row.city_code,
            title,
            status: MyItemStatus {
                code: row.status,
                label,
            },
            timeline: vec![
                step("提交", "Submitted", Some(row.created_at.clone())),
                step("受理", "Accepted", None),
                step("办结", "Completed", None),
            ],
            created_at: row.created_at,
        });
    }
    // RFC 3339 +08:00 text sorts by time.
    items.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(items)
}
