//! Normalisation and validation of what residents type, one module per kind of value, each
//! with a pair of functions and its own error type. The browser (wasm32) and the server
//! (native) run exactly this code.
//!
//! Every rule works in two steps:
//!
//! 1. `normalize_*`: turn an unambiguous variant into the one canonical form. Always NFKC
//!    first ([`crate::text::nfkc`]: full-width `１２３ＡＢ` from Chinese IMEs becomes
//!    `123AB`, the ideographic space a plain space), then trim, then per kind: drop spaces,
//!    dashes, middle dots and zero-width characters where they never carry meaning (IDs,
//!    phones, plates), upper-case letters (`x` → `X` in IDs, plate letters), strip the
//!    country code `+86` / `0086` from mobiles. Never fails; the browser applies it on blur
//!    and on submit, never while an IME is composing.
//! 2. `validate_*`: check a normalised value and say precisely what is wrong with the
//!    kind's error ([`ResidentIdError`], [`MobileError`], [`PlateError`], [`TextError`],
//!    [`DateAnswerError`], [`IntegerError`], [`PlateTypeError`], [`VehicleCheckError`],
//!    [`AccountError`]), which converts into a [`FieldError`]. Its
//!    `code()` is stable (it travels in API error bodies) and its `message()` tells the
//!    resident how to fix it.
//!
//! The modules:
//!
//! - `resident_id`: 居民身份证号码, GB 11643-1999 (structure, ISO 7064 MOD 11-2 check
//!   digit) and GB/T 2260 (行政区划代码: province-level codes);
//! - `mobile`: mainland mobile numbers, the numbering plan of the Ministry of Industry and
//!   Information Technology (11 digits starting 13–19);
//! - `plate`: 号牌号码, GA 36-2018 (机动车号牌);
//! - `plate_type`: 号牌种类, GA 24.7-2020 codes, and whether a plate fits its type;
//! - `vehicle_check`: the last six characters of an engine number or VIN (GB 16735);
//! - `account`: 户号 (utility account numbers) in a provider's own format, Luhn;
//! - `date`: calendar dates as typed, ISO 8601 on the wire;
//! - `text`: one-line and multi-line text;
//! - `integer`: whole numbers with a unit;
//! - `error`: [`FieldError`], all of the above and the mistakes of no kind;
//! - `separator` and `mask`: helpers the kinds share.
//!
//! Everything public is re-exported here: `citizen_core::rules::validate_mobile`.

mod account;
mod date;
mod error;
mod integer;
mod mask;
mod mobile;
mod plate;
mod plate_type;
mod resident_id;
mod separator;
mod text;
mod vehicle_check;

pub use account::{
    luhn_check_digit, luhn_valid, mask_utility_account, normalize_utility_account,
    validate_utility_account, AccountCheck, AccountError, AccountRule, MAX_ACCOUNT_LEN,
};
pub use date::{normalize_date, validate_date, DateAnswerError};
pub use error::FieldError;
pub use integer::{normalize_integer, validate_integer, IntegerError};
pub use mobile::{mask_mobile, normalize_mobile, validate_mobile, MobileError};
pub use plate::{
    mask_plate, normalize_plate, validate_plate, PlateError, PLATE_PROVINCES, PLATE_SUFFIXES,
};
pub use plate_type::{validate_plate_for_type, PlateType, PlateTypeError};
pub use resident_id::{
    mask_resident_id, normalize_resident_id, resident_id_check_char, validate_resident_id,
    ResidentIdError, ID_EARLIEST_BIRTH, ID_PROVINCE_CODES,
};
pub use separator::is_separator;
pub use text::{
    mask_text, normalize_long_text, normalize_short_text, validate_long_text, validate_short_text,
    TextError,
};
pub use vehicle_check::{
    mask_vehicle_check, normalize_vehicle_check, validate_vehicle_check, VehicleCheckError,
    VehicleCheckKind, VEHICLE_CHECK_LEN,
};
