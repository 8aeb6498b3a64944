//! A service page: what the service is, who provides it, what you need.

use citizen_core::api::ServiceResponse;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::components::skeleton::Skeleton;

/// `/city/:code/service/:id`.
#[component]
pub fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| {
        params.with(|p| {
            (
                p.get("code").unwrap_or_default(),
                p.get("id").unwrap_or_default(),
            )
        })
    });
    let service = LocalResource::new(move || {
        let (code, id) = key.get();
        async move { api::service(&code, &id).await }
    });
    let back = move || format!("/city/{}", key.get().0);
    view! {
        {move || view! { <NavBar title="办事指南" back=Some(back()) back_label="返回城市首页" /> }}
        <main id="main" class="ch-page">
            {move || match service.get() {
                None => view! {
                    <Title text="办事指南 - 市民之家" />
                    <Skeleton rows=5 />
                }
                .into_any(),
                Some(Ok(data)) => view! { <ServiceGuide data /> }.into_any(),
                Some(Err(e)) if e.is_not_found() => view! {
                    <Title text="没有找到这项服务 - 市民之家" />
                    <ResultView
                        status=ResultStatus::Empty
                        level=1
                        title="没有找到这项服务"
                        description="这个城市没有这项服务，或链接有误。"
                    >
                        <A href=back() attr:class="ch-button ch-button--primary">"查看城市的全部服务"</A>
                    </ResultView>
                }
                .into_any(),
                Some(Err(e)) => view! {
                    <Title text="加载失败 - 市民之家" />
                    <ResultView status=ResultStatus::Error level=1 title="加载失败" description=e.to_string()>
                        <button type="button" class="ch-button ch-button--primary" on:click=move |_| service.refetch()>
                            "重试"
                        </button>
                    </ResultView>
                }
                .into_any(),
            }}
        </main>
    }
}

/// The guide of a loaded service.
#[component]
fn ServiceGuide(data: ServiceResponse) -> impl IntoView {
    let ServiceResponse { city, service } = data;
    let title = format!("{} - {} - 市民之家", service.name.zh, city.name);
    let requirements = (!service.requirements.is_empty()).then(|| {
        view! {
            <section class="ch-section">
                <h2 class="ch-section__title">"办理需要"</h2>
                <ul class="ch-bullets">
                    {service.requirements.into_iter().map(|r| view! { <li>{r.zh}</li> }).collect_view()}
                </ul>
            </section>
        }
    });
    view! {
        <Title text=title />
        <p class="ch-caption">{city.name}</p>
        <h1 class="ch-page__title">{service.name.zh}</h1>
        <dl class="ch-facts">
            <dt>"提供部门"</dt>
            <dd>{service.department.zh}</dd>
        </dl>
        <section class="ch-section">
            <h2 class="ch-section__title">"服务说明"</h2>
            <p>{service.summary.zh}</p>
        </section>
        {requirements}
        <div class="ch-notice" role="note">
            <h2 class="ch-notice__title">"在线办理尚未开通"</h2>
            <p>"本页目前只提供办事指南，还不能在线提交申请。在线办理开通后，会在这里出现办理入口。"</p>
        </div>
    }
}
