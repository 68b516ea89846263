//! One session setup for the desktop app and the `kling` CLI: which library, which keys, the
//! sandbox emulator when there are none (or when asked), the engine's pacing, the credits.
//! `SessionPlan::resolve` decides; `Session::open` starts what the plan says. The faces keep only
//! what is theirs (the app's runtime and UI state, the CLI's flags and output).

mod credits;
mod engine_config;
mod env;
mod errors;
mod keys;
mod library_root;
mod plan;

pub use credits::{fetch_credits, CreditsCache, CREDITS_FRESH_FOR};
pub use engine_config::{engine_config, MAX_CONCURRENCY};
pub use env::{capture_process_keys, CapturedKeys, SessionEnv, ACCESS_KEY_VAR, LIBRARY_VAR, SECRET_KEY_VAR};
pub use errors::SessionError;
pub use keys::{credentials_of, find_keys, FoundKeys, KeySource, KeysError};
pub use library_root::{chosen_root, sandbox_root};
pub use plan::{PlanInputs, SandboxReason, SessionPlan, WithoutKeys};

use crate::engine::{Engine, EngineConfig};
use crate::library::Library;
use kling_api::{ClientConfig, Credentials, KlingClient};
use kling_sim::{Sim, SimConfig, SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An open session: a client for Kling or for the sandbox, which runs as long as this lives.
pub struct Session {
    client: KlingClient,
    credits: CreditsCache,
    library_root: PathBuf,
    sandbox: Option<SandboxReason>,
    api_base: String,
    engine: EngineConfig,
    /// Kept for the session's life: dropping it stops the emulator.
    _emulator: Option<Sim>,
}

impl Session {
    /// Starts what `plan` says: the sandbox emulator (keeping its tasks beside the sandbox
    /// library, so a later run or the app finds them), and a client. Needs a tokio runtime.
    pub async fn open(plan: &SessionPlan) -> Result<Self, SessionError> {
        Self::open_with(plan, |_| {}).await
    }

    /// The same, letting the caller adjust the client's settings (tests shorten retries).
    pub async fn open_with(plan: &SessionPlan, configure: impl FnOnce(&mut ClientConfig)) -> Result<Self, SessionError> {
        let (emulator, api_base, credentials) = match (plan.sandbox, &plan.keys) {
            (None, Some(found)) => (None, plan.api_base.clone(), found.credentials()),
            _ => {
                let config = SimConfig::sandbox_keeping_tasks_in(crate::sandbox_task_file(&plan.library_root));
                let sim = Sim::start(config).await.map_err(SessionError::Sandbox)?;
                let url = sim.url();
                (Some(sim), url, Credentials::new(SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY))
            }
        };
        let mut config = ClientConfig::new(api_base.clone(), credentials);
        configure(&mut config);
        let client = KlingClient::new(config)?;
        let credits = CreditsCache::new(client.clone(), CREDITS_FRESH_FOR);
        let sandbox = plan.sandbox.or(emulator.as_ref().map(|_| SandboxReason::NoKeys));
        Ok(Self { client, credits, library_root: plan.library_root.clone(), sandbox, api_base, engine: plan.engine.clone(), _emulator: emulator })
    }

    pub fn client(&self) -> &KlingClient {
        &self.client
    }

    /// The account's credits, shared by every ask in this session.
    pub fn credits(&self) -> &CreditsCache {
        &self.credits
    }

    pub fn library_root(&self) -> &Path {
        &self.library_root
    }

    pub fn sandbox(&self) -> Option<SandboxReason> {
        self.sandbox
    }

    /// The host the client talks to (the emulator's loopback address in the sandbox).
    pub fn api_base(&self) -> &str {
        &self.api_base
    }

    /// The engine settings the plan chose; a face may adjust them (the CLI's test knobs) before `engine`.
    pub fn engine_config(&self) -> EngineConfig {
        self.engine.clone()
    }

    /// The task engine over `library` (opened at `library_root`), with `config`.
    pub fn engine(&self, library: Arc<Library>, config: EngineConfig) -> Engine {
        Engine::new(library, self.client.clone(), config)
    }
}
