//! `kling-sim`: a Kling-AI-compatible API on loopback, for tests and the app's sandbox.
//!
//! It answers the same routes with the same envelope, status codes and business codes as the
//! real API (the contract in the project's shared/kling-api.md and its 2026 addendum): JWT verification, field
//! validation with the API's rules and the models' facts from `kling_api::catalogue` (the checks are the emulator's
//! own), tasks that move through submitted → processing → succeed/failed, concurrency/rate/credit limits with the
//! catalogue's prices, content policy, real PNG pictures and H.264 clips (with an AAC track for sound-on tasks, and
//! watermarked copies when asked for) behind expiring URLs. The video tools too (omni video,
//! multi-image to video, extension, identify-face and advanced lip sync, effects, video-to-audio with
//! real MP3 and WAV sounds, motion control), whose checks of videos by id or link use the videos this
//! emulator made (it fetches nothing: other https links are taken on trust). With the `faults` feature (on by default; tests and benchmarks use it, the app
//! and `kling` leave it off), also injectable faults drawn from a seeded generator, storms and
//! hostile answers.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sim = kling_sim::Sim::start(kling_sim::SimConfig::fast("ak", "sk")).await?;
//! println!("point the client at {}", sim.url());
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod assets;
mod auth;
mod capabilities;
mod config;
mod envelope;
mod faces;
#[cfg(feature = "faults")]
mod faults;
#[cfg(not(feature = "faults"))]
#[path = "no_faults.rs"]
mod faults;
#[cfg(feature = "faults")]
mod hostile;
mod media;
mod routes;
mod state;
#[cfg(feature = "faults")]
mod storm;
mod task;
mod task_file;
pub mod test_pictures;
/// Sounds for tests: a WAV tone of any length, as the emulator's sound results are made.
pub mod test_sounds {
    pub use crate::media::audio::wav;
}
mod validate;

pub use config::{AccountState, Concurrency, Credits, SimConfig, Timing};
#[cfg(feature = "faults")]
pub use faults::{FaultCounts, Faults};
#[cfg(feature = "faults")]
pub use hostile::Hostile;
pub use state::RecordedRequest;
pub use task::TaskSummary;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The keys the sandbox and the `kling-sim` binary use unless told otherwise.
pub const SANDBOX_ACCESS_KEY: &str = "sandbox-access-key";
pub const SANDBOX_SECRET_KEY: &str = "sandbox-secret-key";

/// A running emulator. Dropping it stops the server.
pub struct Sim {
    addr: SocketAddr,
    shared: Arc<Mutex<state::State>>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

impl Sim {
    /// Starts on 127.0.0.1 with a free port.
    pub async fn start(config: SimConfig) -> std::io::Result<Sim> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Starts on `addr`, which must be a loopback address: the emulator is never exposed.
    pub async fn start_on(addr: SocketAddr, config: SimConfig) -> std::io::Result<Sim> {
        if !addr.ip().is_loopback() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} is not a loopback address; the emulator only listens on this machine (127.0.0.1 or ::1)", addr.ip()),
            ));
        }
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let mut state = state::State::new(config, format!("http://{addr}"));
        state.absorb_saved();
        let shared = Arc::new(Mutex::new(state));
        let app = routes::router(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            // Graceful, so that kept-alive client connections are closed too and a stopped
            // emulator really stops answering.
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        tracing::info!(%addr, "kling-sim started");
        Ok(Sim { addr, shared, stop: Some(stop), server: Some(server) })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn state(&self) -> MutexGuard<'_, state::State> {
        state::lock(&self.shared)
    }

    /// Every request received so far (API, media and control), in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.state().requests.clear();
    }

    /// Changes the configuration while running (faults, credits, words, timing, account…).
    /// Timing changes apply to tasks created afterwards.
    pub fn update(&self, f: impl FnOnce(&mut SimConfig)) {
        let mut state = self.state();
        f(&mut state.config);
        state.config_changed();
    }

    /// The configuration now, with `credits` holding what is left.
    pub fn config(&self) -> SimConfig {
        self.state().config.clone()
    }

    /// Tasks created so far, of every kind.
    pub fn task_count(&self) -> usize {
        self.state().tasks.len()
    }

    /// Every task created so far, oldest first.
    pub fn tasks(&self) -> Vec<TaskSummary> {
        self.state().tasks.iter().map(task::SimTask::summary).collect()
    }

    /// Stops accepting, lets answers in flight finish (up to a second), then stops.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut server) = self.server.take() {
            if tokio::time::timeout(Duration::from_secs(1), &mut server).await.is_err() {
                server.abort();
            }
        }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        // The graceful stop runs on its own if the runtime lives on; if the runtime is going
        // away, the server task goes with it.
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
