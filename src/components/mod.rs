//! Design-system components. A component gets its data through props and reports through
//! callbacks: it never calls the API, reads storage or talks to a host (DESIGN.md), which
//! is what lets a gallery render every one of them from fixtures.
//!
//! Class names are BEM-like with the `ch-` prefix; colours and sizes come from the CSS
//! custom properties in `style/tokens.css`.

// Built for pages to come (payments, progress, 号源 booking); until a page uses them only the
// gallery does, which the residents' bundle leaves out.
#[cfg_attr(not(feature = "gallery"), allow(dead_code))]
pub mod amount;
pub mod check_answers;
pub mod confirmation;
#[cfg_attr(not(feature = "gallery"), allow(dead_code))]
pub mod dialog;
pub mod error_summary;
pub mod field;
pub mod icon;
pub mod index_bar;
pub mod nav_bar;
pub mod region_picker;
pub mod result;
pub mod search_bar;
pub mod skeleton;
#[cfg_attr(not(feature = "gallery"), allow(dead_code))]
pub mod slot_picker;
#[cfg_attr(not(feature = "gallery"), allow(dead_code))]
pub mod steps;
pub mod tile_grid;
#[cfg_attr(not(feature = "gallery"), allow(dead_code))]
pub mod toast;
