//! The design-system gallery for designers: every component in every state, from fixtures,
//! with no backend and no network calls.
//!
//! `/gallery` lists the components; `/gallery/:component` shows one, every state side by
//! side at 320 px and 430 px. Query parameters make a view shareable:
//!
//! | parameter | values |
//! |---|---|
//! | `state` | one state of the component (default: all) |
//! | `theme` | `base`, `alipay`, `wechat`, `weibo`, `taobao` (partner channel tokens) |
//! | `scheme` | `light`, `dark` |
//! | `elder` | `1` for 长辈版 |
//! | `lang` | `zh-CN`, `en` |
//! | `zoom` | text size in %, `100` to `200` |
//!
//! For example `/gallery/result?state=error&theme=alipay&elder=1&lang=en`.

use citizen_core::catalog::Category;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

use crate::components::index_bar::IndexBar;
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::components::search_bar::SearchBar;
use crate::components::skeleton::Skeleton;
use crate::components::tile_grid::{Tile, TileGrid, TileGroup};
use crate::i18n::{use_i18n, Locale};

/// A very long Chinese string, for overflow states.
const LONG_ZH: &str = "广州市公安局出入境管理支队港澳台居民来往内地通行证及往来港澳通行证签注业务受理和办理进度查询服务窗口";
/// A very long English string with a long unbreakable word.
const LONG_EN: &str = "Exit-entry administration appointment for Hong Kong and Macau travel permit endorsements (Supercalifragilisticexpialidocious-department)";

/// One component in the gallery: its URL name and its states.
struct Entry {
    name: &'static str,
    title: &'static str,
    states: &'static [&'static str],
}

/// Every component and page-level pattern with the states the gallery shows.
const ENTRIES: &[Entry] = &[
    Entry {
        name: "nav-bar",
        title: "NavBar 导航栏",
        states: &["default", "back", "long-text"],
    },
    Entry {
        name: "tile-grid",
        title: "Grid 宫格",
        states: &["default", "empty", "long-text"],
    },
    Entry {
        name: "search-bar",
        title: "SearchBar 搜索框",
        states: &["default", "long-text"],
    },
    Entry {
        name: "index-bar",
        title: "IndexBar 索引栏",
        states: &["default", "few"],
    },
    Entry {
        name: "result",
        title: "Result 结果页",
        states: &["empty", "error", "long-text"],
    },
    Entry {
        name: "skeleton",
        title: "Skeleton 骨架屏",
        states: &["loading", "tiles"],
    },
];

/// `/gallery` and `/gallery/:component`.
#[component]
pub fn Gallery() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let i18n = use_i18n();
    let q = move |k: &str| query.with(|q| q.get(k));
    // Language and text zoom apply to the whole document while the gallery is open.
    Effect::new(move |_| {
        let locale = match q("lang").as_deref() {
            Some("en") => Locale::en,
            _ => Locale::zh_CN,
        };
        i18n.set_locale(locale);
        let zoom = q("zoom")
            .and_then(|z| z.parse::<u32>().ok())
            .map(|z| z.clamp(100, 200))
            .unwrap_or(100);
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = if zoom == 100 {
                root.remove_attribute("style")
            } else {
                root.set_attribute("style", &format!("font-size: {zoom}%"))
            };
        }
    });
    on_cleanup(|| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.remove_attribute("style");
        }
    });
    let theme = move || {
        q("theme").filter(|t| ["alipay", "wechat", "weibo", "taobao"].contains(&t.as_str()))
    };
    let scheme = move || q("scheme").filter(|s| s == "light" || s == "dark");
    let elder = move || (q("elder").as_deref() == Some("1")).then_some("1");
    view! {
        <Title text="组件库 Gallery - 市民之家" />
        <NavBar title="组件库 Gallery" back=Some("/".to_string()) />
        <div class="ch-gallery" data-channel=theme data-scheme=scheme data-elder=elder>
            <main id="main" class="ch-page ch-gallery__page">
                <Switches />
                {move || match params.with(|p| p.get("component")) {
                    None => view! { <Index /> }.into_any(),
                    Some(name) => match ENTRIES.iter().find(|e| e.name == name) {
                        Some(entry) => view! { <Component entry state=q("state") /> }.into_any(),
                        None => view! {
                            <h1 class="ch-page__title">"组件库 Gallery"</h1>
                            <ResultView status=ResultStatus::Empty title=format!("没有这个组件：{name}")>
                                <A href="/gallery" attr:class="ch-button">"全部组件"</A>
                            </ResultView>
                        }
                        .into_any(),
                    },
                }}
            </main>
        </div>
    }
}

/// The list of components.
#[component]
fn Index() -> impl IntoView {
    let query = use_query_map();
    let suffix = move || query.with(|q| q.to_query_string());
    view! {
        <h1 class="ch-page__title">"组件库 Gallery"</h1>
        <ul class="ch-bullets">
            {ENTRIES
                .iter()
                .map(|e| view! { <li><A href=move || format!("/gallery/{}{}", e.name, suffix())>{e.title}</A></li> })
                .collect_view()}
        </ul>
    }
}

/// Theme, scheme, elder, language and zoom switches; each writes the URL.
#[component]
fn Switches() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let set = move |key: &'static str, value: String| {
        let mut q = query.get_untracked();
        if value.is_empty() {
            q.remove(key);
        } else {
            q.replace(key, value);
        }
        let path = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        navigate(
            &format!("{path}{}", q.to_query_string()),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };
    let select = move |key: &'static str,
                       label: &'static str,
                       options: &'static [(&'static str, &'static str)]| {
        let set = set.clone();
        let id = format!("gallery-{key}");
        view! {
            <div class="ch-gallery__switch">
                <label for=id.clone()>{label}</label>
                <select id=id class="ch-select" on:change=move |ev| set(key, event_target_value(&ev))>
                    {options
                        .iter()
                        .map(|(value, text)| {
                            let value = *value;
                            view! {
                                <option value=value selected=move || query.with(|q| q.get(key).unwrap_or_default() == value)>
                                    {*text}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <form class="ch-gallery__switches" aria-label="预览设置 Preview settings" on:submit=|ev| ev.prevent_default()>
            {select("theme", "主题 Theme", &[("", "base"), ("alipay", "alipay"), ("wechat", "wechat"), ("weibo", "weibo"), ("taobao", "taobao")])}
            {select("scheme", "配色 Scheme", &[("", "light"), ("dark", "dark")])}
            {select("elder", "长辈版 Elder", &[("", "off"), ("1", "on")])}
            {select("lang", "语言 Language", &[("", "zh-CN"), ("en", "en")])}
            {select("zoom", "文字 Text", &[("", "100%"), ("150", "150%"), ("200", "200%")])}
        </form>
    }
}

/// One component: each state (or the one asked for) at 320 px and 430 px.
#[component]
fn Component(entry: &'static Entry, state: Option<String>) -> impl IntoView {
    let states: Vec<&'static str> = entry
        .states
        .iter()
        .copied()
        .filter(|s| state.as_deref().is_none_or(|x| x == *s))
        .collect();
    view! {
        <h1 class="ch-page__title">{entry.title}</h1>
        <p><A href="/gallery">"全部组件"</A></p>
        {if states.is_empty() {
            view! { <ResultView status=ResultStatus::Empty title=format!("没有这个状态，可选：{}", entry.states.join("、"))></ResultView> }.into_any()
        } else {
            states
                .into_iter()
                .map(|s| {
                    view! {
                        <section class="ch-section" data-state=s>
                            <h2 class="ch-section__title">{s}</h2>
                            <div class="ch-gallery__frames" tabindex="0" role="region" aria-label=format!("{} {s}", entry.name)>
                                {[320, 430].map(|w| view! {
                                    <div class="ch-gallery__frame" style=format!("width: {w}px")>
                                        <p class="ch-caption">{format!("{w} px")}</p>
                                        {render(entry.name, s)}
                                    </div>
                                })}
                            </div>
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        }}
    }
}

fn tiles(long: bool) -> Signal<Vec<TileGroup>> {
    let tile = |label: &str, category| Tile {
        href: "#".into(),
        label: label.into(),
        category,
    };
    let groups = if long {
        vec![TileGroup {
            title: LONG_ZH.into(),
            tiles: vec![
                tile(LONG_ZH, Category::ExitEntry),
                tile(LONG_EN, Category::Traffic),
                tile("水费", Category::Bills),
            ],
        }]
    } else {
        vec![
            TileGroup {
                title: "交通出行".into(),
                tiles: vec![
                    tile("交通违章查询", Category::Traffic),
                    tile("交通罚款缴纳", Category::Traffic),
                    tile("路况查询", Category::Traffic),
                    tile("公交查询", Category::Traffic),
                ],
            },
            TileGroup {
                title: "生活缴费".into(),
                tiles: vec![
                    tile("水费", Category::Bills),
                    tile("电费", Category::Bills),
                    tile("燃气费", Category::Bills),
                ],
            },
        ]
    };
    Signal::stored(groups)
}

/// The fixture view of `component` in `state`.
fn render(component: &str, state: &str) -> AnyView {
    let long = state == "long-text";
    match component {
        "nav-bar" => {
            let title = if long { LONG_ZH } else { "办事指南" };
            let back = (state != "default").then(|| "#".to_string());
            view! { <NavBar title=title.to_string() back=back /> }.into_any()
        }
        "tile-grid" if state == "empty" => view! {
            <TileGrid groups=Signal::stored(vec![]) />
            <ResultView status=ResultStatus::Empty title="没有找到“abc”相关的服务" />
        }
        .into_any(),
        "tile-grid" => view! { <TileGrid groups=tiles(long) /> }.into_any(),
        "search-bar" => {
            let (label, placeholder) = if long {
                (LONG_ZH, LONG_EN)
            } else {
                ("搜索服务", "如：违章、水费、挂号")
            };
            view! {
                <SearchBar
                    id=format!("gallery-search-{state}")
                    label=label.to_string()
                    placeholder=placeholder.to_string()
                    on_query=Callback::new(|_: String| {})
                />
            }
            .into_any()
        }
        "index-bar" => {
            let letters: Vec<char> = if state == "few" {
                vec!['A', 'B', 'C']
            } else {
                ('A'..='Z').filter(|c| !"IOUV".contains(*c)).collect()
            };
            view! { <div class="ch-gallery__index"><IndexBar letters on_select=Callback::new(|_: char| {}) /></div> }.into_any()
        }
        "result" => {
            let (status, title, description) = match state {
                "error" => (
                    ResultStatus::Error,
                    "加载失败",
                    "网络连接失败，请检查网络后重试",
                ),
                "long-text" => (ResultStatus::Empty, LONG_ZH, LONG_EN),
                _ => (
                    ResultStatus::Empty,
                    "该城市服务即将开通",
                    "这个城市还没有接入市民之家，我们正在努力开通。",
                ),
            };
            view! {
                <ResultView status title=title.to_string() description=description.to_string()>
                    <button type="button" class="ch-button ch-button--primary">"重试"</button>
                </ResultView>
            }
            .into_any()
        }
        "skeleton" => view! { <Skeleton rows=3 tiles=state == "tiles" /> }.into_any(),
        _ => ().into_any(),
    }
}
