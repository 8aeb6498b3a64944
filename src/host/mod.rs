//! The partner apps and pages the SPA runs inside: Alipay, WeChat, Weibo, Mobile Taobao,
//! another site's iframe, or a plain browser. The only code that knows they exist
//! (DESIGN.md): pages and components see a [`Host`] in context and CSS attributes on
//! `<html>`, never a user agent or a bridge.
//!
//! At start ([`Host::init`], before the router):
//!
//! 1. [`detect`] the entrance (`?channel=` wins and is kept for the visit in
//!    sessionStorage) and the runtime (frame, user agent, or browser). The entrance is
//!    handed to the API client, which sends it as `X-Channel` on every call
//!    ([`crate::api::set_channel`]).
//! 2. Mark `<html>`: `data-channel` (theme tokens in `style/host.css`), `data-runtime`,
//!    and `data-titlebar="host"` where the app draws its own title bar: our NavBar is hidden
//!    there and the page title goes to the app's bar instead.
//! 3. Wait for the app's bridge ready event, at most [`context::BRIDGE_TIMEOUT`]; until
//!    then, or for good when it never comes, the SPA behaves as in a browser (a late
//!    bridge is still taken). Bridge calls that fail are ignored: the page never depends on them.
//! 4. Back: inside an app with its own title bar the only Back is the app's (and Android's),
//!    which walks the tab's history and closes the web-view at its first entry. A resident
//!    who enters on a deep page (`/city/310100/service/x`, from a partner's tile or a shared
//!    link) gets the city's home beneath it, once, so Back shows the city instead of
//!    leaving ([`history`]). Redirects replace entries (never loop); the iframe never adds
//!    entries.
//! 5. Follow the visual viewport for sticky bars above the keyboard ([`viewport`]).
//! 6. Once the bridge is ready, ask the app whether its resident set large text
//!    ([`bridge::HostBridge::watch_large_text`], [`large_text`]) and pass the answer to
//!    [`Host::on_large_text`]'s listener (elder mode follows it unless the resident chose; see
//!    [`crate::state::prefs`]). Where the app says nothing, nothing changes.
//!
//! Titles go to the app's bar (and to an iframe parent) on every change ([`titles`]);
//! [`HostSync`], inside the router, connects an iframe parent, which hears every route
//! change and may ask for a navigation (`iframe.rs`).
//!
//! Seams for later: [`Host::auth_code`] (single sign-on: a host auth code our server
//! exchanges) and [`Host::pay`] (hand a trade our server created to the host's cashier)
//! answer [`bridge::HostError::NotSupportedYet`] today. No payment is built here.
//!
//! The files, by job (this file only declares and re-exports them):
//!
//! | file | job |
//! |---|---|
//! | [`detect`] | which host: pure rules over the user agent, `?channel=` and the frame |
//! | [`bridge`] | the [`bridge::HostBridge`] trait, its types and errors, the bridge's state and calls |
//! | `alipay.rs`, `wechat.rs`, `weibo.rs`, `taobao.rs`, `iframe.rs`, `browser.rs` | one `HostBridge` per host |
//! | [`titles`] | the page title for the host's bar |
//! | [`large_text`] | the host's large-text signal |
//! | [`viewport`] | the visual viewport above the keyboard |
//! | [`history`] | Back: the city home beneath a deep entry page |
//! | [`context`] | the [`Host`] context: start-up, [`context::use_host`], [`HostSync`] |

mod alipay;
pub mod bridge;
mod browser;
pub mod context;
pub mod detect;
pub mod history;
mod iframe;
pub mod large_text;
mod taobao;
pub mod titles;
pub mod viewport;
mod wechat;
mod weibo;

pub use context::{Host, HostSync};
