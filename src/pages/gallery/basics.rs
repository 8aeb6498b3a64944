//! Gallery fixtures of the residents' components: NavBar, Grid, SearchBar, IndexBar,
//! Result and Skeleton.

use citizen_core::catalog::Category;
use leptos::prelude::*;

use super::fixtures::{Fx, LONG_EN, LONG_ZH};
use crate::components::index_bar::IndexBar;
use crate::components::nav_bar::NavBar;
use crate::components::result::{ResultStatus, ResultView};
use crate::components::search_bar::SearchBar;
use crate::components::skeleton::Skeleton;
use crate::components::tile_grid::{Tile, TileGrid, TileGroup};

/// The fixture view of a basic component (NavBar, Grid, SearchBar, IndexBar, Result,
/// Skeleton) in `state`.
pub(super) fn render(component: &str, state: &'static str, fx: Fx) -> AnyView {
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
        // "skeleton"
        _ => view! { <Skeleton rows=3 tiles=state == "tiles" /> }.into_any(),
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
