//! The API's authentication: an HS256 JWT with `iss` = access key, `exp` = now + 30 min and
//! `nbf` = now − 5 s, signed with the secret key. A token is reused until shortly before it expires.

use crate::credentials::Credentials;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const TOKEN_LIFETIME: Duration = Duration::from_secs(1800);
/// `nbf` a little in the past, so a server clock slightly behind ours still accepts the token.
pub const NOT_BEFORE_SLACK: Duration = Duration::from_secs(5);

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    pub iss: String,
    pub exp: u64,
    pub nbf: u64,
}

/// Signs a token for `credentials` as of `now_secs` (seconds since the epoch).
pub fn sign_at(credentials: &Credentials, now_secs: u64) -> String {
    let claims = Claims {
        iss: credentials.access_key().to_string(),
        exp: now_secs + TOKEN_LIFETIME.as_secs(),
        nbf: now_secs.saturating_sub(NOT_BEFORE_SLACK.as_secs()),
    };
    let mut header = Header::new(Algorithm::HS256);
    header.typ = Some("JWT".into());
    encode(&header, &claims, &EncodingKey::from_secret(credentials.secret().as_bytes()))
        .expect("HS256 signing with a byte key cannot fail")
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Keeps one token and signs a new one when less than `refresh_before` of its life remains.
pub struct TokenSigner {
    credentials: Credentials,
    refresh_before: Duration,
    cached: Mutex<Option<(String, u64)>>,
}

impl TokenSigner {
    pub fn new(credentials: Credentials) -> Self {
        Self { credentials, refresh_before: Duration::from_secs(300), cached: Mutex::new(None) }
    }

    pub fn token(&self) -> String {
        self.token_at(now_secs())
    }

    pub fn token_at(&self, now: u64) -> String {
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((token, exp)) = cached.as_ref() {
            if now + self.refresh_before.as_secs() < *exp {
                return token.clone();
            }
        }
        let token = sign_at(&self.credentials, now);
        *cached = Some((token.clone(), now + TOKEN_LIFETIME.as_secs()));
        token
    }

    /// Forgets the cached token (after the server said it expired: 1004).
    pub fn invalidate(&self) {
        *self.cached.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{decode, decode_header, DecodingKey, Validation};

    #[test]
    fn the_token_is_hs256_with_iss_exp_nbf_as_documented() {
        let creds = Credentials::new("AK123", "SK456");
        let token = sign_at(&creds, 1_700_000_000);
        let header = decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::HS256);
        assert_eq!(header.typ.as_deref(), Some("JWT"));
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.required_spec_claims.clear();
        let claims = decode::<Claims>(&token, &DecodingKey::from_secret(b"SK456"), &validation).unwrap().claims;
        assert_eq!(claims, Claims { iss: "AK123".into(), exp: 1_700_001_800, nbf: 1_699_999_995 });
        assert!(decode::<Claims>(&token, &DecodingKey::from_secret(b"wrong"), &validation).is_err());
    }

    #[test]
    fn a_token_is_reused_until_five_minutes_before_expiry() {
        let signer = TokenSigner::new(Credentials::new("ak", "sk"));
        let first = signer.token_at(1_000_000);
        assert_eq!(signer.token_at(1_000_000 + 1000), first, "reused mid-life");
        let late = signer.token_at(1_000_000 + 1800 - 299);
        assert_ne!(late, first, "re-signed near expiry");
        assert_eq!(signer.token_at(1_000_000 + 1800 - 290), late);
        signer.invalidate();
        assert_ne!(signer.token_at(1_000_000 + 1800 - 280), late, "re-signed after invalidate");
    }
}
