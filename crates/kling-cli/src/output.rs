//! Results on disk: each file downloaded, checked as the engine checks it and kept under a new
//! name (never over an existing file) in the chosen folder, and the summary printed as text or as
//! one JSON object.

use crate::errors::CliError;
use crate::words::{kind_word, status_word};
use kling_api::pricing::{format_units, Estimate, Pack};
use kling_api::{DownloadOptions, KlingClient, KlingError, Task, TaskKind, TaskStatus};
use serde::Serialize;
use std::path::{Path, PathBuf};
use studio::engine::verify::Sniffed;

pub async fn download_results(client: &KlingClient, kind: TaskKind, task: &Task, out_dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    // The answer's task id becomes part of a file name: one that is not an id (say `../../x`)
    // must not choose where the file goes.
    if !kling_api::is_task_id(&task.task_id) {
        return Err(KlingError::Malformed { detail: "the answer names its task with something that is not a task id".into() }.into());
    }
    // At most 9 pictures or 1 video: a longer list is not trusted with any file.
    let urls = task.media_urls();
    kling_api::check_result_count(kind, urls.len())?;
    std::fs::create_dir_all(out_dir).map_err(|source| CliError::Io { what: "cannot create the output folder", path: out_dir.to_path_buf(), source })?;
    // An added sound's mp3 and wav follow the video (none for the other kinds).
    kling_api::check_audio_results(kind, &task.task_result.audios)?;
    let sounds = task.audio_urls();
    let media = urls.iter().map(|u| (u, Wanted::of(kind))).chain(sounds.iter().map(|u| (u, Wanted::Sound)));
    let mut files = Vec::new();
    for (index, (url, wanted)) in media.enumerate() {
        let stem = format!("kling-{}-{}-{}", kind_word(kind), task.task_id, index + 1);
        let part = out_dir.join(format!("{stem}.part"));
        let kept = match client.fetch_to_part(url, &part, &DownloadOptions { retries: 3, ..DownloadOptions::new(kind.max_result_bytes()) }, |_| {}).await {
            Ok(length) => keep_verified(wanted, url, &part, length, out_dir, &stem),
            Err(e) => Err(kling_api::download::into_kling_error(e, url).into()),
        };
        let _ = std::fs::remove_file(&part);
        files.push(kept?);
    }
    Ok(files)
}

/// What a downloaded file must be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Picture,
    Video,
    Sound,
}

impl Wanted {
    fn of(kind: TaskKind) -> Self {
        if kind.is_video() {
            Wanted::Video
        } else {
            Wanted::Picture
        }
    }

    fn matches(self, sniffed: Sniffed) -> bool {
        match self {
            Wanted::Picture => !sniffed.is_video() && !sniffed.is_audio(),
            Wanted::Video => sniffed.is_video(),
            Wanted::Sound => sniffed.is_audio(),
        }
    }

    fn described(self) -> &'static str {
        match self {
            Wanted::Picture => "a picture",
            Wanted::Video => "a video",
            Wanted::Sound => "a sound",
        }
    }
}

/// The checks the engine makes before filing a result (length, sniffed type, a header that
/// decodes within the picture limits), then a copy to `<stem>.<sniffed extension>`, which is
/// never an existing file: the person's files are not overwritten.
fn keep_verified(wanted: Wanted, url: &str, part: &Path, length: u64, out_dir: &Path, stem: &str) -> Result<PathBuf, CliError> {
    let refused = |detail: String| -> CliError {
        // The host only: the link's query string carries its signature.
        let url_host = kling_api::web_url(url).and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| "the file server".into());
        KlingError::Download { url_host, detail }.into()
    };
    let sniffed = studio::engine::verify::verify(part, Some(length)).map_err(|why| refused(format!("the downloaded file was not right ({why})")))?;
    if !wanted.matches(sniffed) {
        return Err(refused(format!("the file server sent {} where {} was expected", sniffed.described(), wanted.described())));
    }
    let dest = out_dir.join(format!("{stem}.{}", sniffed.ext()));
    let io = |what, source| CliError::Io { what, path: dest.clone(), source };
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&dest) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(io("will not overwrite the existing file", e)),
        Err(e) => return Err(io("cannot create", e)),
    };
    let copied = std::fs::File::open(part).and_then(|mut from| std::io::copy(&mut from, &mut file)).and_then(|_| file.sync_all());
    if let Err(e) = copied {
        drop(file);
        let _ = std::fs::remove_file(&dest); // ours: created above
        return Err(io("cannot write", e));
    }
    Ok(dest)
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
            // An added sound's links (mp3, wav) follow the video's.
            urls: job.result_urls.iter().chain(job.audio_urls.iter().filter(|u| !u.is_empty())).cloned().collect(),
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
