//! The security headers and cross-origin rules of issue 5, through the real router: the
//! exact Content-Security-Policy, frame-ancestors and CORS from `PARTNER_ORIGINS`, and
//! preflights answered before routing or the database.

use std::fs;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use citizen_core::api::EmbedResponse;
use citizen_server::security::PartnerOrigins;
use citizen_server::{prepare, App, Config};
use tempfile::TempDir;
use tower::ServiceExt;

const PARTNER: &str = "https://partner.example.gov.cn";
const OTHER: &str = "https://evil.example.com";

/// The policy with `frame-ancestors` left for the caller to append.
const CSP_START: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
     connect-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors ";

async fn start(partners: &str) -> (App, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    fs::create_dir_all(&dist).unwrap();
    fs::write(
        dist.join("index.html"),
        "<!doctype html><title>市民之家</title>\n",
    )
    .unwrap();
    let catalog: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog");
    let config = Config {
        catalog_dir: catalog,
        dist_dir: dist,
        addr: "127.0.0.1:0".into(),
        database_url: format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("db.sqlite").display()
        ),
        partner_origins: PartnerOrigins::parse(partners).unwrap(),
    };
    (prepare(&config).await.unwrap(), dir)
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// All values of a header, joined with `, ` (Vary may come as several lines).
    fn all(&self, name: &str) -> String {
        self.headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(", ")
            .to_ascii_lowercase()
    }
}

async fn send(router: &Router, method: Method, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap()
            .to_vec(),
    }
}

#[tokio::test]
async fn exact_csp_on_every_response_without_partners() {
    let (app, _dir) = start("").await;
    for (method, uri) in [
        (Method::GET, "/"),
        (Method::GET, "/city/310100/service/x"),
        (Method::GET, "/api/v1/cities"),
        (Method::GET, "/api/nope"),
        (Method::GET, "/missing-0123456789abcdef_bg.wasm"),
        (Method::POST, "/api/v1/services/x/submissions"),
        (Method::GET, "/healthz"),
    ] {
        let reply = send(&app.router, method.clone(), uri, &[]).await;
        assert_eq!(
            reply.header("content-security-policy"),
            format!("{CSP_START}'self'"),
            "{method} {uri}"
        );
        assert_eq!(
            reply.header("x-frame-options"),
            "SAMEORIGIN",
            "{method} {uri}"
        );
        assert_eq!(
            reply.header("access-control-allow-origin"),
            "",
            "{method} {uri}"
        );
    }
}

#[tokio::test]
async fn partners_may_frame_and_call_the_api_others_may_not() {
    let (app, _dir) = start(&format!("{PARTNER}/ http://127.0.0.1:18101")).await;
    let router = &app.router;

    let page = send(router, Method::GET, "/", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header("content-security-policy"),
        format!("{CSP_START}'self' {PARTNER} http://127.0.0.1:18101")
    );
    assert_eq!(
        page.header("x-frame-options"),
        "",
        "X-Frame-Options cannot name partners; frame-ancestors does"
    );

    let embed = send(router, Method::GET, "/api/v1/embed", &[]).await;
    assert_eq!(embed.status, StatusCode::OK);
    let body: EmbedResponse = serde_json::from_slice(&embed.body).unwrap();
    assert_eq!(body.partner_origins, [PARTNER, "http://127.0.0.1:18101"]);

    let ok = send(
        router,
        Method::GET,
        "/api/v1/cities",
        &[("origin", PARTNER)],
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.header("access-control-allow-origin"), PARTNER);
    assert_eq!(
        ok.header("access-control-allow-credentials"),
        "",
        "no credentials"
    );
    assert!(
        ok.all("vary").contains("origin"),
        "vary: {}",
        ok.all("vary")
    );

    let other = send(router, Method::GET, "/api/v1/cities", &[("origin", OTHER)]).await;
    assert_eq!(
        other.status,
        StatusCode::OK,
        "same answer, but unreadable for the page"
    );
    assert_eq!(other.header("access-control-allow-origin"), "");

    let exposed = send(
        router,
        Method::POST,
        "/api/v1/services/x/submissions",
        &[("origin", PARTNER)],
    )
    .await;
    assert_eq!(exposed.header("access-control-allow-origin"), PARTNER);
    assert!(exposed
        .all("access-control-expose-headers")
        .contains("idempotent-replayed"));
}

#[tokio::test]
async fn preflight_is_answered_before_routing_and_the_database() {
    let (app, _dir) = start(PARTNER).await;
    // No database behind the router any more: a preflight must not need it.
    app.pool.close().await;
    let preflight = |origin: &'static str, uri: &'static str| {
        let router = app.router.clone();
        async move {
            send(
                &router,
                Method::OPTIONS,
                uri,
                &[
                    ("origin", origin),
                    ("access-control-request-method", "POST"),
                    (
                        "access-control-request-headers",
                        "content-type,idempotency-key,x-channel",
                    ),
                ],
            )
            .await
        }
    };

    for uri in [
        "/api/v1/services/marriage/submissions",
        "/api/v1/no-such-endpoint",
    ] {
        let ok = preflight(PARTNER, uri).await;
        assert!(ok.status.is_success(), "{uri}: {}", ok.status);
        assert_eq!(ok.header("access-control-allow-origin"), PARTNER, "{uri}");
        let methods = ok.all("access-control-allow-methods");
        assert!(
            methods.contains("post") && methods.contains("get"),
            "{methods}"
        );
        let headers = ok.all("access-control-allow-headers");
        for h in ["content-type", "idempotency-key", "x-channel"] {
            assert!(headers.contains(h), "{h} missing from {headers}");
        }
        assert_eq!(ok.header("access-control-max-age"), "600");
        assert!(ok.body.is_empty());
    }

    let refused = preflight(OTHER, "/api/v1/services/marriage/submissions").await;
    assert_eq!(refused.header("access-control-allow-origin"), "");

    // The same request without the preflight does reach the (closed) database.
    let health = send(&app.router, Method::GET, "/healthz", &[]).await;
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE);
}
