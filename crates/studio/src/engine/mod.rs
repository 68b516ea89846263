//! The durable task engine: jobs persisted in the library's database move through
//! queued → submitting → submitted/processing → downloading → done (or failed), driven by one
//! loop that any number of processes can run over the same library (each job is leased).
//! Closing the app, or killing it, at any point loses nothing: the next start resumes.

mod download;
mod errors;
mod events;
mod job;
mod new_job;
mod pacing;
mod poll;
mod slot_wait;
pub mod sound_input;
mod store;
mod submit;
mod sync;
pub mod verify;

pub use errors::EngineError;
pub use events::EngineEvent;
pub use job::{Job, JobState};
pub use new_job::{InputPicture, NewJob, ParentInput};
pub use pacing::PollPolicy;
pub use sync::SyncReport;

use crate::job_request::JobRequest;
use crate::library::{Library, ParentLink};
use futures_util::future::BoxFuture;
pub(crate) use kling_api::now_ms;
use kling_api::{backoff, ImageInput, KlingClient, PictureSource, TaskKind};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, Notify};

/// The most task slots a person may let the engine use at once ("Jobs at once"; at least 1):
/// resource packs allow a handful, and more only turns into 1303 refusals.
pub const MAX_CONCURRENCY: u32 = 20;

#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// Most task slots in use at Kling at once (a video takes 1, an image task takes n).
    pub concurrency: u32,
    pub poll: PollPolicy,
    /// Backoff for refused submissions (1302, 1303, 5xx) and unreachable servers.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// From this many tasks of one kind in flight, one list request replaces their single queries.
    pub list_threshold: usize,
    /// How long a job stays ours without renewal (another process takes over after that).
    pub lease: Duration,
    /// Largest video result accepted (a safeguard against endless answers).
    pub max_download_bytes: u64,
    /// Largest picture result accepted: pictures are a few MB, so an answer far past that is
    /// refused long before a video's limit.
    pub max_picture_download_bytes: u64,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            concurrency: 4,
            poll: PollPolicy::default(),
            retry_base: Duration::from_secs(1),
            retry_max: Duration::from_secs(60),
            list_threshold: 3,
            lease: Duration::from_secs(30),
            max_download_bytes: TaskKind::TextToVideo.max_result_bytes(),
            max_picture_download_bytes: TaskKind::Image.max_result_bytes(),
        }
    }
}

impl EngineConfig {
    /// Every wait scaled down, for tests and the sandbox.
    pub fn fast() -> Self {
        Self {
            poll: PollPolicy::scaled(0.01),
            retry_base: Duration::from_millis(20),
            retry_max: Duration::from_millis(200),
            lease: Duration::from_secs(2),
            ..Self::default()
        }
    }
}

#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    library: Arc<Library>,
    client: KlingClient,
    config: EngineConfig,
    events: broadcast::Sender<EngineEvent>,
    wake: Notify,
    /// This engine's name in job leases.
    owner: String,
    /// Checks made per job since it was last seen changing (drives the growing poll interval).
    checks: Mutex<HashMap<String, u32>>,
    /// Slot pools held since Kling answered 1303 (see `slot_wait`).
    slot_waits: Mutex<slot_wait::SlotWaits>,
}

impl Engine {
    pub fn new(library: Arc<Library>, client: KlingClient, config: EngineConfig) -> Self {
        let (events, _) = broadcast::channel(1024);
        // Jobs stored before requests were typed are rewritten once; unreadable ones stay as they are.
        match store::upgrade_requests(&library.db()) {
            Ok(0) => {}
            Ok(n) => tracing::info!("upgraded {n} stored job requests to schema {}", crate::REQUEST_SCHEMA),
            Err(e) => tracing::warn!("could not upgrade the stored job requests: {e}"),
        }
        Self {
            inner: Arc::new(Inner {
                library,
                client,
                config,
                events,
                wake: Notify::new(),
                owner: uuid::Uuid::new_v4().to_string(),
                checks: Mutex::new(HashMap::new()),
                slot_waits: Mutex::new(slot_wait::SlotWaits::default()),
            }),
        }
    }

    pub fn library(&self) -> &Arc<Library> {
        &self.inner.library
    }

    pub fn client(&self) -> KlingClient {
        self.inner.client.clone()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<EngineEvent> {
        self.inner.events.subscribe()
    }

    /// Checks a request (the API's own rules, input pictures included), copies its input pictures
    /// into the library, and queues it. Nothing is sent yet; the loop submits it.
    /// An input file that is a library item (a gallery picture being animated) is recorded as the
    /// job's parent, and each result's sidecar names it.
    pub fn enqueue(&self, new_job: NewJob) -> Result<Job, EngineError> {
        self.enqueue_made_from(new_job, &[])
    }

    /// As `enqueue`, also recording `parents`: library items the job is made from that are not
    /// among its input files (a clip given by its Kling video id). An unknown item is refused.
    pub fn enqueue_made_from(&self, new_job: NewJob, parents: &[ParentInput]) -> Result<Job, EngineError> {
        let parents = self.parents_of(&new_job, parents)?;
        let kind = new_job.kind();
        let request = match new_job {
            NewJob::Image { mut request, image } => {
                request.image = image.as_ref().map(|p| picture_input(p, "image")).transpose()?;
                request.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
                request.validate()?;
                // Pictures travel as library paths in the job, and as base64 only on the wire.
                request.image = None;
                JobRequest::Image { request, image: image.map(|p| self.store_picture(&p)).transpose()? }
            }
            NewJob::TextToVideo { mut request } => {
                request.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
                request.validate()?;
                JobRequest::TextToVideo { request }
            }
            NewJob::ImageToVideo { mut request, image, image_tail } => {
                request.image = image.as_ref().map(|p| picture_input(p, "image")).transpose()?;
                request.image_tail = image_tail.as_ref().map(|p| picture_input(p, "image_tail")).transpose()?;
                request.external_task_id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string());
                request.validate()?;
                request.image = None;
                request.image_tail = None;
                JobRequest::ImageToVideo {
                    request,
                    image: image.map(|p| self.store_picture(&p)).transpose()?,
                    image_tail: image_tail.map(|p| self.store_picture(&p)).transpose()?,
                }
            }
            NewJob::OmniVideo { request, images } => self.with_pictures(JobRequest::OmniVideo { request, images: Vec::new() }, &images)?,
            NewJob::MultiImageToVideo { request, images } => self.with_pictures(JobRequest::MultiImageToVideo { request, images: Vec::new() }, &images)?,
            NewJob::Effects { request, images } => self.with_pictures(JobRequest::Effects { request, images: Vec::new() }, &images)?,
            NewJob::MotionControl { request, image } => self.with_pictures(JobRequest::MotionControl { request, images: Vec::new() }, std::slice::from_ref(&image))?,
            NewJob::VideoExtend { request } => self.with_pictures(JobRequest::VideoExtend { request }, &[])?,
            NewJob::VideoToAudio { request } => self.with_pictures(JobRequest::VideoToAudio { request }, &[])?,
            NewJob::TextToAudio { request } => self.with_pictures(JobRequest::TextToAudio { request }, &[])?,
            NewJob::ImageExpand { request, image } => self.with_pictures(JobRequest::ImageExpand { request, images: Vec::new() }, std::slice::from_ref(&image))?,
            NewJob::MultiImageToImage { mut request, subjects, scene, style } => {
                // The request's picture fields are the pictures given, in the order they fill them.
                let placeholder = || kling_api::ImageInput::Base64(String::new());
                request.subject_image_list = subjects.iter().map(|_| kling_api::SubjectImage { subject_image: placeholder() }).collect();
                request.scene_image = scene.as_ref().map(|_| placeholder());
                request.style_image = style.as_ref().map(|_| placeholder());
                let pictures: Vec<InputPicture> = subjects.into_iter().chain(scene).chain(style).collect();
                self.with_pictures(JobRequest::MultiImageToImage { request, images: Vec::new() }, &pictures)?
            }
            NewJob::OmniImage { mut request, images } => {
                request.image_list = images.iter().map(|_| kling_api::OmniImageInput { image: kling_api::ImageInput::Base64(String::new()) }).collect();
                self.with_pictures(JobRequest::OmniImage { request, images: Vec::new() }, &images)?
            }
            NewJob::VirtualTryOn { request, person, garment } => self.with_pictures(JobRequest::VirtualTryOn { request, images: Vec::new() }, &[person, garment])?,
            NewJob::LipSync { mut request, sound_file } => {
                let inline = match &sound_file {
                    Some(InputPicture::File(path)) => Some(sound_input::read_sound(path, "sound_file")?),
                    Some(InputPicture::Url(url)) => Some(url.clone()),
                    None => None,
                };
                request.face_choose.iter_mut().for_each(|face| face.sound_file = inline.clone());
                let mut job_request = self.with_pictures(JobRequest::LipSync { request, sound_file: None }, &[])?;
                let stored = match sound_file {
                    Some(InputPicture::File(path)) => Some(self.inner.library.import_input(&path)?),
                    Some(InputPicture::Url(url)) => Some(url),
                    None => None,
                };
                if let JobRequest::LipSync { sound_file, .. } = &mut job_request {
                    *sound_file = stored;
                }
                job_request
            }
        };
        debug_assert_eq!(request.kind(), kind);
        // No callback_url ever goes out: the app follows its tasks itself (see check_stored).
        let mut request = request;
        request.check_stored().map_err(|e| EngineError::Invalid(kling_api::ValidationError::new("image", e.to_string())))?;
        let now = now_ms();
        let job = Job {
            id: uuid::Uuid::new_v4().to_string(),
            kind,
            state: JobState::Queued,
            external_task_id: request.external_task_id().map(String::from),
            request,
            task_id: None,
            attempts: 0,
            last_error: None,
            last_error_code: None,
            result_urls: Vec::new(),
            watermark_urls: Vec::new(),
            video_ids: Vec::new(),
            audio_urls: Vec::new(),
            charged_units: None,
            item_ids: Vec::new(),
            parents,
            created_at: now,
            updated_at: now,
            submit_started_at: None,
            finished_at: None,
            next_check_at: 0,
        };
        {
            let db = self.inner.library.db();
            store::insert(&db, &job)?;
            store::claim(&db, &job.id, &self.inner.owner, now, now + self.lease_ms())?;
        }
        self.emit_job(&job);
        self.inner.wake.notify_one();
        Ok(job)
    }

    pub fn job(&self, id: &str) -> Result<Job, EngineError> {
        store::get(&self.inner.library.db(), id)?.ok_or_else(|| EngineError::NoSuchJob(id.to_string()))
    }

    /// The newest jobs, for the queue panel.
    pub fn jobs(&self, limit: u32) -> Result<Vec<Job>, EngineError> {
        Ok(store::recent(&self.inner.library.db(), limit)?)
    }

    pub fn unfinished(&self) -> Result<Vec<Job>, EngineError> {
        Ok(store::unfinished(&self.inner.library.db())?)
    }

    /// Tries a failed job again: from the download when Kling had finished it, otherwise as a new
    /// submission with the same inputs.
    pub fn retry(&self, id: &str) -> Result<Job, EngineError> {
        let mut job = self.job(id)?;
        if job.state != JobState::Failed {
            return Err(EngineError::NotRetryable(id.to_string()));
        }
        if job.task_id.is_some() && (!job.result_urls.is_empty() || !job.audio_urls.is_empty()) {
            // Kling made it; only saving it failed. Fetch again (fresh links if these expired).
            job.state = JobState::Downloading;
            job.attempts = 0;
        } else {
            job.state = JobState::Queued;
            job.task_id = None;
            job.result_urls.clear();
            job.watermark_urls.clear();
            job.audio_urls.clear();
            job.charged_units = None;
            job.submit_started_at = None;
            // A new submission needs a new external id: the old one may belong to the failed task.
            if let Some(ext) = job.request.renew_external_task_id() {
                job.external_task_id = Some(ext);
                store::save_request(&self.inner.library.db(), &job)?;
            }
        }
        job.last_error = None;
        job.last_error_code = None;
        job.finished_at = None;
        job.next_check_at = 0;
        self.save(&job)?;
        self.inner.wake.notify_one();
        Ok(job)
    }

    /// Forgets a job. A task still running at Kling keeps running there; `sync` can fetch it later.
    /// Half-downloaded results kept for a retry go with it.
    pub fn remove(&self, id: &str) -> Result<(), EngineError> {
        let job = self.job(id)?;
        if !store::remove(&self.inner.library.db(), id)? {
            return Err(EngineError::NoSuchJob(id.to_string()));
        }
        self.remove_partial_files(&job);
        self.inner.wake.notify_one();
        Ok(())
    }

    /// Lets other processes (the app, a later `kling resume`) take this engine's jobs at once,
    /// rather than after the lease runs out: for a process about to leave its jobs unfinished.
    pub fn release_leases(&self) -> Result<(), EngineError> {
        Ok(store::release(&self.inner.library.db(), &self.inner.owner)?)
    }

    /// Runs until `stop` completes, resuming whatever earlier runs left unfinished.
    pub async fn run(&self, stop: impl std::future::Future<Output = ()>) -> Result<(), EngineError> {
        tokio::pin!(stop);
        loop {
            let wait = self.tick().await?;
            tokio::select! {
                _ = &mut stop => return Ok(()),
                _ = self.inner.wake.notified() => {}
                _ = tokio::time::sleep(wait.unwrap_or(Duration::from_secs(1))) => {}
            }
        }
    }

    /// Runs until the given jobs are all done or failed (the CLI's way: it also resumes earlier
    /// unfinished jobs it finds, as long as they are not leased by a running app).
    pub async fn run_until_finished(&self, ids: &[String]) -> Result<Vec<Job>, EngineError> {
        loop {
            let wait = self.tick().await?;
            let jobs: Vec<Job> = ids.iter().map(|id| self.job(id)).collect::<Result<_, _>>()?;
            if jobs.iter().all(|j| j.state.is_finished()) {
                return Ok(jobs);
            }
            tokio::select! {
                _ = self.inner.wake.notified() => {}
                _ = tokio::time::sleep(wait.unwrap_or(Duration::from_secs(1))) => {}
            }
        }
    }

    /// One pass over the unfinished jobs: starts what is due, concurrently. Returns how long until
    /// the next job is due (None when nothing is waiting on time).
    pub async fn tick(&self) -> Result<Option<Duration>, EngineError> {
        let now = now_ms();
        let jobs = {
            let db = self.inner.library.db();
            store::renew(&db, &self.inner.owner, now + self.lease_ms())?;
            store::unfinished(&db)?
        };
        if jobs.is_empty() {
            let _ = self.inner.events.send(EngineEvent::QueueIdle);
            return Ok(None);
        }
        let mut slots_in_use: u32 = jobs.iter().filter(|j| j.state.holds_slot()).map(Job::slots).sum();
        // Picture creates carry an id of ours and go out in parallel. A job queued before they did
        // has none: while its create's outcome is unknown, no other picture create is sent, so the
        // guess that finds its task cannot take another job's.
        let mut image_create_open = jobs.iter().any(Job::image_create_unaccounted);
        let mut running = slot_wait::running(&jobs);
        let mut next_due: Option<i64> = None;
        let mut actions: Vec<BoxFuture<'_, Result<(), EngineError>>> = Vec::new();
        let mut polls: HashMap<TaskKind, Vec<Job>> = HashMap::new();
        // Tasks being generated, per kind: with several, one list request answers for all of them.
        let mut generating: HashMap<TaskKind, Vec<Job>> = HashMap::new();

        for job in jobs {
            let polled = matches!(job.state, JobState::Submitted | JobState::Processing);
            if polled {
                generating.entry(job.kind).or_default().push(job.clone());
            }
            if job.next_check_at > now {
                next_due = Some(next_due.map_or(job.next_check_at, |d: i64| d.min(job.next_check_at)));
                continue;
            }
            if job.state == JobState::Queued {
                // A job asking for more slots than the limit still runs, alone.
                let fits = slots_in_use + job.slots() <= self.inner.config.concurrency || slots_in_use == 0;
                if !fits {
                    continue;
                }
                if job.kind == TaskKind::Image && image_create_open && job.external_task_id.is_none() {
                    continue; // sent once the open create is accounted for
                }
                let pool = slot_wait::SlotPool::of(job.kind);
                let ours = running.get(&pool).copied().unwrap_or(0);
                if let Err(until) = self.slot_waits().admits(pool, ours, job.slots(), now) {
                    next_due = Some(next_due.map_or(until, |d: i64| d.min(until)));
                    continue; // the account is full: sent when one of ours ends
                }
            }
            if !polled && !store::claim(&self.inner.library.db(), &job.id, &self.inner.owner, now, now + self.lease_ms())? {
                continue; // another process is working on it
            }
            match job.state {
                JobState::Queued => {
                    slots_in_use += job.slots();
                    image_create_open |= job.kind == TaskKind::Image && job.external_task_id.is_none();
                    *running.entry(slot_wait::SlotPool::of(job.kind)).or_insert(0) += job.slots();
                    actions.push(Box::pin(self.submit(job)));
                }
                JobState::Submitting => actions.push(Box::pin(self.recover(job))),
                JobState::Submitted | JobState::Processing => polls.entry(job.kind).or_default().push(job),
                JobState::Downloading => actions.push(Box::pin(self.download(job))),
                JobState::Done | JobState::Failed => {}
            }
        }
        for (kind, due) in polls {
            let in_flight = generating.remove(&kind).unwrap_or_default();
            let group = if in_flight.len() >= self.inner.config.list_threshold { in_flight } else { due };
            let mut claimed = Vec::new();
            for job in group {
                if store::claim(&self.inner.library.db(), &job.id, &self.inner.owner, now, now + self.lease_ms())? {
                    claimed.push(job);
                }
            }
            if claimed.len() >= self.inner.config.list_threshold {
                actions.push(Box::pin(self.poll_many(kind, claimed)));
            } else {
                for job in claimed {
                    actions.push(Box::pin(self.poll_one(job)));
                }
            }
        }
        let busy = !actions.is_empty();
        for result in futures_util::future::join_all(actions).await {
            result?;
        }
        if busy {
            // Something changed: look again at once (a freed slot, a finished download).
            return Ok(Some(Duration::ZERO));
        }
        Ok(next_due.map(|due| Duration::from_millis((due - now_ms()).max(0) as u64)))
    }

    pub(crate) fn save(&self, job: &Job) -> Result<(), EngineError> {
        if job.state == JobState::Failed {
            // Every way a job can end badly passes here once: the log a person attaches to a bug
            // report shows why (user messages carry no key).
            let (code, why) = (job.last_error_code.map_or("-", kling_api::ErrorCode::as_str), job.last_error.as_deref().unwrap_or("-"));
            tracing::warn!("job {} ({}, task {}) failed [{code}]: {why}", job.id, job.kind, job.task_id.as_deref().unwrap_or("none"));
        }
        let mut job = job.clone();
        job.updated_at = now_ms();
        store::save(&self.inner.library.db(), &job)?;
        self.emit_job(&job);
        Ok(())
    }

    /// Saves timing-only changes quietly (no event: the state did not change).
    pub(crate) fn save_quietly(&self, job: &Job) -> Result<(), EngineError> {
        store::save(&self.inner.library.db(), job)?;
        Ok(())
    }

    pub(crate) fn emit_job(&self, job: &Job) {
        let _ = self.inner.events.send(EngineEvent::JobChanged { job: Box::new(job.clone()) });
    }

    pub(crate) fn emit(&self, event: EngineEvent) {
        let _ = self.inner.events.send(event);
    }

    pub(crate) fn config(&self) -> &EngineConfig {
        &self.inner.config
    }

    fn lease_ms(&self) -> i64 {
        self.inner.config.lease.as_millis() as i64
    }

    pub(crate) fn next_poll_delay(&self, job: &Job) -> Duration {
        let mut checks = self.inner.checks.lock().unwrap_or_else(|p| p.into_inner());
        let n = checks.entry(job.id.clone()).or_insert(0);
        let delay = self.inner.config.poll.delay(job.kind, *n);
        *n += 1;
        delay
    }

    pub(crate) fn forget_checks(&self, job_id: &str) {
        self.inner.checks.lock().unwrap_or_else(|p| p.into_inner()).remove(job_id);
    }

    fn slot_waits(&self) -> std::sync::MutexGuard<'_, slot_wait::SlotWaits> {
        self.inner.slot_waits.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// After a 1303 for `job`: holds its slot pool until one of our running tasks there ends, and
    /// tells whether there was one to wait for (if not, the job waits its own backoff).
    pub(crate) fn hold_pool_after_refusal(&self, job: &Job) -> Result<bool, EngineError> {
        let others = store::unfinished(&self.inner.library.db())?;
        let pool = slot_wait::SlotPool::of(job.kind);
        let ours = slot_wait::running(others.iter().filter(|j| j.id != job.id)).get(&pool).copied().unwrap_or(0);
        if ours == 0 {
            return Ok(false);
        }
        let lapse = self.inner.config.poll.longest(job.kind).as_millis() as i64;
        self.slot_waits().hold(pool, ours, now_ms() + lapse);
        Ok(true)
    }

    pub(crate) fn retry_delay(&self, attempt: u32) -> Duration {
        backoff(attempt, self.inner.config.retry_base, self.inner.config.retry_max)
    }

    /// The job's parents: the library items among its input files, then those named, each once
    /// per role.
    fn parents_of(&self, new_job: &NewJob, named: &[ParentInput]) -> Result<Vec<ParentLink>, EngineError> {
        let library = &self.inner.library;
        let mut links: Vec<ParentLink> =
            new_job.input_files().into_iter().filter_map(|(role, path)| library.item_at(path).map(|item| ParentLink::to_item(&item, role))).collect();
        for parent in named {
            let item = library.get(&parent.item_id)?;
            links.push(ParentLink::to_item(&item, &parent.role));
        }
        let mut seen = std::collections::HashSet::new();
        links.retain(|l| seen.insert((l.item_id.clone(), l.role.clone())));
        let refused = crate::library::keep_plain_links(&mut links);
        if let Some(why) = refused.first() {
            return Err(EngineError::Invalid(kling_api::ValidationError::new("parents", why.clone())));
        }
        Ok(links)
    }

    /// A request of a tool taking a list of pictures (or none), checked with the API's rules with
    /// `pictures` in its picture fields, then stored with them as library references beside it.
    fn with_pictures(&self, mut request: JobRequest, pictures: &[InputPicture]) -> Result<JobRequest, EngineError> {
        if request.external_task_id().is_none() {
            request.renew_external_task_id();
        }
        {
            let slots = request.picture_slots_mut();
            if slots.len() != pictures.len() {
                let field = slots.first().map_or("images", |(field, _)| *field);
                let message = format!("the request has {} picture field(s) but {} picture(s) were given", slots.len(), pictures.len());
                return Err(EngineError::Invalid(kling_api::ValidationError::new(field, message)));
            }
            for ((field, slot), picture) in slots.into_iter().zip(pictures) {
                *slot = picture_input(picture, field)?;
            }
        }
        request.validate_inline()?;
        // Pictures travel as library paths in the job, and as base64 only on the wire.
        request.strip_inline_inputs();
        let references = pictures.iter().map(|p| self.store_picture(p)).collect::<Result<Vec<_>, _>>()?;
        if let Some(images) = request.images_mut() {
            *images = references;
        }
        Ok(request)
    }

    /// A lip-sync's sound as the API wants it: its URL, or a library file read as base64.
    pub(crate) fn sound_for_wire(&self, reference: &str) -> Result<String, kling_api::ValidationError> {
        if kling_api::web_url(reference).is_some() {
            return Ok(reference.to_string());
        }
        let file = self.inner.library.absolute(reference).map_err(|e| kling_api::ValidationError::new("sound_file", e.to_string()))?;
        sound_input::read_sound(&file, "sound_file")
    }

    fn store_picture(&self, picture: &InputPicture) -> Result<String, EngineError> {
        match picture {
            InputPicture::File(path) => Ok(self.inner.library.import_input(path)?),
            InputPicture::Url(url) => Ok(url.clone()),
        }
    }

    /// The picture as the API wants it: a library file read and base64-encoded, or its URL.
    pub(crate) fn picture_for_wire(&self, reference: &str) -> Result<ImageInput, kling_api::ValidationError> {
        match PictureSource::parse(reference) {
            PictureSource::Url(url) => ImageInput::from_url(&url),
            PictureSource::Path(path) => {
                let file = self.inner.library.absolute(&path.to_string_lossy()).map_err(|e| kling_api::ValidationError::new("image", e.to_string()))?;
                ImageInput::from_file(&file)
            }
        }
    }
}

/// A picture checked for the request `field` it fills: a bad end frame is reported as the
/// end frame, not as "image".
fn picture_input(picture: &InputPicture, field: &str) -> Result<ImageInput, kling_api::ValidationError> {
    match picture {
        InputPicture::File(path) => ImageInput::from_file(path),
        InputPicture::Url(url) => ImageInput::from_url(url),
    }
    .map_err(|e| kling_api::ValidationError::new(field, e.message))
}
