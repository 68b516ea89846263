//! The one error type that crosses IPC: a stable `code` the UI branches on and a `message` a
//! person can act on. Every core error is mapped here, once.

use kling_api::ErrorCode;
use serde::Serialize;

#[derive(Clone, Debug, Serialize, serde::Deserialize, specta::Type, thiserror::Error, PartialEq, Eq)]
#[error("{message}")]
pub struct AppError {
    /// What the UI branches on (a string union in the bindings).
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    /// A blocking task that panicked or was cancelled (the reason goes to the log).
    pub fn background(error: impl std::fmt::Display) -> Self {
        tracing::error!("a background task ended abnormally: {error}");
        Self::new(ErrorCode::Io, "An internal task stopped unexpectedly; try again.")
    }

    /// The desktop could not show a folder (no file manager, or no portal to reach one): say
    /// where it is, so it can be found by hand; the D-Bus detail goes to the log only.
    pub fn no_file_manager(path: &std::path::Path, error: &dyn std::fmt::Display) -> Self {
        tracing::warn!("opening a file manager failed: {error}");
        Self::new(ErrorCode::NoFileManager, format!("No file manager answered; find it at {}.", path.display()))
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Sentences start with a capital in the UI; the core's messages are lower-case clauses.
pub(crate) fn sentence(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

impl From<kling_api::KlingError> for AppError {
    fn from(e: kling_api::KlingError) -> Self {
        Self::new(e.code(), sentence(e.user_message()))
    }
}

impl From<kling_api::ValidationError> for AppError {
    fn from(e: kling_api::ValidationError) -> Self {
        Self::new(ErrorCode::InvalidInput, sentence(format!("{}: {}", e.field.replace('_', " "), e.message)))
    }
}

impl From<studio::EngineError> for AppError {
    fn from(e: studio::EngineError) -> Self {
        match e {
            studio::EngineError::Invalid(v) => v.into(),
            other => Self::new(other.code(), sentence(other.to_string())),
        }
    }
}

impl From<studio::LibraryError> for AppError {
    fn from(e: studio::LibraryError) -> Self {
        Self::new(e.code(), sentence(e.to_string()))
    }
}

impl From<studio::RelocateError> for AppError {
    fn from(e: studio::RelocateError) -> Self {
        Self::new(e.code(), sentence(e.to_string()))
    }
}

impl From<keychain::KeychainError> for AppError {
    fn from(e: keychain::KeychainError) -> Self {
        (&e).into()
    }
}

impl From<&keychain::KeychainError> for AppError {
    fn from(e: &keychain::KeychainError) -> Self {
        match e {
            // The D-Bus detail helps a log reader, not the person in front of Settings.
            keychain::KeychainError::Unavailable { detail } => {
                tracing::warn!("keychain unavailable: {detail}");
                Self::new(e.code(), "No Secret Service is running, or the keyring is locked. Start or unlock your keyring (gnome-keyring or KWallet), or set KLING_ACCESS_KEY and KLING_SECRET_KEY before starting Kling Studio.")
            }
            _ => Self::new(e.code(), sentence(e.to_string())),
        }
    }
}

impl From<&studio::session::KeysError> for AppError {
    fn from(e: &studio::session::KeysError) -> Self {
        match e {
            studio::session::KeysError::Keychain(e) => e.into(),
            other => Self::new(other.code(), sentence(other.to_string())),
        }
    }
}

impl From<studio::session::SessionError> for AppError {
    fn from(e: studio::session::SessionError) -> Self {
        use studio::session::SessionError;
        match e {
            SessionError::Keys(e) => (&e).into(),
            SessionError::Client(e) => e.into(),
            SessionError::NoLibraryFolder => Self::new(e.code(), "No Pictures or home folder was found; choose a library folder in Settings."),
            other => Self::new(other.code(), sentence(other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_code_and_read_as_sentences() {
        let e: AppError = kling_api::ValidationError::new("negative_prompt", "is too long").into();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert_eq!(e.message, "Negative prompt: is too long");
        let e: AppError = keychain::KeychainError::Unavailable { detail: "no dbus".into() }.into();
        assert_eq!(e.code, ErrorCode::KeychainUnavailable);
        assert!(e.message.starts_with("No Secret Service is running") && !e.message.contains("no dbus"), "{}", e.message);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json.as_object().unwrap().keys().collect::<Vec<_>>(), ["code", "message"]);
    }
}
