//! Fetching results into the library. Each file streams (through the client's one resumable
//! download) into the library's hidden tmp folder, resumes with a Range request after a broken
//! transfer (even across restarts), is verified (length, media type, a header that decodes), and
//! only then is moved to its final name and indexed. A link that has expired is replaced by
//! querying the task again.

use super::verify::{self, Sniffed};
use super::{now_ms, Engine, EngineError, EngineEvent, Job, JobState};
use crate::library::{Item, ItemKind, LibraryError, Sidecar};
use kling_api::{DownloadError, DownloadOptions, ErrorCode, KlingError, TaskStatus};
use std::path::Path;

/// Download tries (resumes included) before the job is marked failed; the user can retry it.
const MAX_DOWNLOAD_TRIES: u32 = 8;

/// Why a download stopped short of filing a result.
enum Stop {
    /// The link lapsed: ask the task for fresh ones.
    Expired,
    /// Counted as a try (`last`: no retry can help), with the error's code when it is ours.
    Failed { why: String, code: Option<ErrorCode>, last: bool },
}

/// What the engine does about a failed fetch.
enum FetchError {
    /// 403/404/410: the temporary link is no longer valid.
    Expired,
    /// Over the size limit for its kind, or not a link at all: the same link would fail the
    /// same way, so no retry.
    Refused(String),
    /// The transfer broke or the server misbehaved: worth another try.
    Interrupted(String),
    /// Our side: disk full, folder not writable.
    Local(LibraryError),
}

impl From<DownloadError> for FetchError {
    fn from(e: DownloadError) -> Self {
        match e {
            DownloadError::Expired { .. } => FetchError::Expired,
            // A link or redirect we do not follow stays one: no retry.
            DownloadError::TooLarge { .. } | DownloadError::BadLink | DownloadError::PlainHttp | DownloadError::Redirect(_) => FetchError::Refused(e.to_string()),
            // A page instead of the file or a refusal may be a passing CDN fault: asked again later.
            DownloadError::Interrupted { .. } | DownloadError::NotMedia { .. } | DownloadError::Refused { .. } => FetchError::Interrupted(e.to_string()),
            DownloadError::DiskFull { path, .. } => FetchError::Local(LibraryError::DiskFull { path }),
            DownloadError::Unwritable { path, source } => FetchError::Local(LibraryError::Unwritable { path, reason: source.to_string() }),
            DownloadError::Io { path, source } => FetchError::Local(LibraryError::Io { what: "cannot write", path, source }),
        }
    }
}

impl Engine {
    pub(crate) async fn download(&self, mut job: Job) -> Result<(), EngineError> {
        let Some(task_id) = job.task_id.clone() else {
            return self.fail(job, &KlingError::Malformed { detail: "the job lost its task id".into() });
        };
        // More results than a task makes: the answer is not trusted with any of them.
        if let Err(e) = kling_api::check_result_count(job.kind, job.result_urls.len()) {
            job.attempts = MAX_DOWNLOAD_TRIES;
            return self.download_failed(job, &e.to_string(), Some(e.code()));
        }
        let library = self.library().clone();
        let mut item_ids = Vec::new();
        for (index, url) in job.result_urls.clone().iter().enumerate() {
            let item_id = format!("{}:{}:{}", job.kind.as_str(), task_id, index);
            if library.get(&item_id).is_ok() {
                item_ids.push(item_id); // filed before a crash or by another run
                continue;
            }
            let tmp = self.part_path(&job.id, index);
            let expected = if job.kind.is_video() { Media::Video } else { Media::Picture };
            let sniffed = match self.fetch_verified(&job, index, url, &tmp, expected).await {
                Ok(sniffed) => sniffed,
                Err(stop) => return self.stop(job, stop).await,
            };
            // The watermarked copy, when one was asked for: fetched and checked like the result.
            let mut marked = None;
            if let Some(mark) = job.watermark_urls.get(index).filter(|u| !u.is_empty()).cloned() {
                let part = self.marked_part_path(&job.id, index);
                match self.fetch_verified(&job, index, &mark, &part, expected).await {
                    Ok(_) => marked = Some(part),
                    Err(stop) => return self.stop(job, stop).await,
                }
            }
            match self.file(&job, &task_id, index, url, &tmp, sniffed, marked.as_deref(), None) {
                Ok(item) => item_ids.push(item.id),
                Err(e) => return self.download_failed(job, &e.to_string(), Some(e.code())),
            }
        }
        // A video-to-audio or text-to-audio task's sound: one audio item after the results, its mp3 the media
        // file (the wav when there is no mp3), the wav kept beside it.
        let sound = match job.audio_urls.as_slice() {
            [mp3, wav, ..] if !mp3.is_empty() => Some((mp3.clone(), Some(wav.clone()).filter(|w| !w.is_empty()))),
            [_, wav, ..] if !wav.is_empty() => Some((wav.clone(), None)),
            _ => None,
        };
        if let Some((url, wav_url)) = sound {
            let index = job.result_urls.len();
            let item_id = format!("{}:{}:{}", job.kind.as_str(), task_id, index);
            if library.get(&item_id).is_ok() {
                item_ids.push(item_id);
            } else {
                let tmp = self.part_path(&job.id, index);
                let sniffed = match self.fetch_verified(&job, index, &url, &tmp, Media::Audio).await {
                    Ok(sniffed) => sniffed,
                    Err(stop) => return self.stop(job, stop).await,
                };
                let mut wav = None;
                if let Some(wav_url) = wav_url {
                    let part = self.wav_part_path(&job.id, index);
                    match self.fetch_verified(&job, index, &wav_url, &part, Media::Audio).await {
                        Ok(Sniffed::Wav) => wav = Some(part),
                        Ok(other) => {
                            let _ = std::fs::remove_file(&part);
                            return self.download_failed(job, &format!("the file server sent {} where a wav was expected", other.ext()), None);
                        }
                        Err(stop) => return self.stop(job, stop).await,
                    }
                }
                match self.file(&job, &task_id, index, &url, &tmp, sniffed, None, wav.as_deref()) {
                    Ok(item) => item_ids.push(item.id),
                    Err(e) => return self.download_failed(job, &e.to_string(), Some(e.code())),
                }
            }
        }
        job.item_ids = item_ids.clone();
        job.state = JobState::Done;
        job.finished_at = Some(now_ms());
        job.last_error = None;
        job.last_error_code = None;
        self.save(&job)?;
        self.emit(EngineEvent::JobDone { job_id: job.id.clone(), item_ids });
        Ok(())
    }

    /// Fetches one file into `tmp` and checks it is whole and the `expected` kind of media.
    async fn fetch_verified(&self, job: &Job, index: usize, url: &str, tmp: &Path, expected: Media) -> Result<Sniffed, Stop> {
        match self.fetch(&job.id, index, expected, url, tmp).await {
            Ok(length) => match verify::verify(tmp, Some(length)) {
                Ok(sniffed) if expected.of(sniffed) != expected => {
                    let _ = std::fs::remove_file(tmp);
                    Err(Stop::Failed {
                        why: format!("the file server sent {} where {} was expected", sniffed.described(), expected.described()),
                        code: None,
                        last: false,
                    })
                }
                Ok(sniffed) => Ok(sniffed),
                Err(why) => {
                    // A short file resumes; anything else starts over.
                    if !why.contains(" of ") {
                        let _ = std::fs::remove_file(tmp);
                    }
                    Err(Stop::Failed { why: format!("the downloaded file was not right ({why})"), code: None, last: false })
                }
            },
            Err(FetchError::Expired) => Err(Stop::Expired),
            Err(FetchError::Refused(why)) => Err(Stop::Failed { why, code: None, last: true }),
            Err(FetchError::Interrupted(why)) => Err(Stop::Failed { why, code: None, last: false }),
            Err(FetchError::Local(e)) => Err(Stop::Failed { why: e.to_string(), code: Some(e.code()), last: false }),
        }
    }

    /// What the job does when a file could not be fetched.
    async fn stop(&self, mut job: Job, stop: Stop) -> Result<(), EngineError> {
        match stop {
            Stop::Expired => self.refresh_urls(job).await,
            Stop::Failed { why, code, last } => {
                if last {
                    job.attempts = MAX_DOWNLOAD_TRIES;
                }
                self.download_failed(job, &why, code)
            }
        }
    }

    /// Streams `url` into `tmp`, continuing from what `tmp` already holds (one request: the
    /// job's own retries, with their backoff, ask again). Returns the file's full length.
    async fn fetch(&self, job_id: &str, index: usize, expected: Media, url: &str, tmp: &Path) -> Result<u64, FetchError> {
        // A sound of at most 20 s is far smaller than a picture's limit.
        let max_bytes = if expected == Media::Video { self.config().max_download_bytes } else { self.config().max_picture_download_bytes };
        let options = DownloadOptions { resume: true, ..DownloadOptions::new(max_bytes) };
        let progress = |p: kling_api::Progress| self.emit(EngineEvent::DownloadProgress { job_id: job_id.into(), index, received: p.received, total: p.total });
        Ok(self.client().fetch_to_part(url, tmp, &options, progress).await?)
    }

    /// Writes the sidecar and moves the verified file to its final name in the library.
    #[allow(clippy::too_many_arguments)]
    fn file(
        &self,
        job: &Job,
        task_id: &str,
        index: usize,
        url: &str,
        tmp: &Path,
        sniffed: Sniffed,
        marked: Option<&Path>,
        wav: Option<&Path>,
    ) -> Result<Item, LibraryError> {
        let (width, height, duration_secs) = if sniffed.is_audio() {
            match crate::library::audio::probe(tmp) {
                Ok(info) => (None, None, Some(info.duration_ms as f64 / 1000.0)),
                Err(_) => (None, None, None),
            }
        } else if sniffed.is_video() {
            match crate::library::video::probe(tmp) {
                Ok(info) => (Some(info.width), Some(info.height), Some(info.duration_ms as f64 / 1000.0)),
                Err(_) => (None, None, None),
            }
        } else {
            // By content: the temporary name has no picture extension.
            match kling_api::picture_limits::file_dimensions(tmp) {
                Ok((w, h)) => (Some(w), Some(h), None),
                Err(_) => (None, None, None),
            }
        };
        let sidecar = Sidecar {
            version: crate::library::sidecar_version(),
            kind: ItemKind::from(job.kind),
            task_id: task_id.to_string(),
            index: index as u32,
            external_task_id: job.external_task_id.clone(),
            model: job.model().to_string(),
            prompt: job.request.description(),
            negative_prompt: job.request.negative_prompt().to_string(),
            request: job.request.clone(),
            created_at: job.submit_started_at.unwrap_or(job.created_at),
            finished_at: now_ms(),
            original_url: Some(url.to_string()),
            width,
            height,
            duration_secs,
            ext: sniffed.ext().to_string(),
            favorite: false,
            tags: Vec::new(),
            charged_units: job.charged_units,
            watermarked: marked.is_some(),
            made_from: job.parents.clone(),
            video_id: job.video_ids.get(index).filter(|id| !id.is_empty()).cloned(),
            wav_copy: wav.is_some(),
        };
        self.library().add_with_copies(tmp, marked, wav, &sidecar)
    }

    fn download_failed(&self, mut job: Job, why: &str, code: Option<ErrorCode>) -> Result<(), EngineError> {
        job.attempts += 1;
        // Our own disk or folder failing will not fix itself by retrying: tell the person now.
        let local = matches!(code, Some(ErrorCode::DiskFull | ErrorCode::LibraryUnwritable | ErrorCode::Io));
        job.last_error = Some(why.to_string());
        job.last_error_code = Some(code.unwrap_or(ErrorCode::Download));
        if job.attempts >= MAX_DOWNLOAD_TRIES || local {
            job.state = JobState::Failed;
            job.finished_at = Some(now_ms());
            return self.save(&job);
        }
        job.next_check_at = now_ms() + self.retry_delay(job.attempts).as_millis() as i64;
        self.save(&job)
    }

    /// Result links are temporary: ask the task again for fresh ones.
    async fn refresh_urls(&self, mut job: Job) -> Result<(), EngineError> {
        let task_id = job.task_id.clone().unwrap_or_default();
        match self.client().get_task(job.kind, &task_id).await {
            // Fresh links for the results or the sound (a text-to-audio task has only a sound).
            Ok(task) if task.task_status == TaskStatus::Succeeded && (task.media_urls() != job.result_urls || super::poll::audio_urls(&task) != job.audio_urls) => {
                job.result_urls = task.media_urls();
                job.watermark_urls = super::poll::watermark_urls(&job, &task);
                job.video_ids = super::poll::video_ids(&task);
                job.audio_urls = super::poll::audio_urls(&task);
                job.attempts += 1;
                job.last_error = Some("the result link had expired; fetched a fresh one".into());
                job.last_error_code = None;
                self.remove_partial_files(&job);
                if job.attempts >= MAX_DOWNLOAD_TRIES {
                    return self.download_failed(job, "the links kept expiring", None);
                }
                self.save(&job)
            }
            Ok(_) => {
                job.attempts = MAX_DOWNLOAD_TRIES;
                self.download_failed(job, "the result's link has expired and Kling offers no fresh one (results are kept 30 days)", None)
            }
            Err(e) => self.download_failed(job, &e.user_message(), None),
        }
    }

    /// Where a job's result `index` streams to before it is verified: named by a hash of the
    /// job id (a stored value), never by the value itself.
    pub fn part_path(&self, job_id: &str, index: usize) -> std::path::PathBuf {
        self.library().tmp_dir().join(format!("{}-{index}.part", part_name(job_id)))
    }

    /// Where the wav of the sound `index` streams to.
    fn wav_part_path(&self, job_id: &str, index: usize) -> std::path::PathBuf {
        self.library().tmp_dir().join(format!("{}-{index}-wav.part", part_name(job_id)))
    }

    /// Where the watermarked copy of result `index` streams to.
    fn marked_part_path(&self, job_id: &str, index: usize) -> std::path::PathBuf {
        self.library().tmp_dir().join(format!("{}-{index}-watermarked.part", part_name(job_id)))
    }

    pub(crate) fn remove_partial_files(&self, job: &Job) {
        for index in 0..job.result_urls.len() {
            let _ = std::fs::remove_file(self.part_path(&job.id, index));
            let _ = std::fs::remove_file(self.marked_part_path(&job.id, index));
        }
        // The sound after the results, and its wav.
        if !job.audio_urls.is_empty() {
            let index = job.result_urls.len();
            let _ = std::fs::remove_file(self.part_path(&job.id, index));
            let _ = std::fs::remove_file(self.wav_part_path(&job.id, index));
        }
    }
}

/// 32 hex digits of the id's SHA-256: a file name whatever the id holds.
fn part_name(job_id: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(job_id.as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The kind of media a download must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Media {
    Picture,
    Video,
    Audio,
}

impl Media {
    fn of(self, sniffed: Sniffed) -> Media {
        if sniffed.is_audio() {
            Media::Audio
        } else if sniffed.is_video() {
            Media::Video
        } else {
            Media::Picture
        }
    }

    fn described(self) -> &'static str {
        match self {
            Media::Picture => "a picture",
            Media::Video => "a video",
            Media::Audio => "a sound",
        }
    }
}
