//! The built SPA from `DIST_DIR`.
//!
//! - A path whose last segment has a file extension (`/citizen-home-…_bg.wasm`,
//!   `/robots.txt`) is a file: served with its content type, or a plain 404 when missing.
//!   Never `index.html`: a missing asset must fail loudly, not load HTML as wasm.
//! - Any other GET path is a client route (`/`, `/cities`, `/city/310100/service/…`):
//!   `index.html` with `Cache-Control: no-cache`, or a 503 text page when the SPA has not
//!   been built. Gallery routes (`/gallery…`) get `gallery/index.html`, the designers'
//!   separate bundle, form routes (`/city/:code/service/:id/apply…`) get
//!   `apply/index.html`, the form flow's bundle, and the look-up-and-pay routes
//!   (`/city/:code/service/:id/lookup…`, `/orders/…`, `/identity`, `/my…`) get
//!   `services/index.html`, when they were built.
//!
//! Caching: Trunk's hashed assets (`name-<hex hash>.ext`, `name-<hex hash>_bg.wasm`) never
//! change, so they are `immutable` for a year; `*.html` is `no-cache`; other files
//! (robots.txt, the manifest, icons) an hour.

use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use citizen_core::routes::Bundle;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// `Cache-Control` of hashed assets.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of unhashed files.
const ONE_HOUR: &str = "public, max-age=3600";
/// `Cache-Control` of `index.html`: always revalidate, so a new build is picked up.
const NO_CACHE: &str = "no-cache";

/// Shown for client routes when `DIST_DIR/index.html` does not exist.
const NOT_BUILT: &str = "\
市民之家的网页应用还没有构建。请在项目根目录运行 `cargo xtask run`，它会先构建前端再启动服务。
The citizen-home web app (SPA) has not been built. Run `cargo xtask run` in the project root: it builds the SPA, then starts the server.
";

/// Serves `req` (a GET or HEAD outside `/api`) from `dist`.
pub(crate) async fn serve(dist: &Path, req: Request) -> Response {
    let path = req.uri().path();
    let last = path.rsplit('/').next().unwrap_or(path).to_string();
    if has_extension(&last) {
        serve_file(dist, req, &last).await
    } else {
        match bundle_of(path).map(|dir| dist.join(dir)) {
            Some(bundle) if bundle.join("index.html").is_file() => serve_index(&bundle, req).await,
            _ => serve_index(dist, req).await,
        }
    }
}

/// Where the designers' gallery bundle is built, inside `DIST_DIR` (`cargo xtask build`:
/// the app with the `gallery` feature, assets under `/gallery/`).
const GALLERY_DIR: &str = "gallery";
/// Where the form flow's bundle is built, inside `DIST_DIR` (the app with the `forms`
/// feature, assets under `/apply/`).
const APPLY_DIR: &str = "apply";
/// Where the look-up-and-pay bundle is built, inside `DIST_DIR` (the app with the
/// `services` feature, assets under `/services/`).
const SERVICES_DIR: &str = "services";

/// The bundle directory that answers client route `path`, when it is not the residents'
/// one: gallery routes (`/gallery`, `/gallery/field`), services routes (`/my`,
/// `/orders/…`, `…/lookup…`) and form routes
/// (`/city/310100/service/marriage-registration-appointment/apply`, and any page below
/// it), as [`Bundle::of_path`] (`citizen_core::routes`, the SPA's own definitions) says.
/// Answered with that bundle's `index.html` when it was built, with the residents' one
/// otherwise (which then says the page is in a separate bundle, with a link).
fn bundle_of(path: &str) -> Option<&'static str> {
    match Bundle::of_path(path) {
        Bundle::Gallery => Some(GALLERY_DIR),
        Bundle::Apply => Some(APPLY_DIR),
        Bundle::Services => Some(SERVICES_DIR),
        Bundle::Residents => None,
    }
}

async fn serve_file(dist: &Path, req: Request, file_name: &str) -> Response {
    let service = ServeDir::new(dist).append_index_html_on_directories(false);
    let response = match service.oneshot(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let status = response.status();
    if status == StatusCode::NOT_FOUND {
        return (StatusCode::NOT_FOUND, "404 Not Found\n").into_response();
    }
    let mut response = response.map(Body::new);
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        let cache = if file_name.ends_with(".html") {
            NO_CACHE
        } else if is_hashed(file_name) {
            IMMUTABLE
        } else {
            ONE_HOUR
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}

async fn serve_index(dist: &Path, req: Request) -> Response {
    let response = match ServeFile::new(dist.join("index.html")).oneshot(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let status = response.status();
    if status == StatusCode::NOT_FOUND {
        tracing::warn!(dist = %dist.display(), "no index.html: the SPA has not been built");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CACHE_CONTROL, "no-store")],
            NOT_BUILT,
        )
            .into_response();
    }
    let mut response = response.map(Body::new);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
    if status.is_success() {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
    }
    response
}

/// Whether a path's last segment names a file: `name.ext` with a non-empty name and an
/// alphanumeric extension (`robots.txt`, `app.wasm`), not `.hidden` or `310100`.
fn has_extension(last_segment: &str) -> bool {
    match last_segment.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty() && !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// Whether a file name carries Trunk's content hash: `-` and the hash in lower-case hex
/// right before the extension (`citizen-home-1a2b3c4d5e6f7a8b.js`), or before `_bg` for the
/// wasm module (`citizen-home-1a2b3c4d5e6f7a8b_bg.wasm`).
///
/// The hash is a 64-bit seahash written with `{:x}` (Trunk 0.21.14,
/// `src/pipelines/rust/mod.rs`), so it is 16 digits, or fewer when it has leading zeros
/// (1 build in 16 has 15). 13 to 16 digits are accepted: shorter runs of hex letters could
/// be an ordinary word, and caching an unhashed file as `immutable` would be the worse
/// mistake.
fn is_hashed(file_name: &str) -> bool {
    let Some((stem, _ext)) = file_name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((name, hash)) => {
            !name.is_empty()
                && (13..=16).contains(&hash.len())
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        assert!(has_extension("robots.txt"));
        assert!(has_extension("citizen-home-0123456789abcdef_bg.wasm"));
        assert!(!has_extension("310100"));
        assert!(!has_extension(""));
        assert!(!has_extension(".hidden"));
        assert!(!has_extension("trailing."));
    }

    #[test]
    fn bundles_of_client_routes() {
        assert_eq!(bundle_of("/"), None);
        assert_eq!(bundle_of("/cities"), None);
        assert_eq!(bundle_of("/city/310100/service/x"), None);
        assert_eq!(bundle_of("/city/310100/service/x/apply"), Some(APPLY_DIR));
        assert_eq!(
            bundle_of("/city/310100/service/x/apply/check"),
            Some(APPLY_DIR)
        );
        assert_eq!(bundle_of("/city//service/x/apply"), None);
        assert_eq!(bundle_of("/gallery"), Some(GALLERY_DIR));
        assert_eq!(bundle_of("/gallery/field"), Some(GALLERY_DIR));
        assert_eq!(bundle_of("/galleryx"), None);
        for services in [
            "/city/310100/service/traffic-violation/lookup",
            "/city/310100/service/water-bill/lookup/lk1",
            "/orders/ord_1",
            "/identity",
            "/my",
            "/my/order/ord_1",
        ] {
            assert_eq!(bundle_of(services), Some(SERVICES_DIR), "{services}");
        }
        assert_eq!(bundle_of("/city//service/x/lookup"), None);
    }

    #[test]
    fn hashed_names() {
        assert!(is_hashed("citizen-home-1a2b3c4d5e6f7a8b.wasm"));
        assert!(is_hashed("citizen-home-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed("base-0123456789abcdef.css"));
        assert!(
            is_hashed("citizen-home-123456789abcdef_bg.wasm"),
            "leading zero dropped"
        );
        assert!(
            !is_hashed("base-0123456789ABCDEF.css"),
            "Trunk writes lower-case hex"
        );
        assert!(!is_hashed("robots.txt"));
        assert!(!is_hashed("manifest.webmanifest"));
        assert!(
            !is_hashed("citizen-home-1a2b3c4d5e6f.wasm"),
            "12 hex digits could be a word"
        );
        assert!(!is_hashed("-1a2b3c4d5e6f7a8b.js"));
    }
}
