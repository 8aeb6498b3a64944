//! The server secret: the key of every HMAC the server makes (session cookies, resident ID
//! hashes, sandbox payment notifications).
//!
//! From the `SESSION_SECRET` setting (at least [`MIN_SECRET_BYTES`] bytes), or, when it is
//! not set, 32 random bytes created once in table `server_secrets` (name `session`), so
//! every instance on one database shares it.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::AnyPool;

use crate::clock::{china_rfc3339, now_unix};
use crate::db::DbError;

/// The shortest `SESSION_SECRET` accepted, in bytes.
pub const MIN_SECRET_BYTES: usize = 32;

type HmacSha256 = Hmac<Sha256>;

/// The secret key. Its `Debug` never shows it.
#[derive(Clone)]
pub struct ServerSecret(Vec<u8>);

impl std::fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerSecret(***)")
    }
}

impl ServerSecret {
    /// A secret of these bytes (tests; [`ServerSecret::load`] otherwise).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        ServerSecret(bytes.to_vec())
    }

    /// `setting` (the `SESSION_SECRET` text, as bytes) when given, else the database's
    /// shared secret, created on first use.
    ///
    /// Errors: a database error, a stored secret that is not hex, no randomness.
    pub async fn load(pool: &AnyPool, setting: Option<&str>) -> Result<Self, DbError> {
        if let Some(setting) = setting {
            return Ok(ServerSecret(setting.as_bytes().to_vec()));
        }
        let mut fresh = [0u8; 32];
        getrandom::getrandom(&mut fresh)
            .map_err(|e| DbError::Corrupt(format!("no randomness for the server secret: {e}")))?;
        sqlx::query(
            "INSERT INTO server_secrets (name, value, created_at) VALUES ('session', $1, $2) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(hex(&fresh))
        .bind(china_rfc3339(now_unix()))
        .execute(pool)
        .await?;
        let stored: String =
            sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = 'session'")
                .fetch_one(pool)
                .await?;
        let bytes = unhex(&stored)
            .filter(|b| b.len() >= MIN_SECRET_BYTES)
            .ok_or_else(|| {
                DbError::Corrupt("server_secrets 'session' is not 32+ hex bytes".into())
            })?;
        Ok(ServerSecret(bytes))
    }

    /// HMAC-SHA256 of `data` under the secret.
    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = self.hmac();
        mac.update(data);
        mac.finalize().into_bytes().into()
    }

    /// Whether `tag` is the HMAC-SHA256 of `data`, compared in constant time.
    pub fn verify(&self, data: &[u8], tag: &[u8]) -> bool {
        let mut mac = self.hmac();
        mac.update(data);
        mac.verify_slice(tag).is_ok()
    }

    fn hmac(&self) -> HmacSha256 {
        // HMAC takes a key of any length: this cannot fail.
        match HmacSha256::new_from_slice(&self.0) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts keys of any length"),
        }
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of hex text (either case), `None` when it is not hex.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    if text.len() % 2 != 0 {
        return None;
    }
    text.chunks(2)
        .map(|pair| {
            let digit = |c: u8| (c as char).to_digit(16);
            Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_verify_and_hex_round_trips() {
        let s = ServerSecret::from_bytes(b"0123456789abcdef0123456789abcdef");
        let tag = s.mac(b"body");
        assert!(s.verify(b"body", &tag));
        assert!(!s.verify(b"body!", &tag));
        assert!(!s.verify(b"body", &tag[..31]));
        assert_eq!(unhex(&hex(&tag)).unwrap(), tag);
        assert_eq!(unhex("0g"), None);
        assert_eq!(format!("{s:?}"), "ServerSecret(***)");
    }
}
