use super::keys::KeysError;
use kling_api::KlingError;
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
    /// A stable code, the same words the other core errors use.
    pub fn code(&self) -> &'static str {
        match self {
            SessionError::Keys(e) => e.code(),
            SessionError::NoLibraryFolder => "library_unwritable",
            SessionError::NoNameForSandbox(_) => "invalid_input",
            SessionError::Sandbox(_) => "sandbox",
            SessionError::Client(e) => e.kind_code(),
        }
    }
}
