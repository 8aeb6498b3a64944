//! Orders (issue 14) over HTTP: every transition of citizen_core's table and every
//! forbidden one the API can be asked for, idempotent creation, amounts only from the
//! server (tampering is 400), identity required, an item held only while an order is
//! paying (two pending orders may name it; the second to pay gets 409), and isolation
//! (404 to another session and to none); on SQLite and PostgreSQL.

#[path = "support/issue14.rs"]
mod support;

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::json;
use support::{Backend, Harness};

both_backends!(transitions, transitions_on_postgres, check_transitions);
both_backends!(create_rules, create_rules_on_postgres, check_create_rules);
both_backends!(isolation, isolation_on_postgres, check_isolation);
both_backends!(
    one_account_two_residents,
    one_account_two_residents_on_postgres,
    check_one_account_two_residents
);

const WAIT: Duration = Duration::from_secs(10);

async fn check_transitions(backend: Backend, name: &str) {
    let Some(h) = Harness::start(backend, name).await else {
        return;
    };
    let mut c = h.client();
    c.identify().await;
    let fines = h.fines(&c, "t", 6).await;
    let conflict = StatusCode::CONFLICT;

    // pending_payment → cancelled; then cancelled → cancelled / paying are refused.
    let o = c.order("o1", &fines[..1]).await.expect(StatusCode::CREATED);
    assert_eq!(o["state"], "pending_payment");
    assert_eq!(o["state_label"]["zh"], "待支付");
    assert_eq!(
        h.scalar("SELECT COUNT(*) FROM order_item_locks").await,
        0,
        "creating holds nothing"
    );
    let id = o["order_id"].as_str().unwrap().to_string();
    let r = c
        .post(&format!("/api/v1/orders/{id}/cancel"), None, json!({}))
        .await;
    assert_eq!(r.expect(StatusCode::OK)["state"], "cancelled");
    c.post(&format!("/api/v1/orders/{id}/cancel"), None, json!({}))
        .await
        .expect_error(conflict, "order_state_conflict");
    c.pay(&id, "p1", "succeed")
        .await
        .expect_error(conflict, "order_state_conflict");

    // pending_payment → paying → failed (decline); paying → cancelled / paying refused;
    // failed → paying → paid; paid → paying / cancelled refused.
    let o = c.order("o2", &fines[..1]).await.expect(StatusCode::CREATED);
    let id = o["order_id"].as_str().unwrap().to_string();
    let r = c
        .pay(&id, "p2", "decline")
        .await
        .expect(StatusCode::ACCEPTED);
    assert_eq!(r["state"], "paying");
    assert_eq!(
        (r["provider"].as_str(), r["sandbox"].as_bool()),
        (Some("sandbox"), Some(true))
    );
    c.post(&format!("/api/v1/orders/{id}/cancel"), None, json!({}))
        .await
        .expect_error(conflict, "order_state_conflict");
    c.pay(&id, "p3", "succeed")
        .await
        .expect_error(conflict, "order_state_conflict");
    let failed = c.settled(&id, WAIT).await;
    assert_eq!(failed["state"], "failed", "{failed}");
    assert!(failed["failure"]["zh"].is_string());
    assert_eq!(
        h.scalar("SELECT COUNT(*) FROM order_item_locks").await,
        0,
        "a failure frees the item"
    );
    c.pay(&id, "p4", "succeed")
        .await
        .expect(StatusCode::ACCEPTED);
    let paid = c.settled(&id, WAIT).await;
    assert_eq!(paid["state"], "paid", "{paid}");
    assert!(paid["receipt_no"].as_str().is_some_and(|r| !r.is_empty()));
    assert!(paid["paid_at"].is_string());
    let labels: Vec<&str> = paid["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"]["zh"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["待支付", "支付中", "已支付"]);
    c.pay(&id, "p5", "succeed")
        .await
        .expect_error(conflict, "order_state_conflict");
    c.post(&format!("/api/v1/orders/{id}/cancel"), None, json!({}))
        .await
        .expect_error(conflict, "order_state_conflict");
    let fine_paid_by: Option<String> =
        sqlx::query_scalar("SELECT paid_order_id FROM violations WHERE id = $1")
            .bind(fines[0].as_str())
            .fetch_one(&h.app.pool)
            .await
            .unwrap();
    assert_eq!(fine_paid_by.as_deref(), Some(id.as_str()));
    // A paid item stays locked: no second order for it.
    c.order("o2b", &fines[..1])
        .await
        .expect_error(conflict, "item_already_paid");

    // pending_payment → closed (15 minutes passed); closed → paying / cancelled refused.
    let o = c
        .order("o3", &fines[1..2])
        .await
        .expect(StatusCode::CREATED);
    let id = o["order_id"].as_str().unwrap().to_string();
    h.exec(&format!(
        "UPDATE orders SET closes_at = '2000-01-01T00:00:00+08:00' WHERE id = '{id}'"
    ))
    .await;
    let closed = c
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(closed["state"], "closed");
    c.pay(&id, "p6", "succeed")
        .await
        .expect_error(conflict, "order_state_conflict");
    c.post(&format!("/api/v1/orders/{id}/cancel"), None, json!({}))
        .await
        .expect_error(conflict, "order_state_conflict");
    // The closed order freed its item.
    c.order("o3b", &fines[1..2])
        .await
        .expect(StatusCode::CREATED);

    // failed → cancelled, failed → closed (by the sweeper).
    for (n, fine) in [(4, &fines[2]), (5, &fines[3])] {
        let o = c
            .order(&format!("o{n}"), std::slice::from_ref(fine))
            .await
            .expect(StatusCode::CREATED);
        let id = o["order_id"].as_str().unwrap().to_string();
        c.pay(&id, &format!("pf{n}"), "decline")
            .await
            .expect(StatusCode::ACCEPTED);
        assert_eq!(c.settled(&id, WAIT).await["state"], "failed");
        if n == 4 {
            let r = c
                .post(&format!("/api/v1/orders/{id}/cancel"), None, json!({}))
                .await;
            assert_eq!(r.expect(StatusCode::OK)["state"], "cancelled");
        } else {
            h.exec(&format!(
                "UPDATE orders SET closes_at = '2000-01-01T00:00:00+08:00' WHERE id = '{id}'"
            ))
            .await;
            citizen_server::orders::sweep(&h.app.pool, &h.app.state.payments)
                .await
                .unwrap();
            let state: String = sqlx::query_scalar("SELECT state FROM orders WHERE id = $1")
                .bind(id.as_str())
                .fetch_one(&h.app.pool)
                .await
                .unwrap();
            assert_eq!(state, "closed");
        }
    }
    h.finish().await;
}

async fn check_create_rules(backend: Backend, name: &str) {
    let Some(h) = Harness::start(backend, name).await else {
        return;
    };
    let mut anon = h.client();
    // No session, and a session without identity: 401 identity_required.
    anon.order("a1", &["x".into()])
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "identity_required");
    let mut c = h.client();
    c.identify().await;
    let fines = h.fines(&c, "c", 3).await;
    let key = c.session_key(&h).await.unwrap();
    h.exec(&format!(
        "UPDATE sessions SET identity_json = NULL WHERE session_key = '{key}'"
    ))
    .await;
    c.order("a2", &fines[..1])
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "identity_required");
    c.identify().await;

    // Amount tampering: any amount or total in the body is a 400, nothing stored.
    for (n, body) in [
        json!({"city_code": "310100", "items": [{"kind": "traffic_fine", "id": fines[0]}], "total_fen": 1}),
        json!({"city_code": "310100", "items": [{"kind": "traffic_fine", "id": fines[0]}], "amount": 1}),
        json!({"city_code": "310100", "items": [{"kind": "traffic_fine", "id": fines[0], "amount_fen": 1}]}),
        json!({"city_code": "310100", "items": []}),
    ]
    .into_iter()
    .enumerate()
    {
        c.post("/api/v1/orders", Some(&format!("tamper-{n}")), body)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "invalid_body");
    }
    assert_eq!(h.scalar("SELECT COUNT(*) FROM orders").await, 0);
    c.send(
        axum::http::Method::POST,
        "/api/v1/orders",
        &[],
        Some(json!({"city_code": "310100", "items": []})),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "idempotency_key_missing");

    // The total is the server's: 2 × 200 元.
    let first = c.order("k1", &fines[..2]).await;
    assert!(first.header("location").starts_with("/api/v1/orders/"));
    let first = first.expect(StatusCode::CREATED);
    assert_eq!(first["total_fen"], 40000);
    assert_eq!(first["items"][0]["amount_fen"], 20000);
    // Same key, same body: the same answer; other body: 409.
    let again = c.order("k1", &fines[..2]).await;
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(again.expect(StatusCode::OK), first);
    let reused = c.order("k1", &fines[..1]).await;
    reused.expect_error(StatusCode::CONFLICT, "idempotency_key_reused");
    let message = reused.body["error"]["message"].as_str().unwrap();
    assert!(message.starts_with("这笔订单已经提交过"), "{message}");
    assert_eq!(h.scalar("SELECT COUNT(*) FROM orders").await, 1);
    // Creating holds nothing: an item of an order waiting to be paid can be in another
    // order too (only paying holds it). Unknown and foreign items are 404.
    let second = c
        .order("k2", &fines[1..3])
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(second["state"], "pending_payment");
    assert_eq!(h.scalar("SELECT COUNT(*) FROM order_item_locks").await, 0);
    c.order("k3", &["nope".into()])
        .await
        .expect_error(StatusCode::NOT_FOUND, "item_not_found");
    let mut other = h.client();
    other.identify().await;
    other
        .order("k4", &fines[2..3])
        .await
        .expect_error(StatusCode::NOT_FOUND, "item_not_found");
    // The same key from another session never replays this one's order.
    other
        .order("k1", &fines[..2])
        .await
        .expect_error(StatusCode::CONFLICT, "idempotency_key_reused");
    c.order("k5", &fines[2..3])
        .await
        .expect(StatusCode::CREATED);
    // Pay: same key same body → same answer; other body → 409.
    let id = first["order_id"].as_str().unwrap();
    let p = c
        .pay(id, "pay-1", "timeout")
        .await
        .expect(StatusCode::ACCEPTED);
    let again = c.pay(id, "pay-1", "timeout").await;
    assert_eq!(again.header("idempotent-replayed"), "true");
    assert_eq!(again.expect(StatusCode::OK), p);
    let reused = c.pay(id, "pay-1", "succeed").await;
    reused.expect_error(StatusCode::CONFLICT, "idempotency_key_reused");
    let message = reused.body["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.starts_with("这笔支付已经发起过"), "{message}");
    // The first order is paying: its items are held. The second shares one of them, so
    // paying it is 409 item_in_open_order; it stays payable, and no trade was started.
    assert_eq!(h.scalar("SELECT COUNT(*) FROM order_item_locks").await, 2);
    let second_id = second["order_id"].as_str().unwrap();
    c.pay(second_id, "pay-second", "succeed")
        .await
        .expect_error(StatusCode::CONFLICT, "item_in_open_order");
    let after = c
        .get(&format!("/api/v1/orders/{second_id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(after["state"], "pending_payment");
    c.post(
        &format!("/api/v1/orders/{id}/payments"),
        Some("pay-2"),
        json!({"amount_fen": 1}),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "invalid_body");
    assert_eq!(h.scalar("SELECT COUNT(*) FROM sandbox_trades").await, 1);
    h.finish().await;
}

async fn check_isolation(backend: Backend, name: &str) {
    let Some(h) = Harness::start(backend, name).await else {
        return;
    };
    let mut c = h.client();
    c.identify().await;
    let fines = h.fines(&c, "i", 1).await;
    let o = c.order("i1", &fines).await.expect(StatusCode::CREATED);
    let id = o["order_id"].as_str().unwrap().to_string();
    let mut other = h.client();
    other.identify().await;
    let mut none = h.client();
    for who in [&mut other, &mut none] {
        who.get(&format!("/api/v1/orders/{id}"))
            .await
            .expect_error(StatusCode::NOT_FOUND, "order_not_found");
        who.pay(&id, "x1", "succeed")
            .await
            .expect_error(StatusCode::NOT_FOUND, "order_not_found");
        who.post(&format!("/api/v1/orders/{id}/cancel"), None, json!({}))
            .await
            .expect_error(StatusCode::NOT_FOUND, "order_not_found");
        who.get("/api/v1/orders/not-an-order")
            .await
            .expect_error(StatusCode::NOT_FOUND, "order_not_found");
        let mine = who.get("/api/v1/my/items").await.expect(StatusCode::OK);
        assert_eq!(mine["items"], json!([]));
    }
    assert_eq!(
        c.get(&format!("/api/v1/orders/{id}"))
            .await
            .expect(StatusCode::OK)["state"],
        "pending_payment"
    );
    h.finish().await;
}

/// The tester's case: resident A looks up a 户号, creates an order and leaves it unpaid;
/// resident B (another session) looks up the same 户号. B sees the bill unpaid, with no
/// order id of A's, and can create an order and pay it. While B's payment is being made
/// A sees 另一笔支付正在进行 (`paying_elsewhere`, still no id) and paying A's order is 409
/// `item_in_open_order` (A's order stays payable); once B's payment failed, A pays.
async fn check_one_account_two_residents(backend: Backend, name: &str) {
    let Some(h) = Harness::start(backend, name).await else {
        return;
    };
    let (city, service, provider, account): (String, String, String, String) = sqlx::query_as(
        "SELECT a.city_code, a.service_id, a.provider_id, a.account_no FROM utility_accounts a \
         WHERE EXISTS (SELECT 1 FROM bills b WHERE b.account_id = a.id \
         AND b.paid_order_id IS NULL) ORDER BY a.city_code, a.account_no LIMIT 1",
    )
    .fetch_one(&h.app.pool)
    .await
    .unwrap();
    let uri = format!("/api/v1/cities/{city}/services/{service}/bill-lookups");
    let body = json!({"provider_id": provider, "account_no": account});
    let order_of = |lookup: &serde_json::Value| {
        let bill = lookup["bills"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["status"] == "unpaid")
            .expect("an unpaid bill")
            .clone();
        (
            bill["id"].as_str().unwrap().to_string(),
            json!({"city_code": city, "items": [{"kind": "utility_bill", "id": bill["id"]}]}),
        )
    };
    let mut a = h.client();
    a.identify().await;
    let la = a
        .post(&uri, None, body.clone())
        .await
        .expect(StatusCode::OK);
    let (bill, order_body) = order_of(&la);
    let oa = a
        .post("/api/v1/orders", Some("a-1"), order_body.clone())
        .await
        .expect(StatusCode::CREATED);
    let a_id = oa["order_id"].as_str().unwrap().to_string();
    let bill_in = |lookup: &serde_json::Value| {
        lookup["bills"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == bill.as_str())
            .unwrap()
            .clone()
    };
    let a_lookup = format!("/api/v1/bill-lookups/{}", la["lookup_id"].as_str().unwrap());

    // B: unpaid, no order id (A's is none of B's business), and B can order and pay.
    let mut b = h.client();
    b.identify().await;
    let lb = b
        .post(&uri, None, body.clone())
        .await
        .expect(StatusCode::OK);
    let seen = bill_in(&lb);
    assert_eq!(
        (seen["status"].as_str(), seen["paying_elsewhere"].as_bool()),
        (Some("unpaid"), Some(false)),
        "{seen}"
    );
    assert!(seen["order_id"].is_null(), "{seen}");
    let b_lookup = format!("/api/v1/bill-lookups/{}", lb["lookup_id"].as_str().unwrap());
    let ob = b
        .post("/api/v1/orders", Some("b-1"), order_body.clone())
        .await
        .expect(StatusCode::CREATED);
    let b_id = ob["order_id"].as_str().unwrap().to_string();
    b.pay(&b_id, "b-pay-1", "timeout")
        .await
        .expect(StatusCode::ACCEPTED);

    // While B pays: B sees its own order, A sees another payment, without its id.
    let seen = bill_in(&b.get(&b_lookup).await.expect(StatusCode::OK));
    assert_eq!(seen["status"], "paying");
    assert_eq!(seen["order_id"], b_id.as_str());
    assert_eq!(seen["paying_elsewhere"], false);
    let seen = bill_in(&a.get(&a_lookup).await.expect(StatusCode::OK));
    assert_eq!(seen["status"], "paying");
    assert!(seen["order_id"].is_null(), "{seen}");
    assert_eq!(seen["paying_elsewhere"], true);
    a.pay(&a_id, "a-pay-1", "succeed")
        .await
        .expect_error(StatusCode::CONFLICT, "item_in_open_order");
    assert_eq!(
        a.get(&format!("/api/v1/orders/{a_id}")).await.body["state"],
        "pending_payment"
    );

    // B's payment times out (2 s): the bill is free again, and A pays it, with the same key.
    assert_eq!(b.settled(&b_id, WAIT).await["state"], "failed");
    a.pay(&a_id, "a-pay-1", "succeed")
        .await
        .expect(StatusCode::ACCEPTED);
    assert_eq!(a.settled(&a_id, WAIT).await["state"], "paid");
    let seen = bill_in(&a.get(&a_lookup).await.expect(StatusCode::OK));
    assert_eq!(
        (seen["status"].as_str(), seen["order_id"].as_str()),
        (Some("paid"), Some(a_id.as_str()))
    );
    let seen = bill_in(&b.get(&b_lookup).await.expect(StatusCode::OK));
    assert_eq!(seen["status"], "paid");
    assert!(seen["order_id"].is_null(), "{seen}");
    b.pay(&b_id, "b-pay-2", "succeed")
        .await
        .expect_error(StatusCode::CONFLICT, "item_already_paid");
    h.finish().await;
}
