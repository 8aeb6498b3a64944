//! The double-tap guard of the flow: the second tap of a double tap on 继续 (or 提交申请)
//! must not act on the page that the first tap opened (the button is at the same place on
//! every page).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// How long after a 继续 a submit on the page it opened counts as the second tap of a double
/// tap (the button is at the same place on every page), in ms. Phones tell a double tap from
/// two taps within about 300 ms; GOV.UK's prevent-double-click waits 1 s.
pub(super) const DOUBLE_TAP_MS: f64 = 500.0;

/// How far from the spot 继续 was tapped at a tap still counts as the same thumb, in CSS px.
const TAP_SLOP_PX: f64 = 40.0;

/// Clicks seen by [`guard_second_taps`]: the last one (`Date.now()` ms, x, y), and the spot
/// of a 继续 that moved on with the time until which a tap there is swallowed.
#[derive(Debug, Clone, Copy, Default)]
struct Taps {
    last: Option<(f64, f64, f64)>,
    armed: Option<(f64, f64, f64)>,
}

thread_local! {
    static TAPS: std::cell::Cell<Taps> = std::cell::Cell::new(Taps::default());
    static TAP_GUARD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Arms [`guard_second_taps`] at the spot of the tap that just sent a submit (when a tap
/// sent it, in the last 100 ms), for [`DOUBLE_TAP_MS`] from `now` (`Date.now()`).
pub(crate) fn arm_tap_guard(now: f64) {
    TAPS.with(|t| {
        let mut taps = t.get();
        if let Some((_, x, y)) = taps.last.filter(|(at, _, _)| now - at < 100.0) {
            taps.armed = Some((now + DOUBLE_TAP_MS, x, y));
            t.set(taps);
        }
    });
}

/// After a tap on 提交申请: its double tap's second tap must not land on the confirmation
/// that replaces 核对信息 (its 返回城市首页 would hide the 受理编号).
pub(super) fn guard_submit_tap() {
    arm_tap_guard(web_sys::js_sys::Date::now());
}

/// Installs, once, a capture-phase click listener that swallows the second tap of a double
/// tap on 继续 wherever it lands on the page 继续 opened: within [`DOUBLE_TAP_MS`] and
/// [`TAP_SLOP_PX`] of the first, it never reaches the page, so it cannot tick a declaration,
/// choose a radio or follow a 修改 link that happens to sit where 继续 was (submit buttons
/// are also guarded by [`Flow::second_tap`](super::flow::Flow::second_tap)).
pub(crate) fn guard_second_taps() {
    if TAP_GUARD.with(|g| g.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let at = |name: &str| {
            web_sys::js_sys::Reflect::get(&ev, &name.into())
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0)
        };
        let (x, y, now) = (at("clientX"), at("clientY"), web_sys::js_sys::Date::now());
        let second = TAPS.with(|t| {
            let mut taps = t.get();
            let second = taps
                .armed
                .is_some_and(|(until, ax, ay)| now < until && (x - ax).hypot(y - ay) < TAP_SLOP_PX);
            if !second {
                taps.last = Some((now, x, y));
                t.set(taps);
            }
            second
        });
        if second {
            ev.prevent_default();
            ev.stop_propagation();
        }
    });
    let _ = window.add_event_listener_with_callback_and_bool(
        "click",
        listener.as_ref().unchecked_ref(),
        true,
    );
    // One listener for the page's lifetime.
    listener.forget();
}
