//! `kling-sim`: a Kling-AI-compatible API on loopback, for tests and the app's sandbox.
//!
//! It answers the same routes with the same envelope, status codes and business codes as the
//! real API: JWT verification, field validation with the API's rules, tasks that move through
//! submitted → processing → succeed/failed, concurrency/rate/credit limits, content policy,
//! real PNG pictures and H.264 clips behind expiring URLs, and injectable faults.

mod auth;
mod capabilities;
mod config;
mod envelope;
mod faults;
mod media;
mod routes;
mod state;
mod validate;

pub use config::{AccountState, Concurrency, Credits, Faults, SimConfig, Timing};
pub use state::RecordedRequest;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::task::JoinHandle;

pub const SANDBOX_ACCESS_KEY: &str = "sandbox-access-key";
pub const SANDBOX_SECRET_KEY: &str = "sandbox-secret-key";

/// A running emulator. Dropping it stops the server.
pub struct Sim {
    addr: SocketAddr,
    shared: Arc<Mutex<state::State>>,
    server: JoinHandle<()>,
}

impl Sim {
    /// Starts on 127.0.0.1 with a free port.
    pub async fn start(config: SimConfig) -> std::io::Result<Sim> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Starts on `addr`, which must be a loopback address: the emulator is never exposed.
    pub async fn start_on(addr: SocketAddr, config: SimConfig) -> std::io::Result<Sim> {
        if !addr.ip().is_loopback() {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("{} is not a loopback address; the emulator only listens on this machine", addr.ip())));
        }
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Mutex::new(state::State::new(config, format!("http://{addr}"))));
        let app = routes::router(shared.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Sim { addr, shared, server })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn state(&self) -> std::sync::MutexGuard<'_, state::State> {
        self.shared.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every request received so far (media and control included), in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.state().requests.clear();
    }

    /// The next `times` API requests (after authentication) answer with `code` and its HTTP status.
    pub fn inject_error(&self, code: i64, times: u32) {
        self.state().injected.extend(std::iter::repeat_n(code, times as usize));
    }

    /// The next `times` successful API answers break off mid-body (what a create did still stands).
    pub fn drop_next_answers(&self, times: u32) {
        self.state().drop_next += times;
    }

    /// The next `times` media answers announce their full length but stop half-way.
    pub fn truncate_next_downloads(&self, times: u32) {
        self.state().truncate_next += times;
    }

    /// Changes the configuration while running.
    pub fn update(&self, f: impl FnOnce(&mut SimConfig)) {
        let mut state = self.state();
        f(&mut state.config);
        state.config_changed();
    }

    pub fn config(&self) -> SimConfig {
        self.state().config.clone()
    }

    pub fn task_count(&self) -> usize {
        self.state().tasks.len()
    }

    pub async fn shutdown(self) {
        self.server.abort();
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.server.abort();
    }
}
