//! What the engine tells its watchers (the app's queue panel, the CLI's progress line).

use super::job::Job;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EngineEvent {
    /// A job changed state (or its error/attempts changed); carries the whole job.
    JobChanged { job: Box<Job> },
    /// Bytes received for one result file of a job.
    DownloadProgress { job_id: String, index: usize, received: u64, total: Option<u64> },
    /// A job finished and its files are in the library.
    JobDone { job_id: String, item_ids: Vec<String> },
    /// Every job is done or failed.
    QueueIdle,
}
