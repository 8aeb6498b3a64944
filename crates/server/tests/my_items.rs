//! 我的办件 (issue 14): `GET /api/v1/my/items` lists this session's submissions and orders,
//! newest first, with status and timeline; nothing of another session's, nothing without
//! a session; a submission's detail is 404 to another session; on SQLite and PostgreSQL.

#[path = "support/issue14.rs"]
mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::{Backend, Harness};

both_backends!(
    my_items_lists_mine,
    my_items_lists_mine_on_postgres,
    check_my_items
);

async fn check_my_items(backend: Backend, name: &str) {
    let Some(h) = Harness::start(backend, name).await else {
        return;
    };
    let mut c = h.client();
    assert_eq!(
        c.get("/api/v1/my/items").await.expect(StatusCode::OK),
        json!({"items": []})
    );
    c.identify().await;
    // A submission of this session and one of another (as create.rs stores them).
    let key = c.session_key(&h).await.unwrap();
    h.exec(&format!(
        "INSERT INTO submissions (reference, city_code, service_id, answers_json, channel, status, \
         created_at, session_id_hash) VALUES ('20260101-310100-0000000001', '310100', \
         'marriage-registration-appointment', '{{}}', 'browser', 'received', \
         '2026-01-01T08:00:00+08:00', '{key}')"
    ))
    .await;
    h.exec(
        "INSERT INTO submissions (reference, city_code, service_id, answers_json, channel, status, \
         created_at, session_id_hash) VALUES ('20260101-310100-0000000002', '310100', \
         'marriage-registration-appointment', '{}', 'browser', 'received', \
         '2026-01-02T08:00:00+08:00', 'someone-else')",
    )
    .await;
    let fines = h.fines(&c, "m", 1).await;
    let order = c.order("m1", &fines).await.expect(StatusCode::CREATED);
    let list = c.get("/api/v1/my/items").await.expect(StatusCode::OK);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    assert_eq!(items[0]["kind"], "order", "newest first");
    assert_eq!(items[0]["id"], order["order_id"]);
    assert_eq!(items[0]["status"]["code"], "pending_payment");
    assert_eq!(items[0]["timeline"][0]["label"]["zh"], "待支付");
    assert_eq!(items[0]["timeline"][0]["done"], true);
    assert_eq!(items[1]["kind"], "submission");
    assert_eq!(items[1]["reference"], "20260101-310100-0000000001");
    assert_eq!(items[1]["status"]["code"], "received");
    let steps: Vec<(&str, bool)> = items[1]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["label"]["zh"].as_str().unwrap(),
                s["done"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(steps, [("提交", true), ("受理", false), ("办结", false)]);

    // Detail: mine readable, the other session's 404; another session sees none of mine.
    c.get("/api/v1/submissions/20260101-310100-0000000001")
        .await
        .expect(StatusCode::OK);
    c.get("/api/v1/submissions/20260101-310100-0000000002")
        .await
        .expect_error(StatusCode::NOT_FOUND, "submission_not_found");
    let mut other = h.client();
    other.identify().await;
    assert_eq!(
        other.get("/api/v1/my/items").await.expect(StatusCode::OK),
        json!({"items": []})
    );
    other
        .get("/api/v1/submissions/20260101-310100-0000000001")
        .await
        .expect_error(StatusCode::NOT_FOUND, "submission_not_found");
    h.client()
        .get("/api/v1/submissions/20260101-310100-0000000001")
        .await
        .expect_error(StatusCode::NOT_FOUND, "submission_not_found");
    h.finish().await;
}
