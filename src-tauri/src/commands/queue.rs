//! The queue panel: every job, retry, remove.

use crate::error::AppResult;
use crate::state::AppState;
use std::sync::Arc;
use studio::Job;
use tauri::State;

/// The newest jobs first (the queue survives restarts: jobs live in the library's database).
#[tauri::command]
#[specta::specta]
pub async fn list_jobs(state: State<'_, Arc<AppState>>) -> AppResult<Vec<Job>> {
    state.with_session(|s| Ok(s.engine.jobs(200)?)).await
}

#[tauri::command]
#[specta::specta]
pub async fn retry_job(state: State<'_, Arc<AppState>>, id: String) -> AppResult<Job> {
    state.with_session(|s| Ok(s.engine.retry(&id)?)).await
}

/// Takes a job off the list (files already in the library stay).
#[tauri::command]
#[specta::specta]
pub async fn remove_job(state: State<'_, Arc<AppState>>, id: String) -> AppResult<()> {
    state.with_session(|s| Ok(s.engine.remove(&id)?)).await
}
