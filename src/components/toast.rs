//! Toast (antd-mobile vocabulary): a short message about what just happened (已保存,
//! 已复制受理编号), shown over the bottom of the page without taking focus.
//!
//! - Announced through live regions that are in the page before the message arrives:
//!   information and success in `role="status"` (polite), errors in `role="alert"`.
//! - Never moves focus; the close button is reachable with Tab like any other control.
//! - Information and success close themselves after `duration_ms`; the timer stops while
//!   the pointer is over the toast or focus is in it and starts again when it leaves
//!   (WCAG 2.2.1). Errors stay until closed: a resident must not miss them.
//! - It slides in only when the device allows motion (`prefers-reduced-motion`) and
//!   outside 长辈版; it leaves at once, without animation.

use std::time::Duration;

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// How long an information or success toast stays, in milliseconds.
pub const TOAST_MS: u32 = 4000;

/// What kind of message a toast carries: its icon, colour and live region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    /// Neutral information (正在为你保存).
    Info,
    /// Something worked (已保存).
    Success,
    /// Something failed (保存失败，请重试); stays until closed, announced assertively.
    Error,
}

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToastMessage {
    /// Information, success or error.
    pub kind: ToastKind,
    /// One short sentence, already in the current language.
    pub text: String,
}

/// The toast and its two live regions. The owner shows a message by setting `message` and
/// hides it by setting `None` when `on_dismiss` is called (close button or time up).
#[component]
pub fn Toast(
    /// The message to show, `None` for none.
    #[prop(into)]
    message: Signal<Option<ToastMessage>>,
    /// Called when the resident closes the toast or its time is up.
    on_dismiss: Callback<()>,
    /// Milliseconds an information or success toast stays ([`TOAST_MS`] by default);
    /// `0` keeps it until closed. Errors always stay until closed.
    #[prop(default = TOAST_MS)]
    duration_ms: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let stop = move || {
        if let Some(handle) = timer.get_value() {
            handle.clear();
            timer.set_value(None);
        }
    };
    let start = move || {
        stop();
        let expires =
            message.with_untracked(|m| m.as_ref().is_some_and(|m| m.kind != ToastKind::Error));
        if expires && duration_ms > 0 {
            let done = move || {
                timer.set_value(None);
                on_dismiss.run(());
            };
            if let Ok(handle) =
                set_timeout_with_handle(done, Duration::from_millis(duration_ms.into()))
            {
                timer.set_value(Some(handle));
            }
        }
    };
    Effect::new(move |_| {
        message.track();
        start();
    });
    on_cleanup(stop);
    let body = move |alert: bool| {
        move || {
            message
                .get()
                .filter(|m| (m.kind == ToastKind::Error) == alert)
                .map(|m| {
                    let (modifier, icon) = match m.kind {
                        ToastKind::Info => ("info", "i"),
                        ToastKind::Success => ("success", "✓"),
                        ToastKind::Error => ("error", "!"),
                    };
                    let prefix = move || match m.kind {
                        ToastKind::Info => "",
                        ToastKind::Success => t_string!(i18n, toast.success),
                        ToastKind::Error => t_string!(i18n, toast.error),
                    };
                    view! {
                        <div
                            class=format!("ch-toast ch-toast--{modifier}")
                            on:pointerenter=move |_| stop()
                            on:pointerleave=move |_| start()
                            on:focusin=move |_| stop()
                            on:focusout=move |_| start()
                        >
                            <span class="ch-toast__icon" aria-hidden="true">{icon}</span>
                            <p class="ch-toast__text">
                                <span class="ch-visually-hidden">{prefix}</span>
                                {m.text}
                            </p>
                            <button
                                type="button"
                                class="ch-toast__close"
                                aria-label=move || t_string!(i18n, toast.close)
                                on:click=move |_| {
                                    stop();
                                    on_dismiss.run(());
                                }
                            >
                                <span aria-hidden="true">"×"</span>
                            </button>
                        </div>
                    }
                })
        }
    };
    view! {
        <div class="ch-toast-host">
            <div role="status" class="ch-toast-host__region">{body(false)}</div>
            <div role="alert" class="ch-toast-host__region">{body(true)}</div>
        </div>
    }
}
