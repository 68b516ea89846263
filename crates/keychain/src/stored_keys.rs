use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An access key (public id) and its secret key. Debug never shows the secret.
#[derive(Clone)]
pub struct StoredKeys {
    pub access_key: String,
    pub secret_key: SecretString,
}

impl StoredKeys {
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self { access_key: access_key.into().trim().to_string(), secret_key: SecretString::from(secret_key.into().trim().to_string()) }
    }

    /// The first characters of the access key: enough for a person to recognise which key is set.
    pub fn access_key_hint(&self) -> String {
        let head: String = self.access_key.chars().take(6).collect();
        format!("{head}…")
    }

    pub(crate) fn to_entry(&self) -> String {
        serde_json::to_string(&Entry { access_key: self.access_key.clone(), secret_key: self.secret_key.expose_secret().to_string() })
            .expect("two strings always serialise")
    }

    pub(crate) fn from_entry(text: &str) -> Option<Self> {
        let entry: Entry = serde_json::from_str(text).ok()?;
        if entry.access_key.is_empty() || entry.secret_key.is_empty() {
            return None;
        }
        Some(Self::new(entry.access_key, entry.secret_key))
    }
}

impl fmt::Debug for StoredKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredKeys").field("access_key", &self.access_key_hint()).field("secret_key", &"<redacted>").finish()
    }
}

/// The keychain entry's text: one JSON object, so both keys are saved and read together.
#[derive(Serialize, Deserialize)]
struct Entry {
    access_key: String,
    secret_key: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret_and_most_of_the_access_key() {
        let keys = StoredKeys::new("AKABCDEFGHIJ", "very-secret-value");
        let shown = format!("{keys:?}");
        assert!(!shown.contains("very-secret-value"), "{shown}");
        assert!(!shown.contains("AKABCDEFGHIJ"), "{shown}");
        assert!(shown.contains("AKABCD…"), "{shown}");
    }

    #[test]
    fn entry_round_trips_and_trims() {
        let keys = StoredKeys::new(" ak-1 ", "sk-1\n");
        let back = StoredKeys::from_entry(&keys.to_entry()).unwrap();
        assert_eq!(back.access_key, "ak-1");
        assert_eq!(back.secret_key.expose_secret(), "sk-1");
    }

    #[test]
    fn unreadable_or_empty_entries_are_rejected() {
        assert!(StoredKeys::from_entry("not json").is_none());
        assert!(StoredKeys::from_entry(r#"{"access_key":"","secret_key":"x"}"#).is_none());
        assert!(StoredKeys::from_entry(r#"{"access_key":"a"}"#).is_none());
    }
}
