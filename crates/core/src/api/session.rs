//! Who the resident is: `GET /api/v1/session`, `PUT /api/v1/session/identity`,
//! `DELETE /api/v1/session`.
//!
//! | endpoint | body | answer |
//! |---|---|---|
//! | `GET /api/v1/session` | none | 200 [`SessionResponse`] (`identity: null` without a session; a GET never creates one) |
//! | `PUT /api/v1/session/identity` | [`IdentityRequest`] | 200 [`SessionResponse`], a new session cookie (the id is rotated); 422 `validation_failed` (fields `name`, `resident_id`, `phone`, checked by [`crate::identity::validate_identity`]) |
//! | `DELETE /api/v1/session` | none | 204: identity forgotten, session ended, cookie cleared |

use serde::{Deserialize, Serialize};

pub use crate::identity::{IdentityRequest, IdentitySummary};

/// The answer of `GET /api/v1/session` and `PUT /api/v1/session/identity`:
/// `{"identity": null}` or `{"identity": {"name_masked": "张*", "resident_id_masked":
/// "3101**********1234", "phone_masked": "138****5678"}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionResponse {
    /// The session's 实名 identity, masked; `null` when none was given (or no session).
    pub identity: Option<IdentitySummary>,
}
