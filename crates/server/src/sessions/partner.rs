//! Partner sign-in (seam only): a partner app (Alipay, WeChat) hands the page an auth code,
//! which the server would exchange with the partner for the resident's verified identity.
//! Not built: no partner has given us credentials. The shape is here so that adding one
//! changes this file only.

/// The partner app the code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerHost {
    /// Alipay (支付宝): `alipay.system.oauth.token` with an `auth_code`.
    Alipay,
    /// WeChat (微信): `sns/oauth2/access_token` with a `code`.
    Wechat,
}

/// Why an exchange did not give an identity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartnerError {
    /// No partner sign-in is configured on this server (always, for now).
    #[error("partner sign-in is not configured")]
    NotConfigured,
}

/// The identity a partner vouches for, once an exchange exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerIdentity {
    /// The partner's stable id of the resident (an Alipay `user_id`, a WeChat `openid`).
    pub partner_user_id: String,
}

/// Exchanges `code` from `host` for the resident's identity.
///
/// Errors: [`PartnerError::NotConfigured`], always.
pub async fn exchange_auth_code(
    host: PartnerHost,
    code: &str,
) -> Result<PartnerIdentity, PartnerError> {
    let _ = (host, code);
    Err(PartnerError::NotConfigured)
}
