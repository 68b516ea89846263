//! Finding an image task whose create answer was lost. Image creates take an external id since
//! 2026 (addendum §4), but how to ask for a task by it is not documented: the client asks in the
//! form most clients use (`?external_task_id=`), then looks for the id on the newest list page.
//! Only when Kling lists no external ids at all (an API that does not echo them) does a guess by
//! time decide, and only when nothing else could have made the task it finds.

use crate::client::KlingClient;
use crate::errors::KlingError;
use crate::kinds::TaskKind;
use crate::task::Task;
use std::collections::HashSet;
use std::sync::atomic::Ordering;

/// Clock slack between us and the server when matching `created_at` to our send time.
const CREATED_AT_SLACK_MS: i64 = 2_000;
/// Tasks read from the newest list page.
const NEWEST: u32 = 50;

impl KlingClient {
    /// The image task created with `external_task_id` (sent at `sent_at`, ms), if Kling has it.
    /// `known` are task ids already accounted for (never taken for the lost one).
    pub async fn find_image_task(&self, external_task_id: &str, sent_at: i64, known: &HashSet<String>) -> Result<Option<Task>, KlingError> {
        if let Some(task) = self.find_by_external_id(TaskKind::Image, external_task_id).await? {
            return Ok(Some(task));
        }
        let newest = self.list_tasks(TaskKind::Image, 1, NEWEST).await?;
        if let Some(task) = newest.iter().find(|t| t.task_info.external_task_id.as_deref() == Some(external_task_id)) {
            return Ok(Some(task.clone()));
        }
        // Kling names the external ids of its tasks, and none is ours: no task was made.
        if newest.iter().any(|t| t.task_info.external_task_id.is_some()) {
            return Ok(None);
        }
        self.guess_by_time(newest, sent_at, known)
    }

    /// The one task on the newest page created since we sent that nobody accounts for; several,
    /// or another image create of ours in flight, leave it undecided.
    fn guess_by_time(&self, newest: Vec<Task>, sent_at: i64, known: &HashSet<String>) -> Result<Option<Task>, KlingError> {
        let uncertain = KlingError::SubmitUncertain { kind: TaskKind::Image };
        if self.inner().image_creates_in_flight.load(Ordering::SeqCst) > 1 {
            return Err(uncertain);
        }
        let own = self.own_image_ids();
        let mut recent: Vec<Task> =
            newest.into_iter().filter(|t| t.created_at >= sent_at - CREATED_AT_SLACK_MS && !own.contains(&t.task_id) && !known.contains(&t.task_id)).collect();
        match recent.len() {
            0 => Ok(None),
            1 => Ok(recent.pop()),
            _ => Err(uncertain),
        }
    }
}
