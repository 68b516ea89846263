use super::keys::KeysError;
use kling_api::{ErrorCode, KlingError};
use std::path::PathBuf;
use thiserror::Error;

/// Why a session cannot be set up. Each face adds its own advice (Settings, or a flag).
#[derive(Debug, Error)]
pub enum SessionError {
    #[error(transparent)]
    Keys(#[from] KeysError),
    #[error("no Pictures or home folder was found to put the library in")]
    NoLibraryFolder,
    #[error("the sandbox library goes beside the library folder and is named after it, but {} has no name; choose another library folder", .0.display())]
    NoNameForSandbox(PathBuf),
    #[error("the built-in sandbox could not start ({0})")]
    Sandbox(std::io::Error),
    #[error(transparent)]
    Client(#[from] KlingError),
}

impl SessionError {
    pub fn code(&self) -> ErrorCode {
        match self {
            SessionError::Keys(e) => e.code(),
            SessionError::NoLibraryFolder => ErrorCode::LibraryUnwritable,
            SessionError::NoNameForSandbox(_) => ErrorCode::InvalidInput,
            SessionError::Sandbox(_) => ErrorCode::Sandbox,
            SessionError::Client(e) => e.code(),
        }
    }
}
