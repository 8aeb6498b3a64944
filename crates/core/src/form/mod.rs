//! Service forms: the schema a catalog file declares (`Service::form`), and the checking of
//! a resident's answers against it with the rules of [`crate::rules`].
//!
//! A form is ordered pages of typed fields (GOV.UK "one thing per page" where a page would
//! otherwise be long). In a catalog file:
//!
//! ```json
//! "form": {
//!   "pages": [
//!     {"key": "partner-a", "title": {"zh": "男方信息", "en": "First partner"},
//!      "fields": [
//!        {"key": "groom_name", "label": {"zh": "姓名", "en": "Full name"},
//!         "rule": {"kind": "short_text", "max_length": 30}},
//!        {"key": "groom_id", "label": {"zh": "居民身份证号码", "en": "Resident ID number"},
//!         "hint": {"zh": "18位，最后一位可能是X", "en": "18 characters; the last may be X"},
//!         "rule": {"kind": "resident_id"}}]}],
//!   "next_steps": {"zh": "请在预约日期携带……", "en": "On the day, bring ..."}
//! }
//! ```
//!
//! Answers travel as a JSON object from field key to value ([`Answers`]): a string for
//! text, IDs, phones, plates, dates (`"2026-03-10"`), a choice's option value and a region's
//! district code; an array of option values for multiple choice; `true`/`false` for
//! consent; a number (or a string of digits as typed) for integers.
//! [`validate_answers`] returns them normalised: exactly one canonical value per answered,
//! visible field, and nothing else.
//!
//! The modules, re-exported here (`citizen_core::form::validate_answers`):
//!
//! - `schema`: [`FormSchema`], [`FormPage`], [`Field`], [`FieldRule`] and their JSON shape;
//! - `validate`: [`Field::check`], [`validate_answers`], [`validate_pages`];
//! - `display`: [`Field::display_answer`], [`Field::mask_answer`],
//!   [`FormSchema::mask_answers`], [`error_message`];
//! - `check`: [`check_form`], the catalog loader's check of a schema.

mod check;
mod display;
mod schema;
mod validate;

pub use check::check_form;
pub use display::error_message;
pub use schema::{
    Answers, ChoiceDisplay, ChoiceOption, ConditionValue, Field, FieldRule, FormPage, FormSchema,
    ShowWhen, AUTOCOMPLETE_TOKENS,
};
pub use validate::{validate_answers, validate_pages, FieldErrors};
