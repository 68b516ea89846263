//! Engine and library news pushed to the UI as typed Tauri events (the UI never polls), and
//! desktop notifications when jobs finish.

use crate::session::{Session, SessionInfo};
use crate::settings::NotifyMode;
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use studio::{EngineEvent, Job, JobState, Library};
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;
use tokio::sync::broadcast::error::RecvError;

/// A job changed (state, error, attempts): the whole job.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, Event)]
pub struct JobUpdated(pub Job);

/// Bytes received for one result file of a job.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, Event)]
pub struct DownloadProgress {
    pub job_id: String,
    pub index: u32,
    pub received: u64,
    pub total: Option<u64>,
}

/// New items are in the library (a job finished, a rescan found files, items were deleted).
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, Event)]
pub struct LibraryChanged {
    pub item_ids: Vec<String>,
}

/// Every job is done or failed.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, Event)]
pub struct QueueIdle {
    pub failed: u32,
}

/// The session could not start (e.g. the library folder is unwritable): what and what to do.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, Event)]
pub struct StartupFailed(pub crate::error::AppError);

/// The session was replaced (keys, host, library folder or sandbox changed).
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, Event)]
pub struct SessionChanged(pub SessionInfoEvent);

#[derive(Clone, Debug, Serialize, Deserialize, specta::Type)]
pub struct SessionInfoEvent {
    pub sandbox: bool,
    pub library_root: String,
}

pub fn emit_session(app: &AppHandle, info: &SessionInfo) {
    let _ = SessionChanged(SessionInfoEvent { sandbox: info.sandbox.is_some(), library_root: info.library_root.clone() }).emit(app);
}

/// Relays one session's engine events until the engine goes away.
pub fn forward(app: AppHandle, session: &Session) {
    let mut rx = session.engine.subscribe();
    let engine = session.engine.clone();
    tauri::async_runtime::spawn(async move {
        // Jobs finished and failed since the queue was last idle, for the "queue done"
        // notification: an engine that starts with nothing to do is idle too, and says nothing.
        let (mut finished_since_idle, mut failed_since_idle) = (0u32, 0u32);
        loop {
            let event = match rx.recv().await {
                Ok(event) => event,
                Err(RecvError::Lagged(_)) => {
                    // Missed some: resend every job so the queue panel is right again.
                    if let Ok(jobs) = engine.jobs(200) {
                        for job in jobs {
                            let _ = JobUpdated(job).emit(&app);
                        }
                    }
                    continue;
                }
                Err(RecvError::Closed) => break,
            };
            match event {
                EngineEvent::JobChanged { job } => {
                    let job = *job;
                    if job.state == JobState::Failed {
                        failed_since_idle += 1;
                        finished_since_idle += 1;
                        notify_job(&app, &job);
                    }
                    let _ = JobUpdated(job).emit(&app);
                }
                EngineEvent::DownloadProgress { job_id, index, received, total } => {
                    let _ = DownloadProgress { job_id, index: index as u32, received, total }.emit(&app);
                }
                EngineEvent::JobDone { job_id, item_ids } => {
                    finished_since_idle += 1;
                    if let Ok(job) = engine.job(&job_id) {
                        notify_job(&app, &job);
                    }
                    let _ = LibraryChanged { item_ids }.emit(&app);
                }
                EngineEvent::QueueIdle => {
                    let failed = std::mem::take(&mut failed_since_idle);
                    if std::mem::take(&mut finished_since_idle) > 0 {
                        notify_queue_idle(&app, failed);
                    }
                    let _ = QueueIdle { failed }.emit(&app);
                }
            }
        }
    });
}

/// The index is shown as it was; the folder is compared with it after the window is up.
pub fn rescan_in_background(app: AppHandle, library: Arc<Library>) {
    tauri::async_runtime::spawn_blocking(move || match library.rescan() {
        Ok(report) => {
            if report.added + report.removed + report.updated > 0 {
                let _ = LibraryChanged { item_ids: Vec::new() }.emit(&app);
            }
        }
        Err(e) => tracing::warn!("library rescan failed: {e}"),
    });
}

fn notify_mode(app: &AppHandle) -> NotifyMode {
    app.state::<Arc<AppState>>().settings().notifications
}

fn notify(app: &AppHandle, title: &str, body: &str) {
    // Without a notification daemon (a bare X session) this fails; that is not worth a dialog.
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::debug!("notification not shown: {e}");
    }
}

fn notify_job(app: &AppHandle, job: &Job) {
    if notify_mode(app) != NotifyMode::EachJob {
        return;
    }
    // Every picture tool's result is an image, as the app calls them.
    let what = if job.kind.makes_pictures() {
        "Image"
    } else if job.kind.makes_only_audio() {
        "Sound"
    } else {
        "Video"
    };
    let described: String = job.request.description().chars().take(80).collect();
    // A try-on has no prompt: its tool says what it was.
    let prompt = match job.kind {
        _ if !described.trim().is_empty() => described,
        kling_api::TaskKind::VirtualTryOn => "Try-on".to_string(),
        kind => kind.to_string(),
    };
    match job.state {
        JobState::Done => notify(app, &format!("{what} ready"), &prompt),
        JobState::Failed => notify(app, &format!("{what} failed"), job.last_error.as_deref().unwrap_or(&prompt)),
        _ => {}
    }
}

fn notify_queue_idle(app: &AppHandle, failed: u32) {
    if notify_mode(app) != NotifyMode::QueueDone {
        return;
    }
    let body = if failed == 0 {
        "Every job is done; the results are in the gallery.".to_string()
    } else {
        format!("The queue is done; {failed} job(s) failed — see the queue for why.")
    };
    notify(app, "Kling Studio", &body);
}
