//! Grid (antd-mobile vocabulary): service tiles grouped under headings.

use citizen_core::catalog::Category;
use leptos::prelude::*;
use leptos_router::components::A;

use super::icon::CategoryIcon;

/// One tile: a link to a service.
#[derive(Debug, Clone, PartialEq)]
pub struct Tile {
    /// Where the tile goes, for example `/city/310100/service/traffic-violation`.
    pub href: String,
    /// The visible label, for example 交通违章查询.
    pub label: String,
    /// Chooses the glyph.
    pub category: Category,
}

/// A titled group of tiles.
#[derive(Debug, Clone, PartialEq)]
pub struct TileGroup {
    /// The group heading, for example 交通出行.
    pub title: String,
    /// Its tiles, in order.
    pub tiles: Vec<Tile>,
}

/// Renders each group as a section with an `<h2>` and a list of tile links. Empty groups
/// are skipped. Four tiles per row at phone width, fewer when the text is large.
#[component]
pub fn TileGrid(
    /// The groups, in display order.
    #[prop(into)]
    groups: Signal<Vec<TileGroup>>,
) -> impl IntoView {
    move || {
        groups
            .get()
            .into_iter()
            .filter(|g| !g.tiles.is_empty())
            .map(|g| {
                view! {
                    <section class="ch-tile-group">
                        <h2 class="ch-tile-group__title">{g.title}</h2>
                        <ul class="ch-tile-grid">
                            {g
                                .tiles
                                .into_iter()
                                .map(|t| {
                                    view! {
                                        <li class="ch-tile">
                                            <A href=t.href attr:class="ch-tile__link">
                                                <span class="ch-tile__icon">
                                                    <CategoryIcon category=t.category />
                                                </span>
                                                <span class="ch-tile__label">{t.label}</span>
                                            </A>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view()
    }
}
