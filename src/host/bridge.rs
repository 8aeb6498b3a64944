//! What a host is to the SPA: the [`HostBridge`] trait that each host's file implements,
//! the types of its operations and errors, where the runtime host's bridge is
//! ([`BridgeState`]), and the plumbing every bridge call goes through ([`call_bridge`]).

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;

use citizen_core::api::Channel;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Array, Function, Object, Reflect};

thread_local! {
    /// Where the runtime host's bridge is (plain state, not a signal: nothing renders it).
    static BRIDGE: Cell<BridgeState> = const { Cell::new(BridgeState::Absent) };
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

/// One host: its bridge and what it can do. One implementation per host, in the files
/// beside this one (`alipay.rs`, `iframe.rs`, ...); the [`Host`](super::context::Host)
/// context picks one for the runtime.
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
    /// on every change, answering through
    /// [`large_text::report`](super::large_text::report). Called once, when the bridge is
    /// ready. The default: the host exposes no such signal, nothing is asked.
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

/// Where a host's bridge is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BridgeState {
    /// Waiting for the ready event (at most
    /// [`BRIDGE_TIMEOUT`](super::context::BRIDGE_TIMEOUT)).
    Waiting,
    /// Ready: bridge calls go through.
    Ready,
    /// No bridge (a browser, an iframe, or it never came): browser behaviour.
    Absent,
}

/// The runtime bridge's state now.
pub fn state() -> BridgeState {
    BRIDGE.get()
}

/// Records the runtime bridge's state (by the host context, once at start and on the
/// bridge's ready event or timeout).
pub fn set_state(state: BridgeState) {
    BRIDGE.set(state);
}

/// Whether calls to `imp` can go through now: it has no bridge to wait for, or its bridge
/// is ready.
pub fn is_ready(imp: &dyn HostBridge) -> bool {
    imp.bridge().is_none() || state() == BridgeState::Ready
}

/// `window[global]` when it is an object.
pub fn bridge_object(global: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &global.into())
        .ok()
        .filter(JsValue::is_object)
}

/// Calls `window[global][method](...args)` for `imp`'s bridge.
///
/// Errors: [`HostError::BridgeUnavailable`] when the bridge or the method is missing,
/// [`HostError::Bridge`] when it throws.
pub fn call_bridge(imp: &dyn HostBridge, method: &str, args: &[JsValue]) -> Result<(), HostError> {
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
pub fn object(fields: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object
}

/// A number field of a bridge's answer object (`fontSizeSetting`, `fontScale`).
pub fn number_field(answer: &JsValue, field: &str) -> Option<f64> {
    Reflect::get(answer, &field.into()).ok()?.as_f64()
}
