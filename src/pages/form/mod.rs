//! Applying for a service online: the form flow of a service that declares a form.
//!
//! | path under `/city/:code/service/:id/apply` | page |
//! |---|---|
//! | (none) | goes to the first question page |
//! | `/{page key}` | one question page per schema page (`?from=check` returns to 核对信息) |
//! | `/check` | 核对信息 (check your answers) and submit |
//! | `/done` | 申请已提交: the 受理编号, the time and what happens next |
//! | `/discard` | 放弃草稿？ (discard the draft), with a way back |
//!
//! One route, `/city/:code/service/:id/apply/*rest`, whose view [`FormFlow`] (`route`) loads
//! the service once, the region data when a field needs it, and the draft
//! ([`crate::state::drafts`]), shares them with the pages as a `Flow` in context (`flow`),
//! and shows the page `rest` names (a flat route rather than nested ones: less router code in
//! the one wasm every page loads). A schema page key `check`, `done` or `discard` would be
//! shadowed; the catalog has none. Answers are checked with citizen-core's `validate_pages` /
//! `validate_answers`, the very code the server runs again.
//!
//! | module | its job |
//! |---|---|
//! | `route` | the route's view: loading the service, building the flow, choosing the page |
//! | `flow` | the state every page shares (`Flow`), its URLs and the draft's storage |
//! | `taps` | the double-tap guard (a second tap never acts on the page the first opened) |
//! | `draft_note` | the draft's notice (saved on this device, or not; 放弃草稿) |
//! | `question`, `check`, `done`, `discard` | the pages |

mod check;
mod discard;
mod done;
mod draft_note;
mod flow;
mod question;
mod route;
// Also the saved accounts' guard (services::accounts).
pub(crate) mod taps;

pub use route::FormFlow;
