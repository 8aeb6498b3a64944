//! 市民之家 (citizen home): the client-side rendered SPA. `main` installs the panic screen
//! and mounts [`app::App`] into `#app`, replacing the static start-up skeleton there.

mod api;
mod app;
mod components;
mod pages;
mod state;

use wasm_bindgen::JsCast;

fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panic_screen();
    }));
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        // index.html without #app: nothing to mount into; the static page stays readable.
        return;
    };
    root.set_inner_html("");
    root.remove_attribute("aria-busy").ok();
    leptos::mount::mount_to(root, app::App).forget();
}

/// Replaces the page with a plain "something went wrong" screen and a reload button, so a
/// Rust panic never leaves a frozen page. Written with raw DOM calls because the reactive
/// runtime may be in any state after a panic.
fn show_panic_screen() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(body) = doc.body() {
        body.set_inner_html(
            "<main class=\"ch-panic\" role=\"alert\"><h1>出错了，请重新加载</h1>\
             <p>页面遇到了意外问题。您填写的内容如已保存，重新加载后仍在。</p>\
             <p><button type=\"button\" class=\"ch-button ch-button--primary\" \
             onclick=\"location.reload()\">重新加载</button></p></main>",
        );
    }
}
