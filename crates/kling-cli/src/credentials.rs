//! Where the keys for this run come from: the environment first, then the OS keychain.

use crate::errors::CliError;
use keychain::{KeyStore, OsKeychain, StoredKeys};
use kling_api::Credentials;
use secrecy::ExposeSecret;

const AK_VAR: &str = "KLING_ACCESS_KEY";
const SK_VAR: &str = "KLING_SECRET_KEY";

/// The keychain entry this run uses; tests point KLING_KEYCHAIN_SERVICE at a throwaway one.
pub fn keychain() -> OsKeychain {
    OsKeychain::from_env()
}

pub fn resolve() -> Result<Credentials, CliError> {
    let ak = non_empty_var(AK_VAR);
    let sk = non_empty_var(SK_VAR);
    match (ak, sk) {
        (Some(ak), Some(sk)) => Ok(Credentials::new(ak, sk)),
        (Some(_), None) => Err(CliError::HalfKeys(AK_VAR, SK_VAR)),
        (None, Some(_)) => Err(CliError::HalfKeys(SK_VAR, AK_VAR)),
        (None, None) => keychain()
            .load()?
            .map(|keys| to_credentials(&keys))
            .ok_or(CliError::NoKeys),
    }
}

pub fn to_credentials(keys: &StoredKeys) -> Credentials {
    Credentials::new(keys.access_key.clone(), keys.secret_key.expose_secret().to_string())
}

fn non_empty_var(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}
