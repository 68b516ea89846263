use kling_api::ErrorCode;
use thiserror::Error;

/// Why the keys could not be read or written. Messages say what to do; none contains a secret.
#[derive(Debug, Error)]
pub enum KeychainError {
    #[error("the system keychain is not available ({detail}); start or unlock your keyring (on Linux: gnome-keyring or KWallet with a Secret Service), or set KLING_ACCESS_KEY and KLING_SECRET_KEY")]
    Unavailable { detail: String },
    #[error("the stored Kling keys are unreadable; store them again")]
    Corrupt,
    #[error("the system keychain refused the operation ({detail})")]
    Refused { detail: String },
}

impl KeychainError {
    /// The UI and the CLI branch on this rather than on text.
    pub fn code(&self) -> ErrorCode {
        match self {
            KeychainError::Unavailable { .. } => ErrorCode::KeychainUnavailable,
            KeychainError::Corrupt => ErrorCode::KeychainCorrupt,
            KeychainError::Refused { .. } => ErrorCode::KeychainRefused,
        }
    }
}
