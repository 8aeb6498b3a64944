//! Look up and pay (issue 14): the pages of the services bundle (feature `services`).
//!
//! | path | page | module |
//! |---|---|---|
//! | `/city/{code}/service/{id}/lookup` | the lookup form (traffic or bills; saved accounts) | `lookup`, `accounts` |
//! | `/city/{code}/service/{id}/lookup/{lookup_id}` | the results; choose and pay | `results`, `traffic_results`, `bill_results`, `pay` |
//! | `/orders/{order_id}` | summary → 确认支付 → 支付中 → result | `order` |
//! | `/identity?next=…` | 实名: name, resident ID, phone | `identity` |
//! | `/my`, `/my/{kind}/{id}` | 我的办件 and one item; 退出 | `my_items` |
//!
//! Shared: `schema_form` (a one-page core `FormSchema` with the form components and the
//! error summary), `intent` (idempotency keys per intent to pay, kept for the tab),
//! `common` (times, timelines, the `next` path check). Everything is read from the server
//! (`crate::api`): a reload always shows the true state.

mod accounts;
mod bill_results;
mod common;
mod identity;
mod intent;
mod lookup;
mod my_items;
mod order;
mod pay;
mod results;
mod schema_form;
mod traffic_results;

pub use identity::IdentityPage;
pub use lookup::LookupPage;
pub use my_items::{MyItemPage, MyItemsPage};
pub use order::OrderPage;
pub use results::ResultsPage;
