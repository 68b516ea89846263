//! Submitting a job, and finding out after a crash or a lost answer whether Kling got it.
//! Creating a task is not idempotent: a job is marked `submitting` (durably) before the request
//! goes out, and a job found in that state is looked up at Kling before anything is re-sent.

use super::{now_ms, Engine, EngineError, Job, JobState};
use crate::job_request::WireRequest;
use kling_api::{ApiCode, KlingError, Task, TaskKind, TaskStatus, ValidationError};

/// How a refused or failed create call is handled.
enum AfterError {
    /// The account is at its concurrency limit (1303): wait in the local queue.
    WaitForSlot,
    /// The server answered with an error, so no task exists: queue again after a backoff.
    TryAgain,
    /// The answer was lost: the task may or may not exist; look it up before re-sending.
    LookUp,
    /// Retrying cannot help (bad input, bad keys, no credits, content refused): the user decides.
    Fail,
}

fn after(error: &KlingError) -> AfterError {
    match error {
        KlingError::Api { code: ApiCode::ConcurrencyLimit, .. } => AfterError::WaitForSlot,
        KlingError::Api { code, .. } if code.is_retryable() || *code == ApiCode::TokenExpired => AfterError::TryAgain,
        KlingError::Network { .. } | KlingError::Timeout { .. } | KlingError::Malformed { .. } | KlingError::SubmitUncertain { .. } => AfterError::LookUp,
        KlingError::Http { status, .. } if *status >= 500 => AfterError::LookUp,
        _ => AfterError::Fail,
    }
}

/// How long an identify-face session lasts at Kling (§6.3).
pub(crate) const FACE_SESSION_MS: i64 = 24 * 60 * 60 * 1000;

/// A lip-sync queued more than a day ago refers to a session Kling has forgotten: it fails with
/// what to do rather than being sent.
fn expired_face_session(job: &Job, now: i64) -> Option<ValidationError> {
    (job.kind == TaskKind::LipSync && now - job.created_at > FACE_SESSION_MS).then(|| {
        ValidationError::new("session_id", "the face session is over a day old and has expired (sessions last 24 h): identify the faces again and make a new lip-sync")
    })
}

impl Engine {
    pub(crate) async fn submit(&self, mut job: Job) -> Result<(), EngineError> {
        if let Some(e) = expired_face_session(&job, now_ms()) {
            return self.fail(job, &KlingError::Validation(e));
        }
        let request = match self.wire_request(&job) {
            Ok(request) => request,
            Err(e) => return self.fail(job, &KlingError::Validation(e)),
        };
        job.state = JobState::Submitting;
        job.attempts += 1;
        job.submit_started_at = Some(now_ms());
        self.save(&job)?; // durable before the POST: a crash from here on is recovered by look-up

        match request.create(&self.client()).await {
            Ok(task) => self.adopt(job, &task),
            Err(e) => self.submit_failed(job, &e),
        }
    }

    /// A job left in `submitting`: ask Kling whether the task exists, then adopt it or re-send.
    pub(crate) async fn recover(&self, job: Job) -> Result<(), EngineError> {
        let client = self.client();
        let found = match job.kind {
            TaskKind::Image if !self.first_lost_image(&job) => {
                // An earlier request's task is still unaccounted for: it goes first.
                let mut job = job;
                job.next_check_at = now_ms() + 300;
                return self.save(&job);
            }
            TaskKind::Image => match job.external_task_id.as_deref() {
                Some(ext) => {
                    let known = super::store::known_task_ids(&self.library().db(), TaskKind::Image).unwrap_or_default();
                    client.find_image_task(ext, job.submit_started_at.unwrap_or(job.created_at), &known).await
                }
                None => self.find_lost_image_task(&job).await,
            },
            kind => match job.external_task_id.as_deref() {
                Some(ext) => client.find_by_external_id(kind, ext).await,
                None => Ok(None),
            },
        };
        match found {
            Ok(Some(task)) => self.adopt(job, &task),
            Ok(None) => self.submit(job).await,
            Err(e) => self.retry_later(job, JobState::Submitting, &e),
        }
    }

    /// An image job queued before pictures took an external id: the lost task is the oldest one on the newest page that
    /// was created after our request went out and that no job follows yet. Jobs take their turn
    /// in the order their requests went out (see `recover`), so an older job sent later cannot
    /// take a younger job's task.
    async fn find_lost_image_task(&self, job: &Job) -> Result<Option<Task>, KlingError> {
        let since = job.submit_started_at.unwrap_or(job.created_at) - 10_000;
        let tasks = self.client().list_tasks(TaskKind::Image, 1, 50).await?;
        let known = super::store::known_task_ids(&self.library().db(), TaskKind::Image).unwrap_or_default();
        Ok(tasks.into_iter().filter(|t| t.created_at >= since && !known.contains(&t.task_id)).min_by_key(|t| (t.created_at, t.task_id.clone())))
    }

    /// Whether `job` is the first image job, by when its request went out, still waiting to learn
    /// its task; the others wait their turn.
    fn first_lost_image(&self, job: &Job) -> bool {
        let lost = super::store::lost_image_jobs(&self.library().db()).unwrap_or_default();
        lost.first().is_none_or(|first| first.id == job.id)
    }

    /// Follows a task Kling has accepted (or that a look-up found).
    pub(crate) fn adopt(&self, mut job: Job, task: &Task) -> Result<(), EngineError> {
        if !kling_api::is_task_id(&task.task_id) {
            // It would go into query paths and file names; it cannot be followed, and asking
            // again would get the same answer.
            let detail = "the answer names the new task with something that is not a task id".into();
            return self.fail(job, &KlingError::Malformed { detail });
        }
        job.task_id = Some(task.task_id.clone());
        job.last_error = None;
        job.last_error_code = None;
        self.forget_checks(&job.id);
        if matches!(task.task_status, TaskStatus::Submitted) {
            // A fresh task: its status is known, the first check comes after the first interval.
            job.state = JobState::Submitted;
            job.next_check_at = now_ms() + self.next_poll_delay(&job).as_millis() as i64;
            return self.save(&job);
        }
        self.apply_task(job, task)
    }

    fn submit_failed(&self, mut job: Job, error: &KlingError) -> Result<(), EngineError> {
        match after(error) {
            AfterError::WaitForSlot => {
                job.state = JobState::Queued;
                job.last_error = Some(error.to_string());
                job.last_error_code = Some(error.code());
                // With tasks of ours running, the held pool decides when it goes again.
                let held = self.hold_pool_after_refusal(&job)?;
                job.next_check_at = if held { now_ms() } else { now_ms() + self.retry_delay(job.attempts).as_millis() as i64 };
                self.save(&job)
            }
            AfterError::TryAgain => self.retry_later(job, JobState::Queued, error),
            AfterError::LookUp => self.retry_later(job, JobState::Submitting, error),
            AfterError::Fail if job.kind == TaskKind::LipSync && error.to_string().to_ascii_lowercase().contains("session") => {
                // Most likely the identify-face session ran out (they last 24 h): say what to do.
                let e = ValidationError::new(
                    "session_id",
                    format!("Kling refused the face session ({error}); sessions last 24 h: identify the faces again and make a new lip-sync"),
                );
                self.fail(job, &KlingError::Validation(e))
            }
            AfterError::Fail => self.fail(job, error),
        }
    }

    /// Keeps the job in `state`, notes the error for the queue panel, and waits a backoff.
    pub(crate) fn retry_later(&self, mut job: Job, state: JobState, error: &KlingError) -> Result<(), EngineError> {
        job.state = state;
        job.last_error = Some(error.to_string());
        job.last_error_code = Some(error.code());
        job.next_check_at = now_ms() + self.retry_delay(job.attempts).as_millis() as i64;
        self.save(&job)
    }

    pub(crate) fn fail(&self, mut job: Job, error: &KlingError) -> Result<(), EngineError> {
        job.state = JobState::Failed;
        job.last_error = Some(error.to_string());
        job.last_error_code = Some(error.code());
        job.finished_at = Some(now_ms());
        self.forget_checks(&job.id);
        self.save(&job)
    }

    /// The typed request again, with input pictures read back from the library.
    fn wire_request(&self, job: &Job) -> Result<WireRequest, ValidationError> {
        job.request
            .to_wire(|reference, field| self.picture_for_wire(reference).map_err(|e| ValidationError::new(field, e.message)), |reference| self.sound_for_wire(reference))
    }
}
