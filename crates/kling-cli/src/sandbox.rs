//! `--sandbox`: the Kling emulator running inside this process on loopback, so a newcomer can
//! try every command without an account. Its results are placeholders.

use crate::errors::CliError;
use kling_api::Credentials;
use kling_sim::{Sim, SimConfig, SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY};
use std::time::Duration;

pub struct Sandbox {
    pub sim: Sim,
}

impl Sandbox {
    pub async fn start() -> Result<Self, CliError> {
        let mut config = SimConfig::new(SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY);
        // Quick enough to try things, slow enough that waiting and progress are visible.
        config.timing.image_submitted = Duration::from_millis(500);
        config.timing.image_processing = Duration::from_secs(2);
        config.timing.video_submitted = Duration::from_secs(1);
        config.timing.video_processing = Duration::from_secs(5);
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
