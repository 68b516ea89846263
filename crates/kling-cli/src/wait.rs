//! Waiting for a task: submit again while the account has no free slot (1303), then poll with a
//! growing interval until the task ends. There is no client-side deadline: long videos are normal.

use crate::errors::CliError;
use crate::progress::Progress;
use kling_api::{ApiCode, KlingClient, KlingError, Task, TaskKind, TaskStatus};
use std::future::Future;
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct Pacing {
    pub first: Duration,
    pub max: Duration,
}

impl Pacing {
    /// Images finish in seconds, videos in minutes: poll each at its own pace.
    pub fn for_kind(kind: TaskKind, first_override_ms: Option<u64>) -> Self {
        let (first, max) = match kind {
            TaskKind::Image => (Duration::from_secs(2), Duration::from_secs(10)),
            _ => (Duration::from_secs(5), Duration::from_secs(30)),
        };
        match first_override_ms {
            Some(ms) => {
                let first = Duration::from_millis(ms.max(1));
                Self { first, max: max.min(first * 20).max(first) }
            }
            None => Self { first, max },
        }
    }

    fn next(&self, current: Duration) -> Duration {
        (current.mul_f32(1.5)).min(self.max)
    }
}

/// Calls `submit` until it is accepted; a full account (1303) keeps the request waiting locally.
pub async fn submit_when_slot_free<F, Fut>(
    submit: F,
    pacing: Pacing,
    progress: &mut Progress,
) -> Result<Task, CliError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Task, KlingError>>,
{
    let mut delay = pacing.first;
    loop {
        match submit().await {
            Err(KlingError::Api { code: ApiCode::ConcurrencyLimit, .. }) => {
                progress.set("the account's task slots are all in use; waiting for one to free up");
                tokio::select! {
                    _ = tokio::time::sleep(delay) => {}
                    _ = tokio::signal::ctrl_c() => return Err(CliError::Usage("cancelled before the task was submitted; nothing was created".into())),
                }
                delay = pacing.next(delay);
            }
            other => return other.map_err(CliError::from),
        }
    }
}

/// Polls until the task succeeds or fails; Ctrl-C stops waiting but not the task.
pub async fn until_finished(
    client: &KlingClient,
    kind: TaskKind,
    mut task: Task,
    pacing: Pacing,
    progress: &mut Progress,
) -> Result<Task, CliError> {
    let mut delay = pacing.first;
    loop {
        progress.set(format!("{} task {} {}", kind_word(kind), task.task_id, status_word(&task.task_status)));
        if task.is_finished() {
            return Ok(task);
        }
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = tokio::signal::ctrl_c() => return Err(CliError::Interrupted { task_id: task.task_id.clone() }),
        }
        delay = pacing.next(delay);
        task = client.get_task(kind, &task.task_id).await?;
    }
}

pub fn kind_word(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Image => "image",
        TaskKind::TextToVideo => "video",
        TaskKind::ImageToVideo => "animate",
    }
}

pub fn status_word(status: &TaskStatus) -> String {
    match status {
        TaskStatus::Submitted => "queued at Kling".into(),
        TaskStatus::Processing => "generating".into(),
        TaskStatus::Succeeded => "succeeded".into(),
        TaskStatus::Failed => "failed".into(),
        TaskStatus::Unknown(s) => format!("in state \"{s}\""),
    }
}
