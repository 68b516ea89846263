//! A session: the library that is open, the engine working on it, and, in sandbox mode, the
//! emulator it talks to. Changing keys, host, folder or sandbox replaces the session as a whole.
//! What the session is (folder, keys, sandbox, pacing) is decided in the core, as for `kling`;
//! this keeps what is the app's: the engine's runner on Tauri's runtime and what the UI is told.

use crate::error::{AppError, AppResult};
use crate::keys::KeyVault;
use crate::settings::Settings;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use studio::session::{CreditsCache, PlanInputs, SessionEnv};
use studio::{Engine, Library};
use tokio::sync::watch;

pub use studio::session::SandboxReason;

#[derive(Clone, Debug, PartialEq, Serialize, specta::Type)]
pub struct SessionInfo {
    /// Some when results are placeholders from the built-in emulator.
    pub sandbox: Option<SandboxReason>,
    pub library_root: String,
    pub api_host: String,
}

pub struct Session {
    pub library: Arc<Library>,
    pub engine: Engine,
    pub info: SessionInfo,
    stop: watch::Sender<bool>,
    runner: tauri::async_runtime::JoinHandle<()>,
    /// Kept alive for the session's life: dropping it stops the sandbox emulator.
    core: studio::session::Session,
}

/// The real library the settings point at (KLING_LIBRARY, else the chosen folder, else the default).
pub fn library_root(settings: &Settings) -> AppResult<PathBuf> {
    let env = SessionEnv::from_process();
    let saved = settings.library_folder.as_ref().map(PathBuf::from);
    Ok(studio::session::chosen_root(None, env.library.as_deref(), saved.as_deref(), env.default_library.as_deref())?)
}

impl Session {
    pub async fn start(settings: &Settings, keys: &KeyVault) -> AppResult<Self> {
        // The host matters only with real keys: a bad one must not keep the sandbox from starting.
        let api_base = settings.base_url();
        let inputs = PlanInputs::app(
            SessionEnv::from_process(),
            settings.library_folder.as_ref().map(PathBuf::from),
            settings.sandbox,
            api_base.clone().unwrap_or_default(),
            settings.concurrency,
            None,
        );
        let plan = keys.plan(inputs)?;
        if plan.sandbox.is_none() {
            api_base?;
        }
        let core = studio::session::Session::open(&plan).await?;
        let library = {
            let root = core.library_root().to_path_buf();
            tauri::async_runtime::spawn_blocking(move || Library::open_unscanned(root)).await.map_err(AppError::background)??
        };
        let library = Arc::new(library);
        let engine = core.engine(library.clone(), core.engine_config());
        let (stop, mut stopped) = watch::channel(false);
        let runner = {
            let engine = engine.clone();
            tauri::async_runtime::spawn(async move {
                let until_stopped = async move {
                    let _ = stopped.wait_for(|s| *s).await;
                };
                if let Err(e) = engine.run(until_stopped).await {
                    tracing::error!("the task engine stopped: {e}");
                }
            })
        };
        let info = SessionInfo {
            sandbox: core.sandbox(),
            library_root: library.root().display().to_string(),
            api_host: if core.sandbox().is_some() { "built-in sandbox".into() } else { core.api_base().to_string() },
        };
        Ok(Self { library, engine, info, stop, runner, core })
    }

    /// Stops the engine and waits for it, so another session can take the library.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let engine = self.engine.clone();
        let _ = self.runner.await;
        hand_over(&engine);
    }

    /// See `hand_over`; for the app's exit, where the engine is not waited for.
    pub fn hand_over(&self) {
        hand_over(&self.engine);
    }

    pub fn client(&self) -> kling_api::KlingClient {
        self.engine.client()
    }

    /// This session's credits (asked at most every few seconds; a new session asks afresh).
    pub fn credits(&self) -> CreditsCache {
        self.core.credits().clone()
    }
}

/// Lets whatever runs next (`kling resume`, the next session or launch) carry on with the
/// unfinished jobs at once, not after this engine's leases run out.
fn hand_over(engine: &Engine) {
    if let Err(e) = engine.release_leases() {
        tracing::warn!("could not hand the unfinished jobs over: {e}");
    }
}
