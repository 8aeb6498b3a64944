//! Checking and storing a 实名 identity (name, resident ID, phone).

use citizen_core::catalog::LocalizedText;
use citizen_core::date::CalendarDate;
use citizen_core::form::FieldErrors;
use citizen_core::rules::{
    mask_mobile, mask_resident_id, mask_text, normalize_mobile, normalize_resident_id,
    normalize_short_text, validate_mobile, validate_resident_id, validate_short_text, FieldError,
};
use serde::Deserialize;

use super::secret::{hex, ServerSecret};
use super::StoredIdentity;
use crate::error::ApiError;

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: u32 = 30;

/// `PUT /api/v1/session/identity`'s body. Personal data: never log it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IdentityRequest {
    name: String,
    resident_id: String,
    phone: String,
}

/// Normalises and checks `request` (the same rules as the browser's), then masks it and
/// hashes the normalised resident ID.
///
/// Errors: [`ApiError::Validation`] naming `name`, `resident_id`, `phone`.
pub(super) fn check(
    request: &IdentityRequest,
    today: CalendarDate,
    secret: &ServerSecret,
) -> Result<StoredIdentity, ApiError> {
    let name = normalize_short_text(&request.name);
    let resident_id = normalize_resident_id(&request.resident_id);
    let phone = normalize_mobile(&request.phone);
    let mut errors = FieldErrors::new();
    if name.is_empty() {
        errors.insert("name".into(), FieldError::Required);
    } else if let Err(e) = validate_short_text(&name, MAX_NAME_CHARS) {
        errors.insert("name".into(), e.into());
    }
    if resident_id.is_empty() {
        errors.insert("resident_id".into(), FieldError::Required);
    } else if let Err(e) = validate_resident_id(&resident_id, today) {
        errors.insert("resident_id".into(), e.into());
    }
    if phone.is_empty() {
        errors.insert("phone".into(), FieldError::Required);
    } else if let Err(e) = validate_mobile(&phone) {
        errors.insert("phone".into(), e.into());
    }
    if !errors.is_empty() {
        let messages = errors
            .iter()
            .map(|(key, e)| (key.clone(), e.message_for(&label(key))))
            .collect();
        return Err(ApiError::Validation { errors, messages });
    }
    Ok(StoredIdentity {
        name_masked: mask_text(&name),
        resident_id_masked: mask_resident_id(&resident_id),
        phone_masked: mask_mobile(&phone),
        resident_id_hash: hex(&secret.mac(format!("resident_id:{resident_id}").as_bytes())),
    })
}

fn label(key: &str) -> LocalizedText {
    let (zh, en) = match key {
        "name" => ("姓名", "Name"),
        "resident_id" => ("居民身份证号码", "Resident ID number"),
        _ => ("手机号码", "Mobile number"),
    };
    LocalizedText::new(zh, en)
}
