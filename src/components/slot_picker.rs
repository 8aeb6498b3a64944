//! SlotPicker: choose one 号源 (appointment slot), grouped by day, for hospital
//! registration, exit-entry or marriage registration appointments.
//!
//! Native radio buttons in fieldsets: the whole picker is a `<fieldset>` whose legend is
//! the question, each day a nested `<fieldset>` whose legend is the date. All slots share
//! one `name`, so Tab reaches the group once and the arrow keys move the choice from slot
//! to slot and day to day, skipping slots that cannot be chosen (full or closed, which are
//! `disabled`). Each slot's name is its time and what is left (08:30–09:00 余12), so
//! availability is said in words, never by colour alone. The element id is `id` on the
//! first slot that can be chosen, for an error summary to link to.
//!
//! The slots are `citizen_core::slot`'s (the types the API carries): the picker reads
//! each slot's status from its capacity and bookings
//! ([`citizen_core::slot::Slot::status`]), its time as `08:30–09:00` / `08:30 to 09:00`
//! and each day's heading ([`SlotDay::heading`]) in the current language.

use citizen_core::localized::LocalizedText;
use citizen_core::slot::{SlotDay, SlotStatus, FEW_LEFT_AT};
use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n, Locale};

/// The picker. The page owns the choice: it passes it as `value` and gets each new choice
/// through `on_change`.
#[component]
pub fn SlotPicker(
    /// Base of the element ids and the radios' `name`.
    #[prop(into)]
    id: String,
    /// The question, for example 选择就诊时间 / Choose a time.
    #[prop(into)]
    legend: Signal<String>,
    /// The days, in date order.
    days: Vec<SlotDay>,
    /// The provider's "few left" rule: a slot with at most this many left shows 仅剩n
    /// ([`FEW_LEFT_AT`] when not given).
    #[prop(optional)]
    few_left_at: Option<u32>,
    /// The id of the chosen slot, `None` when none is chosen.
    #[prop(into)]
    value: Signal<Option<String>>,
    /// The error to show under the legend (without the 错误 prefix), or `None`.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// Called with the id of the slot the resident chose.
    on_change: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let few_left_at = few_left_at.unwrap_or(FEW_LEFT_AT);
    // Text in the current language.
    let pick = move |text: LocalizedText| {
        move || {
            if i18n.get_locale() == Locale::en {
                text.en.clone()
            } else {
                text.zh.clone()
            }
        }
    };
    let error_id = format!("{id}-error");
    let first_open = days
        .iter()
        .flat_map(|d| &d.slots)
        .position(|s| s.status(few_left_at).is_bookable());
    let mut n = 0;
    let days = days
        .into_iter()
        .enumerate()
        .map(|(d, day)| {
            let heading = pick(day.heading());
            let empty = day.slots.is_empty().then(|| {
                view! { <p class="ch-slots__none">{move || t_string!(i18n, slots.none)}</p> }
            });
            let slots = day
                .slots
                .into_iter()
                .map(|slot| {
                    let index = n;
                    n += 1;
                    let input_id = if Some(index) == first_open {
                        id.clone()
                    } else {
                        format!("{id}-{d}-{index}")
                    };
                    let time = pick(slot.time_label());
                    let status = slot.status(few_left_at);
                    let count = slot.remaining();
                    let (modifier, disabled) = match status {
                        SlotStatus::Available => ("open", false),
                        SlotStatus::FewLeft => ("few", false),
                        SlotStatus::Full => ("full", true),
                        SlotStatus::Closed => ("closed", true),
                    };
                    let left = move || match status {
                        SlotStatus::Available => t_string!(i18n, slots.left, n = count).to_string(),
                        SlotStatus::FewLeft => {
                            t_string!(i18n, slots.few_left, n = count).to_string()
                        }
                        SlotStatus::Full => t_string!(i18n, slots.full).to_string(),
                        SlotStatus::Closed => t_string!(i18n, slots.closed).to_string(),
                    };
                    let chosen = {
                        let slot_id = slot.id.clone();
                        Memo::new(move |_| value.with(|v| v.as_deref() == Some(slot_id.as_str())))
                    };
                    let slot_id = slot.id.clone();
                    view! {
                        <label
                            class=format!("ch-slot ch-slot--{modifier}")
                            class:ch-slot--checked=chosen
                        >
                            <input
                                id=input_id
                                class="ch-slot__input"
                                type="radio"
                                name=id.clone()
                                value=slot.id
                                disabled=disabled
                                prop:checked=chosen
                                on:change=move |_| on_change.run(slot_id.clone())
                            />
                            <span class="ch-slot__time">{time}</span>
                            <span class="ch-slot__left">{left}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="ch-slots__day">
                    <legend class="ch-slots__date">{heading}</legend>
                    {empty}
                    <div class="ch-slots__grid">{slots}</div>
                </fieldset>
            }
        })
        .collect_view();
    let error_view = {
        let error_id = error_id.clone();
        move || {
            error.get().map(|message| {
                view! {
                    <p id=error_id.clone() class="ch-field__error">
                        <span class="ch-visually-hidden">{move || t_string!(i18n, slots.error_prefix)}</span>
                        {message}
                    </p>
                }
            })
        }
    };
    view! {
        <fieldset
            class="ch-field ch-slots"
            class:ch-field--error=move || error.with(Option::is_some)
            aria-describedby=move || error.with(Option::is_some).then(|| error_id.clone())
        >
            <legend class="ch-field__label">{legend}</legend>
            {error_view}
            {days}
        </fieldset>
    }
}
