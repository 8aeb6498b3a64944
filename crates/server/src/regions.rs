//! `GET /api/v1/regions`: the region picker's data (`regions.json`, about 140 KB of static
//! division codes), kept in memory, serialised once and served with an `ETag`. The same
//! list checks the region answers of submissions.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use citizen_core::region::RegionList;
use sha2::{Digest, Sha256};

use crate::AppState;

/// `Cache-Control` of `/api/v1/regions`: the data only changes with a new deployment.
const REGIONS_CACHE: &str = "public, max-age=86400";

/// The region routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/regions", get(get_regions))
}

/// The region data as served: the parsed list (for checking answers), its JSON and its
/// `ETag`, computed once at start.
#[derive(Debug)]
pub struct RegionsData {
    /// The regions, for [`citizen_core::form::validate_answers`] and for masking.
    pub list: RegionList,
    json: Bytes,
    etag: HeaderValue,
}

impl RegionsData {
    /// Serialises `list` once and derives its weak `ETag` (`W/"<16 hex of SHA-256>"`; weak
    /// because responses may be compressed).
    pub fn new(list: RegionList) -> Self {
        let json = match serde_json::to_vec(&list) {
            Ok(json) => json,
            // Strings and vectors only: serialising cannot fail. Keep a valid body anyway.
            Err(_) => b"{\"source\":\"\",\"provinces\":[]}".to_vec(),
        };
        let digest: String = Sha256::digest(&json)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let etag = HeaderValue::from_str(&format!("W/\"{}\"", &digest[..16]))
            .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
        RegionsData {
            list,
            json: Bytes::from(json),
            etag,
        }
    }
}

/// `GET /api/v1/regions`: the region data with `ETag` and `Cache-Control: public,
/// max-age=86400`; 304 when `If-None-Match` names the current `ETag`.
async fn get_regions(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let data = &state.regions;
    let ours = data.etag.to_str().unwrap_or("").trim_start_matches("W/");
    // Weak comparison (RFC 9110 §13.1.2): `W/` prefixes do not matter.
    let matches = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == ours);
    let common = [
        (header::ETAG, data.etag.clone()),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(REGIONS_CACHE),
        ),
    ];
    if matches {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        StatusCode::OK,
        common,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        data.json.clone(),
    )
        .into_response()
}
