//! Native file and folder pickers (rfd). They run on a blocking thread: rfd drives GTK itself.

use std::path::PathBuf;

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
    shown(picked)
}
