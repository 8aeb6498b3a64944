//! Icons, inline SVG so they cost no request: one outline glyph per service category
//! ([`CategoryIcon`]) and the top bar's actions ([`ActionIcon`]).

use citizen_core::catalog::Category;
use leptos::prelude::*;

/// SVG path data (24×24 viewBox, 1.8 px strokes) of each category's glyph.
fn path(category: Category) -> &'static str {
    match category {
        // a car
        Category::Traffic => {
            "M5 16h14M6.5 16l1.5-5.5h8l1.5 5.5M4 16v3h3v-3m10 0v3h3v-3M8 13.5h.01M16 13.5h.01"
        }
        // a receipt
        Category::Bills => "M6 3h12v18l-3-2-3 2-3-2-3 2zM9 8h6M9 12h6M9 16h3",
        // a medical cross in a square
        Category::Health => "M4 4h16v16H4zM12 8v8M8 12h8",
        // a passport
        Category::ExitEntry => "M6 3h12v18H6zM12 9.5a2.5 2.5 0 1 0 0 .01M9 15h6",
        // two rings
        Category::Marriage => {
            "M9.5 15.5a4 4 0 1 0 0-.01M14.5 15.5a4 4 0 1 0 0-.01M12 4l2 2-2 2-2-2z"
        }
        // a book
        Category::Culture => "M4 5c3-1 6-1 8 1 2-2 5-2 8-1v14c-3-1-6-1-8 1-2-2-5-2-8-1zM12 6v14",
        // a speech bubble
        Category::Consultation => "M4 5h16v11h-9l-4 3v-3H4zM8 9h8M8 12h5",
    }
}

/// A decorative category glyph (hidden from screen readers: the tile's text names it).
#[component]
pub fn CategoryIcon(category: Category) -> impl IntoView {
    view! {
        <svg class="ch-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path(category) />
        </svg>
    }
}

/// A top bar action's glyph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// 长辈版: a large and a small letter A.
    LargeText,
    /// 设置: a gear.
    Settings,
}

/// A decorative action glyph beside the action's visible label (hidden from screen
/// readers: the label names the action).
#[component]
pub fn ActionIcon(action: Action) -> impl IntoView {
    let d = match action {
        Action::LargeText => "M3 19l5.5-14h1L15 19M5.2 14h8.6M15.5 19l3-7.5h.5l3 7.5M16.5 17h4.5",
        Action::Settings => {
            "M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1"
        }
    };
    view! {
        <svg class="ch-icon ch-icon--action" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=d />
        </svg>
    }
}
