//! citizen-core: the rules and types that the browser (wasm32) and the server (native) share.
//!
//! Nothing here touches the platform: no web-sys, no tokio, no sqlx. The same code checks a
//! catalog file when the server starts, ranks the city picker's search results in the browser,
//! and types every JSON body of the `/api/v1` API.
//!
//! - [`city`]: a city of the picker, with its pinyin reading and A–Z letter.
//! - [`search`]: city search over Chinese characters, full pinyin and pinyin initials.
//! - [`catalog`]: the per-city service catalog files and their validation.
//! - [`localized`]: text in both languages (`zh`, `en`), used by all the others.
//! - [`api`]: request and response bodies of `/api/v1`.
//! - [`text`]: input normalisation (NFKC, spaces, case) used by search and the form rules.
//! - [`rules`]: normalisation and validation of each kind of answer (居民身份证号码,
//!   mobile, 号牌号码, dates, text, numbers), with stable error codes and messages.
//! - [`form`]: service forms declared in the catalog, and checking answers against them.
//! - [`region`]: the province → city → district data of the region picker.
//! - [`date`]: plain calendar dates (`2026-03-10`); the core has no clock.
//! - [`money`]: amounts in 分 ([`money::Fen`]), checked sums, `¥12.30`.
//! - [`slot`]: 号源 (appointment slots), their days and what is left of them.
//! - [`order`]: orders, their items in 分 and their payment states.
//! - [`booking`]: bookings of a slot and their states.
//! - [`reference`](mod@reference): 受理编号 (reference numbers), made and read.
//! - [`identity`]: 实名 (name, resident ID, mobile), checked and masked.
//! - [`traffic`]: traffic violation lookups: 号牌种类, engine/VIN tails, the lookup form.
//! - [`utility`]: water, electricity and gas providers, their 户号 formats, the bill form.
//! - [`routes`]: every client path of the SPA, built and parsed.

#![warn(missing_docs)]

pub mod api;
pub mod booking;
pub mod catalog;
pub mod city;
pub mod date;
pub mod form;
pub mod identity;
pub mod localized;
pub mod money;
pub mod order;
pub mod reference;
pub mod region;
pub mod routes;
pub mod rules;
pub mod search;
pub mod slot;
pub mod text;
pub mod traffic;
pub mod utility;
