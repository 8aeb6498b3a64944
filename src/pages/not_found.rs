//! The page for an unknown path.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};

/// 页面不存在, with a way home.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Title text="页面不存在 - 市民之家" />
        <NavBar title="市民之家" />
        <main id="main" class="ch-page">
            <ResultView
                status=ResultStatus::Empty
                level=1
                title="页面不存在"
                description="这个地址没有对应的页面，可能是链接有误或已经失效。"
            >
                <A href="/" attr:class="ch-button ch-button--primary">"回到首页"</A>
            </ResultView>
        </main>
    }
}
