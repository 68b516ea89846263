//! Native file and folder pickers (rfd). They run on a blocking thread: rfd drives GTK itself.

use crate::error::AppError;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folders the person picked in this session's folder dialog. The commands that write into a
/// folder the web view names (moving the library, exporting) take only one of these, so a
/// compromised or buggy web view cannot send the library or its files anywhere else.
#[derive(Default)]
pub struct PickedFolders(Mutex<HashSet<PathBuf>>);

/// A folder the web view named that the person did not pick in the dialog.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} was not chosen in the folder dialog; choose the folder again", .0.display())]
pub struct NotPicked(pub PathBuf);

impl PickedFolders {
    pub fn record(&self, folder: &Path) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(folder.to_path_buf());
    }

    /// The folder, when it is one the person picked (as the dialog gave it, spaces around trimmed).
    pub fn check(&self, folder: &str) -> Result<PathBuf, NotPicked> {
        let folder = PathBuf::from(folder.trim());
        if self.0.lock().unwrap_or_else(|p| p.into_inner()).contains(&folder) {
            Ok(folder)
        } else {
            Err(NotPicked(folder))
        }
    }
}

impl From<NotPicked> for AppError {
    fn from(e: NotPicked) -> Self {
        AppError::invalid(crate::error::sentence(e.to_string()))
    }
}

fn shown(path: Option<PathBuf>) -> Option<String> {
    path.map(|p| p.display().to_string())
}

/// A JPG or PNG to animate or use as a reference; None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_picture() -> Option<String> {
    let picked = tauri::async_runtime::spawn_blocking(|| {
        rfd::FileDialog::new().set_title("Choose a picture").add_filter("Pictures (JPG, PNG)", &["jpg", "jpeg", "png", "JPG", "JPEG", "PNG"]).pick_file()
    })
    .await
    .ok()
    .flatten();
    shown(picked)
}

/// A sound (mp3, wav, m4a, aac) for a lip-sync; None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_sound() -> Option<String> {
    let picked = tauri::async_runtime::spawn_blocking(|| {
        let extensions: Vec<String> = studio::library::paths::SOUND_EXTENSIONS.iter().flat_map(|e| [e.to_string(), e.to_uppercase()]).collect();
        rfd::FileDialog::new().set_title("Choose a sound").add_filter("Sounds (MP3, WAV, M4A, AAC)", &extensions).pick_file()
    })
    .await
    .ok()
    .flatten();
    shown(picked)
}

/// A folder (library location, export target); None when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_folder(app: tauri::AppHandle, title: String) -> Option<String> {
    use tauri::Manager;
    let home = app.path().home_dir().ok();
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let dialog = rfd::FileDialog::new().set_title(title);
        // GTK would open on "Recent", which lists files, not folders: start at home instead.
        let dialog = match home {
            Some(home) => dialog.set_directory(home),
            None => dialog,
        };
        dialog.pick_folder()
    })
    .await
    .ok()
    .flatten();
    if let (Some(folder), Some(state)) = (&picked, app.try_state::<std::sync::Arc<crate::state::AppState>>()) {
        state.picked_folders.record(folder);
    }
    shown(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_folders_picked_in_the_dialog_are_taken() {
        let picked = PickedFolders::default();
        let refused = picked.check("/home/me/.ssh").unwrap_err();
        assert_eq!(refused, NotPicked(PathBuf::from("/home/me/.ssh")));
        picked.record(Path::new("/home/me/Videos"));
        assert_eq!(picked.check(" /home/me/Videos ").unwrap(), PathBuf::from("/home/me/Videos"));
        for other in ["/home/me", "/home/me/Videos/..", "/home/me/Videos/sub", "/etc", "", "Videos"] {
            assert_eq!(picked.check(other), Err(NotPicked(PathBuf::from(other))), "{other:?}");
        }
        let error = AppError::from(refused);
        assert_eq!(error.code, kling_api::ErrorCode::InvalidInput);
        assert_eq!(error.message, "/home/me/.ssh was not chosen in the folder dialog; choose the folder again");
    }
}
