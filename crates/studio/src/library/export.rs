//! Copies of results put where the person asked (the gallery's export, the CLI's `--out`). That
//! folder is theirs and may hold anything, a planted link included: each copy is a new file
//! opened create-new (O_EXCL), so an existing name — a file, or a link, dangling or not — is never
//! written through or replaced; the next free name (`a (2).png`) is taken instead.

use super::{Library, LibraryError};
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// How many numbered names are tried before giving up (a folder full of `a (n).png`).
const MAX_NUMBER: u32 = 10_000;

impl Library {
    /// Copies the items' media files into the existing folder `dest`; returns the copies' paths.
    pub fn export(&self, ids: &[String], dest: &Path) -> Result<Vec<PathBuf>, LibraryError> {
        ids.iter().map(|id| copy_to_free_name(&self.absolute(&self.get(id)?.rel_path)?, dest)).collect()
    }
}

/// Copies `source` into `dir` under its own name, or the first free numbered one.
pub fn copy_to_free_name(source: &Path, dir: &Path) -> Result<PathBuf, LibraryError> {
    let name = source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "item".into());
    let mut input = File::open(source).map_err(|e| LibraryError::io("cannot read", source, e))?;
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
        _ => (name.clone(), String::new()),
    };
    for n in 1..=MAX_NUMBER {
        let candidate = if n == 1 { dir.join(&name) } else { dir.join(format!("{stem} ({n}){ext}")) };
        let mut out = match OpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(out) => out,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(LibraryError::copy(&candidate, e)),
        };
        if let Err(e) = io::copy(&mut input, &mut out).and_then(|_| out.sync_all()) {
            // The file is ours (create-new made it): a half copy is not left behind.
            drop(out);
            let _ = std::fs::remove_file(&candidate);
            return Err(LibraryError::copy(&candidate, e));
        }
        return Ok(candidate);
    }
    Err(LibraryError::NoFreeName { dir: dir.to_path_buf(), name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exported_names_never_replace_files() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("a.png");
        std::fs::write(&source, b"new").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("a.png"), b"old").unwrap();
        std::fs::write(out.join("a (2).png"), b"old").unwrap();
        assert_eq!(copy_to_free_name(&source, &out).unwrap(), out.join("a (3).png"));
        assert_eq!(std::fs::read(out.join("a (3).png")).unwrap(), b"new");
        assert_eq!((std::fs::read(out.join("a.png")).unwrap(), std::fs::read(out.join("a (2).png")).unwrap()), (b"old".to_vec(), b"old".to_vec()));
    }
}
