//! The gallery's entries: every component and page-level pattern with its states, and
//! which group of fixtures renders it.

use leptos::prelude::*;

use super::fixtures::Fx;
use super::{basics, design, forms};

/// One component in the gallery: its URL name and its states.
pub(super) struct Entry {
    pub(super) name: &'static str,
    pub(super) title: &'static str,
    pub(super) states: &'static [&'static str],
}

/// Every component and page-level pattern with the states the gallery shows.
pub(super) const ENTRIES: &[Entry] = &[
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

/// The fixture view of `component` in `state`.
pub(super) fn render(component: &str, state: &'static str, fx: Fx) -> AnyView {
    match component {
        "nav-bar" | "tile-grid" | "search-bar" | "index-bar" | "result" | "skeleton" => {
            basics::render(component, state, fx)
        }
        "field" | "error-summary" | "check-answers" | "confirmation" | "region-picker" => {
            forms::render(component, state, fx)
        }
        _ => design::render(component, state, fx),
    }
}
