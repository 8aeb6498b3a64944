//! Security headers and cross-origin rules, all from one allowlist of partner origins.
//!
//! `PARTNER_ORIGINS` (flag `--partner-origins`) lists the sites that may embed 市民之家 in
//! an iframe and call its API from their pages. The same list drives:
//!
//! - **`Content-Security-Policy`** on every response ([`content_security_policy`]):
//!   scripts only from our origin plus `'wasm-unsafe-eval'` (compiling our WebAssembly),
//!   no inline script at all (Trunk's loader is replaced by the files `boot.js` and
//!   `loader.js`, see `Trunk.toml`), and `frame-ancestors 'self'` plus the partners.
//!   With no partner, `X-Frame-Options: SAMEORIGIN` too, for webviews too old for
//!   `frame-ancestors`; with partners it is left out (it cannot name them, and a browser
//!   that knows `frame-ancestors` ignores it anyway).
//! - **CORS** ([`cors`]): `Access-Control-Allow-Origin` only for a listed origin; any
//!   `OPTIONS` request (a preflight) is answered right here, before routing, database or
//!   any future authentication, so a preflight never needs credentials.
//! - **`GET /api/v1/embed`** ([`crate::embed`]): the list for the SPA, which `postMessage`s only
//!   to these origins and ignores messages from any other.
//!
//! # Why this CSP
//!
//! `'wasm-unsafe-eval'` allows compiling WebAssembly without allowing JavaScript `eval`.
//! Chromium knows it since 97, WebKit (Safari and every iOS webview) since 16, Firefox since
//! 102; older engines block WebAssembly under any CSP without `'unsafe-eval'`, which we do
//! not send. That is one reason for the supported floor in the README (iOS 16, Chromium 97):
//! below it the start-up page shows its "open in a browser / update" message instead.
//! `style-src` allows inline styles: style attributes carry no script, and components may
//! set custom properties on an element. `connect-src 'self'`: the API is on our origin; a
//! deployment that points `citizen-api-base` elsewhere must serve the SPA with a CSP of its
//! own. Partner bridges (AlipayJSBridge, WeixinJSBridge, ...) are injected by the native
//! app, which CSP does not govern.

use axum::http::{header, HeaderName, HeaderValue, Method};
use citizen_core::api::{CHANNEL_HEADER, IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How long a browser may cache a preflight answer, in seconds.
pub const PREFLIGHT_MAX_AGE_SECS: u64 = 600;

/// The partner origins allowed to embed the SPA and call the API cross-origin: serialised
/// origins (`https://partner.example.gov.cn`, `http://127.0.0.1:18101`), lower-case, without
/// a default port, no duplicates, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartnerOrigins(Vec<String>);

/// An entry of `PARTNER_ORIGINS` that is not an origin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{entry}` in PARTNER_ORIGINS is not an origin: {reason} (write it like https://partner.example.gov.cn or http://127.0.0.1:8081)")]
pub struct OriginError {
    /// The entry as given.
    pub entry: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl PartnerOrigins {
    /// Parses a list separated by commas and/or whitespace. Each entry is `http://` or
    /// `https://`, a host (name, IPv4 or bracketed IPv6) and an optional port; a single
    /// trailing `/` is accepted. Wildcards, paths, queries and user names are not: the list
    /// is also the SPA's `postMessage` target list, which needs exact origins.
    ///
    /// Errors: the first entry that is not an origin.
    pub fn parse(list: &str) -> Result<Self, OriginError> {
        let mut origins = Vec::new();
        for entry in list
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|e| !e.is_empty())
        {
            let origin = parse_origin(entry).map_err(|reason| OriginError {
                entry: entry.to_string(),
                reason,
            })?;
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        Ok(PartnerOrigins(origins))
    }

    /// The origins, in the order given.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// Whether `origin` (an `Origin` header value) is on the list.
    pub fn contains(&self, origin: &str) -> bool {
        self.0.iter().any(|o| o == origin)
    }
}

/// Normalises one origin, or says why it is not one.
fn parse_origin(entry: &str) -> Result<String, &'static str> {
    let lower = entry.to_ascii_lowercase();
    let (scheme, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        ("https", rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        ("http", rest)
    } else {
        return Err("it must start with https:// or http://");
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains(['/', '?', '#']) {
        return Err("an origin has no path, query or fragment");
    }
    if authority.contains('@') {
        return Err("an origin has no user name");
    }
    if authority.contains('*') {
        return Err("wildcards are not allowed");
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (inside, after) = v6.split_once(']').ok_or("unclosed [ in an IPv6 host")?;
        if inside.is_empty() || !inside.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return Err("not an IPv6 address");
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or("junk after the IPv6 host")?),
        };
        (&authority[..inside.len() + 2], port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let host_ok = host.starts_with('[')
        || (!host.is_empty()
            && !host.starts_with(['.', '-'])
            && !host.ends_with(['.', '-'])
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'));
    if !host_ok {
        return Err("the host is empty or has characters a host name cannot have");
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => return Err("the port is not a number from 1 to 65535"),
        },
    };
    Ok(match (scheme, port) {
        ("https", Some(443)) | ("http", Some(80)) | (_, None) => format!("{scheme}://{host}"),
        (_, Some(port)) => format!("{scheme}://{host}:{port}"),
    })
}

/// The `Content-Security-Policy` of every response (see the module documentation).
pub fn content_security_policy(partners: &PartnerOrigins) -> String {
    let mut ancestors = String::from("'self'");
    for origin in partners.as_slice() {
        ancestors.push(' ');
        ancestors.push_str(origin);
    }
    format!(
        "default-src 'self'; \
         script-src 'self' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; \
         font-src 'self'; \
         connect-src 'self'; \
         manifest-src 'self'; \
         object-src 'none'; \
         base-uri 'none'; \
         form-action 'self'; \
         frame-ancestors {ancestors}"
    )
}

/// The headers set on every response: `Content-Security-Policy`, and
/// `X-Frame-Options: SAMEORIGIN` when no partner may frame us.
pub fn response_headers(partners: &PartnerOrigins) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = Vec::new();
    // Origins are checked to be plain ASCII in `parse_origin`, so this cannot fail; if it
    // ever did, the fixed policy without partners is the safe answer.
    let csp = HeaderValue::from_str(&content_security_policy(partners)).unwrap_or_else(|_| {
        HeaderValue::from_str(&content_security_policy(&PartnerOrigins::default()))
            .unwrap_or(HeaderValue::from_static("default-src 'self'"))
    });
    headers.push((header::CONTENT_SECURITY_POLICY, csp));
    if partners.as_slice().is_empty() {
        headers.push((
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        ));
    }
    headers
}

/// The CORS layer: listed origins may `GET` and `POST` with the headers our API reads and
/// see `Idempotent-Replayed`; no credentials. Every `OPTIONS` request is answered by this
/// layer without reaching the router.
pub fn cors(partners: &PartnerOrigins) -> CorsLayer {
    let origins: Vec<HeaderValue> = partners
        .as_slice()
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    // `HeaderName::from_bytes` lower-cases; the names are constants, so none is dropped.
    let names = |list: &[&str]| -> Vec<HeaderName> {
        list.iter()
            .filter_map(|n| HeaderName::from_bytes(n.as_bytes()).ok())
            .collect()
    };
    let mut allow_headers = vec![header::ACCEPT, header::CONTENT_TYPE];
    allow_headers.extend(names(&[IDEMPOTENCY_KEY_HEADER, CHANNEL_HEADER]));
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::HEAD, Method::POST])
        .allow_headers(allow_headers)
        .expose_headers(names(&[REPLAYED_HEADER]))
        .max_age(std::time::Duration::from_secs(PREFLIGHT_MAX_AGE_SECS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &str) -> Result<Vec<String>, String> {
        PartnerOrigins::parse(list)
            .map(|p| p.as_slice().to_vec())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn origins_are_normalised() {
        assert_eq!(parse(""), Ok(vec![]));
        assert_eq!(parse("  ,  "), Ok(vec![]));
        assert_eq!(
            parse("HTTPS://Partner.Example.gov.cn/, http://127.0.0.1:18101 https://a.cn:443,http://b.cn:80"),
            Ok(vec![
                "https://partner.example.gov.cn".to_string(),
                "http://127.0.0.1:18101".to_string(),
                "https://a.cn".to_string(),
                "http://b.cn".to_string(),
            ])
        );
        assert_eq!(
            parse("https://a.cn https://a.cn/ https://A.cn"),
            Ok(vec!["https://a.cn".to_string()]),
            "duplicates once"
        );
        assert_eq!(
            parse("http://[::1]:8080 https://[2001:db8::1]"),
            Ok(vec![
                "http://[::1]:8080".to_string(),
                "https://[2001:db8::1]".to_string()
            ])
        );
    }

    #[test]
    fn non_origins_are_refused_naming_the_entry() {
        for bad in [
            "partner.example.gov.cn",
            "ftp://a.cn",
            "https://",
            "https://a.cn/path",
            "https://a.cn?x=1",
            "https://user@a.cn",
            "https://*.a.cn",
            "https://a.cn:0",
            "https://a.cn:99999",
            "https://a.cn:8x",
            "https://a_b.cn",
            "https://[::1",
            "https://.a.cn",
            "*",
        ] {
            let err = parse(&format!("https://ok.cn, {bad}")).expect_err(bad);
            assert!(err.contains(&format!("`{bad}`")), "{bad}: {err}");
        }
    }

    #[test]
    fn exact_policy() {
        assert_eq!(
            content_security_policy(&PartnerOrigins::default()),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
             connect-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'self'"
        );
        let partners = PartnerOrigins::parse("https://a.cn http://127.0.0.1:9").unwrap();
        assert!(content_security_policy(&partners)
            .ends_with("; frame-ancestors 'self' https://a.cn http://127.0.0.1:9"));
        let names: Vec<_> = response_headers(&partners)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, [header::CONTENT_SECURITY_POLICY]);
        assert_eq!(
            response_headers(&PartnerOrigins::default())[1],
            (
                header::X_FRAME_OPTIONS,
                HeaderValue::from_static("SAMEORIGIN")
            )
        );
    }
}
