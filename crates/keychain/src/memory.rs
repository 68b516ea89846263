use crate::{KeyStore, KeychainError, StoredKeys};
use std::sync::Mutex;

/// Keys held in this process only: the fallback when no keychain is running, and for tests.
#[derive(Default)]
pub struct MemoryKeyStore {
    keys: Mutex<Option<StoredKeys>>,
}

impl MemoryKeyStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl KeyStore for MemoryKeyStore {
    fn load(&self) -> Result<Option<StoredKeys>, KeychainError> {
        Ok(self.keys.lock().unwrap_or_else(|p| p.into_inner()).clone())
    }

    fn save(&self, keys: &StoredKeys) -> Result<(), KeychainError> {
        *self.keys.lock().unwrap_or_else(|p| p.into_inner()) = Some(keys.clone());
        Ok(())
    }

    fn delete(&self) -> Result<(), KeychainError> {
        *self.keys.lock().unwrap_or_else(|p| p.into_inner()) = None;
        Ok(())
    }
}
