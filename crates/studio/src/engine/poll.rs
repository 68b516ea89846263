//! Asking Kling how tasks are doing: one query per task, or, with several of a kind in flight,
//! the list endpoint (up to 500 tasks an answer) so one request learns many statuses.

use super::{now_ms, Engine, EngineError, Job, JobState};
use kling_api::{ApiCode, KlingError, Task, TaskKind, TaskStatus};
use std::collections::HashMap;

const LIST_PAGE: u32 = 500;
/// Pages read before falling back to single queries for tasks older than that.
const LIST_PAGES: u32 = 2;

impl Engine {
    pub(crate) async fn poll_one(&self, job: Job) -> Result<(), EngineError> {
        let Some(task_id) = job.task_id.clone() else {
            return self.fail(job, &KlingError::Malformed { detail: "the job lost its task id".into() });
        };
        match self.client().get_task(job.kind, &task_id).await {
            Ok(task) => self.apply_task(job, &task),
            Err(e) => self.poll_failed(job, &e),
        }
    }

    pub(crate) async fn poll_many(&self, kind: TaskKind, group: Vec<Job>) -> Result<(), EngineError> {
        let mut waiting: HashMap<String, Job> = group.into_iter().filter_map(|j| j.task_id.clone().map(|id| (id, j))).collect();
        let client = self.client();
        for page in 1..=LIST_PAGES {
            match client.list_tasks(kind, page, LIST_PAGE).await {
                Ok(tasks) => {
                    let full = tasks.len() as u32 == LIST_PAGE;
                    for task in &tasks {
                        if let Some(job) = waiting.remove(&task.task_id) {
                            self.apply_task(job, task)?;
                        }
                    }
                    if waiting.is_empty() || !full {
                        break;
                    }
                }
                Err(e) => {
                    for job in waiting.into_values() {
                        self.poll_failed(job, &e)?;
                    }
                    return Ok(());
                }
            }
        }
        for job in waiting.into_values() {
            self.poll_one(job).await?;
        }
        Ok(())
    }

    /// Moves a job along according to its task's status at Kling.
    pub(crate) fn apply_task(&self, mut job: Job, task: &Task) -> Result<(), EngineError> {
        let before = (job.state, job.last_error.clone());
        job.last_error = None;
        job.last_error_code = None;
        match &task.task_status {
            TaskStatus::Succeeded => {
                let urls = task.media_urls();
                // A text-to-audio task's files are its audio alone.
                let sound_only = job.kind.makes_only_audio() && !task.task_result.audios.is_empty();
                if urls.is_empty() && !sound_only {
                    return self.fail(job, &KlingError::Malformed { detail: "Kling reported success but listed no files".into() });
                }
                // Results are fetched over https only (plain http to this machine for the sandbox):
                // never a file:// (or any other) link. The links are not kept, so a retry asks
                // Kling again rather than fetching them.
                if let Some(refused) = urls.iter().find_map(|u| kling_api::check_link(u).err()) {
                    let detail = match refused {
                        kling_api::DownloadError::PlainHttp => "a result link uses plain http to another machine; only https links are fetched",
                        _ => "a result link is not an http(s) address",
                    };
                    return self.fail(job, &KlingError::Malformed { detail: detail.into() });
                }
                // More results than a task makes: none is fetched.
                if let Err(e) = kling_api::check_result_count(job.kind, urls.len()) {
                    return self.fail(job, &e);
                }
                // The sound of a video-to-audio task: what the kind makes, by links we fetch.
                if let Err(e) = kling_api::check_audio_results(job.kind, &task.task_result.audios) {
                    return self.fail(job, &e);
                }
                job.result_urls = urls;
                job.watermark_urls = watermark_urls(&job, task);
                job.video_ids = video_ids(task);
                job.audio_urls = audio_urls(task);
                job.charged_units = task.charged_units();
                job.state = JobState::Downloading;
                job.attempts = 0; // from here on, attempts count download tries
                job.next_check_at = 0;
                self.forget_checks(&job.id);
            }
            TaskStatus::Failed => {
                job.state = JobState::Failed;
                let reason = task.task_status_msg.clone().filter(|m| !m.trim().is_empty()).unwrap_or_else(|| "Kling gave no reason".into());
                job.last_error = Some(reason);
                job.last_error_code = Some(kling_api::ErrorCode::TaskFailed);
                job.finished_at = Some(now_ms());
                self.forget_checks(&job.id);
            }
            status => {
                job.state = if *status == TaskStatus::Submitted { JobState::Submitted } else { JobState::Processing };
                job.next_check_at = now_ms() + self.next_poll_delay(&job).as_millis() as i64;
            }
        }
        if (job.state, job.last_error.clone()) == before {
            self.save_quietly(&job)
        } else {
            self.save(&job)
        }
    }

    /// A status query failed. The task is not abandoned: the error is shown and the query
    /// retried after a backoff (bad keys included: once fixed, the job carries on).
    fn poll_failed(&self, job: Job, error: &KlingError) -> Result<(), EngineError> {
        if let KlingError::Api { code: ApiCode::NotFound, .. } = error {
            return self.fail(job, error);
        }
        let state = job.state;
        self.retry_later(job, state, error)
    }
}

/// The watermarked copies to fetch: only when the request asked for them, and only web links
/// (anything else is left out, never fetched).
/// The Kling id of each result that is a video, aligned with `Task::media_urls` (pictures come
/// first and have none): "" where there is none or it is not a plain id (it is input).
pub(crate) fn video_ids(task: &Task) -> Vec<String> {
    let pictures = task.task_result.images.len() + task.task_result.series_images.len();
    let videos = task.task_result.videos.iter().map(|v| v.id.trim()).map(|id| if kling_api::is_task_id(id) { id.to_string() } else { String::new() });
    std::iter::repeat_n(String::new(), pictures).chain(videos).collect()
}

/// The one audio of a video-to-audio or text-to-audio task: its mp3 link then its wav link ("" where none);
/// empty when the task made no sound.
pub(crate) fn audio_urls(task: &Task) -> Vec<String> {
    let Some(audio) = task.task_result.audios.first() else { return Vec::new() };
    let link = |u: &str| if kling_api::check_link(u.trim()).is_ok() { u.trim().to_string() } else { String::new() };
    vec![link(&audio.url_mp3), link(&audio.url_wav)]
}

pub(crate) fn watermark_urls(job: &Job, task: &Task) -> Vec<String> {
    if !job.request.wants_watermark() {
        return Vec::new();
    }
    task.watermark_urls().into_iter().map(|u| if kling_api::web_url(&u).is_some() { u } else { String::new() }).collect()
}
