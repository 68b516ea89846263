//! A session: the library that is open, the engine working on it, and, in sandbox mode, the
//! emulator it talks to. Changing keys, host, folder or sandbox replaces the session as a whole.

use crate::error::{AppError, AppResult};
use crate::keys::KeyVault;
use crate::settings::Settings;
use kling_api::{ClientConfig, Credentials, KlingClient};
use kling_sim::{Sim, SimConfig, SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use studio::{Engine, EngineConfig, Library};
use tokio::sync::watch;

/// Why the sandbox is on, so the UI can say it plainly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SandboxReason {
    NoKeys,
    Chosen,
}

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
    /// Kept alive for the session's life: dropping it stops the emulator.
    _sandbox: Option<Sim>,
}

/// The library a session uses: placeholders never mix with real results.
pub fn library_root(settings: &Settings, sandbox: bool) -> AppResult<PathBuf> {
    let chosen = std::env::var("KLING_LIBRARY").ok().filter(|v| !v.is_empty()).map(PathBuf::from).or_else(|| settings.library_folder.as_ref().map(PathBuf::from));
    let real = chosen.or_else(studio::default_library_root).ok_or_else(|| AppError::new("library_unwritable", "No Pictures or home folder was found; choose a library folder in Settings."))?;
    if !sandbox {
        return Ok(real);
    }
    let name = real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "Kling Studio".into());
    Ok(real.with_file_name(format!("{name} (sandbox)")))
}

impl Session {
    pub async fn start(settings: &Settings, keys: &KeyVault) -> AppResult<Self> {
        let credentials = keys.credentials();
        let sandbox_reason = match (&credentials, settings.sandbox) {
            (_, true) => Some(SandboxReason::Chosen),
            (None, false) => Some(SandboxReason::NoKeys),
            (Some(_), false) => None,
        };
        let root = library_root(settings, sandbox_reason.is_some())?;
        let (sim, base_url, credentials) = match (sandbox_reason, credentials) {
            (None, Some(credentials)) => (None, settings.base_url()?, credentials),
            _ => {
                // Its tasks are kept beside the sandbox library: a restart mid-task finds them.
                let config = SimConfig::sandbox_keeping_tasks_in(studio::sandbox_task_file(&root));
                let sim = Sim::start(config).await.map_err(|e| AppError::new("sandbox", format!("The sandbox could not start ({e}).")))?;
                let url = sim.url();
                (Some(sim), url, Credentials::new(SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY))
            }
        };
        let client = KlingClient::new(ClientConfig::new(base_url.clone(), credentials))?;
        let library = {
            let root = root.clone();
            tauri::async_runtime::spawn_blocking(move || Library::open_unscanned(root)).await.map_err(|e| AppError::new("io", e.to_string()))??
        };
        let library = Arc::new(library);
        let mut config = if sim.is_some() { EngineConfig { poll: studio::engine::PollPolicy::scaled(0.1), ..EngineConfig::default() } } else { EngineConfig::default() };
        config.concurrency = settings.concurrency.clamp(1, studio::engine::MAX_CONCURRENCY);
        let engine = Engine::new(library.clone(), client, config);
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
            sandbox: sandbox_reason,
            library_root: library.root().display().to_string(),
            api_host: if sim.is_some() { "built-in sandbox".into() } else { base_url },
        };
        Ok(Self { library, engine, info, stop, runner, _sandbox: sim })
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

    pub fn client(&self) -> KlingClient {
        self.engine.client()
    }
}

/// Lets whatever runs next (`kling resume`, the next session or launch) carry on with the
/// unfinished jobs at once, not after this engine's leases run out.
fn hand_over(engine: &Engine) {
    if let Err(e) = engine.release_leases() {
        tracing::warn!("could not hand the unfinished jobs over: {e}");
    }
}
