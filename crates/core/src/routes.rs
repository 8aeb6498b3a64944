//! Every client path of the SPA, built and parsed in one place: the SPA's links and
//! redirects, its router's patterns, the host code's "city home beneath a deep page", and
//! the server's choice of bundle all read these definitions.
//!
//! | path | [`Route`] | bundle ([`Bundle`]) |
//! |---|---|---|
//! | `/` | [`Route::Home`] | residents' |
//! | `/cities` | [`Route::Cities`] | residents' |
//! | `/settings` | [`Route::Settings`] | residents' |
//! | `/city/{code}` | [`Route::City`] | residents' |
//! | `/city/{code}/service/{id}` | [`Route::Service`] | residents' |
//! | `/city/{code}/service/{id}/apply[/{page}]` | [`Route::Apply`] with an [`ApplyPage`] | apply |
//! | `/gallery[/{component}]` | [`Route::Gallery`] | gallery |
//! | `/city/{code}/service/{id}/lookup` | [`Route::Lookup`] | services |
//! | `/city/{code}/service/{id}/lookup/{lookup_id}` | [`Route::LookupResult`] | services |
//! | `/orders/{order_id}` | [`Route::Order`] | services |
//! | `/my` | [`Route::MyItems`] | services |
//! | `/my/{kind}/{id}` | [`Route::MyItem`] | services |
//! | `/identity[?next={client path}]` | [`Route::Identity`] | services |
//!
//! Building: [`Route`]'s `Display` writes the path, percent-encoding each parameter
//! ([`encode_segment`]); [`Route::with_query`] adds a query. Parsing: [`Route::parse`]
//! takes a path (a query or fragment after it is ignored), matches the fixed segments as
//! written and percent-decodes the parameters, and rejects anything else with a
//! [`RouteError`]. `parse(route.to_string()) == route` for every route (tests below),
//! except a question page whose key is one of the flow's own pages ([`ApplyPage`]).
//!
//! The router (leptos_router) needs its patterns as segment tuples; they are built from
//! [`segment`] and [`param`]: `/city/:code/service/:id` is
//! `(StaticSegment(segment::CITY), ParamSegment(param::CODE), StaticSegment(segment::SERVICE), ParamSegment(param::ID))`.
//!
//! A new page: a variant here, its arm in `fmt`, `parse`, `city_code` and `bundle`, a case in the
//! round-trip test, then its `<Route>` in the SPA.

use std::fmt::{self, Write};

/// The fixed segments of the client paths, as written in the URL (ASCII, never encoded).
pub mod segment {
    /// `/cities`: the city picker.
    pub const CITIES: &str = "cities";
    /// `/settings`.
    pub const SETTINGS: &str = "settings";
    /// `/city/{code}`: a city's home.
    pub const CITY: &str = "city";
    /// `/city/{code}/service/{id}`: a service's guide (办事指南).
    pub const SERVICE: &str = "service";
    /// `/city/{code}/service/{id}/apply`: the online form flow.
    pub const APPLY: &str = "apply";
    /// `…/apply/check`: 核对信息 (check your answers).
    pub const CHECK: &str = "check";
    /// `…/apply/done`: the confirmation with the 受理编号.
    pub const DONE: &str = "done";
    /// `…/apply/discard`: 放弃草稿？
    pub const DISCARD: &str = "discard";
    /// `/gallery[/{component}]`: the designers' gallery.
    pub const GALLERY: &str = "gallery";
    /// `/city/{code}/service/{id}/lookup[/{lookup_id}]`: a traffic or bill lookup and its
    /// results.
    pub const LOOKUP: &str = "lookup";
    /// `/orders/{order_id}`: an order (summary → confirm → result).
    pub const ORDERS: &str = "orders";
    /// `/my[/{kind}/{id}]`: 我的办件 and one of its entries.
    pub const MY: &str = "my";
    /// `/identity`: the 实名 step.
    pub const IDENTITY: &str = "identity";
}

/// The names of the router's path parameters (`:code`, `:id`, `:component`, `*rest`).
pub mod param {
    /// `:code` of `/city/:code…`: the city's GB/T 2260 division code (`310100`).
    pub const CODE: &str = "code";
    /// `:id` of `…/service/:id…`: the service id from the city's catalog file.
    pub const ID: &str = "id";
    /// `:component` of `/gallery/:component`: a component's name in the gallery.
    pub const COMPONENT: &str = "component";
    /// `*rest` of `…/apply/*rest`: the form flow's page ([`super::ApplyPage::from_rest`]).
    pub const REST: &str = "rest";
    /// `:lookup_id` of `…/lookup/:lookup_id`: a stored lookup's id.
    pub const LOOKUP_ID: &str = "lookup_id";
    /// `:order_id` of `/orders/:order_id`.
    pub const ORDER_ID: &str = "order_id";
    /// `:kind` of `/my/:kind/:id`: `submission` or `order`
    /// (`citizen_core::api::MyItemKind::as_str`).
    pub const KIND: &str = "kind";
}

/// Query keys of the client paths.
pub mod query {
    /// `?from=`: on a question page `from=check` returns to 核对信息 after Continue; on
    /// the discard page it names the page to go back to (a page key or `check`).
    pub const FROM: &str = "from";
    /// `?next=` of `/identity`: the client path to return to after the 实名 step; read it
    /// with [`super::safe_next`].
    pub const NEXT: &str = "next";
}

/// A page of the SPA, by its path (see the module documentation).
///
/// Parameters are held decoded (`code: "310100"`); `Display` encodes them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Route {
    /// `/`: the chosen city's home, or the picker when none is chosen.
    Home,
    /// `/cities`: the city picker.
    Cities,
    /// `/settings`: 长辈版, colour scheme, language.
    Settings,
    /// `/city/{code}`: a city's home (shareable).
    City {
        /// GB/T 2260 division code.
        code: String,
    },
    /// `/city/{code}/service/{id}`: a service's guide (shareable).
    Service {
        /// GB/T 2260 division code of the city.
        code: String,
        /// Service id, unique within the city.
        id: String,
    },
    /// `/city/{code}/service/{id}/apply…`: a page of the service's online form (the apply
    /// bundle).
    Apply {
        /// GB/T 2260 division code of the city.
        code: String,
        /// Service id, unique within the city.
        id: String,
        /// Which page of the flow.
        page: ApplyPage,
    },
    /// `/gallery` (`component: None`, the list) or `/gallery/{component}` (the gallery
    /// bundle).
    Gallery {
        /// A component's name, as listed by the gallery (`field`, `result`).
        component: Option<String>,
    },
    /// `/city/{code}/service/{id}/lookup`: the lookup form of a service with `online`
    /// (the services bundle).
    Lookup {
        /// GB/T 2260 division code of the city.
        code: String,
        /// Service id, unique within the city.
        id: String,
    },
    /// `/city/{code}/service/{id}/lookup/{lookup_id}`: a stored lookup's results.
    LookupResult {
        /// GB/T 2260 division code of the city.
        code: String,
        /// Service id, unique within the city.
        id: String,
        /// The lookup's id (`TrafficLookupResponse::lookup_id` / `BillLookupResponse`'s).
        lookup_id: String,
    },
    /// `/orders/{order_id}`: an order, from its summary to its result.
    Order {
        /// The order's id.
        order_id: String,
    },
    /// `/my`: 我的办件.
    MyItems,
    /// `/my/{kind}/{id}`: one entry of 我的办件.
    MyItem {
        /// `submission` or `order` (as `MyItemKind::as_str`; any segment parses, the page
        /// says when it names no kind).
        kind: String,
        /// The entry's id.
        id: String,
    },
    /// `/identity`: the 实名 step (with `?next=` the page to return to,
    /// [`query::NEXT`]).
    Identity,
}

/// A page of the online form flow, below `/city/{code}/service/{id}/apply`.
///
/// A question page whose key is `check`, `done` or `discard` would be shadowed by the
/// flow's own pages (the catalog has none); it reads back as that page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ApplyPage {
    /// `…/apply`: goes on to the first question page.
    Start,
    /// `…/apply/{key}`: the question page with that key in the form's schema.
    Question {
        /// The schema page's key.
        key: String,
    },
    /// `…/apply/check`: 核对信息 (check your answers) and submit.
    Check,
    /// `…/apply/done`: 申请已提交, the 受理编号 and what happens next.
    Done,
    /// `…/apply/discard`: 放弃草稿？ (discard the draft).
    Discard,
}

impl ApplyPage {
    /// The page that the router's `*rest` parameter ([`param::REST`], already decoded by
    /// the router) names: empty for [`ApplyPage::Start`], one segment otherwise (slashes
    /// around it are ignored). `None` for a deeper path (`a/b`), which names no page.
    pub fn from_rest(rest: &str) -> Option<ApplyPage> {
        match rest.trim_matches('/') {
            "" => Some(ApplyPage::Start),
            key if key.contains('/') => None,
            key => Some(ApplyPage::from_segment(key)),
        }
    }

    /// The page named by one decoded, non-empty segment.
    fn from_segment(key: &str) -> ApplyPage {
        match key {
            segment::CHECK => ApplyPage::Check,
            segment::DONE => ApplyPage::Done,
            segment::DISCARD => ApplyPage::Discard,
            key => ApplyPage::Question {
                key: key.to_string(),
            },
        }
    }
}

/// The separately built bundles of the SPA (`cargo xtask build`), each answering its own
/// client paths on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bundle {
    /// The residents' app: home, city picker, service guides, settings, and every path
    /// that is no other bundle's (its not-found page).
    Residents,
    /// The online form flow (feature `forms`): `/city/{code}/service/{id}/apply` and every
    /// path below it.
    Apply,
    /// The designers' gallery (feature `gallery`): `/gallery` and every path below it.
    Gallery,
    /// Look up and pay (feature `services`): `/city/{code}/service/{id}/lookup` and every
    /// path below it, `/orders…`, `/my…`, `/identity…`.
    Services,
}

impl Bundle {
    /// The bundle that answers client path `path` (no query): a path below a bundle's
    /// prefix belongs to it even when it names no page there (that bundle shows its own
    /// not-found page). Looks at the fixed segments as written (`/city/{any non-empty
    /// code}/service/{any non-empty id}/apply…`, `/gallery…`); parameters are not decoded.
    pub fn of_path(path: &str) -> Bundle {
        let mut segments = path.split('/');
        if segments.next() != Some("") {
            return Bundle::Residents;
        }
        let first = segments.next();
        match first {
            Some(segment::GALLERY) => return Bundle::Gallery,
            Some(segment::ORDERS | segment::MY | segment::IDENTITY) => return Bundle::Services,
            _ => {}
        }
        let below_service = first == Some(segment::CITY)
            && segments.next().is_some_and(|code| !code.is_empty())
            && segments.next() == Some(segment::SERVICE)
            && segments.next().is_some_and(|id| !id.is_empty());
        match segments.next() {
            Some(segment::APPLY) if below_service => Bundle::Apply,
            Some(segment::LOOKUP) if below_service => Bundle::Services,
            _ => Bundle::Residents,
        }
    }
}

/// Why [`Route::parse`] rejected a path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    /// The path does not start with exactly one `/` (`city/1`, `//evil.example`).
    #[error("a path starts with one /")]
    NotAbsolute,
    /// Two slashes in a row (`/city//service`), or more than one at the end.
    #[error("empty path segment")]
    EmptySegment,
    /// A parameter has a `%` not followed by two hex digits, decodes to bytes that are
    /// not UTF-8, or decodes to `.` or `..`.
    #[error("malformed percent-encoding in a path segment")]
    BadSegment,
    /// Well formed, but no page has this path.
    #[error("no page has this path")]
    Unknown,
}

impl Route {
    /// `/city/{code}`.
    pub fn city(code: &str) -> Route {
        Route::City {
            code: code.to_string(),
        }
    }

    /// `/city/{code}/service/{id}`.
    pub fn service(code: &str, id: &str) -> Route {
        Route::Service {
            code: code.to_string(),
            id: id.to_string(),
        }
    }

    /// `/city/{code}/service/{id}/apply…`: `page` of the service's form flow.
    pub fn apply(code: &str, id: &str, page: ApplyPage) -> Route {
        Route::Apply {
            code: code.to_string(),
            id: id.to_string(),
            page,
        }
    }

    /// `/gallery/{component}`.
    pub fn gallery_component(component: &str) -> Route {
        Route::Gallery {
            component: Some(component.to_string()),
        }
    }

    /// `/city/{code}/service/{id}/lookup`.
    pub fn lookup(code: &str, id: &str) -> Route {
        Route::Lookup {
            code: code.to_string(),
            id: id.to_string(),
        }
    }

    /// `/city/{code}/service/{id}/lookup/{lookup_id}`.
    pub fn lookup_result(code: &str, id: &str, lookup_id: &str) -> Route {
        Route::LookupResult {
            code: code.to_string(),
            id: id.to_string(),
            lookup_id: lookup_id.to_string(),
        }
    }

    /// `/orders/{order_id}`.
    pub fn order(order_id: &str) -> Route {
        Route::Order {
            order_id: order_id.to_string(),
        }
    }

    /// `/my/{kind}/{id}`.
    pub fn my_item(kind: &str, id: &str) -> Route {
        Route::MyItem {
            kind: kind.to_string(),
            id: id.to_string(),
        }
    }

    /// The path (as [`Route`]'s `Display`).
    pub fn path(&self) -> String {
        self.to_string()
    }

    /// The path with a query: `?k=v&k2=v2`, keys and values percent-encoded
    /// ([`encode_segment`]). No `?` when `pairs` is empty.
    pub fn with_query(&self, pairs: &[(&str, &str)]) -> String {
        let mut href = self.to_string();
        for (i, (key, value)) in pairs.iter().enumerate() {
            href.push(if i == 0 { '?' } else { '&' });
            // Writing to a String cannot fail.
            let _ = write!(href, "{}={}", Encoded(key), Encoded(value));
        }
        href
    }

    /// The city whose pages this route shows (`City`, `Service`, `Apply`).
    pub fn city_code(&self) -> Option<&str> {
        match self {
            Route::City { code }
            | Route::Service { code, .. }
            | Route::Apply { code, .. }
            | Route::Lookup { code, .. }
            | Route::LookupResult { code, .. } => Some(code),
            Route::Home
            | Route::Cities
            | Route::Settings
            | Route::Gallery { .. }
            | Route::Order { .. }
            | Route::MyItems
            | Route::MyItem { .. }
            | Route::Identity => None,
        }
    }

    /// The bundle that has this page ([`Bundle::of_path`] of its path).
    pub fn bundle(&self) -> Bundle {
        match self {
            Route::Apply { .. } => Bundle::Apply,
            Route::Gallery { .. } => Bundle::Gallery,
            Route::Lookup { .. }
            | Route::LookupResult { .. }
            | Route::Order { .. }
            | Route::MyItems
            | Route::MyItem { .. }
            | Route::Identity => Bundle::Services,
            Route::Home
            | Route::Cities
            | Route::Settings
            | Route::City { .. }
            | Route::Service { .. } => Bundle::Residents,
        }
    }

    /// Reads a client path (`/city/310100/service/x`; a `?query` or `#fragment` after it
    /// is ignored, one trailing `/` too).
    ///
    /// Errors: [`RouteError::NotAbsolute`], [`RouteError::EmptySegment`],
    /// [`RouteError::BadSegment`] for a parameter that does not decode, and
    /// [`RouteError::Unknown`] for a well-formed path of no page (`/cities/x`, `/city`).
    pub fn parse(path: &str) -> Result<Route, RouteError> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let rest = match path.strip_prefix('/') {
            Some(rest) if !rest.starts_with('/') => rest,
            _ => return Err(RouteError::NotAbsolute),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.is_empty() {
            return Ok(Route::Home);
        }
        let raw: Vec<&str> = rest.split('/').collect();
        if raw.iter().any(|s| s.is_empty()) {
            return Err(RouteError::EmptySegment);
        }
        let route = match raw[..] {
            [segment::CITIES] => Route::Cities,
            [segment::SETTINGS] => Route::Settings,
            [segment::GALLERY] => Route::Gallery { component: None },
            [segment::GALLERY, component] => Route::Gallery {
                component: Some(decode_segment(component)?),
            },
            [segment::CITY, code] => Route::City {
                code: decode_segment(code)?,
            },
            [segment::CITY, code, segment::SERVICE, id] => Route::Service {
                code: decode_segment(code)?,
                id: decode_segment(id)?,
            },
            [segment::CITY, code, segment::SERVICE, id, segment::APPLY] => Route::Apply {
                code: decode_segment(code)?,
                id: decode_segment(id)?,
                page: ApplyPage::Start,
            },
            [segment::CITY, code, segment::SERVICE, id, segment::APPLY, page] => Route::Apply {
                code: decode_segment(code)?,
                id: decode_segment(id)?,
                page: ApplyPage::from_segment(&decode_segment(page)?),
            },
            [segment::CITY, code, segment::SERVICE, id, segment::LOOKUP] => Route::Lookup {
                code: decode_segment(code)?,
                id: decode_segment(id)?,
            },
            [segment::CITY, code, segment::SERVICE, id, segment::LOOKUP, lookup_id] => {
                Route::LookupResult {
                    code: decode_segment(code)?,
                    id: decode_segment(id)?,
                    lookup_id: decode_segment(lookup_id)?,
                }
            }
            [segment::ORDERS, order_id] => Route::Order {
                order_id: decode_segment(order_id)?,
            },
            [segment::MY] => Route::MyItems,
            [segment::MY, kind, id] => Route::MyItem {
                kind: decode_segment(kind)?,
                id: decode_segment(id)?,
            },
            [segment::IDENTITY] => Route::Identity,
            _ => return Err(RouteError::Unknown),
        };
        Ok(route)
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use segment::*;
        match self {
            Route::Home => f.write_str("/"),
            Route::Cities => write!(f, "/{CITIES}"),
            Route::Settings => write!(f, "/{SETTINGS}"),
            Route::City { code } => write!(f, "/{CITY}/{}", Encoded(code)),
            Route::Service { code, id } => {
                write!(f, "/{CITY}/{}/{SERVICE}/{}", Encoded(code), Encoded(id))
            }
            Route::Apply { code, id, page } => {
                write!(
                    f,
                    "/{CITY}/{}/{SERVICE}/{}/{APPLY}",
                    Encoded(code),
                    Encoded(id)
                )?;
                match page {
                    ApplyPage::Start => Ok(()),
                    ApplyPage::Question { key } => write!(f, "/{}", Encoded(key)),
                    ApplyPage::Check => write!(f, "/{CHECK}"),
                    ApplyPage::Done => write!(f, "/{DONE}"),
                    ApplyPage::Discard => write!(f, "/{DISCARD}"),
                }
            }
            Route::Gallery { component: None } => write!(f, "/{GALLERY}"),
            Route::Gallery {
                component: Some(component),
            } => write!(f, "/{GALLERY}/{}", Encoded(component)),
            Route::Lookup { code, id } => write!(
                f,
                "/{CITY}/{}/{SERVICE}/{}/{LOOKUP}",
                Encoded(code),
                Encoded(id)
            ),
            Route::LookupResult {
                code,
                id,
                lookup_id,
            } => write!(
                f,
                "/{CITY}/{}/{SERVICE}/{}/{LOOKUP}/{}",
                Encoded(code),
                Encoded(id),
                Encoded(lookup_id)
            ),
            Route::Order { order_id } => write!(f, "/{ORDERS}/{}", Encoded(order_id)),
            Route::MyItems => write!(f, "/{MY}"),
            Route::MyItem { kind, id } => write!(f, "/{MY}/{}/{}", Encoded(kind), Encoded(id)),
            Route::Identity => write!(f, "/{IDENTITY}"),
        }
    }
}

/// The `?next=` value of `/identity` ([`query::NEXT`]) when it is safe to go to: a client
/// path of one of the SPA's pages ([`Route::parse`] accepts it; so never another origin,
/// `//evil.example`, or a `javascript:` URL), returned with its query and fragment as
/// given. `None` for anything else (the page then goes to a default).
pub fn safe_next(next: &str) -> Option<&str> {
    let path_ok = Route::parse(next).is_ok();
    let plain = !next.contains('\\') && !next.chars().any(char::is_control);
    (path_ok && plain).then_some(next)
}

/// Writes a string percent-encoded as one path segment ([`encode_segment`]).
struct Encoded<'a>(&'a str);

impl fmt::Display for Encoded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut plain = 0;
        let bytes = self.0.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if !is_unreserved(b) {
                // Only ASCII is written unencoded, so `plain..i` (when not empty) lies on
                // character boundaries.
                if plain < i {
                    f.write_str(&self.0[plain..i])?;
                }
                write!(f, "%{b:02X}")?;
                plain = i + 1;
            }
        }
        if plain < bytes.len() {
            f.write_str(&self.0[plain..])?;
        }
        Ok(())
    }
}

/// RFC 3986 unreserved characters but `~`: `A–Z a–z 0–9 - _ .`, written as they are.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

/// Percent-encodes `s` as one path segment (or query key or value): every byte but
/// `A–Z a–z 0–9 - _ .` becomes `%XX` (UTF-8, upper-case hex), so no input can add a
/// segment, a query or a fragment. `310100` and `traffic-violation` stay as they are.
pub fn encode_segment(s: &str) -> String {
    Encoded(s).to_string()
}

/// Decodes one percent-encoded path segment.
///
/// Errors: [`RouteError::BadSegment`] for a `%` without two hex digits after it, bytes
/// that are not UTF-8, or a segment that decodes to `.` or `..` (which URL resolution would
/// remove). An encoded `/` (`%2F`) is part of the segment.
pub fn decode_segment(s: &str) -> Result<String, RouteError> {
    let decoded = if s.contains('%') {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = bytes.get(i + 1..i + 3).ok_or(RouteError::BadSegment)?;
                let high = hex_value(hex[0]).ok_or(RouteError::BadSegment)?;
                let low = hex_value(hex[1]).ok_or(RouteError::BadSegment)?;
                out.push((high << 4) | low);
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).map_err(|_| RouteError::BadSegment)?
    } else {
        s.to_string()
    };
    if decoded == "." || decoded == ".." {
        return Err(RouteError::BadSegment);
    }
    Ok(decoded)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_route() -> Vec<Route> {
        let (c, s) = ("310100", "marriage-registration-appointment");
        vec![
            Route::Home,
            Route::Cities,
            Route::Settings,
            Route::city(c),
            Route::service(c, s),
            Route::apply(c, s, ApplyPage::Start),
            Route::apply(
                c,
                s,
                ApplyPage::Question {
                    key: "applicants".into(),
                },
            ),
            Route::apply(c, s, ApplyPage::Check),
            Route::apply(c, s, ApplyPage::Done),
            Route::apply(c, s, ApplyPage::Discard),
            Route::Gallery { component: None },
            Route::gallery_component("field"),
            Route::lookup(c, "traffic-violation"),
            Route::lookup_result(c, "water-bill", "lk_0123"),
            Route::order("ord_01"),
            Route::MyItems,
            Route::my_item("order", "ord_01"),
            Route::my_item("submission", "20260310-310100-ABCDEFGH12"),
            Route::Identity,
            // Parameters that need encoding.
            Route::service("31 01/00", "服务?#%"),
            Route::lookup_result("31 01", "a/b", "?#"),
            Route::order("a b/c"),
            Route::my_item("or der", "1/2"),
            Route::gallery_component("a.b_c-d"),
        ]
    }

    #[test]
    fn paths_as_written() {
        let (c, s) = ("310100", "traffic-violation");
        let cases = [
            (Route::Home, "/"),
            (Route::Cities, "/cities"),
            (Route::Settings, "/settings"),
            (Route::city(c), "/city/310100"),
            (
                Route::service(c, s),
                "/city/310100/service/traffic-violation",
            ),
            (
                Route::apply(c, s, ApplyPage::Start),
                "/city/310100/service/traffic-violation/apply",
            ),
            (
                Route::apply(c, s, ApplyPage::Question { key: "car".into() }),
                "/city/310100/service/traffic-violation/apply/car",
            ),
            (
                Route::apply(c, s, ApplyPage::Check),
                "/city/310100/service/traffic-violation/apply/check",
            ),
            (
                Route::apply(c, s, ApplyPage::Done),
                "/city/310100/service/traffic-violation/apply/done",
            ),
            (
                Route::apply(c, s, ApplyPage::Discard),
                "/city/310100/service/traffic-violation/apply/discard",
            ),
            (Route::Gallery { component: None }, "/gallery"),
            (Route::gallery_component("field"), "/gallery/field"),
            (
                Route::lookup(c, s),
                "/city/310100/service/traffic-violation/lookup",
            ),
            (
                Route::lookup_result(c, s, "lk1"),
                "/city/310100/service/traffic-violation/lookup/lk1",
            ),
            (Route::order("o1"), "/orders/o1"),
            (Route::MyItems, "/my"),
            (Route::my_item("order", "o1"), "/my/order/o1"),
            (Route::Identity, "/identity"),
        ];
        for (route, path) in cases {
            assert_eq!(route.to_string(), path);
            assert_eq!(route.path(), path);
        }
    }

    #[test]
    fn build_parse_round_trip() {
        for route in every_route() {
            let path = route.to_string();
            assert_eq!(Route::parse(&path), Ok(route.clone()), "{path}");
            assert_eq!(Bundle::of_path(&path), route.bundle(), "{path}");
            // A trailing slash, a query and a fragment change nothing.
            if path != "/" {
                assert_eq!(Route::parse(&format!("{path}/")), Ok(route.clone()));
            }
            assert_eq!(
                Route::parse(&format!("{path}?from=check#top")),
                Ok(route.clone())
            );
        }
    }

    #[test]
    fn parameters_are_percent_encoded() {
        let route = Route::service("31 01/00", "服务?#%");
        assert_eq!(
            route.to_string(),
            "/city/31%2001%2F00/service/%E6%9C%8D%E5%8A%A1%3F%23%25"
        );
        assert_eq!(encode_segment("310100"), "310100");
        assert_eq!(encode_segment("a-b_c.d"), "a-b_c.d");
        assert_eq!(encode_segment("~"), "%7E");
        assert_eq!(decode_segment("%e6%9c%8d"), Ok("服".to_string()));
    }

    #[test]
    fn encoded_slash_stays_in_its_segment() {
        assert_eq!(Route::parse("/city/a%2Fb"), Ok(Route::city("a/b")));
    }

    #[test]
    fn queries() {
        let question = Route::apply(
            "310100",
            "x",
            ApplyPage::Question {
                key: "contact".into(),
            },
        );
        assert_eq!(
            question.with_query(&[(query::FROM, segment::CHECK)]),
            "/city/310100/service/x/apply/contact?from=check"
        );
        assert_eq!(
            Route::Cities.with_query(&[("q", "上 海"), ("a", "1&b=2")]),
            "/cities?q=%E4%B8%8A%20%E6%B5%B7&a=1%26b%3D2"
        );
        assert_eq!(Route::Home.with_query(&[]), "/");
    }

    #[test]
    fn malformed_paths_are_rejected() {
        use RouteError::*;
        let cases = [
            ("", NotAbsolute),
            ("cities", NotAbsolute),
            ("//evil.example/cities", NotAbsolute),
            ("/city//service/x", EmptySegment),
            ("/cities//", EmptySegment),
            ("/city/%ZZ", BadSegment),
            ("/city/31%0", BadSegment),
            ("/city/%FF", BadSegment),
            ("/city/%2E%2E", BadSegment),
            ("/city", Unknown),
            ("/cities/310100", Unknown),
            ("/city/310100/services/x", Unknown),
            ("/city/310100/service", Unknown),
            ("/city/310100/service/x/apply/a/b", Unknown),
            ("/gallery/field/more", Unknown),
            ("/orders", Unknown),
            ("/orders/a/b", Unknown),
            ("/my/order", Unknown),
            ("/my/order/1/x", Unknown),
            ("/identity/x", Unknown),
            ("/city/310100/service/x/lookup/a/b", Unknown),
            ("/Cities", Unknown),
            ("/c%69ties", Unknown),
            ("/api/v1/cities", Unknown),
        ];
        for (path, error) in cases {
            assert_eq!(Route::parse(path), Err(error), "{path:?}");
        }
    }

    #[test]
    fn flow_pages_from_rest() {
        assert_eq!(ApplyPage::from_rest(""), Some(ApplyPage::Start));
        assert_eq!(ApplyPage::from_rest("/"), Some(ApplyPage::Start));
        assert_eq!(ApplyPage::from_rest("check"), Some(ApplyPage::Check));
        assert_eq!(ApplyPage::from_rest("done/"), Some(ApplyPage::Done));
        assert_eq!(ApplyPage::from_rest("discard"), Some(ApplyPage::Discard));
        assert_eq!(
            ApplyPage::from_rest("car"),
            Some(ApplyPage::Question { key: "car".into() })
        );
        assert_eq!(ApplyPage::from_rest("a/b"), None);
        // A question key named like a flow page is shadowed by it.
        let shadowed = Route::apply("1", "x", ApplyPage::Question { key: "done".into() });
        assert_eq!(
            Route::parse(&shadowed.to_string()),
            Ok(Route::apply("1", "x", ApplyPage::Done))
        );
    }

    #[test]
    fn bundles_of_paths() {
        use Bundle::*;
        let cases = [
            ("/", Residents),
            ("/cities", Residents),
            ("/settings", Residents),
            ("/city/310100", Residents),
            ("/city/310100/service/x", Residents),
            ("/city/310100/service/x/apply", Apply),
            ("/city/310100/service/x/apply/", Apply),
            ("/city/310100/service/x/apply/check", Apply),
            ("/city/310100/service/x/apply/a/b/c", Apply),
            ("/city/%ZZ/service/x/apply", Apply),
            ("/city/310100/service/x/applyx", Residents),
            ("/city//service/x/apply", Residents),
            ("/city/310100/service//apply", Residents),
            ("/gallery", Gallery),
            ("/gallery/", Gallery),
            ("/gallery/field", Gallery),
            ("/gallery/field/more", Gallery),
            ("/galleryx", Residents),
            ("gallery", Residents),
            ("x/gallery", Residents),
            ("//gallery", Residents),
            ("/unknown", Residents),
            ("/city/310100/service/x/lookup", Services),
            ("/city/310100/service/x/lookup/lk1", Services),
            ("/city/310100/service/x/lookup/a/b", Services),
            ("/city/310100/service/x/lookupx", Residents),
            ("/city//service/x/lookup", Residents),
            ("/orders", Services),
            ("/orders/o1", Services),
            ("/my", Services),
            ("/my/order/o1", Services),
            ("/identity", Services),
            ("/myx", Residents),
            ("/ordersx", Residents),
            ("/identityx", Residents),
        ];
        for (path, bundle) in cases {
            assert_eq!(Bundle::of_path(path), bundle, "{path:?}");
        }
    }

    #[test]
    fn identity_with_a_next_page() {
        let back = Route::lookup_result("310100", "traffic-violation", "lk1");
        let href = Route::Identity.with_query(&[(query::NEXT, &back.path())]);
        assert_eq!(
            href,
            "/identity?next=%2Fcity%2F310100%2Fservice%2Ftraffic-violation%2Flookup%2Flk1"
        );
        assert_eq!(Route::parse(&href), Ok(Route::Identity));
        assert_eq!(safe_next("/orders/o1"), Some("/orders/o1"));
        assert_eq!(safe_next("/my?x=1"), Some("/my?x=1"));
        for unsafe_next in [
            "//evil.example/my",
            "https://evil.example/",
            "javascript:alert(1)",
            "/\\evil.example",
            "/my\n",
            "",
            "/nowhere",
        ] {
            assert_eq!(safe_next(unsafe_next), None, "{unsafe_next:?}");
        }
    }

    #[test]
    fn city_of_a_route() {
        assert_eq!(Route::Home.city_code(), None);
        assert_eq!(Route::city("310100").city_code(), Some("310100"));
        assert_eq!(
            Route::apply("440300", "x", ApplyPage::Check).city_code(),
            Some("440300")
        );
        assert_eq!(Route::gallery_component("tile").city_code(), None);
        assert_eq!(
            Route::lookup_result("440300", "x", "l").city_code(),
            Some("440300")
        );
        assert_eq!(Route::order("o").city_code(), None);
    }
}
