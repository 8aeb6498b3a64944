//! Confirmation (GOV.UK confirmation page, antd-mobile Result vocabulary): the panel that
//! says the application was received, with its 受理编号, and what happens next.

use leptos::prelude::*;

/// The panel (`<h1>` 申请已提交 and the reference number) followed by the submission
/// time and the next steps.
#[component]
pub fn Confirmation(
    /// 受理编号, for example `20260310-310100-7K3QW9XZ2M`.
    #[prop(into)]
    reference: String,
    /// When it was received, as it should read (北京时间).
    #[prop(into)]
    submitted_at: String,
    /// What happens next, from the service's form.
    #[prop(into)]
    next_steps: String,
) -> impl IntoView {
    view! {
        <div class="ch-confirmation">
            <h1 class="ch-confirmation__title">"申请已提交"</h1>
            <p class="ch-confirmation__body">
                "受理编号"
                <strong class="ch-confirmation__reference">{reference}</strong>
            </p>
        </div>
        <dl class="ch-facts ch-confirmation__facts">
            <dt>"提交时间"</dt>
            <dd>{submitted_at}</dd>
        </dl>
        <p class="ch-caption">"请记下受理编号，办理和查询时需要提供。"</p>
        <section class="ch-section">
            <h2 class="ch-section__title">"接下来"</h2>
            <p>{next_steps}</p>
        </section>
    }
}
