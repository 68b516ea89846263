//! The keychain entry this run uses; where keys come from is decided in the core
//! (`studio::session`), the same way for the app and for `kling`.

use keychain::OsKeychain;

/// Tests point KLING_KEYCHAIN_SERVICE at a throwaway entry.
pub fn keychain() -> OsKeychain {
    OsKeychain::from_env()
}
