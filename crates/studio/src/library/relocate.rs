//! Moving the whole library to another folder ("change location" in the app's settings) without
//! ever holding it in only one half-written place: everything is copied into a hidden staging
//! folder beside the destination, checked, and only then renamed into place; the old folder is
//! emptied last. A failure at any step leaves the old library whole and the destination absent.
//!
//! The library is a folder others can write into (sync, a shared drive), so the move trusts
//! nothing in it: a link is copied as a link (never followed: a link to `/etc` or `~` neither
//! pulls those files into the copy nor has them deleted through it), each copy is checked against
//! the SHA-256 of the bytes read from the original (not its length), and from the old place only
//! what was copied and is unchanged since is removed — a file that appeared or changed during the
//! move, or that the move does not carry (downloads in progress), stays there.

use super::{LibraryError, HIDDEN_DIR};
use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;
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
    #[error("{} is a link, which cannot be copied as a link here; the library was left where it was", .0.display())]
    LinkNotCopied(PathBuf),
    #[error(transparent)]
    Library(#[from] LibraryError),
}

impl RelocateError {
    pub fn code(&self) -> kling_api::ErrorCode {
        match self {
            RelocateError::SameFolder(_) | RelocateError::InsideLibrary(_) | RelocateError::NotEmpty(_) => kling_api::ErrorCode::InvalidInput,
            RelocateError::Mismatch { .. } | RelocateError::LinkNotCopied(_) => kling_api::ErrorCode::Io,
            RelocateError::Library(e) => e.code(),
        }
    }
}

/// What was moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelocateReport {
    pub files: u64,
    pub bytes: u64,
    /// Entries left in the old folder because the move did not copy them as they are now (they
    /// appeared or changed during the move, or are not carried: downloads in progress).
    pub left_behind: u64,
}

/// Moves the library folder `from` to `to` (which must not exist, or be an empty folder).
/// Callers stop everything that writes into the library first (the engine).
pub fn relocate(from: &Path, to: &Path) -> Result<RelocateReport, RelocateError> {
    relocate_checked(from, to, &mut |_| {})
}

/// `relocate`, with a look at the staging copy between the copy and its check (tests only).
fn relocate_checked(from: &Path, to: &Path, before_check: &mut dyn FnMut(&Path)) -> Result<RelocateReport, RelocateError> {
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

    let result = copy_tree(&from, &staging).and_then(|copied| {
        before_check(&staging);
        verify(&copied, &from, &staging)?;
        if to.exists() {
            std::fs::remove_dir(&to).map_err(|e| LibraryError::io("cannot replace the empty folder", &to, e))?;
        }
        crate::atomic::rename(&staging, &to).map_err(|e| LibraryError::io("cannot move the copy to", &to, e))?;
        Ok(copied)
    });
    match result {
        Ok(copied) => {
            // The new library is whole; only now does the old one go, as far as it was copied.
            let left_behind = remove_copied(&copied, &from);
            if left_behind > 0 {
                tracing::warn!("the library was moved; {left_behind} entries the move did not copy stay in the old folder {}", from.display());
            }
            let files = copied.iter().filter(|c| matches!(c.what, What::File { .. })).count() as u64;
            let bytes = copied.iter().map(|c| if let What::File { len, .. } = c.what { len } else { 0 }).sum();
            Ok(RelocateReport { files, bytes, left_behind })
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
    let tmp = Path::new(HIDDEN_DIR).join("tmp");
    rel.starts_with(&tmp) && rel != tmp
}

/// One entry of the library as it was copied.
struct Copied {
    rel: PathBuf,
    what: What,
}

enum What {
    Dir,
    /// The original's size and time before it was read, and the hash of the bytes read.
    File {
        len: u64,
        modified: Option<SystemTime>,
        sha256: [u8; 32],
    },
    Link {
        target: PathBuf,
    },
}

fn copy_tree(from: &Path, to: &Path) -> Result<Vec<Copied>, RelocateError> {
    let mut copied = Vec::new();
    for entry in walkdir::WalkDir::new(from).follow_links(false) {
        let entry = entry.map_err(|e| LibraryError::Io { what: "cannot read", path: from.to_path_buf(), source: e.into() })?;
        let rel = entry.path().strip_prefix(from).expect("walkdir stays below its root").to_path_buf();
        if skipped(&rel) {
            continue;
        }
        let target = to.join(&rel);
        let kind = entry.file_type();
        let what = if kind.is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| LibraryError::unwritable(&target, &e))?;
            What::Dir
        } else if kind.is_symlink() {
            let link = std::fs::read_link(entry.path()).map_err(|e| LibraryError::io("cannot read", entry.path(), e))?;
            copy_link(&link, &target).map_err(|e| match e.kind() {
                io::ErrorKind::Unsupported => RelocateError::LinkNotCopied(entry.path().to_path_buf()),
                _ => LibraryError::io("cannot copy to", &target, e).into(),
            })?;
            What::Link { target: link }
        } else if kind.is_file() {
            let before = entry.metadata().map_err(|e| LibraryError::Io { what: "cannot read", path: entry.path().to_path_buf(), source: e.into() })?;
            let sha256 = copy_file(entry.path(), &target)?;
            What::File { len: before.len(), modified: before.modified().ok(), sha256 }
        } else {
            // Sockets, pipes, devices: not library content, and not copied (so not removed).
            continue;
        };
        copied.push(Copied { rel, what });
    }
    // The copy must be on disk before the old library may go.
    File::open(to).and_then(|d| d.sync_all()).ok();
    Ok(copied)
}

/// Copies a file's bytes into a new file (never through something already there), returning the
/// SHA-256 of the bytes read.
fn copy_file(source: &Path, target: &Path) -> Result<[u8; 32], RelocateError> {
    let mut input = File::open(source).map_err(|e| LibraryError::io("cannot read", source, e))?;
    let mut output = OpenOptions::new().write(true).create_new(true).open(target).map_err(|e| LibraryError::io("cannot copy to", target, e))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let n = input.read(&mut buffer).map_err(|e| LibraryError::io("cannot read", source, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        output.write_all(&buffer[..n]).map_err(|e| LibraryError::io("cannot copy to", target, e))?;
    }
    output.sync_all().map_err(|e| LibraryError::io("cannot copy to", target, e))?;
    Ok(hasher.finalize().into())
}

#[cfg(unix)]
fn copy_link(link: &Path, target: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(link, target)
}

#[cfg(not(unix))]
fn copy_link(_link: &Path, _target: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

fn sha256_of(path: &Path) -> io::Result<[u8; 32]> {
    let mut hasher = Sha256::new();
    io::copy(&mut File::open(path)?, &mut hasher)?;
    Ok(hasher.finalize().into())
}

/// Every copy read back: a file has the hash of what was read from the original, a link the same
/// target, a folder is a folder.
fn verify(copied: &[Copied], from: &Path, to: &Path) -> Result<(), RelocateError> {
    for entry in copied {
        let copy = to.join(&entry.rel);
        let mismatch = |detail: String| RelocateError::Mismatch { path: from.join(&entry.rel), detail };
        let kind = std::fs::symlink_metadata(&copy).map_err(|e| mismatch(e.to_string()))?.file_type();
        match &entry.what {
            What::Dir if kind.is_dir() => {}
            What::File { sha256, .. } if kind.is_file() => {
                if sha256_of(&copy).map_err(|e| mismatch(e.to_string()))? != *sha256 {
                    return Err(mismatch("its content is not the same".into()));
                }
            }
            What::Link { target } if kind.is_symlink() => {
                if std::fs::read_link(&copy).map_err(|e| mismatch(e.to_string()))? != *target {
                    return Err(mismatch("the link points elsewhere".into()));
                }
            }
            _ => return Err(mismatch("it is not the same kind of entry".into())),
        }
    }
    Ok(())
}

/// Removes from the old place what was copied and has not changed since; returns how many
/// files (and links, and other entries) stay there.
fn remove_copied(copied: &[Copied], from: &Path) -> u64 {
    for entry in copied.iter().filter(|c| !matches!(c.what, What::Dir)) {
        let path = from.join(&entry.rel);
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        let unchanged = match &entry.what {
            What::File { len, modified, .. } => meta.file_type().is_file() && meta.len() == *len && meta.modified().ok() == *modified,
            What::Link { target } => meta.file_type().is_symlink() && std::fs::read_link(&path).is_ok_and(|t| t == *target),
            What::Dir => false,
        };
        if unchanged {
            // Removing a link removes the link itself, never what it points to.
            let _ = std::fs::remove_file(&path);
        }
    }
    // Folders deepest first (a walk lists a folder before its content); one still holding
    // something is kept, with it.
    for entry in copied.iter().rev().filter(|c| matches!(c.what, What::Dir)) {
        let _ = std::fs::remove_dir(from.join(&entry.rel));
    }
    walkdir::WalkDir::new(from).follow_links(false).into_iter().filter_map(Result::ok).filter(|e| !e.file_type().is_dir()).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library_at(dir: &Path) -> PathBuf {
        let from = dir.join("Kling Studio");
        std::fs::create_dir_all(from.join("2026-11")).unwrap();
        std::fs::create_dir_all(from.join(HIDDEN_DIR).join("tmp")).unwrap();
        std::fs::write(from.join("2026-11/a_1.png"), b"picture bytes").unwrap();
        std::fs::write(from.join("2026-11/a_1.json"), b"{\"sidecar\": 1}").unwrap();
        from
    }

    /// A copy that differs from what was read — here corrupted in flight to the same length, so a
    /// length check would pass — stops the move before anything is removed.
    #[test]
    fn a_copy_corrupted_in_flight_deletes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let from = library_at(dir.path());
        let to = dir.path().join("moved");
        let error = relocate_checked(&from, &to, &mut |staging| std::fs::write(staging.join("2026-11/a_1.png"), b"PICTURE BYTES").unwrap()).unwrap_err();
        assert!(matches!(&error, RelocateError::Mismatch { path, .. } if path.ends_with("2026-11/a_1.png")), "{error}");
        assert!(error.to_string().contains("its content is not the same") && error.to_string().contains("the library was left where it was"), "{error}");
        assert_eq!(std::fs::read(from.join("2026-11/a_1.png")).unwrap(), b"picture bytes");
        assert_eq!(std::fs::read(from.join("2026-11/a_1.json")).unwrap(), b"{\"sidecar\": 1}");
        assert!(!to.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no staging folder is left");
    }

    /// Links are copied as links: what they point to (outside the library) is neither copied in
    /// nor removed, and the link itself moves.
    #[cfg(unix)]
    #[test]
    fn links_are_moved_as_links_and_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let from = library_at(dir.path());
        let private = dir.path().join("home");
        std::fs::create_dir_all(private.join(".ssh")).unwrap();
        std::fs::write(private.join(".ssh/id_ed25519"), b"secret").unwrap();
        std::os::unix::fs::symlink(&private, from.join("2026-11/home")).unwrap();
        std::os::unix::fs::symlink(private.join(".ssh/id_ed25519"), from.join("key.png")).unwrap();
        let to = dir.path().join("moved");
        let report = relocate(&from, &to).unwrap();
        assert_eq!((report.files, report.left_behind), (2, 0), "{report:?}");
        for link in ["2026-11/home", "key.png"] {
            assert!(std::fs::symlink_metadata(to.join(link)).unwrap().file_type().is_symlink(), "{link} is still a link");
        }
        assert_eq!(std::fs::read_link(to.join("2026-11/home")).unwrap(), private);
        assert_eq!(std::fs::read(private.join(".ssh/id_ed25519")).unwrap(), b"secret", "the target is untouched");
        assert!(!from.exists());
    }

    /// What the move did not copy stays in the old place: a file that appeared during the move,
    /// one changed after it was copied, and downloads in progress (not carried).
    #[test]
    fn what_was_not_copied_stays() {
        let dir = tempfile::tempdir().unwrap();
        let from = library_at(dir.path());
        std::fs::write(from.join(HIDDEN_DIR).join("tmp/0123.part"), b"half a download").unwrap();
        let to = dir.path().join("moved");
        let report = relocate_checked(&from, &to, &mut |_| {
            std::fs::write(from.join("2026-11/late.png"), b"written during the move").unwrap();
            let sidecar = from.join("2026-11/a_1.json");
            std::fs::write(&sidecar, b"{\"sidecar\": 2}").unwrap();
            File::options().write(true).open(&sidecar).unwrap().set_modified(SystemTime::UNIX_EPOCH).unwrap();
        })
        .unwrap();
        assert_eq!(report.left_behind, 3, "{report:?}");
        assert_eq!(std::fs::read(from.join("2026-11/late.png")).unwrap(), b"written during the move");
        assert_eq!(std::fs::read(from.join("2026-11/a_1.json")).unwrap(), b"{\"sidecar\": 2}");
        assert_eq!(std::fs::read(from.join(HIDDEN_DIR).join("tmp/0123.part")).unwrap(), b"half a download");
        assert!(!from.join("2026-11/a_1.png").exists(), "what was copied unchanged is gone from the old place");
        assert_eq!(std::fs::read(to.join("2026-11/a_1.png")).unwrap(), b"picture bytes");
        assert_eq!(std::fs::read(to.join("2026-11/a_1.json")).unwrap(), b"{\"sidecar\": 1}");
    }
}
