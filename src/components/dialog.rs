//! Dialog (antd-mobile vocabulary): a modal on the native `<dialog>` element.
//!
//! `showModal()` gives what a hand-made modal gets wrong: the rest of the page is inert,
//! focus stays inside, Escape closes it (the `cancel` event), and it sits in the top
//! layer above sticky bars. The dialog is named by its title (`aria-labelledby`), has a
//! close button, and gives focus back to the element that was focused when it opened (the
//! opener) once it closes, however it closes. A dialog the page opens by itself (from a
//! link, with nothing focused) gives focus to its `return_focus` element instead, never
//! to the page's `<body>`.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{t_string, use_i18n};

/// A modal dialog. The owner opens it by setting `open` to `true` (from a button's click,
/// so focus can come back to that button); the dialog sets `open` to `false` when it
/// closes and reports how through `on_close`.
#[component]
pub fn Dialog(
    /// The element id of the `<dialog>`; its title gets `{id}-title`.
    #[prop(into)]
    id: String,
    /// Whether the dialog is open. Written by both sides: `true` opens, `false` closes.
    open: RwSignal<bool>,
    /// The title, an `<h2>` that names the dialog.
    #[prop(into)]
    title: Signal<String>,
    /// Called when it closes, with the `value` of the action button that closed it (see
    /// `actions`), or an empty string for Escape and the close button.
    #[prop(optional)]
    on_close: Option<Callback<String>>,
    /// Buttons at the bottom. They sit in a `<form method="dialog">`: a
    /// `<button value="discard">` closes the dialog and reports `discard`.
    #[prop(optional, into)]
    actions: Option<ViewFnOnce>,
    /// Where focus goes on close when nothing was focused as it opened (the page opened
    /// it, say from a link): usually the button that opens it.
    #[prop(optional)]
    return_focus: Option<NodeRef<html::Button>>,
    /// The body.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<html::Dialog>::new();
    // The element focused when the dialog opened; focus goes back to it on close.
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let want = open.get();
        let Some(dialog) = node.get() else {
            return;
        };
        if want && !dialog.open() {
            let doc = document();
            let page_itself = |e: &web_sys::Element| {
                doc.body().is_some_and(|b| b.is_same_node(Some(e)))
                    || doc
                        .document_element()
                        .is_some_and(|d| d.is_same_node(Some(e)))
            };
            let focused = doc
                .active_element()
                .filter(|e| !page_itself(e))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                .or_else(|| {
                    return_focus
                        .and_then(|r| r.get_untracked())
                        .map(web_sys::HtmlElement::from)
                });
            opener.set_value(focused);
            dialog.set_return_value("");
            if dialog.show_modal().is_err() {
                // Not connected or blocked: stay closed rather than half open.
                open.set(false);
            }
        } else if !want && dialog.open() {
            dialog.close();
        }
    });
    let on_closed = move |_| {
        open.set(false);
        if let Some(el) = opener.get_value().filter(|el| el.is_connected()) {
            let _ = el.focus();
        }
        opener.set_value(None);
        if let (Some(report), Some(dialog)) = (on_close, node.get_untracked()) {
            report.run(dialog.return_value());
        }
    };
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog node_ref=node id=id class="ch-dialog" aria-labelledby=labelled_by on:close=on_closed>
            <div class="ch-dialog__header">
                <h2 id=title_id class="ch-dialog__title">{title}</h2>
                <button
                    type="button"
                    class="ch-dialog__close"
                    aria-label=move || t_string!(i18n, dialog.close)
                    on:click=move |_| {
                        if let Some(dialog) = node.get_untracked() {
                            dialog.set_return_value("");
                            dialog.close();
                        }
                    }
                >
                    <span aria-hidden="true">"×"</span>
                </button>
            </div>
            <div class="ch-dialog__body">{children()}</div>
            {actions.map(|a| view! { <form method="dialog" class="ch-dialog__actions">{a.run()}</form> })}
        </dialog>
    }
}
