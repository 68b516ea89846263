//! The app's keys: KLING_ACCESS_KEY/KLING_SECRET_KEY when both are set, else keys kept in memory
//! for this session (when the keychain cannot be used), else the OS keychain entry shared with
//! `kling login`; the order and the refusal of half-set variables are the core's
//! (`studio::session::find_keys`), the same as for `kling`. The secret key never leaves this
//! module except inside a plan, and from there inside a client.

use crate::error::{AppError, AppResult};
use keychain::{KeyStore, KeychainError, OsKeychain, StoredKeys};
use serde::Serialize;
use std::sync::Mutex;
use studio::session::{find_keys, FoundKeys, KeysError, PlanInputs, SessionEnv, SessionPlan};

pub use studio::session::KeySource;

/// What the UI may know about the keys: whether they are set and the AK's first characters.
#[derive(Clone, Debug, PartialEq, Serialize, specta::Type)]
pub struct KeysStatus {
    pub configured: bool,
    pub access_key_hint: Option<String>,
    pub source: Option<KeySource>,
    /// Set when the keychain cannot be read or written: the reason and what to do.
    pub keychain_problem: Option<AppError>,
    /// Set when only one of KLING_ACCESS_KEY and KLING_SECRET_KEY is set: no keys are used (the
    /// sandbox runs) until both or neither are, so another account's keys are never taken.
    pub environment_problem: Option<AppError>,
}

impl KeysStatus {
    fn of(keys: Option<&FoundKeys>, problem: Option<&KeysError>) -> Self {
        Self {
            configured: keys.is_some(),
            access_key_hint: keys.map(|k| k.keys.access_key_hint()),
            source: keys.map(|k| k.source),
            keychain_problem: match problem {
                Some(KeysError::Keychain(e)) => Some(AppError::from(e)),
                _ => None,
            },
            environment_problem: match problem {
                Some(e @ (KeysError::HalfSet { .. } | KeysError::Missing)) => Some(AppError::from(e)),
                _ => None,
            },
        }
    }
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

    fn session_keys(&self) -> Option<StoredKeys> {
        self.session.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn remember(&self, status: KeysStatus) {
        *self.last_status.lock().unwrap_or_else(|p| p.into_inner()) = Some(status);
    }

    /// The plan for a new session, with this session's keys: keys are read afresh (the keychain
    /// may have changed under us, e.g. by `kling login`) and their status remembered for the UI.
    pub fn plan(&self, mut inputs: PlanInputs) -> AppResult<SessionPlan> {
        inputs.session_keys = self.session_keys();
        match SessionPlan::resolve(&inputs, &self.keychain) {
            Ok(plan) => {
                self.remember(KeysStatus::of(plan.keys.as_ref(), plan.keys_problem.as_ref()));
                Ok(plan)
            }
            Err(e) => {
                // No session (no library folder): Settings still shows the keys as they are now.
                self.fresh_status();
                Err(e.into())
            }
        }
    }

    /// What the UI may know, as of the last read (every session start reads the keys).
    pub fn status(&self) -> KeysStatus {
        if let Some(status) = self.last_status.lock().unwrap_or_else(|p| p.into_inner()).clone() {
            return status;
        }
        self.fresh_status()
    }

    fn fresh_status(&self) -> KeysStatus {
        let found = find_keys(&SessionEnv::from_process(), self.session_keys().as_ref(), &self.keychain);
        let status = match &found {
            Ok(keys) => KeysStatus::of(keys.as_ref(), None),
            Err(problem) => KeysStatus::of(None, Some(problem)),
        };
        self.remember(status.clone());
        status
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

#[cfg(test)]
mod tests {
    use super::*;
    use keychain::MemoryKeyStore;

    #[test]
    fn half_set_variables_show_as_the_environment_problem_and_no_keys_are_configured() {
        let env = SessionEnv { access_key: Some("AK-ENV-ONLY".into()), ..SessionEnv::default() };
        let keychain = MemoryKeyStore::new();
        keychain.save(&StoredKeys::new("AK-IN-KEYCHAIN", "SK-IN-KEYCHAIN")).unwrap();
        let problem = find_keys(&env, None, &keychain).unwrap_err();
        let status = KeysStatus::of(None, Some(&problem));
        assert!(!status.configured && status.source.is_none() && status.access_key_hint.is_none(), "{status:?}");
        assert!(status.keychain_problem.is_none());
        let shown = status.environment_problem.expect("the problem is shown");
        assert_eq!(shown.code, kling_api::ErrorCode::NoKeys);
        assert!(shown.message.starts_with("KLING_ACCESS_KEY is set but KLING_SECRET_KEY is not"), "{}", shown.message);

        let unavailable = KeysError::Keychain(KeychainError::Unavailable { detail: "org.freedesktop.DBus.Error.ServiceUnknown".into() });
        let status = KeysStatus::of(None, Some(&unavailable));
        assert!(status.environment_problem.is_none());
        let shown = status.keychain_problem.expect("the keychain's trouble is shown");
        assert_eq!(shown.code, kling_api::ErrorCode::KeychainUnavailable);
        assert!(!shown.message.contains("DBus"), "{}", shown.message);

        let found = find_keys(&SessionEnv::default(), None, &keychain).unwrap();
        let status = KeysStatus::of(found.as_ref(), None);
        assert_eq!((status.configured, status.source, status.access_key_hint.as_deref()), (true, Some(KeySource::Keychain), Some("AK-IN-…")));
        assert!(!format!("{status:?}").contains("SK-IN-KEYCHAIN"));
    }
}
