//! Sessions (issue 14): cookie attributes (HttpOnly, SameSite=Lax, Path, Max-Age, Secure
//! except on loopback), no session from a GET, identity validated, masked and hashed, the
//! id rotated when it is attached, a forged cookie ignored, expiry decided by the server,
//! 退出; on SQLite and PostgreSQL.

#[path = "support/issue14.rs"]
mod support;

use axum::http::{Method, StatusCode};
use serde_json::json;
use support::{Backend, Harness};

both_backends!(
    cookies_and_identity,
    cookies_and_identity_on_postgres,
    check_cookies_and_identity
);
both_backends!(
    rotation_expiry_and_sign_out,
    rotation_expiry_and_sign_out_on_postgres,
    check_rotation_expiry
);

async fn check_cookies_and_identity(backend: Backend, name: &str) {
    let Some(h) = Harness::start(backend, name).await else {
        return;
    };
    // A GET never creates a session.
    let mut c = h.client();
    let r = c.get("/api/v1/session").await;
    assert_eq!(r.header("set-cookie"), "");
    assert_eq!(r.expect(StatusCode::OK), json!({"identity": null}));
    assert_eq!(h.scalar("SELECT COUNT(*) FROM sessions").await, 0);

    // Refused identities: 422 naming the fields; unknown fields 400; nothing stored.
    let bad = c
        .send(
            Method::PUT,
            "/api/v1/session/identity",
            &[],
            Some(json!({"name": "", "resident_id": "110101199003071031", "phone": "12345"})),
        )
        .await;
    bad.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    for field in ["name", "resident_id", "phone"] {
        assert!(
            bad.body["error"]["fields"][field].is_string(),
            "{}",
            bad.body
        );
    }
    // A name must be letters of some script (citizen_core::identity::validate_name).
    let emoji = c
        .send(
            Method::PUT,
            "/api/v1/session/identity",
            &[],
            Some(json!({"name": "😀😀", "resident_id": "110101199003071030", "phone": "13800138000"})),
        )
        .await;
    emoji.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(
        emoji.body["error"]["fields"],
        json!({"name": "name_characters"}),
        "{}",
        emoji.body
    );
    let extra = c
        .send(
            Method::PUT,
            "/api/v1/session/identity",
            &[],
            Some(json!({"name": "张三", "resident_id": "110101199003071030", "phone": "13800138000", "x": 1})),
        )
        .await;
    extra.expect_error(StatusCode::BAD_REQUEST, "invalid_body");
    assert_eq!(h.scalar("SELECT COUNT(*) FROM sessions").await, 0);

    // On loopback: HttpOnly, SameSite=Lax, Path=/, 30 days, no Secure.
    let ok = c
        .send(
            Method::PUT,
            "/api/v1/session/identity",
            &[],
            Some(json!({"name": "张三", "resident_id": "1101 0119 9003 0710 30", "phone": "+86 138 0013 8000"})),
        )
        .await;
    let set = ok.header("set-cookie");
    assert!(set.starts_with("ch_session="), "{set}");
    for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
        assert!(set.contains(part), "{part} in {set}");
    }
    assert!(!set.contains("Secure"), "no Secure on loopback: {set}");
    let body = ok.expect(StatusCode::OK);
    assert_eq!(
        body["identity"],
        json!({"name_masked": "张*", "resident_id_masked": "1101**********1030", "phone_masked": "138****8000"})
    );
    // Stored masked and hashed, never whole.
    let stored: String = sqlx::query_scalar("SELECT identity_json FROM sessions")
        .fetch_one(&h.app.pool)
        .await
        .unwrap();
    assert!(
        !stored.contains("110101199003071030") && !stored.contains("13800138000"),
        "{stored}"
    );
    assert!(stored.contains("resident_id_hash"), "{stored}");
    assert_eq!(c.get("/api/v1/session").await.expect(StatusCode::OK), body);

    // Elsewhere: Secure.
    for host in ["citizen.example.gov.cn", "10.0.0.5:8080"] {
        let mut other = h.client();
        other.host = host.into();
        let r = other.identify_raw().await;
        let set = r.header("set-cookie");
        assert!(set.contains("; Secure"), "{host}: {set}");
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax"),
            "{set}"
        );
    }

    // A forged or foreign-signed cookie is no session.
    let mut forged = h.client();
    let real = c.cookie.clone().unwrap();
    let (id, _) = real.split_once('.').unwrap();
    forged.cookie = Some(format!("{id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    assert_eq!(
        forged.get("/api/v1/session").await.body,
        json!({"identity": null})
    );
    h.finish().await;
}

async fn check_rotation_expiry(backend: Backend, name: &str) {
    let Some(h) = Harness::start(backend, name).await else {
        return;
    };
    let mut c = h.client();
    c.identify().await;
    let first = c.cookie.clone().unwrap();
    let key = c.session_key(&h).await.unwrap();
    // Attaching again rotates the id: the old cookie stops working, the owner key stays.
    c.identify().await;
    let second = c.cookie.clone().unwrap();
    assert_ne!(first, second, "the session id is rotated");
    assert_eq!(
        c.session_key(&h).await.unwrap(),
        key,
        "owned rows keep their owner"
    );
    assert_eq!(h.scalar("SELECT COUNT(*) FROM sessions").await, 1);
    let mut old = h.client();
    old.cookie = Some(first);
    assert_eq!(
        old.get("/api/v1/session").await.body,
        json!({"identity": null})
    );
    assert!(c.get("/api/v1/session").await.body["identity"].is_object());

    // Expiry is the server's: a row past expires_at is no session, whatever the cookie.
    h.exec("UPDATE sessions SET expires_at = '2000-01-01T00:00:00+08:00'")
        .await;
    assert_eq!(
        c.get("/api/v1/session").await.body,
        json!({"identity": null})
    );
    // The next write replaces it with a new session.
    c.identify().await;
    assert_ne!(c.session_key(&h).await.unwrap(), key);
    assert_eq!(
        h.scalar("SELECT COUNT(*) FROM sessions WHERE expires_at > '2001-01-01'")
            .await,
        1
    );

    // 退出: 204, cookie cleared, row gone, identity forgotten.
    let kept = c.cookie.clone();
    let r = c.send(Method::DELETE, "/api/v1/session", &[], None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(
        r.header("set-cookie").contains("Max-Age=0"),
        "{}",
        r.header("set-cookie")
    );
    let mut after = h.client();
    after.cookie = kept;
    assert_eq!(
        after.get("/api/v1/session").await.body,
        json!({"identity": null})
    );
    assert_eq!(
        h.scalar("SELECT COUNT(*) FROM sessions WHERE identity_json IS NOT NULL AND expires_at > '2001-01-01'").await,
        0
    );
    h.finish().await;
}

trait IdentifyRaw {
    async fn identify_raw(&mut self) -> support::Reply;
}

impl IdentifyRaw for support::Client {
    async fn identify_raw(&mut self) -> support::Reply {
        self.send(
            Method::PUT,
            "/api/v1/session/identity",
            &[],
            Some(json!({"name": "李四", "resident_id": "110101199003071030", "phone": "13800138000"})),
        )
        .await
    }
}
