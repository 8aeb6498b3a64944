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
//! | `scheme` | `light`, `dark` (absent: follow the device, as residents' default) |
//! | `elder` | `1` for 长辈版 |
//! | `lang` | `zh-CN`, `en` |
//! | `zoom` | text size in %, `100` to `200` |
//!
//! For example `/gallery/result?state=error&theme=alipay&elder=1&lang=en`.
//!
//! Fixtures follow `lang`: every service name, label, message and long-text example is
//! Chinese by default and English with `lang=en` (bilingual pairs chosen by [`Fx::t`]);
//! the components' own words come from `locales/*.json`. Element ids carry the frame
//! width and state, so the 320 px and 430 px copies never share an id.

mod design;
mod forms;

use citizen_core::catalog::Category;
use leptos::html;
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
        name: "button",
        title: "Button 按钮",
        states: &["default", "loading", "disabled", "long-text"],
    },
    Entry {
        name: "tile-grid",
        title: "Grid 宫格",
        states: &["default", "loading", "empty", "error", "long-text"],
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
    Entry {
        name: "field",
        title: "FormField 表单项",
        states: forms::FIELD_STATES,
    },
    Entry {
        name: "error-summary",
        title: "ErrorSummary 错误汇总",
        states: &["default", "one", "long-text"],
    },
    Entry {
        name: "check-answers",
        title: "CheckAnswers 核对信息",
        states: &["default", "not-answered", "long-text"],
    },
    Entry {
        name: "confirmation",
        title: "Confirmation 提交成功",
        states: &["default", "long-text"],
    },
    Entry {
        name: "region-picker",
        title: "RegionPicker 地区选择",
        states: &[
            "default",
            "chosen",
            "one-city",
            "error",
            "loading",
            "load-failed",
        ],
    },
    Entry {
        name: "steps",
        title: "Steps 步骤条",
        states: &["default", "done", "long-text"],
    },
    Entry {
        name: "toast",
        title: "Toast 轻提示",
        states: &["info", "success", "error", "long-text", "auto-dismiss"],
    },
    Entry {
        name: "dialog",
        title: "Dialog 对话框",
        states: &["default", "open", "long-text"],
    },
    Entry {
        name: "slot-picker",
        title: "SlotPicker 号源选择",
        states: &["default", "chosen", "error", "full", "long-text"],
    },
    Entry {
        name: "amount",
        title: "Amount 金额",
        states: &["default", "negative", "zero", "large"],
    },
];

/// What a fixture needs to know about where it is shown.
#[derive(Clone, Copy)]
struct Fx {
    /// English (`lang=en`) rather than Chinese.
    en: bool,
    /// The frame width in px (320 or 430): part of every element id.
    frame: u16,
    /// Whether the state is shown on its own (`?state=`): dialogs open themselves then.
    alone: bool,
}

impl Fx {
    /// The fixture text in the gallery's language.
    fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        if self.en {
            en
        } else {
            zh
        }
    }

    /// [`Fx::t`] as a `String`.
    fn s(self, zh: &str, en: &str) -> String {
        self.t(zh, en).to_string()
    }

    /// An element id (or form field key) unique to this frame and state.
    fn id(self, state: &str, name: &str) -> String {
        format!("g{}_{}_{name}", self.frame, state.replace('-', "_"))
    }
}

/// `/gallery` and `/gallery/:component`.
#[component]
pub fn Gallery() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let i18n = use_i18n();
    let q = move |k: &str| query.with(|q| q.get(k));
    let theme = move || {
        q("theme").filter(|t| ["alipay", "wechat", "weibo", "taobao"].contains(&t.as_str()))
    };
    let scheme = move || q("scheme").filter(|s| s == "light" || s == "dark");
    let elder = move || (q("elder").as_deref() == Some("1")).then_some("1");
    // The URL alone decides what the gallery looks like: the resident's stored 长辈版,
    // scheme and language stand aside while it is open.
    let prefs = crate::state::prefs::use_prefs();
    prefs.preview(true);
    // The entrance's channel (set on <html> at start) comes back after.
    let channel = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|r| r.get_attribute("data-channel"));
    on_cleanup(move || {
        prefs.preview(false);
        if let (Some(root), Some(channel)) = (
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element()),
            channel.as_deref(),
        ) {
            let _ = root.set_attribute("data-channel", channel);
        }
    });
    // Language, text zoom, colour scheme and 长辈版 apply to the whole document (the top
    // bar too) while the gallery is open.
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
            let _ = match scheme() {
                Some(s) => root.set_attribute("data-scheme", &s),
                None => root.remove_attribute("data-scheme"),
            };
            let _ = match elder() {
                Some(e) => root.set_attribute("data-elder", e),
                None => root.remove_attribute("data-elder"),
            };
            // The partner theme too (its tokens combine with the scheme on one element).
            let _ = root.set_attribute("data-channel", theme().as_deref().unwrap_or("browser"));
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
    view! {
        <Title text="组件库 Gallery - 市民之家" />
        <NavBar title="组件库 Gallery" back=Some("/".to_string()) />
        <div class="ch-gallery">
            <main id="main" class="ch-page ch-gallery__page">
                <Switches />
                {move || match params.with(|p| p.get("component")) {
                    None => view! { <Index /> }.into_any(),
                    Some(name) => match ENTRIES.iter().find(|e| e.name == name) {
                        Some(entry) => view! { <Component entry state=q("state") /> }.into_any(),
                        None => view! {
                            <h1 class="ch-page__title">"组件库 Gallery"</h1>
                            <ResultView status=ResultStatus::Empty title=format!("没有这个组件 No such component: {name}")>
                                <AllComponents class="ch-button" />
                            </ResultView>
                        }
                        .into_any(),
                    },
                }}
            </main>
        </div>
    }
}

/// The link back to the list of components, keeping the preview switches (theme, scheme,
/// elder, language, zoom) but not the state.
#[component]
fn AllComponents(#[prop(optional)] class: &'static str) -> impl IntoView {
    let query = use_query_map();
    let href = move || {
        let mut q = query.get();
        q.remove("state");
        format!("/gallery{}", q.to_query_string())
    };
    view! { <A href=href attr:class=class>"全部组件 All components"</A> }
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
            {select("scheme", "配色 Scheme", &[("", "auto 跟随设备"), ("light", "light"), ("dark", "dark")])}
            {select("elder", "长辈版 Elder", &[("", "off"), ("1", "on")])}
            {select("lang", "语言 Language", &[("", "zh-CN"), ("en", "en")])}
            {select("zoom", "文字 Text", &[("", "100%"), ("150", "150%"), ("200", "200%")])}
        </form>
    }
}

/// One component: each state (or the one asked for) at 320 px and 430 px.
#[component]
fn Component(entry: &'static Entry, state: Option<String>) -> impl IntoView {
    let query = use_query_map();
    let en = Memo::new(move |_| query.with(|q| q.get("lang").as_deref() == Some("en")));
    let alone = state.is_some();
    let states: Vec<&'static str> = entry
        .states
        .iter()
        .copied()
        .filter(|s| state.as_deref().is_none_or(|x| x == *s))
        .collect();
    view! {
        <h1 class="ch-page__title">{entry.title}</h1>
        <p><AllComponents /></p>
        {if states.is_empty() {
            view! { <ResultView status=ResultStatus::Empty title=format!("没有这个状态 No such state. 可选 Choose from: {}", entry.states.join(", "))></ResultView> }.into_any()
        } else {
            states
                .into_iter()
                .map(|s| {
                    let frames = NodeRef::<html::Div>::new();
                    if entry.name == "error-summary" {
                        // ErrorSummary focuses itself two frames after it mounts, which
                        // scrolls the frames sideways to the 430 px copy: show the 320 px
                        // one again once it has.
                        Effect::new(move |_| {
                            if let Some(el) = frames.get() {
                                request_animation_frame(move || {
                                    request_animation_frame(move || {
                                        request_animation_frame(move || el.set_scroll_left(0))
                                    })
                                });
                            }
                        });
                    }
                    view! {
                        <section class="ch-section" data-state=s>
                            <h2 class="ch-section__title">{s}</h2>
                            <div node_ref=frames class="ch-gallery__frames" tabindex="0" role="region" aria-label=format!("{} {s}", entry.name)>
                                {[320u16, 430].map(|w| view! {
                                    <div class="ch-gallery__frame" style=format!("width: {w}px")>
                                        <p class="ch-caption">{format!("{w} px")}</p>
                                        {move || render(entry.name, s, Fx { en: en.get(), frame: w, alone })}
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

fn tiles(long: bool, fx: Fx) -> Signal<Vec<TileGroup>> {
    let tile = |label: &str, category| Tile {
        href: "#".into(),
        label: label.into(),
        category,
    };
    let groups = if long {
        vec![TileGroup {
            title: fx.s(LONG_ZH, LONG_EN),
            tiles: vec![
                tile(fx.t(LONG_ZH, LONG_EN), Category::ExitEntry),
                tile(LONG_EN, Category::Traffic),
                tile(fx.t("水费", "Water"), Category::Bills),
            ],
        }]
    } else {
        vec![
            TileGroup {
                title: fx.s("交通出行", "Transport"),
                tiles: vec![
                    tile(
                        fx.t("交通违章查询", "Check traffic violations"),
                        Category::Traffic,
                    ),
                    tile(
                        fx.t("交通罚款缴纳", "Pay a traffic fine"),
                        Category::Traffic,
                    ),
                    tile(fx.t("路况查询", "Road conditions"), Category::Traffic),
                    tile(fx.t("公交查询", "Bus times"), Category::Traffic),
                ],
            },
            TileGroup {
                title: fx.s("生活缴费", "Bills"),
                tiles: vec![
                    tile(fx.t("水费", "Water"), Category::Bills),
                    tile(fx.t("电费", "Electricity"), Category::Bills),
                    tile(fx.t("燃气费", "Gas"), Category::Bills),
                ],
            },
        ]
    };
    Signal::stored(groups)
}

/// The fixture view of `component` in `state`.
fn render(component: &str, state: &'static str, fx: Fx) -> AnyView {
    let long = state == "long-text";
    match component {
        "nav-bar" => {
            let title = if long {
                fx.t(LONG_ZH, LONG_EN)
            } else {
                fx.t("办事指南", "Service guide")
            };
            let back = (state != "default").then(|| "#".to_string());
            view! { <NavBar title=title.to_string() back=back /> }.into_any()
        }
        "tile-grid" if state == "empty" => view! {
            <TileGrid groups=Signal::stored(vec![]) />
            <ResultView status=ResultStatus::Empty title=fx.s("没有找到“abc”相关的服务", "No services match “abc”") />
        }
        .into_any(),
        "tile-grid" if state == "loading" => view! { <Skeleton rows=1 tiles=true /> }.into_any(),
        "tile-grid" if state == "error" => view! {
            <ResultView
                status=ResultStatus::Error
                title=fx.s("服务加载失败", "Could not load the services")
                description=fx.s("网络连接失败，请检查网络后重试", "No network connection. Check your connection and try again.")
            >
                <button type="button" class="ch-button ch-button--primary">{fx.t("重试", "Try again")}</button>
            </ResultView>
        }
        .into_any(),
        "tile-grid" => view! { <TileGrid groups=tiles(long, fx) /> }.into_any(),
        "search-bar" => {
            let (label, placeholder) = if long {
                (fx.t(LONG_ZH, LONG_EN), LONG_EN)
            } else {
                (
                    fx.t("搜索服务", "Search services"),
                    fx.t("如：违章、水费、挂号", "For example: fines, water, hospital"),
                )
            };
            view! {
                <SearchBar
                    id=fx.id(state, "search")
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
                    fx.t("加载失败", "Could not load"),
                    fx.t(
                        "网络连接失败，请检查网络后重试",
                        "No network connection. Check your connection and try again.",
                    ),
                ),
                "long-text" => (ResultStatus::Empty, fx.t(LONG_ZH, LONG_EN), LONG_EN),
                _ => (
                    ResultStatus::Empty,
                    fx.t("该城市服务即将开通", "Services for this city are coming soon"),
                    fx.t(
                        "这个城市还没有接入市民之家，我们正在努力开通。",
                        "This city has not joined Citizen Home yet. We are working on it.",
                    ),
                ),
            };
            view! {
                <ResultView status title=title.to_string() description=description.to_string()>
                    <button type="button" class="ch-button ch-button--primary">{fx.t("重试", "Try again")}</button>
                </ResultView>
            }
            .into_any()
        }
        "skeleton" => view! { <Skeleton rows=3 tiles=state == "tiles" /> }.into_any(),
        "field" | "error-summary" | "check-answers" | "confirmation" | "region-picker" => {
            forms::render(component, state, fx)
        }
        _ => design::render(component, state, fx),
    }
}
