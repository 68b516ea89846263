//! Which folder a session files results in. The sandbox never writes into a real library: its
//! library is "<name> (sandbox)" beside the chosen one, whichever way that was chosen.

use super::errors::SessionError;
use std::path::{Component, Path, PathBuf};

/// The library the choices point at: this run's own choice (the CLI's `--library`), else
/// KLING_LIBRARY, else the saved choice (the app's setting), else the default folder.
pub fn chosen_root(run_choice: Option<&Path>, env: Option<&Path>, saved: Option<&Path>, default: Option<&Path>) -> Result<PathBuf, SessionError> {
    run_choice.or(env).or(saved).or(default).map(Path::to_path_buf).ok_or(SessionError::NoLibraryFolder)
}

/// The sandbox's library for the real library at `real`: a sibling, never inside it (a library
/// indexes every folder under it, so placeholders inside would mix with real results).
pub fn sandbox_root(real: &Path) -> Result<PathBuf, SessionError> {
    // "." or "lib/..": the name comes from the folder they stand for.
    let real = if real.file_name().is_some() { real.to_path_buf() } else { lexically_absolute(real) };
    let name = real.file_name().ok_or_else(|| SessionError::NoNameForSandbox(real.clone()))?;
    let mut sandbox = name.to_os_string();
    sandbox.push(" (sandbox)");
    Ok(real.with_file_name(sandbox))
}

/// `path` made absolute with "." and ".." folded away, without asking the disk (it may not exist yet).
fn lexically_absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut folded = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                folded.pop();
            }
            Component::CurDir => {}
            other => folded.push(other),
        }
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_choice_wins_and_none_at_all_is_an_error() {
        let (run, env, saved, default) = (Path::new("/run"), Path::new("/env"), Path::new("/saved"), Path::new("/default"));
        assert_eq!(chosen_root(Some(run), Some(env), Some(saved), Some(default)).unwrap(), run);
        assert_eq!(chosen_root(None, Some(env), Some(saved), Some(default)).unwrap(), env);
        assert_eq!(chosen_root(None, None, Some(saved), Some(default)).unwrap(), saved);
        assert_eq!(chosen_root(None, None, None, Some(default)).unwrap(), default);
        assert!(matches!(chosen_root(None, None, None, None), Err(SessionError::NoLibraryFolder)));
    }

    #[test]
    fn the_sandbox_library_is_a_sibling_named_after_the_real_one() {
        assert_eq!(sandbox_root(Path::new("/home/a/Pictures/Kling Studio")).unwrap(), Path::new("/home/a/Pictures/Kling Studio (sandbox)"));
        assert_eq!(sandbox_root(Path::new("/data/lib/")).unwrap(), Path::new("/data/lib (sandbox)"));
        assert_eq!(sandbox_root(Path::new("relative/lib")).unwrap(), Path::new("relative/lib (sandbox)"));
        // A folder named by "." or "..": beside the folder it stands for, not inside it.
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(sandbox_root(Path::new(".")).unwrap(), cwd.with_file_name(format!("{} (sandbox)", cwd.file_name().unwrap().to_string_lossy())));
        assert_eq!(sandbox_root(Path::new("/data/lib/x/..")).unwrap(), Path::new("/data/lib (sandbox)"));
        let e = sandbox_root(Path::new("/")).unwrap_err();
        assert!(matches!(e, SessionError::NoNameForSandbox(_)), "{e:?}");
    }
}
