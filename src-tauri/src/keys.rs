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
    /// The status as of the last keychain read: the UI asks often, and each read is a D-Bus
    /// round trip (sometimes a slow one) that must not sit before the first paint.
    last_status: Mutex<Option<KeysStatus>>,
}

impl Default for KeyVault {
    fn default() -> Self {
        Self::new()
    }
}

impl KeyVault {
    pub fn new() -> Self {
        Self { keychain: OsKeychain::from_env(), session: Mutex::new(None), last_status: Mutex::new(None) }
    }

    fn from_env() -> Option<StoredKeys> {
        let var = |n: &str| std::env::var(n).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        Some(StoredKeys::new(var("KLING_ACCESS_KEY")?, var("KLING_SECRET_KEY")?))
    }

    fn session_keys(&self) -> Option<StoredKeys> {
        self.session.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The keys in use and where they came from, plus the keychain's trouble if it has any.
    /// Reads them afresh (the keychain may have changed under us, e.g. by `kling login`) and
    /// remembers the status that goes with them.
    fn current(&self) -> Option<(StoredKeys, KeySource)> {
        let (keys, problem) = if let Some(keys) = Self::from_env() {
            (Some((keys, KeySource::Environment)), None)
        } else if let Some(keys) = self.session_keys() {
            (Some((keys, KeySource::Session)), None)
        } else {
            match self.keychain.load() {
                Ok(keys) => (keys.map(|k| (k, KeySource::Keychain)), None),
                Err(e) => (None, Some(e)),
            }
        };
        let status = KeysStatus {
            configured: keys.is_some(),
            access_key_hint: keys.as_ref().map(|(k, _)| k.access_key_hint()),
            source: keys.as_ref().map(|(_, s)| *s),
            keychain_problem: problem.map(AppError::from),
        };
        *self.last_status.lock().unwrap_or_else(|p| p.into_inner()) = Some(status);
        keys
    }

    /// The keys for a new session (read afresh).
    pub fn credentials(&self) -> Option<Credentials> {
        self.current().map(|(keys, _)| Credentials::new(keys.access_key.clone(), keys.secret_key.expose_secret().to_string()))
    }

    /// What the UI may know, as of the last read (every session start reads the keys).
    pub fn status(&self) -> KeysStatus {
        if let Some(status) = self.last_status.lock().unwrap_or_else(|p| p.into_inner()).clone() {
            return status;
        }
        self.fresh_status()
    }

    fn fresh_status(&self) -> KeysStatus {
        self.current();
        self.last_status.lock().unwrap_or_else(|p| p.into_inner()).clone().expect("current() records the status")
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
        Ok(self.fresh_status())
    }

    /// Forgets the keys: the session copy and the keychain entry.
    pub fn forget(&self) -> AppResult<KeysStatus> {
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = None;
        match self.keychain.delete() {
            Ok(()) | Err(KeychainError::Unavailable { .. }) => Ok(self.fresh_status()),
            Err(e) => Err(e.into()),
        }
    }
}
