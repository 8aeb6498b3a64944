//! Payments (issue 14): 50 parallel pay requests for one order (different keys, then one
//! key) charge once; two sessions' orders for one fine paid at once charge once (the
//! other is 409 and can never pay it again); forged notifications (401) and repeated ones change nothing; a
//! `timeout` trade stays pending until its deadline and then fails (paid on a retry); a
//! `late` one stays paying until the late answer (then paid, by the notification or a
//! query). Each test counts
//! double charges and lost payments in the database and writes them to
//! `target/reliability/payments-<test>.txt`; on SQLite and PostgreSQL.

#[path = "support/issue14.rs"]
mod support;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use citizen_server::payments::sandbox::SandboxProvider;
use citizen_server::sessions::ServerSecret;
use serde_json::json;
use support::{report, Backend, Harness, SECRET};

both_backends!(
    fifty_parallel_payments_charge_once,
    fifty_parallel_payments_charge_once_on_postgres,
    check_fifty
);
both_backends!(
    two_sessions_one_item_charge_once,
    two_sessions_one_item_charge_once_on_postgres,
    check_two_sessions
);
both_backends!(
    notifications,
    notifications_on_postgres,
    check_notifications
);
both_backends!(
    timeout_and_late,
    timeout_and_late_on_postgres,
    check_timeout_and_late
);

const WAIT: Duration = Duration::from_secs(15);

/// Counts what the database says and writes the report for this test.
async fn count_and_report(h: &Harness, name: &str) {
    let (double, lost) = h.charges().await;
    let backend = match h.backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    report(&format!("payments-{name}-{backend}"), double, lost);
    assert_eq!((double, lost), (0, 0), "double charges, lost payments");
}

async fn check_fifty(backend: Backend, name: &str) {
    let Some(h) = Harness::start(backend, name).await else {
        return;
    };
    let mut c = h.client();
    c.identify().await;
    let fines = h.fines(&c, "f", 2).await;
    for (round, same_key) in [(0, false), (1, true)] {
        let o = c
            .order(&format!("order-{round}"), &fines[round..=round])
            .await
            .expect(StatusCode::CREATED);
        let id = o["order_id"].as_str().unwrap().to_string();
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..50 {
            let mut c = c.clone();
            let id = id.clone();
            let key = if same_key {
                "the-key".to_string()
            } else {
                format!("key-{n}")
            };
            tasks.spawn(async move { c.pay(&id, &key, "succeed").await });
        }
        let (mut started, mut replayed, mut refused) = (0, 0, 0);
        while let Some(r) = tasks.join_next().await {
            let r = r.unwrap();
            match r.status {
                StatusCode::ACCEPTED => started += 1,
                StatusCode::OK if same_key && r.header("idempotent-replayed") == "true" => {
                    replayed += 1
                }
                StatusCode::CONFLICT if r.code() == "order_state_conflict" => refused += 1,
                other => panic!("unexpected {other}: {}", r.body),
            }
        }
        assert_eq!(started, 1, "one payment starts");
        if same_key {
            assert_eq!(replayed, 49);
        } else {
            assert_eq!(refused, 49);
        }
        assert_eq!(c.settled(&id, WAIT).await["state"], "paid");
        let trades: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sandbox_trades WHERE order_id = $1 AND status = 'paid'",
        )
        .bind(id.as_str())
        .fetch_one(&h.app.pool)
        .await
        .unwrap();
        assert_eq!(trades, 1, "charged once");
        let all: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sandbox_trades WHERE order_id = $1")
                .bind(id.as_str())
                .fetch_one(&h.app.pool)
                .await
                .unwrap();
        assert_eq!(all, 1, "one trade at all");
        let paid: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM violations WHERE id = $1 AND paid_order_id = $2",
        )
        .bind(fines[round].as_str())
        .bind(id.as_str())
        .fetch_one(&h.app.pool)
        .await
        .unwrap();
        assert_eq!(paid, 1, "the fine is paid, by this order");
    }
    count_and_report(&h, "fifty").await;
    h.finish().await;
}

/// Two residents look up one plate; each creates an order for the same fine (both 201:
/// creating holds nothing), then both pay at once, each with several taps (distinct
/// keys): exactly one payment starts and charges; every other tap is 409 (the other order
/// `item_in_open_order`, the same order `order_state_conflict`); the loser's order stays
/// `pending_payment`, and paying it after the winner paid is 409 `item_already_paid`.
/// Several rounds, one fine each.
async fn check_two_sessions(backend: Backend, name: &str) {
    let Some(h) = Harness::start(backend, name).await else {
        return;
    };
    let mut a = h.client();
    a.identify().await;
    let mut b = h.client();
    b.identify().await;
    let fines = h.fines(&a, "two", 6).await;
    h.show(&b, "two-b", &fines).await;
    for (round, fine) in fines.iter().enumerate() {
        let item = std::slice::from_ref(fine);
        let oa = a
            .order(&format!("a-{round}"), item)
            .await
            .expect(StatusCode::CREATED);
        let ob = b
            .order(&format!("b-{round}"), item)
            .await
            .expect(StatusCode::CREATED);
        let ids = [
            oa["order_id"].as_str().unwrap().to_string(),
            ob["order_id"].as_str().unwrap().to_string(),
        ];
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..10 {
            let (mut c, who) = if n % 2 == 0 {
                (a.clone(), 0)
            } else {
                (b.clone(), 1)
            };
            let id = ids[who].clone();
            tasks.spawn(async move {
                let r = c.pay(&id, &format!("pay-{round}-{n}"), "succeed").await;
                (who, r)
            });
        }
        let mut started = Vec::new();
        let (mut in_open_order, mut state_conflict) = (0, 0);
        while let Some(r) = tasks.join_next().await {
            let (who, r) = r.unwrap();
            match (r.status, r.code()) {
                (StatusCode::ACCEPTED, _) => started.push(who),
                // Or, if the winner's trade was settled meanwhile (its deadline is the next
                // whole second), already paid.
                (StatusCode::CONFLICT, "item_in_open_order" | "item_already_paid") => {
                    in_open_order += 1
                }
                (StatusCode::CONFLICT, "order_state_conflict") => state_conflict += 1,
                (other, _) => panic!("unexpected {other}: {}", r.body),
            }
        }
        assert_eq!(started.len(), 1, "one payment starts: {started:?}");
        let winner = started[0];
        let loser = 1 - winner;
        assert_eq!(state_conflict, 4, "the winner's other taps");
        assert_eq!(in_open_order, 5, "the loser's taps");
        let (mut w, mut l) = if winner == 0 {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        };
        assert_eq!(w.settled(&ids[winner], WAIT).await["state"], "paid");
        let lost = l
            .get(&format!("/api/v1/orders/{}", ids[loser]))
            .await
            .expect(StatusCode::OK);
        assert_eq!(lost["state"], "pending_payment", "{lost}");
        l.pay(&ids[loser], &format!("again-{round}"), "succeed")
            .await
            .expect_error(StatusCode::CONFLICT, "item_already_paid");
        let paid_by: Option<String> =
            sqlx::query_scalar("SELECT paid_order_id FROM violations WHERE id = $1")
                .bind(fine.as_str())
                .fetch_one(&h.app.pool)
                .await
                .unwrap();
        assert_eq!(paid_by.as_deref(), Some(ids[winner].as_str()));
        let trades: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sandbox_trades WHERE order_id = $1 OR order_id = $2",
        )
        .bind(ids[0].as_str())
        .bind(ids[1].as_str())
        .fetch_one(&h.app.pool)
        .await
        .unwrap();
        assert_eq!(trades, 1, "one trade for the fine, charged once");
    }
    assert_eq!(
        h.scalar("SELECT COUNT(*) FROM sandbox_trades WHERE status = 'paid'")
            .await,
        fines.len() as i64
    );
    count_and_report(&h, "two_sessions").await;
    h.finish().await;
}

async fn notify(c: &mut support::Client, body: &str, signature: Option<&str>) -> support::Reply {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(s) = signature {
        headers.push(("x-sandbox-signature", s));
    }
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/payments/sandbox/notify");
    let _ = request;
    // Raw body: the signature is over these exact bytes.
    let mut req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/payments/sandbox/notify");
    for (k, v) in &headers {
        req = req.header(*k, *v);
    }
    use tower::ServiceExt;
    let response = c
        .router
        .clone()
        .oneshot(req.body(axum::body::Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    support::Reply {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    }
}

async fn check_notifications(backend: Backend, name: &str) {
    let Some(h) = Harness::start(backend, name).await else {
        return;
    };
    let secret = ServerSecret::from_bytes(SECRET.as_bytes());
    let mut c = h.client();
    c.identify().await;
    let fines = h.fines(&c, "n", 2).await;

    // A timeout trade (no notification of its own), then forged notifications of success.
    let o = c.order("n1", &fines[..1]).await.expect(StatusCode::CREATED);
    let id = o["order_id"].as_str().unwrap().to_string();
    c.pay(&id, "np1", "timeout")
        .await
        .expect(StatusCode::ACCEPTED);
    let trade: String =
        sqlx::query_scalar("SELECT trade_no FROM sandbox_trades WHERE order_id = $1")
            .bind(id.as_str())
            .fetch_one(&h.app.pool)
            .await
            .unwrap();
    let body = json!({"trade_no": trade, "order_id": id, "amount_fen": 20000, "status": "paid",
                      "notified_at": "2026-10-01T08:00:00+08:00"})
    .to_string();
    let wrong_key = SandboxProvider::sign(
        &ServerSecret::from_bytes(b"not-the-secret-not-the-secret-xx"),
        body.as_bytes(),
    );
    let good = SandboxProvider::sign(&secret, body.as_bytes());
    let tampered = body.replace("20000", "1");
    for (sig, text) in [
        (None, body.as_str()),
        (Some("zz"), body.as_str()),
        (Some(wrong_key.as_str()), body.as_str()),
        (Some(good.as_str()), tampered.as_str()),
    ] {
        notify(&mut c, text, sig)
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "signature_invalid");
    }
    // Correctly signed but disagreeing with the provider's record (the trade is pending):
    // ignored. The order is still paying; nothing was marked paid.
    let r = notify(&mut c, &body, Some(&good))
        .await
        .expect(StatusCode::OK);
    assert_eq!(r["changed"], false);
    assert_eq!(
        c.get(&format!("/api/v1/orders/{id}")).await.body["state"],
        "paying"
    );
    assert_eq!(
        h.scalar("SELECT COUNT(*) FROM violations WHERE paid_order_id IS NOT NULL")
            .await,
        0
    );

    // notify_twice: the first notification settles, the second (and a replay of it by
    // hand) changes nothing.
    let o = c
        .order("n2", &fines[1..2])
        .await
        .expect(StatusCode::CREATED);
    let id2 = o["order_id"].as_str().unwrap().to_string();
    c.pay(&id2, "np2", "notify_twice")
        .await
        .expect(StatusCode::ACCEPTED);
    let start = std::time::Instant::now();
    loop {
        let state: String = sqlx::query_scalar("SELECT state FROM orders WHERE id = $1")
            .bind(id2.as_str())
            .fetch_one(&h.app.pool)
            .await
            .unwrap();
        if state == "paid" || start.elapsed() > WAIT {
            assert_eq!(
                state, "paid",
                "settled by the notification (no read in between)"
            );
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let receipt: String = sqlx::query_scalar("SELECT receipt_no FROM orders WHERE id = $1")
        .bind(id2.as_str())
        .fetch_one(&h.app.pool)
        .await
        .unwrap();
    let trade2: String =
        sqlx::query_scalar("SELECT trade_no FROM sandbox_trades WHERE order_id = $1")
            .bind(id2.as_str())
            .fetch_one(&h.app.pool)
            .await
            .unwrap();
    let again = json!({"trade_no": trade2, "order_id": id2, "amount_fen": 20000, "status": "paid",
                       "notified_at": "2026-10-01T08:00:09+08:00"})
    .to_string();
    let sig = SandboxProvider::sign(&secret, again.as_bytes());
    let r = notify(&mut c, &again, Some(&sig))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        r["changed"], false,
        "a repeated notification changes nothing"
    );
    let failed = again.replace("\"paid\"", "\"failed\"");
    let sig = SandboxProvider::sign(&secret, failed.as_bytes());
    assert_eq!(
        notify(&mut c, &failed, Some(&sig))
            .await
            .expect(StatusCode::OK)["changed"],
        false
    );
    let after = c
        .get(&format!("/api/v1/orders/{id2}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        (after["state"].as_str(), after["receipt_no"].as_str()),
        (Some("paid"), Some(receipt.as_str()))
    );
    assert_eq!(
        h.scalar("SELECT COUNT(*) FROM violations WHERE paid_order_id IS NOT NULL")
            .await,
        1
    );
    count_and_report(&h, "notifications").await;
    h.finish().await;
}

async fn check_timeout_and_late(backend: Backend, name: &str) {
    let Some(h) = Harness::start(backend, name).await else {
        return;
    };
    let mut c = h.client();
    c.identify().await;
    let fines = h.fines(&c, "tl", 3).await;

    // timeout: pending (paying) until the 2 s deadline, then failed; a retry pays.
    let o = c.order("t1", &fines[..1]).await.expect(StatusCode::CREATED);
    let id = o["order_id"].as_str().unwrap().to_string();
    c.pay(&id, "tp1", "timeout")
        .await
        .expect(StatusCode::ACCEPTED);
    assert_eq!(
        c.get(&format!("/api/v1/orders/{id}")).await.body["state"],
        "paying",
        "never guessed"
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    let failed = c
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(failed["state"], "failed", "{failed}");
    assert_eq!(
        h.scalar("SELECT COUNT(*) FROM sandbox_trades WHERE status = 'failed'")
            .await,
        1
    );
    c.pay(&id, "tp2", "succeed")
        .await
        .expect(StatusCode::ACCEPTED);
    assert_eq!(c.settled(&id, WAIT).await["state"], "paid");

    // late: the cashier answers only after the late delay (3 s in the tests): until then
    // every read says paying (支付中), never paid. Then it is paid, here with no read in
    // between: by the notification.
    let o = c
        .order("t2", &fines[1..2])
        .await
        .expect(StatusCode::CREATED);
    let id = o["order_id"].as_str().unwrap().to_string();
    let started = std::time::Instant::now();
    c.pay(&id, "tp3", "late").await.expect(StatusCode::ACCEPTED);
    for wait_ms in [1200, 1200] {
        tokio::time::sleep(Duration::from_millis(wait_ms)).await;
        let read = c
            .get(&format!("/api/v1/orders/{id}"))
            .await
            .expect(StatusCode::OK);
        assert_eq!(read["state"], "paying", "no answer yet: {read}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "the test was too slow"
        );
    }
    assert_eq!(
        h.scalar("SELECT COUNT(*) FROM sandbox_trades WHERE status = 'pending'")
            .await,
        1,
        "the trade itself is still pending"
    );
    let start = std::time::Instant::now();
    let state = loop {
        let state: String = sqlx::query_scalar("SELECT state FROM orders WHERE id = $1")
            .bind(id.as_str())
            .fetch_one(&h.app.pool)
            .await
            .unwrap();
        if state != "paying" || start.elapsed() > WAIT {
            break state;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(state, "paid", "settled by the late notification");
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "not before the late delay"
    );
    let paid = c
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(paid["state"], "paid");

    // late, read again and again: paying until the answer, then paid (by the first read
    // after it, or the notification, whichever comes first); the other changes nothing.
    let o = c
        .order("t3", &fines[2..3])
        .await
        .expect(StatusCode::CREATED);
    let id = o["order_id"].as_str().unwrap().to_string();
    c.pay(&id, "tp4", "late").await.expect(StatusCode::ACCEPTED);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        c.get(&format!("/api/v1/orders/{id}")).await.body["state"],
        "paying"
    );
    let paid = c.settled(&id, WAIT).await;
    assert_eq!(paid["state"], "paid", "{paid}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = c
        .get(&format!("/api/v1/orders/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(after["receipt_no"], paid["receipt_no"]);
    count_and_report(&h, "timeout_late").await;
    h.finish().await;
}
