//! The `ch_session` cookie: `<id>.<mac>`, `id` 32 random bytes and `mac` the HMAC-SHA256 of
//! the id under the server secret, both base64url without padding.

use axum::http::{header, HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};

use super::secret::{hex, ServerSecret};
use crate::db::DbError;

/// The cookie's name.
pub const COOKIE_NAME: &str = "ch_session";

/// How long a session lives after its last write, in seconds (30 days): the cookie's
/// `Max-Age` and the row's `expires_at`.
pub const MAX_AGE_SECS: i64 = 30 * 86_400;

/// A new session id: 32 random bytes, base64url.
pub(super) fn new_id() -> Result<String, DbError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| DbError::Corrupt(format!("no randomness for a session id: {e}")))?;
    Ok(base64url(&bytes))
}

/// SHA-256 hex of an id: what the database stores instead of it.
pub(super) fn id_hash(id: &str) -> String {
    hex(&Sha256::digest(id.as_bytes()))
}

/// The cookie value of `id`: `<id>.<mac>`.
pub(super) fn sign(secret: &ServerSecret, id: &str) -> String {
    format!("{id}.{}", base64url(&secret.mac(id.as_bytes())))
}

/// The id in a cookie value whose mac is right (compared in constant time), else `None`.
pub(super) fn verify<'v>(secret: &ServerSecret, value: &'v str) -> Option<&'v str> {
    let (id, mac) = value.split_once('.')?;
    if id.len() != 43 || !id.bytes().all(is_base64url) {
        return None;
    }
    let expected = base64url(&secret.mac(id.as_bytes()));
    constant_time_eq(expected.as_bytes(), mac.as_bytes()).then_some(id)
}

/// The `ch_session` value among the request's `Cookie` headers (the first one).
pub(super) fn from_headers(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim())
}

/// Whether the request came to a loopback address (`Host` is `localhost`, `127.x.x.x` or
/// `[::1]`, with or without a port): there a cookie goes without `Secure`, since local
/// development runs over plain HTTP. Anything else, or no `Host`, gets `Secure`.
pub fn is_loopback(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, _)| name)
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => false,
    }
}

/// `Set-Cookie` for `value`: `HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000`, and
/// `Secure` unless `loopback`.
pub(super) fn set_cookie(value: &str, loopback: bool) -> Result<HeaderValue, DbError> {
    cookie_header(value, MAX_AGE_SECS, loopback)
}

/// `Set-Cookie` that removes the cookie (`Max-Age=0`).
pub(super) fn clear_cookie(loopback: bool) -> Result<HeaderValue, DbError> {
    cookie_header("", 0, loopback)
}

fn cookie_header(value: &str, max_age: i64, loopback: bool) -> Result<HeaderValue, DbError> {
    let secure = if loopback { "" } else { "; Secure" };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}"
    ))
    .map_err(|_| DbError::Corrupt("a session cookie that is no header value".into()))
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// base64url without padding (RFC 4648 §5).
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc_4648() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foob"), "Zm9vYg");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn signed_ids_verify() {
        let secret = ServerSecret::from_bytes(&[7; 32]);
        let id = new_id().unwrap();
        assert_eq!(id.len(), 43);
        let value = sign(&secret, &id);
        assert_eq!(verify(&secret, &value), Some(id.as_str()));
        let other = ServerSecret::from_bytes(&[8; 32]);
        assert_eq!(verify(&other, &value), None);
        assert_eq!(verify(&secret, &format!("{id}.")), None);
        assert_eq!(verify(&secret, &id), None);
    }

    #[test]
    fn loopback_hosts() {
        let with = |host: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
            is_loopback(&h)
        };
        for yes in [
            "127.0.0.1:8080",
            "127.9.9.9",
            "localhost",
            "LOCALHOST:3000",
            "[::1]:8080",
        ] {
            assert!(with(yes), "{yes}");
        }
        for no in [
            "citizen.example.gov.cn",
            "10.0.0.1:80",
            "[2001:db8::1]",
            "localhost.evil.cn",
        ] {
            assert!(!with(no), "{no}");
        }
        assert!(!is_loopback(&HeaderMap::new()));
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; ch_session=x.y"),
        );
        assert_eq!(from_headers(&h), Some("x.y"));
        let set = set_cookie("x.y", false).unwrap();
        assert_eq!(
            set.to_str().unwrap(),
            "ch_session=x.y; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000; Secure"
        );
    }
}
