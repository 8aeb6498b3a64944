//! Checking and storing a 实名 identity (name, resident ID, phone) with the browser's own
//! rules ([`citizen_core::identity::validate_identity`]).

use citizen_core::api::IdentityRequest;
use citizen_core::date::CalendarDate;
use citizen_core::form::error_message;
use citizen_core::identity::{identity_form, validate_identity};

use super::secret::{hex, ServerSecret};
use super::store::StoredIdentity;
use crate::error::ApiError;

/// Normalises and checks `request`, then masks it and hashes the normalised resident ID
/// (HMAC-SHA256 under the server secret, hex).
///
/// Errors: [`ApiError::Validation`] naming `name`, `resident_id`, `phone`.
pub(super) fn check(
    request: &IdentityRequest,
    today: CalendarDate,
    secret: &ServerSecret,
) -> Result<StoredIdentity, ApiError> {
    let identity = validate_identity(request, today).map_err(|errors| {
        let form = identity_form();
        let messages = errors
            .iter()
            .map(|(key, e)| (key.clone(), error_message(&form, key, e)))
            .collect();
        ApiError::Validation { errors, messages }
    })?;
    let summary = identity.summary();
    Ok(StoredIdentity {
        name_masked: summary.name_masked,
        resident_id_masked: summary.resident_id_masked,
        phone_masked: summary.phone_masked,
        resident_id_hash: hex(
            &secret.mac(format!("resident_id:{}", identity.resident_id).as_bytes())
        ),
    })
}
