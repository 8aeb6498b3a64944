//! One module per route. Pages compose components and are the only place that calls
//! [`crate::api`] and [`crate::state`].

pub mod city_picker;
#[cfg(feature = "forms")]
pub mod form;
#[cfg(feature = "gallery")]
pub mod gallery;
pub mod home;
pub mod not_found;
pub mod service;
#[cfg(feature = "services")]
pub mod services;
pub mod settings;
