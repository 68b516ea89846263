//! What the engine tests share: the emulator, a library in a temporary folder, and engines and
//! clients on a quick clock. Each test file adds its own helpers to `Setup`.
#![allow(dead_code)] // each test file uses its own part

use kling_api::{ClientConfig, Credentials, KlingClient, RetryPolicy};
use kling_sim::{Sim, SimConfig};
use std::sync::Arc;
use std::time::Duration;
use studio::{Engine, EngineConfig, Library};

pub const AK: &str = "engine-ak";
pub const SK: &str = "engine-sk";

/// A client of the emulator with quick retries.
pub fn client(sim: &Sim) -> KlingClient {
    let mut config = ClientConfig::new(sim.url(), Credentials::new(AK, SK));
    config.retry = RetryPolicy { max_retries: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(30) };
    KlingClient::new(config).unwrap()
}

/// The engine's quick settings, with a lease short enough for a restart to take jobs over soon.
pub fn config() -> EngineConfig {
    EngineConfig { lease: Duration::from_millis(300), ..EngineConfig::fast() }
}

pub struct Setup {
    pub sim: Sim,
    pub dir: tempfile::TempDir,
    pub library: Arc<Library>,
}

pub async fn setup() -> Setup {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path().join("library")).unwrap());
    Setup { sim, dir, library }
}

impl Setup {
    /// The body of the last POST whose path ends with `path_end`.
    pub fn posted(&self, path_end: &str) -> serde_json::Value {
        let request = self.sim.requests().into_iter().rev().find(|r| r.method == "POST" && r.path.ends_with(path_end)).unwrap_or_else(|| panic!("no POST to {path_end}"));
        request.body.unwrap()
    }

    pub fn engine(&self) -> Engine {
        self.engine_with(config())
    }

    pub fn engine_with(&self, config: EngineConfig) -> Engine {
        Engine::new(self.library.clone(), client(&self.sim), config)
    }
}

/// Runs `engine` until every job of `ids` is at Kling (submitted or processing), then kills it
/// as a crash would and waits for its leases to run out, so a new engine takes the jobs over.
pub async fn kill_once_at_kling(engine: Engine, ids: &[String]) {
    let runner = tokio::spawn({
        let engine = engine.clone();
        async move { engine.run(std::future::pending()).await }
    });
    tokio::time::timeout(Duration::from_secs(20), async {
        while !ids.iter().all(|id| matches!(engine.job(id).unwrap().state, studio::JobState::Submitted | studio::JobState::Processing)) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("every job reaches Kling");
    runner.abort();
    let _ = runner.await;
    drop(engine);
    tokio::time::sleep(config().lease + Duration::from_millis(50)).await;
}

/// Runs `job` to its end (bounded: a job that hangs fails the test).
pub async fn finish(engine: &Engine, job: &studio::Job) -> studio::Job {
    let jobs = tokio::time::timeout(Duration::from_secs(30), engine.run_until_finished(std::slice::from_ref(&job.id))).await.expect("the job finishes in time").unwrap();
    jobs.into_iter().next().unwrap()
}
