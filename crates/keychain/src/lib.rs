//! Where the Kling access key and secret key live: the OS keychain, one entry holding both, shared
//! by the `kling` CLI and the desktop app. Nothing here writes a secret anywhere else.

mod errors;
mod memory;
mod os;
mod stored_keys;

pub use errors::KeychainError;
pub use memory::MemoryKeyStore;
pub use os::OsKeychain;
pub use stored_keys::StoredKeys;

/// A place that holds one pair of API keys.
pub trait KeyStore: Send + Sync {
    /// The stored keys, or `None` when nothing is stored.
    fn load(&self) -> Result<Option<StoredKeys>, KeychainError>;
    /// Replaces whatever was stored.
    fn save(&self, keys: &StoredKeys) -> Result<(), KeychainError>;
    /// Removes the keys; removing nothing is not an error.
    fn delete(&self) -> Result<(), KeychainError>;
}
