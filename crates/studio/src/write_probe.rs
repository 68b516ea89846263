//! Whether a folder can be written. Only writing tells (permissions, read-only mounts, ACLs,
//! a full disk): a small hidden file is created and removed at once. The library, the app's
//! settings and the CLI's `--out` all ask here.

use std::io;
use std::path::Path;

/// Creates and removes a uniquely named empty file in `dir`; the error is the one writing gave.
pub fn check_writable(dir: &Path) -> io::Result<()> {
    let probe = dir.join(format!(".kling-write-probe-{}-{:08x}", std::process::id(), fastrand::u32(..)));
    std::fs::write(&probe, b"")?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writable_folder_passes_and_keeps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        check_writable(dir.path()).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_missing_folder_or_a_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(check_writable(&dir.path().join("missing")).unwrap_err().kind(), io::ErrorKind::NotFound);
        let file = dir.path().join("file");
        std::fs::write(&file, b"x").unwrap();
        assert!(check_writable(&file).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        // Root writes anywhere: then there is nothing to refuse.
        let root = std::fs::write(locked.join("root-check"), b"").is_ok();
        let result = check_writable(&locked);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        if !root {
            assert_eq!(result.unwrap_err().kind(), io::ErrorKind::PermissionDenied);
        }
    }
}
