//! The window's size and place are saved shortly after they change, not only at a clean exit
//! (all that tauri-plugin-window-state does by itself), so a crash, a killed session or a logout
//! that ends the process still opens the window where it was.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, WebviewWindow, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// Quiet time after the last move or resize before saving: a drag makes dozens of events.
const SETTLE: Duration = Duration::from_millis(600);

pub fn remember(app: &AppHandle, window: &WebviewWindow) {
    let generation = Arc::new(AtomicU64::new(0));
    let app = app.clone();
    window.on_window_event(move |event| {
        if !matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            return;
        }
        let mine = generation.fetch_add(1, Ordering::SeqCst) + 1;
        let (app, generation) = (app.clone(), generation.clone());
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(SETTLE).await;
            // Only the last change of a burst saves.
            if generation.load(Ordering::SeqCst) == mine {
                if let Err(e) = app.save_window_state(StateFlags::all()) {
                    tracing::warn!("window size and place not saved: {e}");
                }
            }
        });
    });
}
