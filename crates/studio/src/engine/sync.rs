//! `sync`: bring the account's past tasks (all three kinds, every page) into the library while
//! their links are still valid. Tasks already followed by a job or filed in the library are
//! skipped; running ones are followed until they finish.

use super::{now_ms, store, Engine, Job, JobState};
use kling_api::{KlingError, TaskKind, TaskStatus};
use serde::Serialize;

const PAGE: u32 = 500;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SyncReport {
    pub seen: usize,
    /// New jobs made for tasks the library did not have (they download as the engine runs).
    pub imported: usize,
    pub already_present: usize,
    /// Failed tasks: nothing to fetch.
    pub skipped_failed: usize,
}

impl Engine {
    pub async fn sync(&self) -> Result<SyncReport, KlingError> {
        let mut report = SyncReport::default();
        let client = self.client();
        for kind in [TaskKind::Image, TaskKind::TextToVideo, TaskKind::ImageToVideo] {
            let mut known = store::known_task_ids(&self.library().db(), kind).unwrap_or_default();
            known.extend(self.library().task_ids(crate::library::ItemKind::from(kind)).unwrap_or_default());
            for page in 1..=1000 {
                let tasks = client.list_tasks(kind, page, PAGE).await?;
                for task in &tasks {
                    report.seen += 1;
                    if !kling_api::is_task_id(&task.task_id) {
                        // It would become part of file names and query paths: not imported.
                        tracing::warn!("sync: skipped a listed task whose id is not a task id");
                        continue;
                    }
                    if known.contains(&task.task_id) {
                        report.already_present += 1;
                        continue;
                    }
                    let state = match task.task_status {
                        TaskStatus::Failed => {
                            report.skipped_failed += 1;
                            continue;
                        }
                        TaskStatus::Succeeded => JobState::Downloading,
                        _ => JobState::Processing,
                    };
                    let now = now_ms();
                    let job = Job {
                        id: uuid::Uuid::new_v4().to_string(),
                        kind,
                        state,
                        // The API does not return a task's prompt: the sidecar says where it came from.
                        request: crate::JobRequest::FromHistory { task_kind: kind },
                        external_task_id: task.task_info.external_task_id.clone(),
                        task_id: Some(task.task_id.clone()),
                        attempts: 0,
                        last_error: None,
                        last_error_code: None,
                        result_urls: task.media_urls(),
                        // Whether a watermark was asked for is not known: none is fetched.
                        watermark_urls: Vec::new(),
                        video_ids: super::poll::video_ids(task),
                        audio_urls: super::poll::audio_urls(task),
                        charged_units: task.charged_units(),
                        item_ids: Vec::new(),
                        parents: Vec::new(),
                        created_at: if task.created_at > 0 { task.created_at } else { now },
                        updated_at: now,
                        submit_started_at: Some(if task.created_at > 0 { task.created_at } else { now }),
                        finished_at: None,
                        next_check_at: 0,
                    };
                    let inserted = store::insert(&self.library().db(), &job);
                    if inserted.is_ok() {
                        known.insert(task.task_id.clone());
                        report.imported += 1;
                        self.emit_job(&job);
                    }
                }
                if (tasks.len() as u32) < PAGE {
                    break;
                }
            }
        }
        Ok(report)
    }
}
