use crate::{KeyStore, KeychainError, StoredKeys};
use keyring::Entry;

/// The keychain service name both the CLI and the app use.
const DEFAULT_SERVICE: &str = "kling-studio";
const ACCOUNT: &str = "api-keys";

/// The OS keychain: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
pub struct OsKeychain {
    service: String,
}

impl OsKeychain {
    pub fn new() -> Self {
        Self::with_service(DEFAULT_SERVICE)
    }

    /// Another service name, so tests never touch a person's real entry.
    pub fn with_service(service: impl Into<String>) -> Self {
        Self { service: service.into() }
    }

    /// The entry this process uses: KLING_KEYCHAIN_SERVICE when set (tests point the CLI and the
    /// app at a throwaway entry with it), else the shared default.
    pub fn from_env() -> Self {
        match std::env::var("KLING_KEYCHAIN_SERVICE") {
            Ok(service) if !service.is_empty() => Self::with_service(service),
            _ => Self::new(),
        }
    }

    fn entry(&self) -> Result<Entry, KeychainError> {
        Entry::new(&self.service, ACCOUNT).map_err(map_error)
    }
}

impl Default for OsKeychain {
    fn default() -> Self {
        Self::new()
    }
}

impl KeyStore for OsKeychain {
    fn load(&self) -> Result<Option<StoredKeys>, KeychainError> {
        match self.entry()?.get_password() {
            Ok(text) => StoredKeys::from_entry(&text).map(Some).ok_or(KeychainError::Corrupt),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    fn save(&self, keys: &StoredKeys) -> Result<(), KeychainError> {
        self.entry()?.set_password(&keys.to_entry()).map_err(map_error)
    }

    fn delete(&self) -> Result<(), KeychainError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }
}

/// keyring's errors never carry the secret, but their text can be long: keep the first line.
fn map_error(e: keyring::Error) -> KeychainError {
    let detail = e.to_string().lines().next().unwrap_or_default().chars().take(200).collect();
    match e {
        keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => KeychainError::Unavailable { detail },
        keyring::Error::BadEncoding(_) => KeychainError::Corrupt,
        _ => KeychainError::Refused { detail },
    }
}
