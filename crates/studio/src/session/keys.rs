//! Which Kling keys a session uses: KLING_ACCESS_KEY and KLING_SECRET_KEY when both are set,
//! else keys kept for this session only (the app, when the keychain cannot be used), else the
//! OS keychain entry shared by the app and `kling login`. Exactly one variable set is an error,
//! never a reason to take other keys: those could spend another account's credits.

use super::env::{SessionEnv, ACCESS_KEY_VAR, SECRET_KEY_VAR};
use keychain::{KeyStore, KeychainError, StoredKeys};
use kling_api::Credentials;
use secrecy::ExposeSecret;
use serde::Serialize;
use thiserror::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    Environment,
    /// Kept in memory until the app quits (the keychain was unavailable).
    Session,
    Keychain,
}

/// Keys and where they came from. Debug shows only the access key's first characters.
#[derive(Clone, Debug)]
pub struct FoundKeys {
    pub keys: StoredKeys,
    pub source: KeySource,
}

impl FoundKeys {
    pub fn credentials(&self) -> Credentials {
        credentials_of(&self.keys)
    }
}

/// Why no keys can be used. Messages name what to change; none holds a key.
#[derive(Debug, Error)]
pub enum KeysError {
    #[error("no Kling API keys found: set KLING_ACCESS_KEY and KLING_SECRET_KEY, or store keys in the OS keychain")]
    Missing,
    #[error("{set} is set but {missing} is not: set both, or neither to use the keys kept in the OS keychain")]
    HalfSet { set: &'static str, missing: &'static str },
    #[error(transparent)]
    Keychain(#[from] KeychainError),
}

impl KeysError {
    pub fn code(&self) -> kling_api::ErrorCode {
        match self {
            KeysError::Missing | KeysError::HalfSet { .. } => kling_api::ErrorCode::NoKeys,
            KeysError::Keychain(e) => e.code(),
        }
    }
}

/// The keys to use, in order: the environment (both variables), `session_keys`, `keychain`.
/// `Ok(None)`: none anywhere. The keychain is not read when the environment decides.
pub fn find_keys(env: &SessionEnv, session_keys: Option<&StoredKeys>, keychain: &dyn KeyStore) -> Result<Option<FoundKeys>, KeysError> {
    match (&env.access_key, &env.secret_key) {
        (Some(ak), Some(sk)) => return Ok(Some(FoundKeys { keys: StoredKeys::new(ak.clone(), sk.expose_secret().to_string()), source: KeySource::Environment })),
        (Some(_), None) => return Err(KeysError::HalfSet { set: ACCESS_KEY_VAR, missing: SECRET_KEY_VAR }),
        (None, Some(_)) => return Err(KeysError::HalfSet { set: SECRET_KEY_VAR, missing: ACCESS_KEY_VAR }),
        (None, None) => {}
    }
    if let Some(keys) = session_keys {
        return Ok(Some(FoundKeys { keys: keys.clone(), source: KeySource::Session }));
    }
    Ok(keychain.load()?.map(|keys| FoundKeys { keys, source: KeySource::Keychain }))
}

/// The client's form of stored keys.
pub fn credentials_of(keys: &StoredKeys) -> Credentials {
    Credentials::new(keys.access_key.clone(), keys.secret_key.expose_secret().to_string())
}
