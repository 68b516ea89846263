//! Results on disk: each file downloaded (atomically, by the client) into the chosen folder, and
//! the summary printed as text or as one JSON object.

use crate::errors::CliError;
use crate::words::{kind_word, status_word};
use kling_api::pricing::{format_units, Estimate, Pack};
use kling_api::{KlingClient, KlingError, Task, TaskKind, TaskStatus};
use serde::Serialize;
use std::path::{Path, PathBuf};

pub async fn download_results(client: &KlingClient, kind: TaskKind, task: &Task, out_dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    // The answer's task id becomes part of a file name: one that is not an id (say `../../x`)
    // must not choose where the file goes.
    if !kling_api::is_task_id(&task.task_id) {
        return Err(KlingError::Malformed { detail: "the answer names its task with something that is not a task id".into() }.into());
    }
    std::fs::create_dir_all(out_dir).map_err(|source| CliError::Io { what: "cannot create the output folder", path: out_dir.to_path_buf(), source })?;
    let mut files = Vec::new();
    for (index, url) in task.media_urls().iter().enumerate() {
        let name = format!("kling-{}-{}-{}.{}", kind_word(kind), task.task_id, index + 1, extension(kind, url));
        let dest = out_dir.join(name);
        client.download_result(kind, url, &dest).await?;
        files.push(dest);
    }
    Ok(files)
}

/// The URL's own extension when it is a media type we know, else the kind's usual one.
fn extension(kind: TaskKind, url: &str) -> &'static str {
    let path = url.split(['?', '#']).next().unwrap_or(url).to_ascii_lowercase();
    for ext in ["png", "jpg", "jpeg", "webp", "mp4", "mov"] {
        if path.ends_with(&format!(".{ext}")) {
            return ext;
        }
    }
    match kind {
        TaskKind::Image => "png",
        _ => "mp4",
    }
}

#[derive(Serialize)]
pub struct Outcome {
    pub task_id: String,
    pub kind: TaskKind,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
    pub files: Vec<PathBuf>,
    pub urls: Vec<String>,
    /// The cost worked out before sending (None when the price is not published: `units` null).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
    /// What Kling charged (`final_unit_deduction`), once the task is done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charged: Option<Charge>,
}

/// A task's charge in its pack's own units (video and image units never add up).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Charge {
    pub units: f64,
    pub pack: Pack,
}

impl Charge {
    /// The task's `final_unit_deduction`, when it has one (a finished task).
    pub fn of(kind: TaskKind, task: &Task) -> Option<Charge> {
        Some(Charge { units: task.charged_units()?, pack: Pack::of(kind) })
    }

    pub fn line(&self) -> String {
        format!("Charged {} {}", format_units(self.units), self.pack.unit_name())
    }
}

impl Outcome {
    /// A finished job (from the engine), with its files.
    pub fn from_job(job: &studio::Job, files: Vec<PathBuf>) -> Self {
        Self {
            task_id: job.task_id.clone().unwrap_or_default(),
            kind: job.kind,
            status: if job.state == studio::JobState::Done { "succeeded".into() } else { job.state.to_string() },
            status_message: None,
            external_task_id: job.external_task_id.clone(),
            files,
            urls: job.result_urls.clone(),
            estimate: None,
            charged: None,
        }
    }

    pub fn new(kind: TaskKind, task: &Task, files: Vec<PathBuf>) -> Self {
        Self {
            task_id: task.task_id.clone(),
            kind,
            status: status_key(&task.task_status).to_string(),
            status_message: task.task_status_msg.clone().filter(|m| !m.is_empty()),
            external_task_id: task.task_info.external_task_id.clone(),
            files,
            urls: task.media_urls(),
            estimate: None,
            charged: Charge::of(kind, task),
        }
    }

    /// `--json`: one object on stdout. Otherwise: file paths on stdout (one a line, easy to pipe),
    /// the human summary on stderr.
    pub fn print(&self, json: bool, status: &TaskStatus) {
        if json {
            println!("{}", serde_json::to_string(self).expect("plain data serialises"));
            return;
        }
        eprintln!("{} task {} {}", kind_word(self.kind), self.task_id, status_word(status));
        if let Some(message) = &self.status_message {
            eprintln!("  {message}");
        }
        if let Some(charge) = &self.charged {
            eprintln!("{}", charge.line());
        }
        for file in &self.files {
            println!("{}", file.display());
        }
        // The result links are the answer when nothing was downloaded (`kling task ID`): stdout.
        if self.files.is_empty() {
            for url in &self.urls {
                println!("{url}");
            }
        }
    }
}

pub fn status_key(status: &TaskStatus) -> &str {
    match status {
        TaskStatus::Submitted => "submitted",
        TaskStatus::Processing => "processing",
        TaskStatus::Succeeded => "succeeded",
        TaskStatus::Failed => "failed",
        TaskStatus::Unknown(s) => s,
    }
}

pub fn print_error(error: &CliError, json: bool) {
    if let CliError::Reported(_) = error {
        return;
    }
    if json {
        let mut body = serde_json::json!({ "error": { "code": error.code(), "message": error.message() } });
        if let Some(task_id) = error.task_id() {
            body["task_id"] = task_id.into();
        }
        println!("{body}");
    }
    eprintln!("error: {}", error.message());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_task_id_that_is_a_path_never_names_a_file() {
        // Nothing listens on port 9: the guard must refuse before any request.
        let client = KlingClient::new(kling_api::ClientConfig::new("http://127.0.0.1:9", kling_api::Credentials::new("ak", "sk"))).unwrap();
        let task: Task = serde_json::from_value(serde_json::json!({
            "task_id": "../../escape", "task_status": "succeed",
            "task_result": { "images": [{ "index": 0, "url": "http://127.0.0.1:9/x.png" }] }
        }))
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let err = download_results(&client, TaskKind::Image, &task, &out).await.unwrap_err();
        assert_eq!(err.code(), kling_api::ErrorCode::Malformed, "{}", err.message());
        assert!(err.message().contains("not a task id"), "{}", err.message());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written, not even the output folder");
    }
}
