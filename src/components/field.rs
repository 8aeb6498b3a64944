//! FormField: one question of a service form, rendered for its kind (GOV.UK patterns).
//!
//! - A visible label (or a `<legend>` for groups of inputs), the hint under it, then the
//!   error message with a visually hidden 错误： prefix, all tied to the input with
//!   `aria-describedby`; `aria-invalid` while the answer is wrong.
//! - Typed inputs keep exactly what was typed. The answer is reported on `input` events
//!   outside an IME composition and once more at `compositionend`; it is normalised
//!   ([`FieldRule::normalize_input`], the same code the server runs) only on blur. The
//!   element's value is written only when the answer changed from outside (normalisation
//!   on blur or Continue, a restored draft) and never while composing, so the caret never
//!   jumps. Enter that confirms an IME candidate (`is_composing`, key code 229) is
//!   swallowed so it cannot submit the form.
//! - `inputmode`/`autocomplete`/`type=tel` where they help; never `type=number`.
//! - The input of a field has the id `f-{key}` (the first radio or check box of a group,
//!   the province select of a region), which the error summary links to.

use citizen_core::date::CalendarDate;
use citizen_core::form::{ChoiceDisplay, ChoiceOption, Field, FieldRule};
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::JsCast;

use super::region_picker::{RegionPicker, RegionsState};
use crate::i18n::{t, t_string, use_i18n};
use crate::l10n::localized;

/// The element id of a field's input (what the error summary links to): `f-{key}`.
pub fn input_id(key: &str) -> String {
    format!("f-{key}")
}

/// One question, rendered for its kind. The page owns the answer: it passes it in as
/// `value` and gets every change through `on_change`.
#[component]
pub fn FormField(
    /// The question from the form schema.
    field: Field,
    /// The answer as entered (see [`citizen_core::form`] for each kind's JSON); `None`
    /// when unanswered.
    #[prop(into)]
    value: Signal<Option<Value>>,
    /// The error to show beside the field (without the 错误 prefix), or `None`.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Called with each new answer (`Value::Null` when cleared).
    on_change: Callback<Value>,
    /// Called with `true` when an IME composition starts in a typed input and `false` when
    /// it ends, so the page can refuse to submit meanwhile.
    on_composing: Callback<bool>,
    /// Today in China Standard Time, for a date's `min` and `max`.
    today: CalendarDate,
    /// Region data for a region field (ignored by the other kinds).
    #[prop(into)]
    regions: Signal<RegionsState>,
    /// Asks for the region data again after it failed to load.
    on_retry_regions: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = input_id(&field.key);
    let hint_id = field.hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = format!("{id}-error");
    let counted = match field.rule {
        FieldRule::ShortText { max_length } => Some((max_length, max_length * 3 / 4)),
        FieldRule::LongText { max_length } => Some((max_length, 0)),
        _ => None,
    };
    let count_id = counted.map(|_| format!("{id}-count"));
    let described_by = {
        let (hint_id, error_id, count_id) = (hint_id.clone(), error_id.clone(), count_id.clone());
        move || {
            let mut ids: Vec<&str> = Vec::new();
            ids.extend(hint_id.as_deref());
            if error.with(Option::is_some) {
                ids.push(&error_id);
            }
            ids.extend(count_id.as_deref());
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.with(Option::is_some).then_some("true");
    let hint = field.hint.clone().map(|h| {
        view! { <p id=hint_id.clone() class="ch-field__hint">{move || localized(i18n, &h)}</p> }
    });
    let error_view = move || {
        error.get().map(|message| {
            view! {
                <p id=error_id.clone() class="ch-field__error">
                    <span class="ch-visually-hidden">{t!(i18n, form.error_prefix)}</span>
                    {message}
                </p>
            }
        })
    };
    let class = move || {
        if error.with(Option::is_some) {
            "ch-field ch-field--error"
        } else {
            "ch-field"
        }
    };
    let label = {
        let label = field.label.clone();
        move || localized(i18n, &label)
    };
    let rule = field.rule.clone();
    let text = move || match value.get() {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };

    match rule {
        FieldRule::Choice {
            options,
            display: ChoiceDisplay::Radio,
        } => {
            let items = choice_items(&id, &options, false, value, on_change);
            view! {
                <fieldset class=class aria-describedby=described_by>
                    <legend class="ch-field__label">{label}</legend>
                    {hint}
                    {error_view}
                    <div class="ch-options">{items}</div>
                </fieldset>
            }
            .into_any()
        }
        FieldRule::MultipleChoice { options, .. } => {
            let items = choice_items(&id, &options, true, value, on_change);
            view! {
                <fieldset class=class aria-describedby=described_by>
                    <legend class="ch-field__label">{label}</legend>
                    {hint}
                    <p class="ch-field__hint">{t!(i18n, form.select_many)}</p>
                    {error_view}
                    <div class="ch-options">{items}</div>
                </fieldset>
            }
            .into_any()
        }
        FieldRule::Region => view! {
            <fieldset class=class aria-describedby=described_by>
                <legend class="ch-field__label">{label}</legend>
                {hint}
                {error_view}
                <RegionPicker
                    id=id
                    value=Signal::derive(move || match value.get() {
                        Some(Value::String(s)) => s,
                        _ => String::new(),
                    })
                    invalid=Signal::derive(move || error.with(Option::is_some))
                    regions
                    on_change
                    on_retry=on_retry_regions
                />
            </fieldset>
        }
        .into_any(),
        FieldRule::Consent => {
            let checked = move || matches!(value.get(), Some(Value::Bool(true)));
            view! {
                <div class=class>
                    {error_view}
                    <div class="ch-options">
                        <div class="ch-option">
                            <input
                                id=id.clone()
                                class="ch-option__input"
                                type="checkbox"
                                prop:checked=checked
                                aria-invalid=invalid
                                aria-describedby=described_by
                                on:change=move |ev| on_change.run(Value::Bool(event_target_checked(&ev)))
                            />
                            <label class="ch-option__label ch-option__label--statement" for=id>
                                {label}
                            </label>
                        </div>
                    </div>
                    {hint}
                </div>
            }
            .into_any()
        }
        FieldRule::Choice { options, .. } => view! {
            <div class=class>
                <label class="ch-field__label" for=id.clone()>{label}</label>
                {hint}
                {error_view}
                <select
                    id=id
                    class="ch-input ch-input--select"
                    aria-invalid=invalid
                    aria-describedby=described_by
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        on_change.run(if v.is_empty() { Value::Null } else { Value::String(v) });
                    }
                >
                    <option value="" prop:selected=move || text().is_empty()>{t!(i18n, form.select_prompt)}</option>
                    {options
                        .into_iter()
                        .map(|o| {
                            let v = o.value.clone();
                            view! {
                                <option value=o.value.clone() prop:selected=move || text() == v>
                                    {move || localized(i18n, &o.label)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
        .into_any(),
        rule => {
            let unit = match &rule {
                FieldRule::Integer { unit, .. } => Some(unit.clone()),
                _ => None,
            };
            // GOV.UK character count: shown from `threshold` characters on (always for
            // long text), counted as the rules count (normalised, in characters). The
            // element is always there (empty below the threshold) for aria-describedby.
            let counter = counted.map(|(max, threshold)| {
                let rule = rule.clone();
                let count = Memo::new(move |_| rule.normalize_input(&text()).chars().count() as u32);
                let over = move || count.get() > max;
                let message = move || {
                    let n = count.get();
                    if n < threshold {
                        String::new()
                    } else if n > max {
                        let n = n - max;
                        t_string!(i18n, form.chars_over, n).to_string()
                    } else {
                        let n = max - n;
                        t_string!(i18n, form.chars_left, n).to_string()
                    }
                };
                view! {
                    <p id=count_id.clone() class="ch-field__count" class:ch-field__count--over=over>
                        {message}
                    </p>
                }
            });
            let input = text_input(
                id.clone(),
                rule,
                field.autocomplete.clone(),
                today,
                Signal::derive(text),
                invalid,
                described_by,
                on_change,
                on_composing,
            );
            let input = match unit.clone() {
                Some(u) => view! {
                    <div class="ch-input-unit">
                        {input}
                        <span class="ch-input-unit__unit" aria-hidden="true">{move || localized(i18n, &u)}</span>
                    </div>
                }
                .into_any(),
                None => input,
            };
            view! {
                <div class=class>
                    <label class="ch-field__label" for=id>
                        {label}
                        {unit.map(|u| view! {
                            <span class="ch-visually-hidden">
                                {move || {
                                    let unit = localized(i18n, &u);
                                    t_string!(i18n, form.unit, unit).to_string()
                                }}
                            </span>
                        })}
                    </label>
                    {hint}
                    {error_view}
                    {input}
                    {counter}
                </div>
            }
            .into_any()
        }
    }
}

/// Radio buttons (`multiple` false) or check boxes for the options of a choice.
fn choice_items(
    id: &str,
    options: &[ChoiceOption],
    multiple: bool,
    value: Signal<Option<Value>>,
    on_change: Callback<Value>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = id.to_string();
    options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let option_id = if i == 0 {
                id.to_string()
            } else {
                format!("{id}-{i}")
            };
            let hint_id = format!("{option_id}-hint");
            let v = o.value.clone();
            let checked = {
                let v = v.clone();
                move || match value.get() {
                    Some(Value::String(s)) => s == v,
                    Some(Value::Array(items)) => {
                        items.iter().any(|x| x.as_str() == Some(v.as_str()))
                    }
                    _ => false,
                }
            };
            let on_input = move |ev: ev::Event| {
                let on = event_target_checked(&ev);
                if !multiple {
                    on_change.run(Value::String(v.clone()));
                    return;
                }
                let mut chosen: Vec<Value> = match value.get_untracked() {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                };
                chosen.retain(|x| x.as_str() != Some(v.as_str()));
                if on {
                    chosen.push(Value::String(v.clone()));
                }
                on_change.run(if chosen.is_empty() {
                    Value::Null
                } else {
                    Value::Array(chosen)
                });
            };
            let hint = o.hint.clone();
            let label = o.label.clone();
            view! {
                <div class="ch-option">
                    <input
                        id=option_id.clone()
                        class="ch-option__input"
                        type=if multiple { "checkbox" } else { "radio" }
                        name=name.clone()
                        value=o.value.clone()
                        prop:checked=checked
                        aria-describedby=hint.as_ref().map(|_| hint_id.clone())
                        on:change=on_input
                    />
                    <label class="ch-option__label" for=option_id>{move || localized(i18n, &label)}</label>
                    {hint.map(|h| view! { <p id=hint_id class="ch-option__hint">{move || localized(i18n, &h)}</p> })}
                </div>
            }
        })
        .collect_view()
}

/// The `<input>` (or `<textarea>`) of a typed kind, with the IME-safe event handling
/// described in the module documentation.
#[allow(clippy::too_many_arguments)]
fn text_input(
    id: String,
    rule: FieldRule,
    autocomplete: Option<String>,
    today: CalendarDate,
    text: Signal<String>,
    invalid: impl Fn() -> Option<&'static str> + Send + Sync + Copy + 'static,
    described_by: impl Fn() -> Option<String> + Send + Sync + Clone + 'static,
    on_change: Callback<Value>,
    on_composing: Callback<bool>,
) -> AnyView {
    let composing = StoredValue::new(false);
    let normalizer = rule.clone();
    let report = move |raw: String| on_change.run(Value::String(raw));
    let on_input = move |ev: ev::Event| {
        let in_ime = ev
            .dyn_ref::<web_sys::InputEvent>()
            .is_some_and(web_sys::InputEvent::is_composing);
        if !composing.get_value() && !in_ime {
            report(event_target_value(&ev));
        }
    };
    let on_start = move |_: ev::CompositionEvent| {
        composing.set_value(true);
        on_composing.run(true);
    };
    let on_end = move |ev: ev::CompositionEvent| {
        composing.set_value(false);
        on_composing.run(false);
        report(event_target_value(&ev));
    };
    let on_blur = move |ev: ev::FocusEvent| {
        if composing.get_value() {
            return;
        }
        let raw = event_target_value(&ev);
        let normalized = normalizer.normalize_input(&raw);
        if normalized != raw {
            report(normalized);
        }
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        if ev.key() == "Enter"
            && (ev.is_composing() || ev.key_code() == 229 || composing.get_value())
        {
            ev.prevent_default();
        }
    };
    let initial = text.get_untracked();

    if let FieldRule::LongText { .. } = rule {
        let node = NodeRef::<html::Textarea>::new();
        Effect::new(move |_| {
            let v = text.get();
            if let Some(el) = node.get() {
                if !composing.get_value() && el.value() != v {
                    el.set_value(&v);
                }
            }
        });
        return view! {
            <textarea
                node_ref=node
                id=id
                class="ch-input ch-input--textarea"
                rows="5"
                spellcheck="false"
                aria-invalid=invalid
                aria-describedby=described_by
                on:input=on_input
                on:compositionstart=on_start
                on:compositionend=on_end
                on:blur=on_blur
                on:keydown=on_keydown
            >
                {initial}
            </textarea>
        }
        .into_any();
    }

    let node = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        let v = text.get();
        if let Some(el) = node.get() {
            if !composing.get_value() && el.value() != v {
                el.set_value(&v);
            }
        }
    });
    // type, inputmode, autocapitalize, width modifier, default autocomplete
    let (kind, inputmode, caps, width, default_ac): (_, _, _, _, Option<&str>) = match &rule {
        FieldRule::ResidentId => ("text", None, Some("characters"), "id", Some("off")),
        FieldRule::Mobile => ("tel", None, None, "mobile", Some("tel")),
        FieldRule::Plate => ("text", None, Some("characters"), "plate", Some("off")),
        FieldRule::VehicleCheck { .. } => ("text", None, Some("characters"), "plate", Some("off")),
        FieldRule::UtilityAccount {
            digits_only: true, ..
        } => ("text", Some("numeric"), None, "id", Some("off")),
        FieldRule::UtilityAccount { .. } => ("text", None, Some("characters"), "id", Some("off")),
        FieldRule::Integer { .. } => ("text", Some("numeric"), None, "number", Some("off")),
        FieldRule::Date { .. } => ("date", None, None, "date", None),
        _ => ("text", None, None, "full", None),
    };
    let (min, max) = match &rule {
        FieldRule::Date {
            min_days_from_today,
            max_days_from_today,
        } => (
            min_days_from_today.map(|d| today.add_days(i64::from(d)).to_string()),
            max_days_from_today.map(|d| today.add_days(i64::from(d)).to_string()),
        ),
        _ => (None, None),
    };
    view! {
        <input
            node_ref=node
            id=id
            class=format!("ch-input ch-input--{width}")
            type=kind
            value=initial
            inputmode=inputmode
            autocapitalize=caps
            autocomplete=autocomplete.or(default_ac.map(str::to_string))
            spellcheck="false"
            min=min
            max=max
            aria-invalid=invalid
            aria-describedby=described_by
            on:input=on_input
            on:compositionstart=on_start
            on:compositionend=on_end
            on:blur=on_blur
            on:keydown=on_keydown
        />
    }
    .into_any()
}
