//! `--sandbox`: the Kling emulator running inside this process on loopback, so a newcomer can
//! try every command without an account. Its results are placeholders.

use crate::errors::CliError;
use kling_api::Credentials;
use kling_sim::{Sim, SimConfig, SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY};

pub struct Sandbox {
    pub sim: Sim,
}

impl Sandbox {
    /// Starts the emulator, keeping its tasks beside the sandbox library at `library_root` (shared
    /// with the app's sandbox), so `kling --sandbox resume` finds what an earlier run started.
    pub async fn start(library_root: &std::path::Path) -> Result<Self, CliError> {
        let config = SimConfig::sandbox_keeping_tasks_in(studio::sandbox_task_file(library_root));
        let sim = Sim::start(config).await.map_err(|e| CliError::Sandbox(e.to_string()))?;
        Ok(Self { sim })
    }

    pub fn credentials(&self) -> Credentials {
        Credentials::new(SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY)
    }

    pub fn url(&self) -> String {
        self.sim.url()
    }
}
