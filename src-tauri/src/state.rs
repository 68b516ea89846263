//! Everything the commands share: settings, keys, and the running session.

use crate::commands::dialogs::PickedFolders;
use crate::error::{AppError, AppResult};
use crate::events;
use crate::keys::KeyVault;
use crate::media_server::MediaServer;
use crate::session::Session;
use crate::settings::{Settings, SettingsStore};
use std::sync::{Arc, Mutex};
use tauri::{AppHandle, Manager};
use tokio::sync::RwLock;

pub struct AppState {
    pub store: SettingsStore,
    pub settings: Mutex<Settings>,
    pub keys: KeyVault,
    pub session: RwLock<Option<Session>>,
    /// Why the last session failed to start, until one starts.
    pub startup_error: Mutex<Option<AppError>>,
    /// Serves the open library's videos to the webview on loopback.
    pub media: MediaServer,
    /// Folders picked in this session's dialog: the only places the library may move or export to.
    pub picked_folders: PickedFolders,
}

impl AppState {
    pub fn new(app: &AppHandle, media: MediaServer) -> AppResult<Self> {
        let store = SettingsStore::open(app)?;
        let settings = store.load();
        Ok(Self {
            store,
            settings: Mutex::new(settings),
            keys: KeyVault::new(),
            session: RwLock::new(None),
            startup_error: Mutex::new(None),
            media,
            picked_folders: PickedFolders::default(),
        })
    }

    pub fn settings(&self) -> Settings {
        self.settings.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Runs `f` with the open session (there always is one once the app has started).
    pub async fn with_session<T>(&self, f: impl FnOnce(&Session) -> AppResult<T>) -> AppResult<T> {
        let guard = self.session.read().await;
        let session = guard.as_ref().ok_or_else(|| AppError::new(kling_api::ErrorCode::Starting, "Kling Studio is still starting; try again in a moment."))?;
        f(session)
    }
}

/// At exit: the running session's unfinished jobs are handed over (see `Session::hand_over`).
/// Never waits: a session being replaced at that moment hands over its own.
pub fn hand_over_at_exit(app: &AppHandle) {
    let state = app.state::<Arc<AppState>>();
    let Ok(slot) = state.session.try_read() else { return };
    if let Some(session) = slot.as_ref() {
        session.hand_over();
    }
}

/// Replaces the running session with one built from the current settings and keys, and tells
/// the UI. The old engine is stopped first so the two never work on one library at once.
pub async fn restart_session(app: &AppHandle) -> AppResult<crate::session::SessionInfo> {
    let state = app.state::<Arc<AppState>>();
    let mut slot = state.session.write().await;
    if let Some(old) = slot.take() {
        old.stop().await;
    }
    let settings = state.settings();
    let session = match Session::start(&settings, &state.keys).await {
        Ok(session) => session,
        Err(e) => {
            *state.startup_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.clone());
            return Err(e);
        }
    };
    let info = session.info.clone();
    *state.startup_error.lock().unwrap_or_else(|p| p.into_inner()) = None;
    // Media reach the webview through the asset protocol, scoped to this library only.
    let _ = app.asset_protocol_scope().allow_directory(session.library.root(), true);
    state.media.set_root(session.library.root().to_path_buf());
    events::forward(app.clone(), &session);
    events::rescan_in_background(app.clone(), session.library.clone());
    *slot = Some(session);
    drop(slot);
    events::emit_session(app, &info);
    Ok(info)
}
