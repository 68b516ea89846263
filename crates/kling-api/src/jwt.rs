//! The API's authentication: an HS256 JWT with `iss` = access key, `exp` = now + 30 min and
//! `nbf` = now − 5 s, signed with the secret key. A token is reused until shortly before it
//! expires, so long polls never present a stale one (1004).

use crate::credentials::Credentials;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

/// How long a token is valid (the docs' example value; the server's maximum is undocumented).
const TOKEN_LIFETIME: Duration = Duration::from_secs(1800);
/// `nbf` a little in the past, so a server clock slightly behind ours still accepts the token.
const NOT_BEFORE_SLACK: Duration = Duration::from_secs(5);
/// A cached token is replaced when less than this much of its life remains.
const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// The token's payload, in seconds since the epoch.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub iss: String,
    pub exp: u64,
    pub nbf: u64,
}

impl Claims {
    /// The documented claims for `access_key` as of `now_secs`.
    pub fn at(access_key: &str, now_secs: u64) -> Self {
        Self { iss: access_key.to_string(), exp: now_secs + TOKEN_LIFETIME.as_secs(), nbf: now_secs.saturating_sub(NOT_BEFORE_SLACK.as_secs()) }
    }
}

/// Signs a token for `credentials` as of `now_secs` (seconds since the epoch).
pub fn sign_at(credentials: &Credentials, now_secs: u64) -> String {
    sign_claims(credentials, &Claims::at(credentials.access_key(), now_secs))
}

/// Signs arbitrary claims with the credentials' secret key. For tests that need a token the
/// client would never make (expired, not yet valid, another issuer).
#[doc(hidden)]
pub fn sign_claims(credentials: &Credentials, claims: &Claims) -> String {
    let mut header = Header::new(Algorithm::HS256);
    header.typ = Some("JWT".into());
    encode(&header, claims, &EncodingKey::from_secret(credentials.secret().as_bytes())).expect("HS256 signing with a byte key cannot fail")
}

pub(crate) fn now_secs() -> u64 {
    (crate::clock::now_ms().max(0) / 1000) as u64
}

/// Keeps one token and signs a new one when less than `refresh_margin` of its life remains.
/// Shared by every clone of a client, so concurrent requests reuse one token.
pub struct TokenSigner {
    credentials: Credentials,
    refresh_margin: Duration,
    /// (token, its exp).
    cached: Mutex<Option<(String, u64)>>,
}

impl TokenSigner {
    pub fn new(credentials: Credentials) -> Self {
        Self::with_refresh_margin(credentials, DEFAULT_REFRESH_MARGIN)
    }

    /// `margin` is clamped below the token lifetime, or every call would re-sign.
    pub fn with_refresh_margin(credentials: Credentials, margin: Duration) -> Self {
        let margin = margin.min(TOKEN_LIFETIME - Duration::from_secs(1));
        Self { credentials, refresh_margin: margin, cached: Mutex::new(None) }
    }

    pub fn refresh_margin(&self) -> Duration {
        self.refresh_margin
    }

    /// The token to send now.
    pub fn token(&self) -> String {
        self.token_at(now_secs())
    }

    /// The token to send at `now` (seconds since the epoch).
    pub fn token_at(&self, now: u64) -> String {
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((token, exp)) = cached.as_ref() {
            // A clock that jumped backwards past nbf also calls for a fresh token.
            let nbf = exp.saturating_sub(TOKEN_LIFETIME.as_secs() + NOT_BEFORE_SLACK.as_secs());
            if now + self.refresh_margin.as_secs() < *exp && now >= nbf {
                return token.clone();
            }
        }
        let claims = Claims::at(self.credentials.access_key(), now);
        let token = sign_claims(&self.credentials, &claims);
        *cached = Some((token.clone(), claims.exp));
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

impl fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Neither the secret nor the token (a bearer credential for 30 minutes).
        f.debug_struct("TokenSigner").field("credentials", &self.credentials).field("refresh_margin", &self.refresh_margin).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{decode, decode_header, DecodingKey, Validation};

    fn read(token: &str, key: &[u8]) -> jsonwebtoken::errors::Result<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.required_spec_claims.clear();
        decode::<Claims>(token, &DecodingKey::from_secret(key), &validation).map(|d| d.claims)
    }

    #[test]
    fn the_token_is_hs256_with_iss_exp_nbf_as_documented() {
        let creds = Credentials::new("AK123", "SK456");
        let token = sign_at(&creds, 1_700_000_000);
        let header = decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::HS256);
        assert_eq!(header.typ.as_deref(), Some("JWT"));
        assert_eq!(read(&token, b"SK456").unwrap(), Claims { iss: "AK123".into(), exp: 1_700_001_800, nbf: 1_699_999_995 });
        assert!(read(&token, b"wrong").is_err(), "signed with the secret key");
        // Exactly the three claims: nothing else (no iat, no secret) rides in the payload.
        let payload = token.split('.').nth(1).unwrap();
        use base64::Engine;
        let json: serde_json::Value = serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        let mut keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["exp", "iss", "nbf"]);
    }

    #[test]
    fn the_default_token_validates_with_standard_checks_now() {
        let creds = Credentials::new("ak", "sk");
        let token = TokenSigner::new(creds).token();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_required_spec_claims(&["exp", "nbf", "iss"]);
        validation.validate_nbf = true;
        validation.set_issuer(&["ak"]);
        assert!(decode::<Claims>(&token, &DecodingKey::from_secret(b"sk"), &validation).is_ok());
    }

    #[test]
    fn a_token_is_reused_until_five_minutes_before_expiry() {
        let signer = TokenSigner::new(Credentials::new("ak", "sk"));
        assert_eq!(signer.refresh_margin(), Duration::from_secs(300));
        let t0 = 1_000_000;
        let first = signer.token_at(t0);
        assert_eq!(signer.token_at(t0 + 1000), first, "reused mid-life");
        assert_eq!(signer.token_at(t0 + 1800 - 301), first, "reused just before the margin");
        let late = signer.token_at(t0 + 1800 - 299);
        assert_ne!(late, first, "re-signed within five minutes of expiry");
        assert_eq!(read(&late, b"sk").unwrap().exp, t0 + 1800 - 299 + 1800);
        assert_eq!(signer.token_at(t0 + 1800 - 290), late);
        signer.invalidate();
        assert_ne!(signer.token_at(t0 + 1800 - 280), late, "re-signed after invalidate");
    }

    #[test]
    fn the_margin_is_configurable_and_a_clock_jumping_back_re_signs() {
        let signer = TokenSigner::with_refresh_margin(Credentials::new("ak", "sk"), Duration::from_secs(60));
        let t0 = 2_000_000;
        let first = signer.token_at(t0);
        assert_eq!(signer.token_at(t0 + 1800 - 61), first);
        assert_ne!(signer.token_at(t0 + 1800 - 59), first);
        let second = signer.token_at(t0 + 5000);
        assert_ne!(signer.token_at(t0), second, "a token whose nbf is in the future is not reused");
        let silly = TokenSigner::with_refresh_margin(Credentials::new("ak", "sk"), Duration::from_secs(99_999));
        let t = silly.token_at(t0);
        assert_eq!(silly.token_at(t0), t, "a margin longer than the life is clamped");
    }

    #[test]
    fn custom_claims_can_be_signed_for_tests() {
        let creds = Credentials::new("ak", "sk");
        let claims = Claims { iss: "other".into(), exp: 10, nbf: 5 };
        assert_eq!(read(&sign_claims(&creds, &claims), b"sk").unwrap(), claims);
    }

    #[test]
    fn debug_shows_neither_secret_nor_token() {
        let signer = TokenSigner::new(Credentials::new("AKID-1234", "very-secret-sk"));
        let token = signer.token();
        let shown = format!("{signer:?}");
        assert!(!shown.contains("very-secret-sk") && !shown.contains(&token), "{shown}");
    }
}
