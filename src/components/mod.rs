//! Design-system components. A component gets its data through props and reports through
//! callbacks: it never calls the API, reads storage or talks to a host (DESIGN.md), which
//! is what lets a gallery render every one of them from fixtures.
//!
//! Class names are BEM-like with the `ch-` prefix; colours and sizes come from the CSS
//! custom properties in `style/tokens.css`.

// The form components are in the form flow's bundle (feature `forms`) only. The others
// marked below are built for pages to come (payments, progress, 号源 booking); until a page
// uses them only the gallery does, which the residents' bundle leaves out.
#[cfg_attr(not(feature = "gallery"), allow(dead_code))]
pub mod amount;
#[cfg(feature = "forms")]
pub mod check_answers;
#[cfg(feature = "forms")]
pub mod confirmation;
#[cfg_attr(not(feature = "gallery"), allow(dead_code))]
pub mod dialog;
#[cfg(feature = "forms")]
pub mod error_summary;
#[cfg(feature = "forms")]
pub mod field;
pub mod icon;
pub mod index_bar;
pub mod loaded;
pub mod nav_bar;
#[cfg(feature = "forms")]
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
