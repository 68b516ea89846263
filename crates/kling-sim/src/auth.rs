//! Checks the `Authorization: Bearer <JWT>` header the way the API does (codes 1000–1004).

use crate::config::SimConfig;
use crate::envelope::ApiError;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde::Deserialize;

#[derive(Deserialize)]
struct Claims {
    iss: Option<String>,
    exp: Option<u64>,
    nbf: Option<u64>,
}

pub fn check(header: Option<&str>, config: &SimConfig, now_secs: u64) -> Result<(), ApiError> {
    let header = header.map(str::trim).filter(|h| !h.is_empty()).ok_or_else(|| ApiError::new(1001, "Authorization is empty"))?;
    let token = header.strip_prefix("Bearer ").map(str::trim).ok_or_else(|| ApiError::new(1002, "Authorization is invalid: expected Bearer <token>"))?;
    let jwt_header = decode_header(token).map_err(|_| ApiError::new(1002, "Authorization is invalid: not a JWT"))?;
    if jwt_header.alg != Algorithm::HS256 {
        return Err(ApiError::new(1002, "Authorization is invalid: the token must be signed with HS256"));
    }
    // Signature and issuer first; the times are checked by hand below to give the right code.
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.required_spec_claims.clear();
    let claims = decode::<Claims>(token, &DecodingKey::from_secret(config.secret_key.as_bytes()), &validation)
        .map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => ApiError::new(1000, "Authentication failed: bad signature"),
            _ => ApiError::new(1002, "Authorization is invalid: unreadable claims"),
        })?
        .claims;
    if claims.iss.as_deref() != Some(config.access_key.as_str()) {
        return Err(ApiError::new(1000, "Authentication failed: unknown access key"));
    }
    let exp = claims.exp.ok_or_else(|| ApiError::new(1002, "Authorization is invalid: no exp claim"))?;
    if let Some(nbf) = claims.nbf {
        if nbf > now_secs + config.nbf_leeway_secs {
            return Err(ApiError::new(1003, "Authorization is not yet valid"));
        }
    }
    if exp <= now_secs {
        return Err(ApiError::new(1004, "Authorization has expired"));
    }
    Ok(())
}
