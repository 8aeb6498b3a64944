//! Steps (antd-mobile vocabulary): the progress of an application as a vertical timeline,
//! each step done, current or still to come.
//!
//! Vertical because step titles are long (受理审核中, "Checking your application") and
//! must wrap at 320 px and at 200 % text. Status is never colour alone: done steps carry
//! a tick, the current one a visible 进行中 tag and `aria-current="step"`, and every step
//! says its status to screen readers.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    /// Finished.
    Done,
    /// Under way now; at most one step should be current.
    Current,
    /// Not started yet.
    Upcoming,
}

/// One step of a process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What happens, for example 窗口受理 (application accepted).
    pub title: String,
    /// Detail under the title: when it happened (北京时间), who does it, what to do next.
    /// Empty for none.
    pub description: String,
    /// Done, current or upcoming.
    pub status: StepStatus,
}

/// An ordered list of steps, named `label` (for example 办理进度) for screen readers.
#[component]
pub fn Steps(
    /// The accessible name of the list, for example 办理进度 / Progress.
    #[prop(into)]
    label: Signal<String>,
    /// The steps in order.
    steps: Vec<Step>,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = steps
        .into_iter()
        .enumerate()
        .map(|(i, step)| {
            let status = step.status;
            let (modifier, marker) = match status {
                StepStatus::Done => ("done", "✓".to_string()),
                StepStatus::Current => ("current", (i + 1).to_string()),
                StepStatus::Upcoming => ("upcoming", (i + 1).to_string()),
            };
            let status_text = move || match status {
                StepStatus::Done => t_string!(i18n, steps.done),
                StepStatus::Current => t_string!(i18n, steps.current),
                StepStatus::Upcoming => t_string!(i18n, steps.upcoming),
            };
            let current = status == StepStatus::Current;
            view! {
                <li
                    class=format!("ch-steps__item ch-steps__item--{modifier}")
                    aria-current=current.then_some("step")
                >
                    <span class="ch-steps__marker" aria-hidden="true">{marker}</span>
                    <div class="ch-steps__body">
                        <p class="ch-steps__title">{step.title}</p>
                        <p class=if current { "ch-steps__status" } else { "ch-visually-hidden" }>
                            {status_text}
                        </p>
                        {(!step.description.is_empty())
                            .then(|| view! { <p class="ch-steps__description">{step.description}</p> })}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="ch-steps" aria-label=label>{items}</ol> }
}
