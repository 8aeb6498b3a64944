//! The host's large-text signal: whether the resident set large text in the partner app.
//! A bridge asks its app once the bridge is ready ([`ask`]) and answers through
//! [`report`]; [`listen`] hands the answers to the one listener (elder mode follows them
//! unless the resident chose, see [`crate::state::prefs`]). Where the app says nothing,
//! nothing changes.

use std::cell::{Cell, RefCell};

use super::bridge::HostBridge;

/// Text at least this large (CSS px) in the host counts as large text: the body size of
/// our elder mode (`--ch-font-size: 1.25rem`, 20 px), so elder mode turns on when the host
/// already shows text at that size or larger.
pub const LARGE_TEXT_PX: f64 = 20.0;

thread_local! {
    /// The host's last large-text answer, for a listener that registers after it came.
    static LARGE_TEXT: Cell<Option<bool>> = const { Cell::new(None) };
    /// Who hears the host's large-text answers ([`listen`]).
    static LISTENER: RefCell<Option<Listener>> = const { RefCell::new(None) };
    /// Whether the bridge was already asked about large text (once per page).
    static ASKED: Cell<bool> = const { Cell::new(false) };
}

/// What [`listen`] is given: called with the host's large-text answers.
type Listener = Box<dyn Fn(bool)>;

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
pub fn report(large: bool) {
    LARGE_TEXT.set(Some(large));
    LISTENER.with_borrow(|listener| {
        if let Some(listener) = listener {
            listener(large);
        }
    });
}

/// Asks the runtime host `imp` about large text, once per page, when its bridge is ready.
pub fn ask(imp: &dyn HostBridge) {
    if ASKED.replace(true) {
        return;
    }
    imp.watch_large_text();
}

/// Calls `listener` with the answer already given if any, then with every later one. One
/// listener: a second call replaces the first.
pub fn listen(listener: impl Fn(bool) + 'static) {
    if let Some(large) = LARGE_TEXT.get() {
        listener(large);
    }
    LISTENER.set(Some(Box::new(listener)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_text_thresholds() {
        assert!(is_large_text_px(20.0));
        assert!(is_large_text_px(24.0));
        assert!(!is_large_text_px(17.0));
        assert!(!is_large_text_px(f64::NAN));
        assert!(!is_large_text_px(f64::INFINITY));
        assert!(is_large_text_percent(125.0));
        assert!(is_large_text_percent(150.0));
        assert!(!is_large_text_percent(100.0));
        assert!(!is_large_text_percent(f64::NAN));
    }

    #[test]
    fn a_late_listener_hears_the_last_answer() {
        report(true);
        let heard = std::rc::Rc::new(Cell::new(None));
        let h = heard.clone();
        listen(move |large| h.set(Some(large)));
        assert_eq!(heard.get(), Some(true));
        report(false);
        assert_eq!(heard.get(), Some(false));
    }
}
