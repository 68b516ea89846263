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
    /// A path read from the library's own files (an index row, a sidecar) that is not a plain
    /// relative one: someone else wrote it, and it is never followed.
    #[error("the library names a file outside itself ({shown:?}); the index row or sidecar is damaged or was planted — rebuild the library index")]
    OutsidePath { shown: String },
    #[error("{} already holds {name} and numbered copies of it; choose another folder", dir.display())]
    NoFreeName { dir: PathBuf, name: String },
    #[error("cannot copy to {} ({source}); choose another folder", path.display())]
    Copy { path: PathBuf, source: io::Error },
}

impl LibraryError {
    pub(crate) fn io(what: &'static str, path: &Path, source: io::Error) -> Self {
        match source.kind() {
            io::ErrorKind::StorageFull => LibraryError::DiskFull { path: path.to_path_buf() },
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => LibraryError::Unwritable { path: path.to_path_buf(), reason: source.to_string() },
            _ => LibraryError::Io { what, path: path.to_path_buf(), source },
        }
    }

    /// A copy out of the library (an export) failed: the folder is the person's, not the library.
    pub(crate) fn copy(path: &Path, source: io::Error) -> Self {
        match source.kind() {
            io::ErrorKind::StorageFull => LibraryError::DiskFull { path: path.to_path_buf() },
            _ => LibraryError::Copy { path: path.to_path_buf(), source },
        }
    }

    /// Shown in part: a planted path can be long or hold anything.
    pub(crate) fn outside_path(rel_path: &str) -> Self {
        LibraryError::OutsidePath { shown: rel_path.chars().take(80).collect() }
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
            LibraryError::OutsidePath { .. } => ErrorCode::LibraryIndex,
            LibraryError::NoFreeName { .. } | LibraryError::Copy { .. } => ErrorCode::Io,
        }
    }
}
