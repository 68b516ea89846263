//! The window's first interactive frame: logged with the time since launch, and printed as
//! `READY` for the start-up benchmark (KLING_BENCH=1), the same marker as its hello-world peer.

use std::sync::OnceLock;
use std::time::Instant;

static LAUNCHED: OnceLock<Instant> = OnceLock::new();

pub fn mark_launch() {
    LAUNCHED.get_or_init(Instant::now);
}

/// Milliseconds since launch, for the start-up timeline in the log.
pub fn since_launch() -> u128 {
    LAUNCHED.get().map(|t| t.elapsed().as_millis()).unwrap_or(0)
}

/// Called by the UI once it has painted with its data.
#[tauri::command]
#[specta::specta]
pub fn ui_ready() {
    tracing::info!("start-up: window interactive at {} ms", since_launch());
    if std::env::var_os("KLING_BENCH").is_some() {
        println!("READY");
    }
}
