//! 放弃草稿？: confirming that the draft should be deleted.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::use_flow;
use crate::components::nav_bar::NavBar;
use crate::state::drafts;

/// `/city/:code/service/:id/apply/discard?from=<page key|check>`: deletes the draft (the
/// answers and the idempotency key) on confirmation and goes to the service page;
/// 继续填写 returns to where the resident was.
#[component]
pub fn DiscardPage() -> impl IntoView {
    let flow = use_flow();
    let query = use_query_map();
    let navigate = use_navigate();
    let back = {
        let flow = flow.clone();
        move || {
            let from = query.with(|q| q.get("from")).unwrap_or_default();
            if from == "check" {
                return flow.check_url();
            }
            match flow.schema.pages.iter().position(|p| p.key == from) {
                Some(i) => flow.page_url(i, false),
                None => flow.page_url(0, false),
            }
        }
    };
    let service = flow.service_name.to_string();
    let on_discard = {
        let flow = flow.clone();
        move |_| {
            drafts::delete(&flow.city_code, &flow.service_id);
            flow.start_over();
            navigate(
                &flow.service_url(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    };
    view! {
        <Title text=format!("放弃草稿 - {service} - 市民之家") />
        <NavBar title=service.clone() back=Some(back()) back_to="上一页" />
        <main id="main" class="ch-page">
            <p class="ch-caption">{service}</p>
            <h1 class="ch-page__title">"确定放弃草稿吗？"</h1>
            <p>"已填写的内容将从本机删除，无法恢复。放弃后可以随时重新开始办理。"</p>
            <div class="ch-form__actions">
                <button type="button" class="ch-button ch-button--warning ch-button--block" on:click=on_discard>
                    "放弃草稿"
                </button>
                <A href=back() exact=true attr:class="ch-button ch-button--block">"继续填写"</A>
            </div>
        </main>
    }
}
