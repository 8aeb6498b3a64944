//! The visual viewport, for sticky action bars with the on-screen keyboard open.
//!
//! iOS WebKit (and Chromium when the keyboard only resizes the visual viewport) leaves the
//! layout viewport as it was, so a bar at `bottom: 0` ends up under the keyboard. We
//! publish on `<html>` (CSSOM, allowed by our CSP):
//!
//! - `--ch-keyboard-inset`: px of the layout viewport the keyboard (or anything else)
//!   hides at the bottom; `style/host.css` lifts `.ch-action-bar` by it.
//! - `--ch-visual-height`: px of the visual viewport, for full-height layouts; CSS falls
//!   back to `100dvh`, then `100vh`, where this is not set.
//!
//! Nothing changes without `window.visualViewport` (older webviews): the fallbacks apply.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Starts following `visualViewport` resize and scroll events.
pub fn follow() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(viewport) = window.visual_viewport() else {
        return;
    };
    let update = {
        let window = window.clone();
        let viewport = viewport.clone();
        move || {
            let Some(root) = window
                .document()
                .and_then(|d| d.document_element())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            else {
                return;
            };
            let layout = window
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(0.0);
            let visible = viewport.height();
            // Whole pixels, formatted as integers: formatting an f64 would pull Rust's float
            // printing (about 14 KB of wasm) into the app for this one line.
            let inset = (layout - visible - viewport.offset_top()).max(0.0).round() as i32;
            let style = root.style();
            let _ = style.set_property("--ch-keyboard-inset", &format!("{inset}px"));
            let _ = style.set_property(
                "--ch-visual-height",
                &format!("{}px", visible.round() as i32),
            );
        }
    };
    update();
    let listener = Closure::<dyn Fn()>::new(update);
    for event in ["resize", "scroll"] {
        let _ = viewport.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    }
    listener.forget();
}
