//! Moving the whole library to another folder ("change location" in the app's settings) without
//! ever holding it in only one half-written place: everything is copied into a hidden staging
//! folder beside the destination, checked, and only then renamed into place; the old folder is
//! removed last. A failure at any step leaves the old library whole and the destination absent.

use super::{LibraryError, HIDDEN_DIR};
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum RelocateError {
    #[error("the library is already at {}", .0.display())]
    SameFolder(PathBuf),
    #[error("{} is inside the library; choose a folder outside it", .0.display())]
    InsideLibrary(PathBuf),
    #[error("{} already holds files; choose an empty or new folder", .0.display())]
    NotEmpty(PathBuf),
    #[error("the copy of {} differs from the original ({detail}); the library was left where it was", path.display())]
    Mismatch { path: PathBuf, detail: String },
    #[error(transparent)]
    Library(#[from] LibraryError),
}

impl RelocateError {
    pub fn code(&self) -> kling_api::ErrorCode {
        match self {
            RelocateError::SameFolder(_) | RelocateError::InsideLibrary(_) | RelocateError::NotEmpty(_) => kling_api::ErrorCode::InvalidInput,
            RelocateError::Mismatch { .. } => kling_api::ErrorCode::Io,
            RelocateError::Library(e) => e.code(),
        }
    }
}

/// What was moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelocateReport {
    pub files: u64,
    pub bytes: u64,
}

/// Moves the library folder `from` to `to` (which must not exist, or be an empty folder).
/// Callers stop everything that writes into the library first (the engine).
pub fn relocate(from: &Path, to: &Path) -> Result<RelocateReport, RelocateError> {
    let from = std::fs::canonicalize(from).map_err(|e| LibraryError::io("cannot open", from, e))?;
    let to = absolute(to);
    if to == from {
        return Err(RelocateError::SameFolder(to));
    }
    if to.starts_with(&from) {
        return Err(RelocateError::InsideLibrary(to));
    }
    if to.exists() {
        let mut entries = std::fs::read_dir(&to).map_err(|e| LibraryError::io("cannot read", &to, e))?;
        if entries.next().is_some() {
            return Err(RelocateError::NotEmpty(to));
        }
    }
    let parent = to.parent().ok_or_else(|| RelocateError::InsideLibrary(to.clone()))?.to_path_buf();
    std::fs::create_dir_all(&parent).map_err(|e| LibraryError::unwritable(&parent, &e))?;
    let name = to.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let staging = parent.join(format!(".{name}.kling-move-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);

    let result = copy_tree(&from, &staging).and_then(|report| {
        verify_tree(&from, &staging)?;
        if to.exists() {
            std::fs::remove_dir(&to).map_err(|e| LibraryError::io("cannot replace the empty folder", &to, e))?;
        }
        crate::atomic::rename(&staging, &to).map_err(|e| LibraryError::io("cannot move the copy to", &to, e))?;
        Ok(report)
    });
    match result {
        Ok(report) => {
            // The new library is whole; only now does the old one go.
            if let Err(e) = std::fs::remove_dir_all(&from) {
                tracing::warn!("the library was moved but the old folder {} could not be removed: {e}", from.display());
            }
            Ok(report)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
    }
}

/// Downloads in progress are not worth carrying: the engine fetches them again.
fn skipped(rel: &Path) -> bool {
    rel.starts_with(Path::new(HIDDEN_DIR).join("tmp"))
}

fn copy_tree(from: &Path, to: &Path) -> Result<RelocateReport, RelocateError> {
    let mut report = RelocateReport { files: 0, bytes: 0 };
    for entry in walkdir::WalkDir::new(from).follow_links(false) {
        let entry = entry.map_err(|e| LibraryError::Io { what: "cannot read", path: from.to_path_buf(), source: e.into() })?;
        let rel = entry.path().strip_prefix(from).expect("walkdir stays below its root");
        if skipped(rel) {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| LibraryError::unwritable(&target, &e))?;
        } else if entry.file_type().is_file() {
            report.bytes += std::fs::copy(entry.path(), &target).map_err(|e| LibraryError::io("cannot copy to", &target, e))?;
            report.files += 1;
        }
    }
    // The copy must be on disk before the old library may go.
    std::fs::File::open(to).and_then(|d| d.sync_all()).ok();
    Ok(report)
}

fn verify_tree(from: &Path, to: &Path) -> Result<(), RelocateError> {
    for entry in walkdir::WalkDir::new(from).follow_links(false) {
        let entry = entry.map_err(|e| LibraryError::Io { what: "cannot read", path: from.to_path_buf(), source: e.into() })?;
        let rel = entry.path().strip_prefix(from).expect("walkdir stays below its root");
        if !entry.file_type().is_file() || skipped(rel) {
            continue;
        }
        let copy = to.join(rel);
        let want = entry.metadata().map(|m| m.len()).unwrap_or(0);
        match std::fs::metadata(&copy) {
            Ok(meta) if meta.len() == want => {}
            Ok(meta) => return Err(RelocateError::Mismatch { path: entry.path().to_path_buf(), detail: format!("{} bytes instead of {want}", meta.len()) }),
            Err(e) => return Err(RelocateError::Mismatch { path: entry.path().to_path_buf(), detail: e.to_string() }),
        }
    }
    Ok(())
}
