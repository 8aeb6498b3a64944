//! Client state that outlives a page: the chosen city, display preferences, form drafts
//! and the pages visited, kept in localStorage (or sessionStorage) when it works.
//!
//! | file | holds |
//! |---|---|
//! | [`city`] | the chosen city ([`CityChoice`]) |
//! | [`visits`] | the in-app pages visited during this page's life ([`Visits`]) |
//! | [`prefs`] | 长辈版, colour scheme and language |
//! | [`drafts`] | form drafts and receipts |
//! | [`storage`] | localStorage and sessionStorage that never panic |

pub mod city;
pub mod drafts;
pub mod prefs;
pub mod storage;
pub mod visits;

pub use city::{use_city_choice, CityChoice};
pub use visits::{use_visits, Visits};
