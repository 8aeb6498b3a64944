//! SearchBar (antd-mobile vocabulary): a labelled `<input type="search">` that is safe with
//! Chinese IMEs.
//!
//! The input is uncontrolled: we never write its value back, so nothing the resident is
//! composing can be reset, duplicated or have its caret moved. Queries are reported on
//! `input` events that are not part of a composition, and once more at `compositionend`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A visible label above a search input. `on_query` receives the raw text (the caller
/// folds it) whenever it changes outside an IME composition.
#[component]
pub fn SearchBar(
    /// The input's id (for the label's `for`).
    #[prop(into)]
    id: String,
    /// The visible label, for example 搜索城市.
    #[prop(into)]
    label: Signal<String>,
    /// Placeholder with an example, for example `城市名、拼音或首字母`.
    #[prop(into)]
    placeholder: Signal<String>,
    /// Called with the input's text.
    on_query: Callback<String>,
) -> impl IntoView {
    let composing = StoredValue::new(false);
    view! {
        <div class="ch-search-bar" role="search">
            <label class="ch-search-bar__label" for=id.clone()>
                {label}
            </label>
            <input
                id=id
                class="ch-search-bar__input"
                type="search"
                placeholder=placeholder
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                enterkeyhint="search"
                on:compositionstart=move |_| composing.set_value(true)
                on:compositionend=move |ev| {
                    composing.set_value(false);
                    on_query.run(event_target_value(&ev));
                }
                on:input=move |ev| {
                    let in_ime = ev
                        .dyn_ref::<web_sys::InputEvent>()
                        .is_some_and(web_sys::InputEvent::is_composing);
                    if !composing.get_value() && !in_ime {
                        on_query.run(event_target_value(&ev));
                    }
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    // Enter that confirms an IME candidate (is_composing, key code 229) is
                    // left alone. A plain Enter closes the phone keyboard: nothing to submit.
                    if ev.key() == "Enter" && !ev.is_composing() && ev.key_code() != 229 {
                        ev.prevent_default();
                        if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                            let _ = el.blur();
                        }
                    }
                }
            />
        </div>
    }
}
