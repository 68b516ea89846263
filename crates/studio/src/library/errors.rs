use kling_api::ErrorCode;
use std::io;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// What can go wrong with the library; each message names the file and what to do.
#[derive(Debug, Error)]
pub enum LibraryError {
    #[error("the library folder {} cannot be written ({reason}); choose another folder or fix its permissions", path.display())]
    Unwritable { path: PathBuf, reason: String },
    #[error("the disk is full while writing {}; free some space, then retry", path.display())]
    DiskFull { path: PathBuf },
    #[error("{what} {}: {source}", path.display())]
    Io { what: &'static str, path: PathBuf, source: io::Error },
    #[error("the library index failed: {0}")]
    Index(#[from] rusqlite::Error),
    #[error("no item {0} in the library; it may have been deleted")]
    NotFound(String),
    #[error("{0} has no sidecar, so its details cannot be changed")]
    NoSidecar(String),
    #[error("the sidecar {} is unreadable ({detail})", path.display())]
    CorruptSidecar { path: PathBuf, detail: String },
    #[error("could not move {} to the trash: {detail}", path.display())]
    Trash { path: PathBuf, detail: String },
    #[error("cannot make a thumbnail of {}: {detail}", path.display())]
    Thumbnail { path: PathBuf, detail: String },
}

impl LibraryError {
    pub(crate) fn io(what: &'static str, path: &Path, source: io::Error) -> Self {
        match source.kind() {
            io::ErrorKind::StorageFull => LibraryError::DiskFull { path: path.to_path_buf() },
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => LibraryError::Unwritable { path: path.to_path_buf(), reason: source.to_string() },
            _ => LibraryError::Io { what, path: path.to_path_buf(), source },
        }
    }

    pub(crate) fn unwritable(path: &Path, source: &io::Error) -> Self {
        match source.kind() {
            io::ErrorKind::StorageFull => LibraryError::DiskFull { path: path.to_path_buf() },
            _ => LibraryError::Unwritable { path: path.to_path_buf(), reason: source.to_string() },
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            LibraryError::Unwritable { .. } => ErrorCode::LibraryUnwritable,
            LibraryError::DiskFull { .. } => ErrorCode::DiskFull,
            LibraryError::Io { .. } => ErrorCode::Io,
            LibraryError::Index(_) => ErrorCode::LibraryIndex,
            LibraryError::NotFound(_) => ErrorCode::NotFound,
            LibraryError::NoSidecar(_) | LibraryError::CorruptSidecar { .. } => ErrorCode::Sidecar,
            LibraryError::Trash { .. } => ErrorCode::Trash,
            LibraryError::Thumbnail { .. } => ErrorCode::Thumbnail,
        }
    }
}
