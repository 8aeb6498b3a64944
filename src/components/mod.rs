//! Design-system components. A component gets its data through props and reports through
//! callbacks: it never calls the API, reads storage or talks to a host (DESIGN.md), which
//! is what lets a gallery render every one of them from fixtures.
//!
//! Class names are BEM-like with the `ch-` prefix; colours and sizes come from the CSS
//! custom properties in `style/tokens.css`.

pub mod amount;
pub mod check_answers;
pub mod confirmation;
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
pub mod slot_picker;
pub mod steps;
pub mod tile_grid;
pub mod toast;
