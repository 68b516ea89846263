//! Checks the `Authorization: Bearer <JWT>` header the way the API does (codes 1000–1004):
//! 1001 no header; 1002 not a Bearer JWT, unreadable, not HS256 or without `exp`; 1000 bad
//! signature or unknown access key; 1003 `nbf` in the future beyond the leeway; 1004 expired.

use crate::config::SimConfig;
use crate::envelope::ApiError;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde::Deserialize;

#[derive(Deserialize)]
struct Claims {
    iss: Option<String>,
    // Numbers of any JSON kind: some clients write times as floats.
    exp: Option<serde_json::Number>,
    nbf: Option<serde_json::Number>,
}

fn seconds(n: &serde_json::Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

pub fn check(header: Option<&str>, config: &SimConfig, now_secs: u64) -> Result<(), ApiError> {
    let header = header.map(str::trim).filter(|h| !h.is_empty()).ok_or_else(|| ApiError::new(1001, "Authorization is empty"))?;
    let token = header
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::new(1002, "Authorization is invalid: expected \"Bearer <token>\""))?;
    let jwt_header = decode_header(token).map_err(|_| ApiError::new(1002, "Authorization is invalid: not a JWT"))?;
    if jwt_header.alg != Algorithm::HS256 {
        return Err(ApiError::new(1002, format!("Authorization is invalid: the token must be signed with HS256, not {:?}", jwt_header.alg)));
    }
    // Signature first; issuer and times are checked by hand below so each gets its own code.
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let claims = decode::<Claims>(token, &DecodingKey::from_secret(config.secret_key.as_bytes()), &validation)
        .map_err(|e| match e.kind() {
            ErrorKind::InvalidSignature => ApiError::new(1000, "Authentication failed: the signature does not match"),
            _ => ApiError::new(1002, "Authorization is invalid: unreadable claims"),
        })?
        .claims;
    if claims.iss.as_deref() != Some(config.access_key.as_str()) {
        return Err(ApiError::new(1000, "Authentication failed: unknown access key (iss)"));
    }
    let exp = claims.exp.as_ref().map(seconds).filter(|e| e.is_finite()).ok_or_else(|| ApiError::new(1002, "Authorization is invalid: no exp claim"))?;
    let now = now_secs as f64;
    if let Some(nbf) = claims.nbf.as_ref().map(seconds) {
        if !nbf.is_finite() || nbf > now + config.nbf_leeway_secs as f64 {
            return Err(ApiError::new(1003, "Authorization is not yet valid (nbf is in the future)"));
        }
    }
    if exp <= now {
        return Err(ApiError::new(1004, "Authorization has expired"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{encode, EncodingKey, Header};
    use serde_json::json;

    const NOW: u64 = 1_700_000_000;

    fn config() -> SimConfig {
        SimConfig::fast("ak", "sk")
    }

    fn sign(claims: serde_json::Value, key: &str, alg: Algorithm) -> String {
        format!("Bearer {}", encode(&Header::new(alg), &claims, &EncodingKey::from_secret(key.as_bytes())).unwrap())
    }

    fn code(header: Option<&str>) -> i64 {
        check(header, &config(), NOW).err().map_or(0, |e| e.code)
    }

    #[test]
    fn each_failure_has_its_code() {
        let good = json!({ "iss": "ak", "exp": NOW + 1800, "nbf": NOW - 5 });
        assert_eq!(code(Some(&sign(good.clone(), "sk", Algorithm::HS256))), 0);
        assert_eq!(code(Some(&sign(json!({ "iss": "ak", "exp": NOW as f64 + 10.5 }), "sk", Algorithm::HS256))), 0);
        assert_eq!(code(None), 1001);
        assert_eq!(code(Some("  ")), 1001);
        assert_eq!(code(Some("Token abc")), 1002);
        assert_eq!(code(Some("Bearer not-a-jwt")), 1002);
        assert_eq!(code(Some(&sign(good.clone(), "sk", Algorithm::HS512))), 1002);
        assert_eq!(code(Some(&sign(json!({ "iss": "ak" }), "sk", Algorithm::HS256))), 1002);
        assert_eq!(code(Some(&sign(good.clone(), "other", Algorithm::HS256))), 1000);
        assert_eq!(code(Some(&sign(json!({ "iss": "who", "exp": NOW + 10 }), "sk", Algorithm::HS256))), 1000);
        assert_eq!(code(Some(&sign(json!({ "iss": "ak", "exp": NOW + 99, "nbf": NOW + 5 }), "sk", Algorithm::HS256))), 0, "within the leeway");
        assert_eq!(code(Some(&sign(json!({ "iss": "ak", "exp": NOW + 99, "nbf": NOW + 60 }), "sk", Algorithm::HS256))), 1003);
        assert_eq!(code(Some(&sign(json!({ "iss": "ak", "exp": NOW - 1 }), "sk", Algorithm::HS256))), 1004);
        assert_eq!(code(Some(&sign(json!({ "iss": "ak", "exp": NOW + 9, "aud": "x" }), "sk", Algorithm::HS256))), 0, "extra claims are fine");
    }
}
