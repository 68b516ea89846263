//! A job: one generation request on its way from the form (or the CLI) to files in the library.

use crate::job_request::JobRequest;
use crate::library::ParentLink;
use kling_api::{ErrorCode, TaskKind};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// queued → submitting → submitted → processing → downloading → done, or failed from any step.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Waiting for a free slot (local concurrency, or Kling's 1303).
    Queued,
    /// A create request may be on the wire: on restart, look the task up before sending again.
    Submitting,
    Submitted,
    Processing,
    Downloading,
    Done,
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Submitting => "submitting",
            JobState::Submitted => "submitted",
            JobState::Processing => "processing",
            JobState::Downloading => "downloading",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(self, JobState::Done | JobState::Failed)
    }

    /// States in which the task exists at Kling and holds one of the account's slots.
    pub fn holds_slot(self) -> bool {
        matches!(self, JobState::Submitting | JobState::Submitted | JobState::Processing)
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for JobState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "queued" => JobState::Queued,
            "submitting" => JobState::Submitting,
            "submitted" => JobState::Submitted,
            "processing" => JobState::Processing,
            "downloading" => JobState::Downloading,
            "done" => JobState::Done,
            "failed" => JobState::Failed,
            other => return Err(format!("unknown job state {other:?}")),
        })
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    pub id: String,
    pub kind: TaskKind,
    pub state: JobState,
    /// What is asked of Kling, typed, with its input pictures as library paths or URLs.
    pub request: JobRequest,
    pub external_task_id: Option<String>,
    pub task_id: Option<String>,
    pub attempts: u32,
    /// What went wrong last, in the words of whatever failed (Kling's message, the rule broken,
    /// the network's error): the faces add their own advice from `last_error_code`.
    pub last_error: Option<String>,
    pub last_error_code: Option<ErrorCode>,
    pub result_urls: Vec<String>,
    /// The watermarked copy of each result (aligned with `result_urls`, "" where none), kept
    /// only when the request asked for one.
    pub watermark_urls: Vec<String>,
    /// What the task cost, in its pack's units (`final_unit_deduction`), when Kling said.
    pub charged_units: Option<f64>,
    /// The Kling video id of each result (aligned with `result_urls`, "" where none): what
    /// extend, lip-sync and video-to-audio take a clip by.
    #[serde(default)]
    pub video_ids: Vec<String>,
    /// A video-to-audio task's sound: its mp3 link then its wav link ("" where none; empty for
    /// the other tools). Filed after the results, as one audio item.
    #[serde(default)]
    pub audio_urls: Vec<String>,
    pub item_ids: Vec<String>,
    /// The library items this job is made from, written into each result's sidecar.
    #[serde(default)]
    pub parents: Vec<ParentLink>,
    pub created_at: i64,
    pub updated_at: i64,
    pub submit_started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub next_check_at: i64,
}

impl Job {
    pub fn prompt(&self) -> &str {
        self.request.prompt()
    }

    pub fn model(&self) -> &str {
        self.request.model()
    }

    /// An image job without an external id (queued before pictures took one) whose create went
    /// out and whose task is not known yet: only a guess by time can find its task, so no other
    /// picture create goes out meanwhile.
    pub(crate) fn image_create_unaccounted(&self) -> bool {
        self.kind == TaskKind::Image && self.state == JobState::Submitting && self.task_id.is_none() && self.external_task_id.is_none()
    }

    /// Slots this job takes at Kling: an image task takes one per picture asked for.
    pub fn slots(&self) -> u32 {
        self.request.slots()
    }
}
