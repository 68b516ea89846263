//! The HTTP client: signs, sends, reads the envelope, retries what is safe to retry, and never
//! repeats a task-creating POST whose answer was lost without first asking whether it landed.

use crate::account::{AccountCosts, CostsData};
use crate::api_code::ApiCode;
use crate::clock::now_ms;
use crate::credentials::Credentials;
use crate::download::{self, DownloadError, DownloadOptions, Progress};
use crate::envelope;
use crate::errors::KlingError;
use crate::jwt::TokenSigner;
use crate::kinds::TaskKind;
use crate::requests::{
    EffectsRequest, IdentifiedFaces, IdentifyFaceRequest, ImageExpandRequest, ImageRequest, ImageToVideoRequest, LipSyncRequest, MotionControlRequest,
    MultiImageToImageRequest, MultiImageToVideoRequest, OmniImageRequest, OmniVideoRequest, TextToAudioRequest, TextToVideoRequest, VideoExtendRequest,
    VideoToAudioRequest, VirtualTryOnRequest,
};
use crate::retry::RetryPolicy;
use crate::task::Task;
use crate::validation::ValidationError;
pub use assets::{AssetKind, Listing, ASSET_PAGE_SIZE};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod assets;

/// How many of this client's own image task ids are remembered (see `find_new_image_task`).
const OWN_IMAGE_IDS: usize = 64;
/// The largest API answer read. A full list page (500 tasks, nine long signed links each) is
/// a few MB; an endless or padded body stops here instead of filling memory.
const MAX_ANSWER_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub base_url: String,
    pub credentials: Credentials,
    /// For one whole request, answer included.
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>, credentials: Credentials) -> Self {
        Self { base_url: base_url.into(), credentials, timeout: Duration::from_secs(60), retry: RetryPolicy::default() }
    }
}

/// Whether a URL names this machine (localhost, 127.0.0.0/8, ::1): the only place plain http is
/// allowed to carry a signed token.
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[derive(Clone)]
pub struct KlingClient {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    base: String,
    http: reqwest::Client,
    /// Result downloads: no overall deadline (videos can be large), but a stalled transfer
    /// times out and is resumed.
    downloads: reqwest::Client,
    signer: TokenSigner,
    retry: RetryPolicy,
    /// Image creates of this client in flight: the time-window guess (`lost_image`) is made only
    /// when no other one could have made the task it finds.
    pub(crate) image_creates_in_flight: AtomicUsize,
    /// Image tasks this client already got answers for: never mistaken for a lost one.
    pub(crate) own_image_ids: Mutex<VecDeque<String>>,
}

impl fmt::Debug for KlingClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KlingClient").field("base_url", &self.inner.base).field("credentials", self.inner.signer.credentials()).finish()
    }
}

/// Why one attempt failed: whether the request certainly never reached the server matters for
/// creates, which must not be sent twice.
enum Failure {
    NotSent(KlingError),
    Answered(KlingError),
    Lost(KlingError),
}

impl Failure {
    fn into_error(self) -> KlingError {
        match self {
            Failure::NotSent(e) | Failure::Answered(e) | Failure::Lost(e) => e,
        }
    }
}

impl KlingClient {
    pub fn new(config: ClientConfig) -> Result<Self, KlingError> {
        let raw = config.base_url.trim();
        let parsed =
            url::Url::parse(raw).map_err(|_| KlingError::Config(format!("the API host {raw:?} is not a valid URL; use e.g. https://api-singapore.klingai.com")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(KlingError::Config(format!("the API host {raw:?} must be an http(s) URL")));
        }
        // Every request carries a signed token: plain http is for a server on this machine only
        // (the emulator), never across a network.
        if parsed.scheme() == "http" && !is_loopback(&parsed) {
            return Err(KlingError::Config(format!(
                "the API host {raw:?} uses plain http to another machine, which would send your signed token unencrypted; use https"
            )));
        }
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(Duration::from_secs(15))
            .user_agent(concat!("kling-studio/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| KlingError::Config(format!("cannot set up HTTP: {e}")))?;
        let downloads = reqwest::Client::builder()
            .redirect(crate::result_links::redirect_policy())
            .connect_timeout(Duration::from_secs(15))
            .read_timeout(config.timeout)
            .user_agent(concat!("kling-studio/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| KlingError::Config(format!("cannot set up HTTP: {e}")))?;
        Ok(Self {
            inner: Arc::new(Inner {
                // Many guides write the host with the API's version ("…/v1"): the paths add it.
                base: raw.trim_end_matches('/').trim_end_matches("/v1").trim_end_matches('/').to_string(),
                http,
                downloads,
                signer: TokenSigner::new(config.credentials),
                retry: config.retry,
                image_creates_in_flight: AtomicUsize::new(0),
                own_image_ids: Mutex::new(VecDeque::new()),
            }),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// Creates go out in parallel: each carries an external id (filled in when empty), by which
    /// a create whose answer was lost is found again (addendum §4).
    pub async fn create_image(&self, req: &ImageRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        let body = to_body(&req)?;
        self.inner.image_creates_in_flight.fetch_add(1, Ordering::SeqCst);
        let _done = InFlight(&self.inner.image_creates_in_flight);
        let task = self.create(TaskKind::Image, body).await?;
        let mut own = self.inner.own_image_ids.lock().unwrap_or_else(|p| p.into_inner());
        if own.len() >= OWN_IMAGE_IDS {
            own.pop_front();
        }
        own.push_back(task.task_id.clone());
        Ok(task)
    }

    pub async fn create_text_to_video(&self, req: &TextToVideoRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::TextToVideo, to_body(&req)?).await
    }

    pub async fn create_image_to_video(&self, req: &ImageToVideoRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::ImageToVideo, to_body(&req)?).await
    }

    pub async fn create_omni_video(&self, req: &OmniVideoRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::OmniVideo, to_body(&req)?).await
    }

    pub async fn create_multi_image_to_video(&self, req: &MultiImageToVideoRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::MultiImageToVideo, to_body(&req)?).await
    }

    pub async fn create_video_extend(&self, req: &VideoExtendRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::VideoExtend, to_body(&req)?).await
    }

    /// A lip-sync of a face [`identify_face`](Self::identify_face) found. Checks what the request
    /// alone shows; call [`LipSyncRequest::validate_with`] first to check it against the face.
    pub async fn create_lip_sync(&self, req: &LipSyncRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::LipSync, to_body(&req)?).await
    }

    pub async fn create_effects(&self, req: &EffectsRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::Effects, to_body(&req)?).await
    }

    pub async fn create_video_to_audio(&self, req: &VideoToAudioRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::VideoToAudio, to_body(&req)?).await
    }

    pub async fn create_text_to_audio(&self, req: &TextToAudioRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::TextToAudio, to_body(&req)?).await
    }

    pub async fn create_image_expand(&self, req: &ImageExpandRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::ImageExpand, to_body(&req)?).await
    }

    pub async fn create_multi_image_to_image(&self, req: &MultiImageToImageRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::MultiImageToImage, to_body(&req)?).await
    }

    pub async fn create_omni_image(&self, req: &OmniImageRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::OmniImage, to_body(&req)?).await
    }

    pub async fn create_virtual_try_on(&self, req: &VirtualTryOnRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::VirtualTryOn, to_body(&req)?).await
    }

    pub async fn create_motion_control(&self, req: &MotionControlRequest) -> Result<Task, KlingError> {
        let mut req = req.clone();
        req.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
        req.validate()?;
        self.create(TaskKind::MotionControl, to_body(&req)?).await
    }

    /// `POST /v1/videos/identify-face` (synchronous): the faces of a video and the session a
    /// lip-sync names. Each call is charged (0.05 video units), so a request whose answer was
    /// lost is not sent again; one that certainly never arrived, or that the server refused
    /// with a retryable code, is.
    pub async fn identify_face(&self, req: &IdentifyFaceRequest) -> Result<IdentifiedFaces, KlingError> {
        req.validate()?;
        let body = to_body(req)?;
        let mut attempt = 0;
        loop {
            match self.call::<IdentifiedFaces>(Method::POST, "/v1/videos/identify-face", Some(&body), "identifying faces").await {
                Ok(faces) => {
                    faces.check().map_err(|e| KlingError::Malformed { detail: format!("identify-face answered an unusable {}: {}", e.field, e.message) })?;
                    return Ok(faces);
                }
                Err(Failure::Answered(e) | Failure::NotSent(e)) if e.is_retryable() && attempt < self.inner.retry.max_retries => {
                    tokio::time::sleep(self.inner.retry.delay(attempt)).await;
                    attempt += 1;
                }
                Err(failure) => return Err(failure.into_error()),
            }
        }
    }

    pub async fn get_task(&self, kind: TaskKind, task_id: &str) -> Result<Task, KlingError> {
        check_id("task_id", task_id)?;
        self.get(&format!("/v1/{}/{task_id}", kind.path()), "asking for a task").await
    }

    /// The task created with this external id, if any
    /// (`GET /v1/<kind>?external_task_id=X`; 404/1203 means none).
    pub async fn find_by_external_id(&self, kind: TaskKind, external_task_id: &str) -> Result<Option<Task>, KlingError> {
        self.find_on(kind.path(), external_task_id).await
    }

    /// The task on one collection path (after `/v1/`) created with this external id, if any.
    async fn find_on(&self, collection: &str, external_task_id: &str) -> Result<Option<Task>, KlingError> {
        if external_task_id.trim().is_empty() {
            return Err(ValidationError::new("external_task_id", "must not be empty").into());
        }
        let path = format!("/v1/{collection}?external_task_id={}", encode(external_task_id));
        let matches = |t: &Task| t.task_info.external_task_id.as_deref() == Some(external_task_id);
        match self.get::<Value>(&path, "looking up a task").await {
            // The docs leave the answer's form open: one task, or a list to pick it from.
            Ok(Value::Array(items)) => Ok(items.into_iter().filter_map(|v| serde_json::from_value::<Task>(v).ok()).find(matches)),
            Ok(Value::Null) => Ok(None),
            Ok(value) => {
                let task: Task =
                    serde_json::from_value(value).map_err(|e| KlingError::Malformed { detail: format!("unexpected task ({})", envelope::without_values(&e)) })?;
                // A task that names another external id is not ours; one that names none is.
                Ok((task.task_info.external_task_id.is_none() || matches(&task)).then_some(task))
            }
            Err(KlingError::Api { code: ApiCode::NotFound, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// One page of a kind's tasks, newest first (`page` 1–1000, `page_size` 1–500).
    pub async fn list_tasks(&self, kind: TaskKind, page: u32, page_size: u32) -> Result<Vec<Task>, KlingError> {
        if !(1..=1000).contains(&page) {
            return Err(ValidationError::new("pageNum", format!("must be between 1 and 1000 (got {page})")).into());
        }
        if !(1..=500).contains(&page_size) {
            return Err(ValidationError::new("pageSize", format!("must be between 1 and 500 (got {page_size})")).into());
        }
        self.get(&format!("/v1/{}?pageNum={page}&pageSize={page_size}", kind.path()), "listing tasks").await
    }

    pub async fn account_costs(&self, start_ms: i64, end_ms: i64, pack_name: Option<&str>) -> Result<AccountCosts, KlingError> {
        let mut path = format!("/account/costs?start_time={start_ms}&end_time={end_ms}");
        if let Some(name) = pack_name {
            path.push_str(&format!("&resource_pack_name={}", encode(name)));
        }
        let data: CostsData = self.get(&path, "reading the account's credits").await?;
        Ok(AccountCosts { packs: data.resource_pack_subscribe_infos })
    }

    /// Downloads a result link to `dest`, accepting files up to the largest any kind may have.
    pub async fn download(&self, url: &str, dest: &std::path::Path) -> Result<u64, KlingError> {
        self.download_result(TaskKind::TextToVideo, url, dest).await
    }

    /// Downloads one of a `kind` task's results, refusing one larger than the kind allows.
    pub async fn download_result(&self, kind: TaskKind, url: &str, dest: &std::path::Path) -> Result<u64, KlingError> {
        self.download_result_observed(kind, url, dest, |_| {}).await
    }

    /// [`download_result`](Self::download_result), reporting progress as bytes land. The file
    /// streams into `<dest>.part` (a leftover from an earlier run is not trusted: it may belong
    /// to another link), broken transfers resume a few times, and only a complete file is renamed
    /// to `dest`; on failure nothing is left behind.
    pub async fn download_result_observed(&self, kind: TaskKind, url: &str, dest: &std::path::Path, on_progress: impl FnMut(Progress)) -> Result<u64, KlingError> {
        if dest.file_name().is_none() {
            return Err(KlingError::Io { path: dest.to_path_buf(), source: std::io::Error::other("not a file name") });
        }
        let part = download::part_path(dest);
        let options = DownloadOptions { retries: self.inner.retry.max_retries.max(3), ..DownloadOptions::new(kind.max_result_bytes()) };
        let fetched = self.fetch_to_part(url, &part, &options, on_progress).await;
        let renamed = match fetched {
            Ok(bytes) => tokio::fs::rename(&part, dest).await.map(|()| bytes).map_err(|source| KlingError::Io { path: dest.to_path_buf(), source }),
            Err(e) => Err(download::into_kling_error(e, url)),
        };
        match renamed {
            Ok(bytes) => {
                download::sync_dir(dest).await;
                Ok(bytes)
            }
            Err(e) => {
                let _ = tokio::fs::remove_file(&part).await;
                Err(e)
            }
        }
    }

    /// The one resumable download: streams a result link into `part` as `options` say, reporting
    /// progress, and leaves the complete file there for the caller to check and move (see
    /// [`crate::download`]). Returns the file's length.
    pub async fn fetch_to_part(&self, url: &str, part: &std::path::Path, options: &DownloadOptions, on_progress: impl FnMut(Progress)) -> Result<u64, DownloadError> {
        download::fetch(&self.inner.downloads, url, part, options, on_progress).await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str, during: &'static str) -> Result<T, KlingError> {
        self.repeated(Method::GET, path, None, during).await
    }

    /// A call that is safe to repeat, repeated while the failure is retryable.
    async fn repeated<T: DeserializeOwned>(&self, method: Method, path: &str, body: Option<&Value>, during: &'static str) -> Result<T, KlingError> {
        let mut attempt = 0;
        loop {
            match self.call(method.clone(), path, body, during).await {
                Ok(value) => return Ok(value),
                Err(failure) => {
                    let error = failure.into_error();
                    if !error.is_retryable() || attempt >= self.inner.retry.max_retries {
                        return Err(error);
                    }
                    tokio::time::sleep(self.inner.retry.delay(attempt)).await;
                    attempt += 1;
                }
            }
        }
    }

    /// Sends a task-creating POST. It is repeated only when certainly nothing was created: the
    /// server answered with a retryable code, or the connection was never made. When the answer
    /// is lost after sending, the task is looked up first (by external id for videos, on the
    /// newest page for images) and only re-sent if it does not exist.
    async fn create(&self, kind: TaskKind, body: Value) -> Result<Task, KlingError> {
        self.create_on(Target::Task(kind), body).await
    }

    async fn create_on(&self, target: Target, body: Value) -> Result<Task, KlingError> {
        let path = format!("/v1/{}", target.path());
        let external_id = body.get("external_task_id").and_then(Value::as_str).map(String::from);
        let mut attempt = 0;
        let mut lost_before = false;
        loop {
            let sent_at = now_ms();
            let failure = match self.call::<Task>(Method::POST, &path, Some(&body), "submitting a task").await {
                Ok(task) => return Ok(task),
                Err(failure) => failure,
            };
            let last_try = attempt >= self.inner.retry.max_retries;
            match failure {
                // A re-send refused because the external id is taken: the earlier, lost send
                // landed after our lookup. That task is ours.
                Failure::Answered(e @ KlingError::Api { code: ApiCode::InvalidValue, .. }) if lost_before && external_id.is_some() => {
                    let ext = external_id.as_deref().unwrap_or_default();
                    return match self.find_on(target.path(), ext).await {
                        Ok(Some(task)) => Ok(task),
                        Ok(None) => Err(e),
                        Err(_) => Err(target.uncertain()),
                    };
                }
                // The server answered (so no task was made) or nothing left this machine.
                Failure::Answered(e) | Failure::NotSent(e) if !e.is_retryable() || last_try => return Err(e),
                Failure::Answered(_) | Failure::NotSent(_) => {}
                Failure::Lost(e) => {
                    lost_before = true;
                    tracing::debug!("answer to a {} create was lost ({e}); looking the task up before re-sending", target.path());
                    // A request that timed out may still be in the server's hands: give it the
                    // backoff delay to land before looking.
                    tokio::time::sleep(self.inner.retry.delay(attempt)).await;
                    let found = match (&external_id, target) {
                        // Lip-sync tasks do not echo the external id (addendum §3.2, §11 #24): a
                        // lookup could neither find ours nor tell it from another.
                        (_, Target::Task(TaskKind::LipSync)) => Err(target.uncertain()),
                        (Some(ext), Target::Task(TaskKind::Image)) => self.find_image_task(ext, sent_at, &self.own_image_ids()).await,
                        (Some(ext), _) => self.find_on(target.path(), ext).await,
                        (None, _) => Err(target.uncertain()),
                    };
                    match found {
                        Ok(Some(task)) => return Ok(task),
                        // Looked, and no task exists: send again at once (the wait was above).
                        Ok(None) if !last_try => {
                            attempt += 1;
                            continue;
                        }
                        // Out of tries: the error stands, and nothing was created.
                        Ok(None) => return Err(e),
                        // Could not look (or several candidates): whether the task exists is unknown.
                        Err(lookup) => {
                            tracing::debug!("looking up a {} task after a lost answer failed: {lookup}", target.path());
                            return Err(target.uncertain());
                        }
                    }
                }
            }
            tokio::time::sleep(self.inner.retry.delay(attempt)).await;
            attempt += 1;
        }
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// The image tasks this client got answers for.
    pub(crate) fn own_image_ids(&self) -> std::collections::HashSet<String> {
        self.inner.own_image_ids.lock().unwrap_or_else(|p| p.into_inner()).iter().cloned().collect()
    }

    /// One request, re-signed and repeated once if the server says the token expired (1004).
    async fn call<T: DeserializeOwned>(&self, method: Method, path: &str, body: Option<&Value>, during: &'static str) -> Result<T, Failure> {
        match self.call_once(method.clone(), path, body, during).await {
            Err(Failure::Answered(KlingError::Api { code: ApiCode::TokenExpired, .. })) => {
                self.inner.signer.invalidate();
                self.call_once(method, path, body, during).await
            }
            other => other,
        }
    }

    async fn call_once<T: DeserializeOwned>(&self, method: Method, path: &str, body: Option<&Value>, during: &'static str) -> Result<T, Failure> {
        let url = format!("{}{}", self.inner.base, path);
        let mut request = self.inner.http.request(method.clone(), &url).bearer_auth(self.inner.signer.token()).header(reqwest::header::CONTENT_TYPE, "application/json");
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(|e| {
            if e.is_connect() {
                Failure::NotSent(network(during, &e))
            } else if e.is_timeout() {
                Failure::Lost(KlingError::Timeout { during })
            } else {
                Failure::Lost(network(during, &e))
            }
        })?;
        let status = response.status().as_u16();
        let bytes = read_capped(response).await.map_err(|e| match e {
            Capped::Read(e) if e.is_timeout() => Failure::Lost(KlingError::Timeout { during }),
            Capped::Read(e) => Failure::Lost(network(during, &e)),
            Capped::TooLarge => Failure::Lost(KlingError::Malformed {
                detail: format!("the answer is larger than {} MB, far more than any Kling answer", MAX_ANSWER_BYTES / (1024 * 1024)),
            }),
        })?;
        let result = envelope::parse::<T>(status, &bytes);
        let shown_path = path.split('?').next().unwrap_or("");
        match &result {
            Ok(answer) => tracing::debug!(%method, path = shown_path, status, request_id = answer.request_id.as_deref().unwrap_or(""), "kling api"),
            Err(KlingError::Api { code, request_id, .. }) => {
                tracing::debug!(%method, path = shown_path, status, code = code.as_i64(), request_id = request_id.as_deref().unwrap_or(""), "kling api error")
            }
            Err(e) => tracing::debug!(%method, path = shown_path, status, kind = e.code().as_str(), "kling api: not an API answer"),
        }
        result.map(|answer| answer.data).map_err(|e| match e {
            // A gateway error page or a cut JSON body: the request may have been handled.
            KlingError::Http { status, .. } if status >= 500 => Failure::Lost(e),
            KlingError::Malformed { .. } => Failure::Lost(e),
            other => Failure::Answered(other),
        })
    }
}

enum Capped {
    Read(reqwest::Error),
    TooLarge,
}

/// The answer's body, read up to [`MAX_ANSWER_BYTES`]: an announced length over it is refused
/// unread, and a body without a length stops being read there.
async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, Capped> {
    if response.content_length().is_some_and(|n| n > MAX_ANSWER_BYTES) {
        return Err(Capped::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Capped::Read)? {
        if (body.len() + chunk.len()) as u64 > MAX_ANSWER_BYTES {
            return Err(Capped::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Counts an image create out when it ends, however it ends.
struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What a create makes: a task of a kind, or an element or voice of the account.
#[derive(Clone, Copy)]
enum Target {
    Task(TaskKind),
    Asset(AssetKind),
}

impl Target {
    /// The collection path after `/v1/`.
    fn path(self) -> &'static str {
        match self {
            Target::Task(kind) => kind.path(),
            Target::Asset(asset) => asset.path(),
        }
    }

    fn uncertain(self) -> KlingError {
        match self {
            Target::Task(kind) => KlingError::SubmitUncertain { kind },
            Target::Asset(asset) => KlingError::CreateUncertain { what: asset.noun() },
        }
    }
}

fn to_body<T: serde::Serialize>(req: &T) -> Result<Value, KlingError> {
    crate::requests::wire_body(req).map_err(|e| KlingError::Malformed { detail: e.to_string() })
}

fn network(during: &'static str, e: &reqwest::Error) -> KlingError {
    // reqwest's Display includes the URL; the innermost cause is the useful part.
    let mut source: &dyn std::error::Error = e;
    while let Some(inner) = source.source() {
        source = inner;
    }
    KlingError::Network { during, detail: source.to_string() }
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Whether `id` can be a Kling task id: digits, letters, `-` and `_`, at most 128 of them. Ids go
/// into URL paths and file names, so an answer naming a task `../../x` must be refused.
pub fn is_task_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn check_id(field: &str, id: &str) -> Result<(), KlingError> {
    if !is_task_id(id) {
        return Err(ValidationError::new(field, format!("{:?} is not a task id (digits and letters only)", crate::validation::short(id))).into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SK: &str = "sk-VERY-SECRET-value-123";

    #[test]
    fn base_urls_are_checked_and_trailing_slashes_dropped() {
        let creds = Credentials::new("ak", SK);
        let client = KlingClient::new(ClientConfig::new("https://api-singapore.klingai.com/", creds.clone())).unwrap();
        assert_eq!(client.base_url(), "https://api-singapore.klingai.com");
        assert_eq!(KlingClient::new(ClientConfig::new(crate::CHINA_BASE_URL, creds.clone())).unwrap().base_url(), crate::CHINA_BASE_URL);
        assert_eq!(KlingClient::new(ClientConfig::new("http://127.0.0.1:9000", creds.clone())).unwrap().base_url(), "http://127.0.0.1:9000");
        for with_version in ["https://api-singapore.klingai.com/v1", "https://api-singapore.klingai.com/v1/"] {
            assert_eq!(KlingClient::new(ClientConfig::new(with_version, creds.clone())).unwrap().base_url(), "https://api-singapore.klingai.com");
        }
        assert_eq!(KlingClient::new(ClientConfig::new("https://proxy.example/kling", creds.clone())).unwrap().base_url(), "https://proxy.example/kling");
        for local in ["http://localhost:8787", "http://[::1]:8787", "http://127.0.0.2"] {
            assert!(KlingClient::new(ClientConfig::new(local, creds.clone())).is_ok(), "{local}");
        }
        for bad in [
            "",
            "not a url",
            "ftp://host",
            "file:///etc/passwd",
            "api.klingai.com",
            "http://api-singapore.klingai.com",
            "http://192.168.1.10:8787",
            "http://localhost.example.com",
        ] {
            let err = KlingClient::new(ClientConfig::new(bad, creds.clone())).unwrap_err();
            assert_eq!(err.code().as_str(), "config", "{bad}");
        }
        let plain = KlingClient::new(ClientConfig::new("http://api-singapore.klingai.com", creds.clone())).unwrap_err();
        assert!(plain.to_string().contains("use https"), "{plain}");
        let config = ClientConfig::new("https://x", creds);
        assert_eq!(config.timeout, Duration::from_secs(60));
        assert_eq!(config.retry.max_retries, 4);
        assert_eq!((config.retry.base_delay, config.retry.max_delay), (Duration::from_secs(1), Duration::from_secs(30)));
    }

    #[test]
    fn nothing_prints_the_secret_key() {
        let creds = Credentials::new("ak-public", SK);
        assert_eq!(creds.access_key(), "ak-public");
        let config = ClientConfig::new("https://api-singapore.klingai.com", creds.clone());
        let client = KlingClient::new(config.clone()).unwrap();
        let errors = [
            KlingClient::new(ClientConfig::new("bad url", creds.clone())).unwrap_err(),
            KlingError::Api { code: ApiCode::AuthFailed, http_status: 401, message: "auth failed".into(), request_id: None },
            KlingError::Network { during: "x", detail: "refused".into() },
        ];
        let mut shown = vec![format!("{creds:?}"), format!("{config:?}"), format!("{client:?}"), format!("{:#?}", client)];
        for e in &errors {
            shown.extend([format!("{e}"), format!("{e:?}"), e.user_message()]);
        }
        let token = client.inner.signer.token();
        for text in shown {
            assert!(!text.contains(SK), "secret in {text}");
            assert!(!text.contains(&token), "token in {text}");
            assert!(!text.contains("VERY-SECRET"), "secret in {text}");
        }
    }

    #[test]
    fn task_ids_are_checked_before_they_reach_a_path() {
        assert!(check_id("task_id", "827574871634235396").is_ok());
        assert!(check_id("task_id", "CjhY-4_x").is_ok());
        for bad in ["", "../x", "a/b", "a?b=1", "a b"] {
            assert!(check_id("task_id", bad).is_err(), "{bad}");
        }
    }
}
