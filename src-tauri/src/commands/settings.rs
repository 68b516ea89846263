//! Settings, keys and the library's location.

use crate::commands::create::{fetch_credits, Credits};
use crate::error::{AppError, AppResult};
use crate::keys::KeysStatus;
use crate::session::{library_root, SessionInfo};
use crate::settings::Settings;
use crate::state::{restart_session, AppState};
use kling_api::{ClientConfig, Credentials, KlingClient};
use serde::Serialize;
use std::sync::Arc;
use tauri::{AppHandle, Manager, State};

type AppStateRef<'a> = State<'a, Arc<AppState>>;

#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    pub session: Option<SessionInfo>,
    pub keys: KeysStatus,
    pub settings: Settings,
    /// Why the app could not open its library or reach its API host, when it could not.
    pub startup_error: Option<AppError>,
    /// Prefix for playing library videos: `{media_base}/{rel_path}` (loopback HTTP, see media_server).
    pub media_base: String,
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(app: AppHandle, state: AppStateRef<'_>) -> AppResult<AppInfo> {
    let session = state.session.read().await.as_ref().map(|s| s.info.clone());
    // Asked again after every settings change: only the first ask belongs to the start-up.
    static FIRST: std::sync::Once = std::sync::Once::new();
    FIRST.call_once(|| tracing::info!("start-up: app info asked at {} ms", crate::commands::lifecycle::since_launch()));
    Ok(AppInfo {
        version: app.package_info().version.to_string(),
        session,
        keys: state.keys.status(),
        settings: state.settings(),
        startup_error: state.startup_error.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        media_base: state.media.base().to_string(),
    })
}

/// Saves settings; a new host, folder, concurrency or sandbox choice restarts the session.
#[tauri::command]
#[specta::specta]
pub async fn save_settings(app: AppHandle, state: AppStateRef<'_>, settings: Settings) -> AppResult<SessionInfo> {
    settings.validate()?;
    let mut settings = settings;
    if settings.custom_base_url.trim().is_empty() {
        settings.custom_base_url.clear();
    } else if let Ok(url) = crate::settings::check_base_url(&settings.custom_base_url) {
        settings.custom_base_url = url;
    }
    state.store.save(&settings)?;
    *state.settings.lock().unwrap_or_else(|p| p.into_inner()) = settings;
    restart_session(&app).await
}

/// Stores the keys (in the keychain, or for this session only) and switches to them.
#[tauri::command]
#[specta::specta]
pub async fn save_keys(app: AppHandle, state: AppStateRef<'_>, access_key: String, secret_key: String, session_only: bool) -> AppResult<KeysStatus> {
    let status = state.keys.save(&access_key, &secret_key, session_only)?;
    restart_session(&app).await?;
    Ok(status)
}

#[tauri::command]
#[specta::specta]
pub async fn forget_keys(app: AppHandle, state: AppStateRef<'_>) -> AppResult<KeysStatus> {
    let status = state.keys.forget()?;
    restart_session(&app).await?;
    Ok(status)
}

/// Calls the credits endpoint with the keys typed in the form (not yet saved), or with the keys
/// in use when both are empty.
#[tauri::command]
#[specta::specta]
pub async fn test_connection(state: AppStateRef<'_>, access_key: String, secret_key: String, settings: Settings) -> AppResult<Credits> {
    let (ak, sk) = (access_key.trim(), secret_key.trim());
    let client = if ak.is_empty() && sk.is_empty() {
        state.with_session(|s| Ok(s.client())).await?
    } else if ak.is_empty() || sk.is_empty() {
        return Err(AppError::invalid("Enter both the access key and the secret key to test them."));
    } else {
        KlingClient::new(ClientConfig::new(settings.base_url()?, Credentials::new(ak, sk)))?
    };
    fetch_credits(&client).await
}

/// Moves the library to `folder` (one the person picked in this session's folder dialog)
/// through a staging folder, then reopens it there.
#[tauri::command]
#[specta::specta]
pub async fn move_library(app: AppHandle, state: AppStateRef<'_>, folder: String) -> AppResult<SessionInfo> {
    let target = state.picked_folders.check(&folder)?;
    // KLING_LIBRARY overrides the setting on every start: a move would be undone at once.
    if studio::session::SessionEnv::from_process().library.is_some() {
        return Err(AppError::invalid("The library folder is set by the KLING_LIBRARY environment variable; unset it to move the library from here."));
    }
    if !target.is_absolute() {
        return Err(AppError::invalid("Choose a folder with a full path."));
    }
    let mut settings = state.settings();
    let current = library_root(&settings)?;
    // Choosing a folder that already holds things (say ~/Videos) means "put it in there".
    let occupied = std::fs::read_dir(&target).map(|mut d| d.next().is_some()).unwrap_or(false);
    let target = if occupied { target.join(current.file_name().unwrap_or_else(|| std::ffi::OsStr::new("Kling Studio"))) } else { target };
    // Nothing may write into the library while it moves.
    if let Some(session) = state.session.write().await.take() {
        session.stop().await;
    }
    let moved = if current.exists() {
        let (from, to) = (current.clone(), target.clone());
        tauri::async_runtime::spawn_blocking(move || studio::library::relocate(&from, &to)).await.map_err(AppError::background)?.map(|_| ())
    } else {
        Ok(())
    };
    if let Err(e) = moved {
        // The library is still whole where it was: reopen it there and report why.
        restart_session(&app).await?;
        return Err(e.into());
    }
    settings.library_folder = Some(target.display().to_string());
    state.store.save(&settings)?;
    *state.settings.lock().unwrap_or_else(|p| p.into_inner()) = settings;
    restart_session(&app).await
}

#[tauri::command]
#[specta::specta]
pub async fn open_library_folder(state: AppStateRef<'_>) -> AppResult<()> {
    let root = state.with_session(|s| Ok(s.library.root().to_path_buf())).await?;
    tauri_plugin_opener::open_path(root.display().to_string(), None::<&str>).map_err(|e| AppError::no_file_manager(&root, &e))
}

/// Opens the folder holding the app's log files.
#[tauri::command]
#[specta::specta]
pub fn reveal_logs(app: AppHandle) -> AppResult<()> {
    let dir = app.path().app_log_dir().map_err(|e| AppError::new(kling_api::ErrorCode::Io, format!("The log folder cannot be found ({e}).")))?;
    std::fs::create_dir_all(&dir).map_err(|e| AppError::new(kling_api::ErrorCode::Io, format!("Cannot create {} ({e}).", dir.display())))?;
    tauri_plugin_opener::open_path(dir.display().to_string(), None::<&str>).map_err(|e| AppError::no_file_manager(&dir, &e))
}
