//! Where the app's Kling keys come from: KLING_ACCESS_KEY/KLING_SECRET_KEY when set, else keys
//! kept in memory for this session (when the keychain cannot be used), else the OS keychain entry
//! shared with `kling login`. The secret key never leaves this module except inside a client.

use crate::error::{AppError, AppResult};
use keychain::{KeyStore, KeychainError, OsKeychain, StoredKeys};
use kling_api::Credentials;
use secrecy::ExposeSecret;
use serde::Serialize;
use std::sync::Mutex;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    Environment,
    /// Kept in memory until the app quits (the keychain was unavailable).
    Session,
    Keychain,
}

/// What the UI may know about the keys: whether they are set and the AK's first characters.
#[derive(Clone, Debug, PartialEq, Serialize, specta::Type)]
pub struct KeysStatus {
    pub configured: bool,
    pub access_key_hint: Option<String>,
    pub source: Option<KeySource>,
    /// Set when the keychain cannot be read or written: the reason and what to do.
    pub keychain_problem: Option<AppError>,
}

pub struct KeyVault {
    keychain: OsKeychain,
    session: Mutex<Option<StoredKeys>>,
}

impl KeyVault {
    pub fn new() -> Self {
        Self { keychain: OsKeychain::from_env(), session: Mutex::new(None) }
    }

    fn from_env() -> Option<StoredKeys> {
        let var = |n: &str| std::env::var(n).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        Some(StoredKeys::new(var("KLING_ACCESS_KEY")?, var("KLING_SECRET_KEY")?))
    }

    fn session_keys(&self) -> Option<StoredKeys> {
        self.session.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The keys in use and where they came from, plus the keychain's trouble if it has any.
    fn current(&self) -> (Option<(StoredKeys, KeySource)>, Option<KeychainError>) {
        if let Some(keys) = Self::from_env() {
            return (Some((keys, KeySource::Environment)), None);
        }
        if let Some(keys) = self.session_keys() {
            return (Some((keys, KeySource::Session)), None);
        }
        match self.keychain.load() {
            Ok(keys) => (keys.map(|k| (k, KeySource::Keychain)), None),
            Err(e) => (None, Some(e)),
        }
    }

    pub fn credentials(&self) -> Option<Credentials> {
        self.current().0.map(|(keys, _)| Credentials::new(keys.access_key.clone(), keys.secret_key.expose_secret().to_string()))
    }

    pub fn status(&self) -> KeysStatus {
        let (keys, problem) = self.current();
        KeysStatus {
            configured: keys.is_some(),
            access_key_hint: keys.as_ref().map(|(k, _)| k.access_key_hint()),
            source: keys.map(|(_, s)| s),
            keychain_problem: problem.map(AppError::from),
        }
    }

    /// Stores new keys in the keychain, or in memory only when asked (keychain unavailable).
    pub fn save(&self, access_key: &str, secret_key: &str, session_only: bool) -> AppResult<KeysStatus> {
        let (ak, sk) = (access_key.trim(), secret_key.trim());
        if ak.is_empty() || sk.is_empty() {
            return Err(AppError::invalid("Enter both the access key and the secret key."));
        }
        if ak.chars().any(char::is_whitespace) || sk.chars().any(char::is_whitespace) {
            return Err(AppError::invalid("Keys contain no spaces; check what was pasted."));
        }
        let keys = StoredKeys::new(ak, sk);
        if session_only {
            *self.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(keys);
        } else {
            self.keychain.save(&keys)?;
            *self.session.lock().unwrap_or_else(|p| p.into_inner()) = None;
        }
        Ok(self.status())
    }

    /// Forgets the keys: the session copy and the keychain entry.
    pub fn forget(&self) -> AppResult<KeysStatus> {
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = None;
        match self.keychain.delete() {
            Ok(()) | Err(KeychainError::Unavailable { .. }) => Ok(self.status()),
            Err(e) => Err(e.into()),
        }
    }
}
