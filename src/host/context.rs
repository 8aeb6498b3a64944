//! The [`Host`] in context: detects the host at start ([`Host::init`], before the router),
//! marks `<html>`, waits for the bridge, prepares history and follows titles and the
//! viewport; [`HostSync`], inside the router, connects an iframe parent.

use std::time::Duration;

use citizen_core::api::Channel;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::js_sys::Object;

use super::bridge::{
    self, AuthCode, AuthRequest, BridgeState, CashierOrder, CashierOutcome, HostBridge, HostError,
    HostFuture,
};
use super::detect::{self, Env};
use super::{alipay, browser, history, iframe, large_text};
use super::{taobao, titles, viewport, wechat, weibo};
use crate::state::storage;

/// How long to wait for a bridge's ready event before behaving as a browser.
pub const BRIDGE_TIMEOUT: Duration = Duration::from_millis(3000);

/// sessionStorage key of the entrance given by `?channel=` (kept for the visit).
const CHANNEL_KEY: &str = "ch.channel";

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

/// The host the SPA runs in, shared through context (see the module documentation of
/// [`crate::host`]).
#[derive(Debug, Clone, Copy)]
pub struct Host {
    env: Env,
}

impl Host {
    /// Detects the host, marks `<html>`, gives the API client the entrance for `X-Channel`
    /// ([`crate::api::set_channel`]), starts waiting for the bridge and prepares history.
    /// Call once, before the router.
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
        crate::api::set_channel(env.channel);

        let imp = implementation(env.runtime);
        mark_document(env, imp.draws_title_bar());
        let host = Host { env };
        bridge::set_state(match imp.bridge() {
            Some((global, _)) if bridge::bridge_object(global).is_some() => BridgeState::Ready,
            Some(_) => BridgeState::Waiting,
            None => BridgeState::Absent,
        });
        if let (Some((_, event)), BridgeState::Waiting) = (imp.bridge(), bridge::state()) {
            wait_for_bridge(event, imp);
        } else if bridge::state() == BridgeState::Ready {
            large_text::ask(imp);
        }
        if env.runtime == Channel::Iframe {
            iframe::guard_history();
        } else if imp.draws_title_bar() {
            history::keep_a_way_back();
        }
        viewport::follow();
        titles::watch(imp);
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
        large_text::listen(listener);
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
        bridge::state()
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
        if !bridge::is_ready(imp) {
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
        if !bridge::is_ready(imp) {
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
/// `<head>` and on `history` (`iframe.rs`).
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

/// `data-channel` (theme tokens in `style/host.css`), `data-runtime`, and
/// `data-titlebar="host"` where the app draws its own title bar, on `<html>`.
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

/// Marks the bridge ready on its `document` event (and sends it the current title), or
/// absent after [`BRIDGE_TIMEOUT`].
fn wait_for_bridge(event: &str, imp: &'static dyn HostBridge) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        bridge::set_state(BridgeState::Absent);
        return;
    };
    let on_ready = Closure::<dyn Fn()>::new(move || {
        bridge::set_state(BridgeState::Ready);
        titles::changed(imp);
        large_text::ask(imp);
    });
    if document
        .add_event_listener_with_callback(event, on_ready.as_ref().unchecked_ref())
        .is_ok()
    {
        on_ready.forget();
    }
    set_timeout(
        move || {
            if bridge::state() == BridgeState::Waiting {
                bridge::set_state(BridgeState::Absent);
            }
        },
        BRIDGE_TIMEOUT,
    );
}
