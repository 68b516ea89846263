use kling_api::{ErrorCode, KlingError};
use std::path::PathBuf;
use thiserror::Error;

/// What can go wrong with elements and voices; each message names the cause and what to do.
#[derive(Debug, Error)]
pub enum AssetError {
    #[error(transparent)]
    Kling(#[from] KlingError),
    #[error("{what} {}: {source} — check the library folder is writable and the disk has space", path.display())]
    Io { what: &'static str, path: PathBuf, source: std::io::Error },
    #[error("invalid {field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("no {what} {id} in the library; refresh the list")]
    NotFound { what: &'static str, id: String },
    #[error("{0} is one of Kling's presets, which cannot be deleted")]
    Preset(String),
}

impl AssetError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AssetError::Kling(e) => e.code(),
            AssetError::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => ErrorCode::DiskFull,
            AssetError::Io { .. } => ErrorCode::Io,
            AssetError::Invalid { .. } | AssetError::Preset(_) => ErrorCode::InvalidInput,
            AssetError::NotFound { .. } => ErrorCode::NotFound,
        }
    }

    /// One line for a person.
    pub fn user_message(&self) -> String {
        match self {
            AssetError::Kling(e) => e.user_message(),
            other => other.to_string(),
        }
    }

    pub(crate) fn io(what: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        AssetError::Io { what, path: path.to_path_buf(), source }
    }
}
