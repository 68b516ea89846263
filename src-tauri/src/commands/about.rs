//! The About box: what is running and where it keeps things, for the person and for bug reports.

use crate::error::{AppError, AppResult};
use serde::Serialize;
use tauri::{AppHandle, Manager};

#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct About {
    pub name: String,
    pub version: String,
    /// The commit it was built from, when built from a git checkout.
    pub commit: Option<String>,
    /// `debug` or `release`.
    pub build: String,
    pub tauri: String,
    /// The system web view (WebKitGTK on Linux).
    pub webview: Option<String>,
    pub platform: String,
    /// Where settings and the database of window state live.
    pub data_dir: String,
    pub log_dir: String,
}

#[tauri::command]
#[specta::specta]
pub fn about(app: AppHandle) -> AppResult<About> {
    let info = app.package_info();
    let path = |dir: tauri::Result<std::path::PathBuf>| {
        dir.map(|d| d.display().to_string()).map_err(|e| AppError::new(kling_api::ErrorCode::Io, format!("A data folder cannot be found ({e}).")))
    };
    Ok(About {
        name: info.name.clone(),
        version: info.version.to_string(),
        commit: option_env!("KLING_STUDIO_COMMIT").map(str::to_string),
        build: if cfg!(debug_assertions) { "debug" } else { "release" }.into(),
        tauri: tauri::VERSION.into(),
        webview: tauri::webview_version().ok(),
        platform: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        data_dir: path(app.path().app_data_dir())?,
        log_dir: path(app.path().app_log_dir())?,
    })
}
