//! 申请已提交: the confirmation page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::use_flow;
use crate::components::confirmation::Confirmation;
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::state::drafts;

/// `/city/:code/service/:id/apply/done`: the 受理编号, the time and what happens next, from
/// the submission just made or, after a reload, from the receipt kept on the device.
#[component]
pub fn DonePage() -> impl IntoView {
    let flow = use_flow();
    // The form instance is spent: a new visit to the form starts afresh.
    flow.start_over();
    let receipt = flow
        .receipt
        .get_untracked()
        .or_else(|| drafts::load_receipt(&flow.city_code, &flow.service_id));
    let service = flow.service_name.to_string();
    let home = format!("/city/{}", flow.city_code);
    let guide = flow.service_url();
    match receipt {
        Some(r) => view! {
            <Title text=format!("申请已提交 - {service} - 市民之家") />
            <NavBar title=service.clone() />
            <main id="main" class="ch-page">
                <p class="ch-caption">{service}</p>
                <Confirmation
                    reference=r.reference
                    submitted_at=china_time(&r.submitted_at)
                    next_steps=r.next_steps.zh
                />
                <div class="ch-form__actions">
                    <A href=home exact=true attr:class="ch-button ch-button--primary ch-button--block">"返回城市首页"</A>
                    <A href=guide exact=true attr:class="ch-button ch-button--block">"查看办事指南"</A>
                </div>
            </main>
        }
        .into_any(),
        None => view! {
            <Title text=format!("没有提交记录 - {service} - 市民之家") />
            <NavBar title=service.clone() back=Some(guide.clone()) back_to="办事指南" />
            <main id="main" class="ch-page">
                <ResultView
                    status=ResultStatus::Empty
                    level=1
                    title="没有找到提交记录"
                    description="本机没有这项服务的提交记录。如果您已经提交，请以受理短信或办理部门的通知为准。"
                >
                    <A href=guide exact=true attr:class="ch-button ch-button--primary">"查看办事指南"</A>
                </ResultView>
            </main>
        }
        .into_any(),
    }
}

/// An RFC 3339 time with the `+08:00` offset (`2026-03-10T14:05:09+08:00`) as it reads:
/// `2026年3月10日 14:05:09（北京时间 UTC+08:00）`. Parsed by position, never by JS `Date`; anything
/// else is shown as it came.
fn china_time(rfc3339: &str) -> String {
    let b = rfc3339.as_bytes();
    let shape = b.len() == 25
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && rfc3339.ends_with("+08:00");
    let num = |r: std::ops::Range<usize>| rfc3339.get(r).and_then(|s| s.parse::<u32>().ok());
    match (shape, num(0..4), num(5..7), num(8..10), rfc3339.get(11..19)) {
        (true, Some(y), Some(m), Some(d), Some(time)) => {
            format!("{y}年{m}月{d}日 {time}（北京时间 UTC+08:00）")
        }
        _ => rfc3339.to_string(),
    }
}
