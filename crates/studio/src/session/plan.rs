//! What a session will be, decided before anything starts: the library folder, whether the
//! sandbox is on and why, the keys, the engine's pacing. The app and `kling` both come here.

use super::engine_config::engine_config;
use super::env::SessionEnv;
use super::errors::SessionError;
use super::keys::{find_keys, FoundKeys, KeysError};
use super::library_root::{chosen_root, sandbox_root};
use crate::engine::EngineConfig;
use keychain::{KeyStore, StoredKeys};
use serde::Serialize;
use std::path::PathBuf;

/// Why the sandbox is on, so the UI can say it plainly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SandboxReason {
    NoKeys,
    Chosen,
}

/// What a face does when no keys can be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithoutKeys {
    /// The app: opens the sandbox (reason "no keys"), so a newcomer can try everything; the keys
    /// are looked up even when the sandbox is chosen, so Settings can show them.
    Sandbox,
    /// `kling`: refuses, saying how to add keys (a script must not get placeholders unasked);
    /// with --sandbox no key is looked up at all.
    Refuse,
}

/// Everything a plan is made from.
#[derive(Clone, Debug)]
pub struct PlanInputs {
    pub env: SessionEnv,
    /// This run's own choice (the CLI's --library): above KLING_LIBRARY.
    pub run_library: Option<PathBuf>,
    /// The saved choice (the app's setting): KLING_LIBRARY overrides it.
    pub saved_library: Option<PathBuf>,
    /// The sandbox asked for (the app's setting, the CLI's --sandbox).
    pub sandbox: bool,
    /// The API host for real keys.
    pub api_base: String,
    /// Task slots at once; None: the engine's default.
    pub concurrency: Option<u32>,
    /// Keys entered in the app for this session only.
    pub session_keys: Option<StoredKeys>,
    pub without_keys: WithoutKeys,
}

impl PlanInputs {
    /// The desktop app's inputs: its saved settings and any session-only keys.
    pub fn app(env: SessionEnv, library_folder: Option<PathBuf>, sandbox: bool, api_base: String, concurrency: u32, session_keys: Option<StoredKeys>) -> Self {
        Self {
            env,
            run_library: None,
            saved_library: library_folder,
            sandbox,
            api_base,
            concurrency: Some(concurrency),
            session_keys,
            without_keys: WithoutKeys::Sandbox,
        }
    }

    /// `kling`'s inputs: its --library, --sandbox and host.
    pub fn cli(env: SessionEnv, library: Option<PathBuf>, sandbox: bool, api_base: String) -> Self {
        Self { env, run_library: library, saved_library: None, sandbox, api_base, concurrency: None, session_keys: None, without_keys: WithoutKeys::Refuse }
    }
}

/// A session to open. Debug shows no secret (the keys show only the access key's first characters).
#[derive(Debug)]
pub struct SessionPlan {
    /// The real library, or the sandbox's one beside it.
    pub library_root: PathBuf,
    /// Some when results are placeholders from the built-in emulator.
    pub sandbox: Option<SandboxReason>,
    /// The keys found, used unless the sandbox is on (then only shown).
    pub keys: Option<FoundKeys>,
    /// Why no keys could be used (set both or neither variable, a keychain that does not answer).
    pub keys_problem: Option<KeysError>,
    pub api_base: String,
    pub engine: EngineConfig,
}

impl SessionPlan {
    /// Decides the session. `keychain` is read only when the environment leaves it to.
    pub fn resolve(inputs: &PlanInputs, keychain: &dyn KeyStore) -> Result<Self, SessionError> {
        let skip_keys = inputs.sandbox && inputs.without_keys == WithoutKeys::Refuse;
        let lookup = if skip_keys { Ok(None) } else { find_keys(&inputs.env, inputs.session_keys.as_ref(), keychain) };
        let (keys, keys_problem) = match lookup {
            Ok(keys) => (keys, None),
            Err(problem) => (None, Some(problem)),
        };
        let sandbox = match (inputs.sandbox, &keys, inputs.without_keys) {
            (true, _, _) => Some(SandboxReason::Chosen),
            (false, Some(_), _) => None,
            (false, None, WithoutKeys::Sandbox) => Some(SandboxReason::NoKeys),
            (false, None, WithoutKeys::Refuse) => return Err(keys_problem.unwrap_or(KeysError::Missing).into()),
        };
        let env = &inputs.env;
        let real = chosen_root(inputs.run_library.as_deref(), env.library.as_deref(), inputs.saved_library.as_deref(), env.default_library.as_deref())?;
        let library_root = if sandbox.is_some() { sandbox_root(&real)? } else { real };
        let engine = engine_config(sandbox.is_some(), inputs.concurrency);
        Ok(Self { library_root, sandbox, keys, keys_problem, api_base: inputs.api_base.clone(), engine })
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
