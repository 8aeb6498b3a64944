//! The partner apps and pages the SPA runs inside: Alipay, WeChat, Weibo, Mobile Taobao,
//! another site's iframe, or a plain browser. The only code that knows they exist
//! (DESIGN.md): pages and components see a [`Host`] in context and CSS attributes on
//! `<html>`, never a user agent or a bridge.
//!
//! At start ([`Host::init`], before the router):
//!
//! 1. [`detect`] the entrance (`?channel=` wins and is kept for the visit in
//!    sessionStorage) and the runtime (frame, user agent, or browser). The entrance is sent
//!    as `X-Channel` on every API call ([`channel`]).
//! 2. Mark `<html>`: `data-channel` (theme tokens in `style/host.css`), `data-runtime`,
//!    and `data-titlebar="host"` where the app draws its own title bar: our NavBar is hidden
//!    there and the page title goes to the app's bar instead.
//! 3. Wait for the app's bridge ready event, at most [`BRIDGE_TIMEOUT`]; until then, or for
//!    good when it never comes, the SPA behaves as in a browser (a late bridge is still
//!    taken). Bridge calls that fail are ignored: the page never depends on them.
//! 4. Back: inside an app with its own title bar the only Back is the app's (and Android's),
//!    which walks the tab's history and closes the web-view at its first entry. A resident
//!    who enters on a deep page (`/city/310100/service/x`, from a partner's tile or a shared
//!    link) gets the city's home beneath it, once, so Back shows the city instead of
//!    leaving. Redirects replace entries (never loop); the iframe never adds entries.
//! 5. Follow the visual viewport for sticky bars above the keyboard ([`viewport`]).
//! 6. Once the bridge is ready, ask the app whether its resident set large text
//!    ([`HostBridge::watch_large_text`]) and pass the answer to [`Host::on_large_text`]'s
//!    listener (elder mode follows it unless the resident chose; see
//!    [`crate::state::prefs`]). Where the app says nothing, nothing changes.
//!
//! [`HostSync`], inside the router, then sends every title change to the app's bar (and to
//! an iframe parent) and every route change to an iframe parent ([`iframe`]).
//!
//! Seams for later: [`Host::auth_code`] (single sign-on: a host auth code our server
//! exchanges) and [`Host::pay`] (hand a trade our server created to the host's cashier)
//! answer [`HostError::NotSupportedYet`] today. No payment is built here.

mod alipay;
mod browser;
pub mod detect;
mod iframe;
mod taobao;
mod viewport;
mod wechat;
mod weibo;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub use citizen_core::api::Channel;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Array, Function, Object, Reflect};

pub use detect::Env;

use crate::state::storage;

/// How long to wait for a bridge's ready event before behaving as a browser.
pub const BRIDGE_TIMEOUT: Duration = Duration::from_millis(3000);

/// sessionStorage key of the entrance given by `?channel=` (kept for the visit).
const CHANNEL_KEY: &str = "ch.channel";

/// Title changes closer together than this reach the host's bar once, as the last one (a
/// page's loading title, then its real one as its data arrives).
const TITLE_SETTLE: Duration = Duration::from_millis(120);

thread_local! {
    /// The entrance for [`channel`]; set once by [`Host::init`].
    static CHANNEL: Cell<Channel> = const { Cell::new(Channel::Browser) };
    /// The last title the host's bar accepted.
    static LAST_TITLE: RefCell<String> = const { RefCell::new(String::new()) };
    /// Counts title changes, so only the last of a quick series is sent.
    static TITLE_CHANGES: Cell<u32> = const { Cell::new(0) };
    /// Where the runtime host's bridge is (plain state, not a signal: nothing renders it).
    static BRIDGE: Cell<BridgeState> = const { Cell::new(BridgeState::Absent) };
    /// The host's last large-text answer, for a listener that registers after it came.
    static LARGE_TEXT: Cell<Option<bool>> = const { Cell::new(None) };
    /// Who hears the host's large-text answers ([`Host::on_large_text`]).
    static LARGE_TEXT_LISTENER: RefCell<Option<LargeTextListener>> = const { RefCell::new(None) };
    /// Whether the bridge was already asked about large text (once per page).
    static LARGE_TEXT_ASKED: Cell<bool> = const { Cell::new(false) };
}

/// What [`Host::on_large_text`] is given: called with the host's large-text answers.
type LargeTextListener = Box<dyn Fn(bool)>;

/// Text at least this large (CSS px) in the host counts as large text: the body size of
/// our elder mode (`--ch-font-size: 1.25rem`, 20 px), so elder mode turns on when the host
/// already shows text at that size or larger.
pub const LARGE_TEXT_PX: f64 = 20.0;

/// Whether a host's font size setting in CSS px ([`LARGE_TEXT_PX`]) counts as large text.
pub fn is_large_text_px(px: f64) -> bool {
    px.is_finite() && px >= LARGE_TEXT_PX
}

/// Whether a host's text scale in per cent of its standard size (100) counts as large
/// text: 125 % of a 16 px standard is [`LARGE_TEXT_PX`].
pub fn is_large_text_percent(percent: f64) -> bool {
    percent.is_finite() && percent >= LARGE_TEXT_PX / 16.0 * 100.0
}

/// Called by a bridge with the host's answer: remembers it and tells the listener.
fn report_large_text(large: bool) {
    LARGE_TEXT.set(Some(large));
    LARGE_TEXT_LISTENER.with_borrow(|listener| {
        if let Some(listener) = listener {
            listener(large);
        }
    });
}

/// Asks the runtime host about large text, once, when its bridge is ready.
fn ask_large_text(host: Host) {
    if LARGE_TEXT_ASKED.replace(true) {
        return;
    }
    implementation(host.env.runtime).watch_large_text();
}

/// A number field of a bridge's answer object (`fontSizeSetting`, `fontScale`).
fn number_field(answer: &JsValue, field: &str) -> Option<f64> {
    Reflect::get(answer, &field.into()).ok()?.as_f64()
}

/// The entrance of this visit, for the `X-Channel` header of every API call
/// ([`citizen_core::api::CHANNEL_HEADER`]). [`Channel::Browser`] before [`Host::init`].
pub fn channel() -> Channel {
    CHANNEL.get()
}

/// Something only a host can do, for [`HostError::NotSupportedYet`].
#[allow(
    dead_code,
    reason = "seam for single sign-on and the cashier: used once they are built"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Single sign-on: an auth code from the host, exchanged by our server.
    SingleSignOn,
    /// Paying at the host's cashier.
    Cashier,
}

impl Capability {
    /// The capability as residents say it.
    #[allow(
        dead_code,
        reason = "seam for single sign-on and the cashier: used once they are built"
    )]
    pub fn label_zh(self) -> &'static str {
        match self {
            Capability::SingleSignOn => "账号登录",
            Capability::Cashier => "在线支付",
        }
    }
}

/// Why a host feature did not work. Residents may read the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostError {
    /// Not built yet for this host (or the host has no such feature).
    #[allow(
        dead_code,
        reason = "seam for single sign-on and the cashier: used once they are built"
    )]
    #[error("当前入口暂不支持{}", .capability.label_zh())]
    NotSupportedYet {
        /// The runtime host asked.
        host: Channel,
        /// What was asked for.
        capability: Capability,
    },
    /// The host's bridge is missing or not ready (timed out, or not inside the app).
    #[error("请在 App 内打开后重试")]
    BridgeUnavailable {
        /// The runtime host whose bridge is missing.
        host: Channel,
    },
    /// The bridge threw.
    #[error("App 暂时无法完成操作，请稍后重试")]
    Bridge {
        /// The runtime host.
        host: Channel,
        /// What the bridge said, for the console (never personal data: we pass none).
        message: String,
    },
}

/// A host operation that completes later.
#[allow(
    dead_code,
    reason = "seam for single sign-on and the cashier: used once they are built"
)]
pub type HostFuture<T> = Pin<Box<dyn Future<Output = Result<T, HostError>>>>;

/// What single sign-on will ask the host for.
#[allow(
    dead_code,
    reason = "seam for single sign-on and the cashier: used once they are built"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthRequest {
    /// The host's scope names (Alipay `auth_base`, WeChat `snsapi_base`).
    pub scopes: Vec<String>,
}

/// A one-time, short-lived code from the host, for our server to exchange for the
/// resident's identity. Never logged, never put in a URL of ours.
#[allow(
    dead_code,
    reason = "seam for single sign-on and the cashier: used once they are built"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthCode {
    /// The host that issued it.
    pub host: Channel,
    /// The code.
    pub code: String,
}

/// A payment to hand to the host's cashier. Created and signed by our server; the SPA
/// only passes it on.
#[allow(
    dead_code,
    reason = "seam for single sign-on and the cashier: used once they are built"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashierOrder {
    /// The host's trade number from our server.
    pub trade_no: String,
    /// The amount in 分 (integer), for display and checking.
    pub amount_fen: i64,
}

/// How a cashier hand-over ended, as the host reports it; our server has the final word.
#[allow(
    dead_code,
    reason = "seam for single sign-on and the cashier: used once they are built"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CashierOutcome {
    /// The host says it is paid.
    Paid,
    /// The resident left the cashier.
    Cancelled,
    /// Not known yet: ask our server.
    Pending,
}

/// One host: its bridge and what it can do. One implementation per host, in this module's
/// files; [`Host`] picks one for the runtime.
pub trait HostBridge: Sync {
    /// The host this implements.
    fn channel(&self) -> Channel;

    /// The bridge's global object and the `document` event announcing it, when the host
    /// has a bridge (`("AlipayJSBridge", "AlipayJSBridgeReady")`).
    fn bridge(&self) -> Option<(&'static str, &'static str)> {
        None
    }

    /// Whether the host draws a title bar of its own (then our NavBar is hidden).
    fn draws_title_bar(&self) -> bool {
        false
    }

    /// Shows `title` in the host's title bar. Called once the bridge is ready.
    ///
    /// Errors: [`HostError::BridgeUnavailable`], [`HostError::Bridge`].
    fn set_title(&self, title: &str) -> Result<(), HostError>;

    /// Asks the host whether its resident set large text, now and (where the host tells)
    /// on every change, answering through `report_large_text`. Called once, when the
    /// bridge is ready. The default: the host exposes no such signal, nothing is asked.
    fn watch_large_text(&self) {}

    /// Seam for single sign-on: asks the host for an auth code.
    ///
    /// Errors: [`HostError::NotSupportedYet`] until it is built.
    #[allow(
        dead_code,
        reason = "seam for single sign-on and the cashier: used once they are built"
    )]
    fn auth_code(&self, _request: &AuthRequest) -> HostFuture<AuthCode> {
        not_yet(self.channel(), Capability::SingleSignOn)
    }

    /// Seam for payments: hands `order` to the host's cashier.
    ///
    /// Errors: [`HostError::NotSupportedYet`] until it is built.
    #[allow(
        dead_code,
        reason = "seam for single sign-on and the cashier: used once they are built"
    )]
    fn pay(&self, _order: &CashierOrder) -> HostFuture<CashierOutcome> {
        not_yet(self.channel(), Capability::Cashier)
    }
}

#[allow(dead_code, reason = "used by the seams' default answers")]
fn not_yet<T: 'static>(host: Channel, capability: Capability) -> HostFuture<T> {
    Box::pin(std::future::ready(Err(HostError::NotSupportedYet {
        host,
        capability,
    })))
}

/// The implementation for a runtime.
fn implementation(runtime: Channel) -> &'static dyn HostBridge {
    match runtime {
        Channel::Alipay => &alipay::Alipay,
        Channel::Wechat => &wechat::Wechat,
        Channel::Weibo => &weibo::Weibo,
        Channel::Taobao => &taobao::Taobao,
        Channel::Iframe => &iframe::Iframe,
        Channel::Browser => &browser::Browser,
    }
}

/// Where a host's bridge is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BridgeState {
    /// Waiting for the ready event (at most [`BRIDGE_TIMEOUT`]).
    Waiting,
    /// Ready: bridge calls go through.
    Ready,
    /// No bridge (a browser, an iframe, or it never came): browser behaviour.
    Absent,
}

/// The host the SPA runs in, shared through context (see the module documentation).
#[derive(Debug, Clone, Copy)]
pub struct Host {
    env: Env,
}

impl Host {
    /// Detects the host, marks `<html>`, starts waiting for the bridge and prepares
    /// history. Call once, before the router.
    pub fn init() -> Host {
        let window = web_sys::window();
        let user_agent = window
            .as_ref()
            .and_then(|w| w.navigator().user_agent().ok())
            .unwrap_or_default();
        let search = window
            .as_ref()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        let framed = window.as_ref().is_some_and(is_framed);
        let stored = storage::session_get(CHANNEL_KEY);
        let env = detect::resolve(&user_agent, &search, stored.as_deref(), framed);
        if detect::channel_param(&search).is_some() {
            storage::session_set(CHANNEL_KEY, env.channel.as_str());
        }
        CHANNEL.set(env.channel);

        let imp = implementation(env.runtime);
        mark_document(env, imp.draws_title_bar());
        let host = Host { env };
        BRIDGE.set(match imp.bridge() {
            Some((global, _)) if bridge_object(global).is_some() => BridgeState::Ready,
            Some(_) => BridgeState::Waiting,
            None => BridgeState::Absent,
        });
        if let (Some((_, event)), BridgeState::Waiting) = (imp.bridge(), BRIDGE.get()) {
            wait_for_bridge(event, host);
        } else if BRIDGE.get() == BridgeState::Ready {
            ask_large_text(host);
        }
        if env.runtime == Channel::Iframe {
            iframe::guard_history();
        } else if imp.draws_title_bar() {
            keep_a_way_back();
        }
        viewport::follow();
        watch_title(host);
        host
    }

    /// A browser host without side effects, for trees rendered without [`Host::init`]
    /// (the gallery, component tests).
    pub fn plain() -> Host {
        Host {
            env: Env {
                channel: Channel::Browser,
                runtime: Channel::Browser,
                mini_program: false,
            },
        }
    }

    /// Calls `listener` with the host's large-text signal (true: the resident set large
    /// text in the app), with the answer already given if any, then on every later one.
    /// One listener: a second call replaces the first.
    pub fn on_large_text(&self, listener: impl Fn(bool) + 'static) {
        if let Some(large) = LARGE_TEXT.get() {
            listener(large);
        }
        LARGE_TEXT_LISTENER.set(Some(Box::new(listener)));
    }

    /// The entrance and runtime.
    #[allow(
        dead_code,
        reason = "for pages that adapt to the host; none needs it yet"
    )]
    pub fn env(&self) -> Env {
        self.env
    }

    /// Whether the host draws its own title bar (our NavBar is hidden by CSS then).
    #[allow(
        dead_code,
        reason = "for pages that adapt to the host; none needs it yet"
    )]
    pub fn draws_title_bar(&self) -> bool {
        implementation(self.env.runtime).draws_title_bar()
    }

    /// The bridge's state now (not tracked).
    #[allow(
        dead_code,
        reason = "for pages that adapt to the host; none needs it yet"
    )]
    pub fn bridge_state(&self) -> BridgeState {
        BRIDGE.get()
    }

    fn ready(&self) -> bool {
        let imp = implementation(self.env.runtime);
        imp.bridge().is_none() || BRIDGE.get() == BridgeState::Ready
    }

    /// Single sign-on through the host (see [`HostBridge::auth_code`]).
    ///
    /// Errors: [`HostError::BridgeUnavailable`] while the bridge is not ready, else the
    /// host's answer ([`HostError::NotSupportedYet`] today).
    #[allow(
        dead_code,
        reason = "seam for single sign-on and the cashier: used once they are built"
    )]
    pub fn auth_code(&self, request: &AuthRequest) -> HostFuture<AuthCode> {
        let imp = implementation(self.env.runtime);
        if imp.bridge().is_some() && !self.ready() {
            let host = self.env.runtime;
            return Box::pin(std::future::ready(Err(HostError::BridgeUnavailable {
                host,
            })));
        }
        imp.auth_code(request)
    }

    /// Hands a payment to the host's cashier (see [`HostBridge::pay`]).
    ///
    /// Errors: as [`Host::auth_code`].
    #[allow(
        dead_code,
        reason = "seam for single sign-on and the cashier: used once they are built"
    )]
    pub fn pay(&self, order: &CashierOrder) -> HostFuture<CashierOutcome> {
        let imp = implementation(self.env.runtime);
        if imp.bridge().is_some() && !self.ready() {
            let host = self.env.runtime;
            return Box::pin(std::future::ready(Err(HostError::BridgeUnavailable {
                host,
            })));
        }
        imp.pay(order)
    }
}

/// The [`Host`] from context, or [`Host::plain`] outside the app.
pub fn use_host() -> Host {
    use_context::<Host>().unwrap_or_else(Host::plain)
}

/// Connects an iframe parent to the router (its `navigate` requests). Renders nothing;
/// place it inside `<Router>`. Titles and routes need no router: they are followed on
/// `<head>` and on `history` ([`iframe`]).
#[component]
pub fn HostSync() -> impl IntoView {
    if use_host().env.runtime == Channel::Iframe {
        iframe::start(use_navigate());
    }
}

fn is_framed(window: &web_sys::Window) -> bool {
    match window.parent() {
        Ok(Some(parent)) => !Object::is(&parent, window),
        Ok(None) => false,
        // A parent we may not even look at: certainly framed.
        Err(_) => true,
    }
}

fn mark_document(env: Env, titlebar: bool) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = root.set_attribute("data-channel", env.channel.as_str());
    let _ = root.set_attribute("data-runtime", env.runtime.as_str());
    let _ = if titlebar {
        root.set_attribute("data-titlebar", "host")
    } else {
        root.remove_attribute("data-titlebar")
    };
}

/// `window[global]` when it is an object.
fn bridge_object(global: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &global.into())
        .ok()
        .filter(JsValue::is_object)
}

/// Marks the bridge ready on its `document` event (and sends it the current title), or
/// absent after [`BRIDGE_TIMEOUT`].
fn wait_for_bridge(event: &str, host: Host) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        BRIDGE.set(BridgeState::Absent);
        return;
    };
    let on_ready = Closure::<dyn Fn()>::new(move || {
        BRIDGE.set(BridgeState::Ready);
        title_changed(host);
        ask_large_text(host);
    });
    if document
        .add_event_listener_with_callback(event, on_ready.as_ref().unchecked_ref())
        .is_ok()
    {
        on_ready.forget();
    }
    set_timeout(
        move || {
            if BRIDGE.get() == BridgeState::Waiting {
                BRIDGE.set(BridgeState::Absent);
            }
        },
        BRIDGE_TIMEOUT,
    );
}

/// Calls `window[global][method](...args)` for `imp`'s bridge.
///
/// Errors: [`HostError::BridgeUnavailable`] when the bridge or the method is missing,
/// [`HostError::Bridge`] when it throws.
fn call_bridge(imp: &dyn HostBridge, method: &str, args: &[JsValue]) -> Result<(), HostError> {
    let host = imp.channel();
    let unavailable = HostError::BridgeUnavailable { host };
    let (global, _) = imp.bridge().ok_or(unavailable.clone())?;
    let bridge = bridge_object(global).ok_or(unavailable.clone())?;
    let function = Reflect::get(&bridge, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or(unavailable)?;
    let args: Array = args.iter().collect();
    function
        .apply(&bridge, &args)
        .map(|_| ())
        .map_err(|e| HostError::Bridge {
            host,
            message: e.as_string().unwrap_or_else(|| format!("{e:?}")),
        })
}

/// A plain object with string fields, for bridge parameters.
fn object(fields: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object
}

/// Watches `<head>` for title changes (leptos_meta's `<Title>`, on every route and when a
/// page's data arrives) and passes each on.
fn watch_title(host: Host) {
    let Some(head) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.head())
    else {
        return;
    };
    let on_change = Closure::<dyn Fn()>::new(move || title_changed(host));
    if let Ok(observer) = web_sys::MutationObserver::new(on_change.as_ref().unchecked_ref()) {
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        options.set_character_data(true);
        if observer.observe_with_options(&head, &options).is_ok() {
            on_change.forget();
        }
    }
    title_changed(host);
}

/// Sends the title once it has not changed for [`TITLE_SETTLE`].
fn title_changed(host: Host) {
    let change = TITLE_CHANGES.get().wrapping_add(1);
    TITLE_CHANGES.set(change);
    set_timeout(
        move || {
            if TITLE_CHANGES.get() == change {
                sync_title(host);
            }
        },
        TITLE_SETTLE,
    );
}

/// Sends the page part of `document.title` to the host, when it changed and the host can
/// take it.
fn sync_title(host: Host) {
    if !host.ready() {
        return;
    }
    let Some(title) = web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.title())
    else {
        return;
    };
    let title = page_title(&title);
    if LAST_TITLE.with_borrow(|last| last == title) {
        return;
    }
    match implementation(host.env.runtime).set_title(title) {
        Ok(()) => LAST_TITLE.set(title.to_string()),
        Err(HostError::Bridge { message, .. }) => {
            web_sys::console::warn_2(
                &"citizen-home: the host's setTitle threw".into(),
                &message.into(),
            );
        }
        Err(_) => {}
    }
}

/// The page's own part of a document title: `结婚登记预约 - 上海市 - 市民之家` →
/// `结婚登记预约` (a title bar is narrow; the app name is in the host already).
fn page_title(title: &str) -> &str {
    let first = title.split(" - ").next().unwrap_or(title).trim();
    if first.is_empty() {
        "市民之家"
    } else {
        first
    }
}

/// Inside an app with its own title bar, entered on a deep page: put the city's home
/// beneath it, so the app's Back shows the city instead of closing the web-view. Only on
/// the first entry of the tab (history length 1), so a reload never adds another.
fn keep_a_way_back() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Ok(history), location) = (window.history(), window.location()) else {
        return;
    };
    if history.length() != Ok(1) {
        return;
    }
    let Ok(path) = location.pathname() else {
        return;
    };
    let Some(parent) = parent_route(&path) else {
        return;
    };
    let here = format!(
        "{path}{}{}",
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default()
    );
    if history
        .replace_state_with_url(&JsValue::NULL, "", Some(&parent))
        .is_ok()
    {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&here));
    }
}

/// The city home above a page of that city: `/city/310100/service/x[/…]` → `/city/310100`.
fn parent_route(path: &str) -> Option<String> {
    let mut parts = path.trim_matches('/').split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("city"), Some(code), Some(_)) if !code.is_empty() => Some(format!("/city/{code}")),
        _ => None,
    }
}
