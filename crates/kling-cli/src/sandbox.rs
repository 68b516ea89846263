//! `--sandbox`: the Kling emulator running inside this process on loopback, so a newcomer can
//! try every command without an account. Its results are placeholders.

use crate::errors::CliError;
use kling_api::Credentials;
use kling_sim::{Sim, SimConfig, SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY};

pub struct Sandbox {
    pub sim: Sim,
}

impl Sandbox {
    pub async fn start() -> Result<Self, CliError> {
        let sim = Sim::start(SimConfig::sandbox()).await.map_err(|e| CliError::Sandbox(e.to_string()))?;
        Ok(Self { sim })
    }

    pub fn credentials(&self) -> Credentials {
        Credentials::new(SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY)
    }

    pub fn url(&self) -> String {
        self.sim.url()
    }
}
