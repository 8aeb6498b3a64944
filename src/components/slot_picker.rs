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

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// What is left of a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotStatus {
    /// Bookable, with this many 号 left.
    Available(u32),
    /// Bookable, and this many 号 left is few (the page applies the provider's own rule,
    /// for example five or fewer): shown as 仅剩2.
    FewLeft(u32),
    /// Every 号 taken: 已约满, cannot be chosen.
    Full,
    /// Not bookable for another reason (停诊, past, not released yet): cannot be chosen.
    Closed,
}

/// One slot of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// What `on_change` reports when it is chosen: the provider's slot id, never personal
    /// data (it may end up in a URL).
    pub id: String,
    /// The time as it reads, for example 08:30–09:00 (北京时间).
    pub time: String,
    /// What is left.
    pub status: SlotStatus,
}

/// The slots of one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotDay {
    /// The date as it reads, for example 3月12日 星期四 / Thursday 12 March.
    pub label: String,
    /// The slots in time order; none means no 号源 that day (said as such).
    pub slots: Vec<Slot>,
}

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
    let error_id = format!("{id}-error");
    let first_open = days
        .iter()
        .flat_map(|d| &d.slots)
        .position(|s| matches!(s.status, SlotStatus::Available(_) | SlotStatus::FewLeft(_)));
    let mut n = 0;
    let days = days
        .into_iter()
        .enumerate()
        .map(|(d, day)| {
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
                    let status = slot.status;
                    let (modifier, disabled) = match status {
                        SlotStatus::Available(_) => ("open", false),
                        SlotStatus::FewLeft(_) => ("few", false),
                        SlotStatus::Full => ("full", true),
                        SlotStatus::Closed => ("closed", true),
                    };
                    let left = move || match status {
                        SlotStatus::Available(count) => {
                            t_string!(i18n, slots.left, n = count).to_string()
                        }
                        SlotStatus::FewLeft(count) => {
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
                            <span class="ch-slot__time">{slot.time}</span>
                            <span class="ch-slot__left">{left}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="ch-slots__day">
                    <legend class="ch-slots__date">{day.label}</legend>
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
