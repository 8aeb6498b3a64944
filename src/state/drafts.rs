//! Form drafts and receipts, kept on the device in localStorage (when it works).
//!
//! A draft holds one form instance: the answers exactly as typed, the `Idempotency-Key`
//! made once for the instance, and the answers of a submission whose outcome is unknown
//! (sent, then the connection dropped). It is written on every change, so a reload, a
//! killed webview or Back never loses anything, and deleted after a successful submission.
//! Drafts hold ID numbers and phone numbers: they leave the device only in the body of
//! our own `POST /api/v1/services/{id}/submissions`.
//!
//! A receipt is what the confirmation page shows (受理编号, time, next steps), without the
//! answers, so the page survives a reload after the draft is gone.
//!
//! Keys: `ch.draft.{city}.{service}` and `ch.receipt.{city}.{service}`. Unreadable or
//! foreign content is ignored, never trusted: the resident just starts again.

#[cfg(feature = "forms")]
use citizen_core::api::SubmissionResponse;
use citizen_core::api::MAX_IDEMPOTENCY_KEY_LEN;
#[cfg(feature = "forms")]
use citizen_core::catalog::LocalizedText;
#[cfg(feature = "forms")]
use citizen_core::date::CalendarDate;
#[cfg(feature = "forms")]
use citizen_core::form::Answers;
#[cfg(feature = "forms")]
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::storage;

/// The version of the stored draft format; drafts of another version are ignored.
const DRAFT_VERSION: u32 = 1;

/// One form instance on the device.
#[cfg(feature = "forms")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Format version ([`DRAFT_VERSION`]).
    pub v: u32,
    /// The `Idempotency-Key` of this form instance: a random UUID (36 ASCII characters),
    /// made when the instance starts and kept until it is submitted or discarded.
    pub idempotency_key: String,
    /// Field key → the answer as entered: text as typed (normalised on blur), an option
    /// value, a list of option values, `true`/`false`, a district code.
    pub answers: Answers,
    /// The normalised answers last sent with this key while the outcome is unknown (no
    /// answer, a 5xx). A later 409 means that request was stored: sending these again
    /// with the key fetches its result. `None` when nothing is pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Answers>,
}

#[cfg(feature = "forms")]
impl Draft {
    /// A new, empty form instance with a fresh idempotency key.
    pub fn new() -> Self {
        Draft {
            v: DRAFT_VERSION,
            idempotency_key: new_idempotency_key(),
            answers: Answers::new(),
            pending: None,
        }
    }
}

#[cfg(feature = "forms")]
impl Default for Draft {
    fn default() -> Self {
        Draft::new()
    }
}

fn draft_key(city: &str, service: &str) -> String {
    format!("ch.draft.{city}.{service}")
}

#[cfg(feature = "forms")]
fn receipt_key(city: &str, service: &str) -> String {
    format!("ch.receipt.{city}.{service}")
}

/// Whether `key` is an idempotency key the server accepts: 1 to 128 visible ASCII
/// characters.
fn key_ok(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_IDEMPOTENCY_KEY_LEN
        && key.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

/// The stored draft of `service` in `city`, or `None` when there is none, storage does not
/// work, or what is stored is not a draft of this version.
#[cfg(feature = "forms")]
pub fn load(city: &str, service: &str) -> Option<Draft> {
    let text = storage::get(&draft_key(city, service))?;
    let draft: Draft =
        serde_wasm_bindgen::from_value(web_sys::js_sys::JSON::parse(&text).ok()?).ok()?;
    (draft.v == DRAFT_VERSION && key_ok(&draft.idempotency_key)).then_some(draft)
}

/// Whether a draft of this version with at least one answer is stored for `service` in
/// `city` (the guide then offers 继续办理).
///
/// Looks at the stored JSON's `v`, `idempotency_key` and `answers` only, without reading
/// the answers into a [`Draft`]: the service guide is in the residents' bundle, which
/// should not carry the code that reads every kind of answer (issue 2's first-load budget).
/// A draft [`load`] would reject in its other fields is still reported; the form then
/// starts afresh.
pub fn has_answers(city: &str, service: &str) -> bool {
    use web_sys::js_sys::{Array, Object, Reflect, JSON};
    let Some(draft) = storage::get(&draft_key(city, service)).and_then(|t| JSON::parse(&t).ok())
    else {
        return false;
    };
    let field = |name: &str| Reflect::get(&draft, &JsValue::from_str(name)).ok();
    field("v").and_then(|v| v.as_f64()) == Some(f64::from(DRAFT_VERSION))
        && field("idempotency_key")
            .and_then(|k| k.as_string())
            .is_some_and(|k| key_ok(&k))
        && field("answers")
            .filter(|a| a.is_object() && !Array::is_array(a))
            .is_some_and(|a| Object::keys(a.unchecked_ref::<Object>()).length() > 0)
}

/// Stores `draft`; returns whether it was stored (false: no storage, or it is full).
#[cfg(feature = "forms")]
pub fn save(city: &str, service: &str, draft: &Draft) -> bool {
    match serde_json::to_string(draft) {
        Ok(text) => storage::set(&draft_key(city, service), &text),
        Err(_) => false,
    }
}

/// Deletes the draft of `service` in `city`.
#[cfg(feature = "forms")]
pub fn delete(city: &str, service: &str) {
    storage::remove(&draft_key(city, service));
}

/// One answer the confirmation page repeats: a choice, a date or a number the resident
/// made (预约日期, 婚姻登记机关), never a name, ID number, phone or address.
#[cfg(feature = "forms")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReceiptFact {
    /// The question.
    pub label: LocalizedText,
    /// The answer as it reads.
    pub value: LocalizedText,
}

/// What the confirmation page shows, kept on the device so it survives a reload after the
/// draft is gone. No personal data: the response is stored without its answers.
#[cfg(feature = "forms")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// The server's response (受理编号, time, next steps), its `answers` emptied.
    #[serde(flatten)]
    pub response: SubmissionResponse,
    /// The answers worth repeating (see [`ReceiptFact`]), in question order.
    #[serde(default)]
    pub facts: Vec<ReceiptFact>,
    /// The questions whose answers the resident changed after an earlier send of this
    /// form instance was stored (the reply was lost): those changes were not sent.
    #[serde(default)]
    pub unsent_changes: Vec<LocalizedText>,
}

#[cfg(feature = "forms")]
impl Receipt {
    /// A receipt of `response`, dropping its answers.
    pub fn new(
        response: &SubmissionResponse,
        facts: Vec<ReceiptFact>,
        unsent_changes: Vec<LocalizedText>,
    ) -> Self {
        Receipt {
            response: SubmissionResponse {
                answers: Answers::new(),
                ..response.clone()
            },
            facts,
            unsent_changes,
        }
    }
}

/// Stores `receipt` for `service` in `city`, and marks it as submitted in this tab (see
/// [`just_submitted`]).
#[cfg(feature = "forms")]
pub fn save_receipt(city: &str, service: &str, receipt: &Receipt) {
    if let Ok(text) = serde_json::to_string(receipt) {
        storage::set(&receipt_key(city, service), &text);
    }
    storage::session_set(&submitted_key(city, service), "1");
}

/// The last receipt of `service` in `city`, if one is stored and readable.
#[cfg(feature = "forms")]
pub fn load_receipt(city: &str, service: &str) -> Option<Receipt> {
    let text = storage::get(&receipt_key(city, service))?;
    serde_json::from_str(&text).ok()
}

#[cfg(feature = "forms")]
fn submitted_key(city: &str, service: &str) -> String {
    format!("ch.submitted.{city}.{service}")
}

/// Whether this tab submitted `service` in `city` and has not started it again since:
/// the form's pages left behind in the history (Back from the confirmation) then say the
/// application was submitted instead of showing an empty form.
#[cfg(feature = "forms")]
pub fn just_submitted(city: &str, service: &str) -> bool {
    storage::session_get(&submitted_key(city, service)).is_some()
}

/// Forgets [`just_submitted`] (the resident starts the form again).
#[cfg(feature = "forms")]
pub fn clear_just_submitted(city: &str, service: &str) {
    storage::session_remove(&submitted_key(city, service));
}

#[cfg(feature = "forms")]
#[wasm_bindgen]
extern "C" {
    /// `crypto.getRandomValues(buf)`; throws where there is no Web Crypto.
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buf: &mut [u8]) -> Result<JsValue, JsValue>;

    /// `Math.random()`.
    #[wasm_bindgen(js_namespace = Math, js_name = random)]
    fn math_random() -> f64;

    /// `Date.now()`: milliseconds since 1970-01-01T00:00:00Z by the device's clock.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// A new idempotency key: a random (version 4) UUID, `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`,
/// from `crypto.getRandomValues`; where Web Crypto is missing, from `Math.random` and the
/// clock (unique enough for one resident's form instances, which is all a key needs).
#[cfg(feature = "forms")]
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    if get_random_values(&mut bytes).is_err() {
        let now = date_now() as u64;
        for (i, b) in bytes.iter_mut().enumerate() {
            let noise = (math_random() * 256.0) as u64;
            *b = ((noise ^ (now >> ((i % 6) * 8))) & 0xff) as u8;
        }
    }
    uuid_v4(bytes)
}

/// `bytes` as a version 4 (random) UUID: the version and variant bits set, written as
/// lower-case hex in groups of 8-4-4-4-12.
#[cfg(feature = "forms")]
fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Today in China Standard Time (UTC+08:00) by the device's clock: the "today" of the
/// date rules, as the server computes it from its own clock.
#[cfg(feature = "forms")]
pub fn today_in_china() -> CalendarDate {
    CalendarDate::in_china_at((date_now() / 1000.0).floor() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_keys() {
        assert_eq!(draft_key("310100", "marriage"), "ch.draft.310100.marriage");
        #[cfg(feature = "forms")]
        {
            assert_eq!(receipt_key("310100", "x"), "ch.receipt.310100.x");
            assert_eq!(submitted_key("310100", "x"), "ch.submitted.310100.x");
        }
    }

    #[test]
    fn idempotency_keys_the_server_accepts() {
        assert!(key_ok("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assert!(key_ok("!"));
        assert!(key_ok(&"k".repeat(MAX_IDEMPOTENCY_KEY_LEN)));
        assert!(!key_ok(""));
        assert!(!key_ok(&"k".repeat(MAX_IDEMPOTENCY_KEY_LEN + 1)));
        assert!(!key_ok("with space"));
        assert!(!key_ok("tab\t"));
        assert!(!key_ok("全角"));
    }

    #[cfg(feature = "forms")]
    #[test]
    fn uuids_are_version_4() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let id = uuid_v4([0; 16]);
        assert_eq!(id, "00000000-0000-4000-8000-000000000000");
        assert!(key_ok(&id));
        assert_eq!(id.len(), 36);
    }

    #[cfg(feature = "forms")]
    #[test]
    fn drafts_read_back_from_json() {
        let mut draft = Draft {
            v: DRAFT_VERSION,
            idempotency_key: uuid_v4([7; 16]),
            answers: Answers::new(),
            pending: None,
        };
        draft
            .answers
            .insert("phone".into(), serde_json::json!("138 0013 8000"));
        let text = serde_json::to_string(&draft).unwrap();
        assert!(!text.contains("pending"), "no pending field when none");
        let back: Draft = serde_json::from_str(&text).unwrap();
        assert_eq!(back, draft);
    }
}
