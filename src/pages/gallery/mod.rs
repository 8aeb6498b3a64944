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

//!
//! | module | its job |
//! |---|---|
//! | `shell` | the page: switches, then the index or one component's frames |
//! | `switches`, `preview` | the preview switches, and the URL's look applied to the document |
//! | `index` | the list of components |
//! | `entries` | every entry with its states, and which group renders it |
//! | `fixtures` | what every fixture shares ([`Fx`](fixtures::Fx), long texts) |
//! | `basics`, `forms`, `design` | the fixtures of each group of components |

mod basics;
mod design;
mod entries;
mod fixtures;
mod forms;
mod index;
mod preview;
mod shell;
mod switches;

pub use shell::Gallery;
