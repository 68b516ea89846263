//! Everything the emulator remembers: the account (config, credits, slots), its tasks and their
//! media, what it was sent, and (with the `faults` feature) the faults' own state. One mutex
//! guards it all; it is never held across an `.await`.

use crate::config::SimConfig;
use crate::faces::FaceSession;
use crate::task::{Kind, MadeVideo, Pack, SimTask, Status};
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub type Shared = Arc<Mutex<State>>;

/// Locks the state; a panic elsewhere while it was held does not make it unusable.
pub fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared.lock().unwrap_or_else(|p| p.into_inner())
}

/// One request as received, for tests to inspect (also served as JSON at `/__sim/requests`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub authorization: Option<String>,
    /// The body when it was JSON.
    pub body: Option<Value>,
    pub at_ms: i64,
}

/// Where a media token leads, and the bytes once made.
#[derive(Clone, Debug)]
pub struct MediaEntry {
    pub task_index: usize,
    pub item: u32,
    pub bytes: Option<Bytes>,
    /// A lapsed first link (`Faults::expired_link_rate`): answers 403, then the task lists fresh ones.
    pub stale: bool,
    /// The watermarked copy (`watermark_url`).
    pub watermarked: bool,
}

pub struct State {
    pub config: SimConfig,
    pub base_url: String,
    pub tasks: Vec<SimTask>,
    /// Task ids are scoped per kind, as on the real API.
    by_id: HashMap<(Kind, String), usize>,
    all_ids: HashSet<String>,
    /// external_task_id is unique per account, whatever the kind.
    by_external: HashMap<String, usize>,
    pub media: HashMap<String, MediaEntry>,
    /// identify-face sessions by id (kept in memory only: a restarted emulator has forgotten them,
    /// and advanced lip sync then refuses their ids as unknown).
    pub face_sessions: HashMap<String, FaceSession>,
    /// The account's elements and voices, and Kling's presets.
    pub assets: crate::assets::Assets,
    pub requests: Vec<RecordedRequest>,
    /// When the API requests of the last second arrived (rate limit).
    recent: VecDeque<Instant>,
    /// Pack sizes as first configured (grown if a test raises the balance above them).
    pub video_total: f64,
    pub image_total: f64,
    pub try_on_total: f64,
    pub started_ms: i64,
    #[cfg(feature = "faults")]
    pub faults: crate::faults::Runtime,
    /// The task file as last read or written (see `task_file::Stamp`).
    task_file_seen: crate::task_file::Stamp,
}

impl State {
    pub fn new(config: SimConfig, base_url: String) -> Self {
        Self {
            #[cfg(feature = "faults")]
            faults: crate::faults::Runtime::new(&config.faults),
            video_total: config.credits.video_units,
            image_total: config.credits.image_units,
            try_on_total: config.credits.try_on_units,
            config,
            base_url,
            tasks: Vec::new(),
            by_id: HashMap::new(),
            all_ids: HashSet::new(),
            by_external: HashMap::new(),
            media: HashMap::new(),
            face_sessions: HashMap::new(),
            assets: crate::assets::Assets::new(now_ms()),
            requests: Vec::new(),
            recent: VecDeque::new(),
            started_ms: now_ms(),
            task_file_seen: None,
        }
    }

    /// Called after `Sim::update`.
    pub fn config_changed(&mut self) {
        #[cfg(feature = "faults")]
        self.faults.config_changed(&self.config.faults);
        self.video_total = self.video_total.max(self.config.credits.video_units);
        self.image_total = self.image_total.max(self.config.credits.image_units);
        self.try_on_total = self.try_on_total.max(self.config.credits.try_on_units);
    }

    /// Counts one API request against the per-second limit; false when over it (1302).
    /// Refused requests do not count, so a client that backs off gets through.
    pub fn admit_rate(&mut self) -> bool {
        let Some(limit) = self.config.rate_limit_per_sec else { return true };
        let now = Instant::now();
        while self.recent.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1)) {
            self.recent.pop_front();
        }
        if self.recent.len() >= limit as usize {
            return false;
        }
        self.recent.push_back(now);
        true
    }

    /// Slots held now by unfinished tasks of one resource-pack type.
    pub fn slots_in_use(&self, pack: Pack, now_ms: i64) -> u32 {
        self.tasks.iter().filter(|t| t.kind.pack() == pack && matches!(t.status_at(now_ms), Status::Submitted | Status::Processing)).map(SimTask::slots).sum()
    }

    /// A new 18-digit decimal id, like the real ones. Drawn apart from the seeded fault
    /// generator: ids must differ between runs (a library outlives an emulator), faults must repeat.
    pub fn new_task_id(&mut self) -> String {
        loop {
            let id = fastrand::u64(100_000_000_000_000_000..1_000_000_000_000_000_000).to_string();
            if !self.all_ids.contains(&id) {
                return id;
            }
        }
    }

    /// Stores a new task and its media tokens.
    pub fn insert(&mut self, task: SimTask) -> &SimTask {
        let index = self.tasks.len();
        for (item, token) in task.media_tokens.iter().enumerate() {
            self.media.insert(token.clone(), MediaEntry { task_index: index, item: item as u32, bytes: None, stale: false, watermarked: false });
        }
        for (item, token) in task.stale_tokens.iter().enumerate() {
            self.media.insert(token.clone(), MediaEntry { task_index: index, item: item as u32, bytes: None, stale: true, watermarked: false });
        }
        for (item, token) in task.watermark_tokens.iter().enumerate() {
            self.media.insert(token.clone(), MediaEntry { task_index: index, item: item as u32, bytes: None, stale: false, watermarked: true });
        }
        self.by_id.insert((task.kind, task.id.clone()), index);
        self.all_ids.insert(task.id.clone());
        if let Some(external) = &task.accepted.external_task_id {
            self.by_external.insert(external.clone(), index);
        }
        self.tasks.push(task);
        &self.tasks[index]
    }

    /// Takes in the saved tasks this emulator does not know yet (made before it started, or by
    /// the other process's emulator). Nothing without a task file.
    pub fn absorb_saved(&mut self) {
        let Some(path) = self.config.task_file.clone() else { return };
        let now = crate::task_file::stamp(&path);
        if now.is_none() || now == self.task_file_seen {
            return; // no file yet, or nothing new since this emulator last read or wrote it
        }
        self.task_file_seen = now;
        let mut saved = crate::task_file::load(&path);
        saved.retain(|t| !self.all_ids.contains(&t.id));
        saved.sort_by_key(|t| t.created_ms);
        for task in saved {
            self.insert(task);
        }
    }

    /// Writes the tasks to the task file, after taking in what another emulator wrote there, so
    /// neither drops the other's. Nothing without a task file.
    pub fn persist(&mut self) {
        let Some(path) = self.config.task_file.clone() else { return };
        self.absorb_saved();
        crate::task_file::save(&path, &self.tasks);
        self.task_file_seen = crate::task_file::stamp(&path);
    }

    /// A task unknown here may be in the task file: look there once before saying no.
    pub fn absorb_if_unknown(&mut self, kind: Kind, id: &str) {
        if self.config.task_file.is_some() && self.find(kind, id).is_none() && self.find_external(kind, id).is_none() {
            self.absorb_saved();
        }
    }

    pub fn find(&self, kind: Kind, id: &str) -> Option<&SimTask> {
        self.by_id.get(&(kind, id.to_string())).map(|i| &self.tasks[*i])
    }

    /// A task of this kind by the caller's own id.
    pub fn find_external(&self, kind: Kind, external: &str) -> Option<&SimTask> {
        self.by_external.get(external).map(|i| &self.tasks[*i]).filter(|t| t.kind == kind)
    }

    /// A finished video of this account by its Kling video id.
    pub fn made_video(&self, video_id: &str, now_ms: i64) -> Option<MadeVideo> {
        self.tasks.iter().find(|t| t.video_id() == video_id).and_then(|t| t.made_video(now_ms, &self.base_url))
    }

    /// The finished video behind one of this emulator's own result links (`…/media/<token>/<file>.mp4`).
    pub fn video_at_link(&self, url: &str, now_ms: i64) -> Option<MadeVideo> {
        let rest = url.strip_prefix(&self.base_url)?.strip_prefix("/media/")?;
        let (token, file) = rest.split_once('/')?;
        let entry = self.media.get(token)?;
        let task = &self.tasks[entry.task_index];
        let is_clip = !entry.stale && file.ends_with(".mp4") && task.media_file(entry.item as usize, entry.watermarked) == file;
        is_clip.then(|| task.made_video(now_ms, &self.base_url)).flatten()
    }

    pub fn external_id_taken(&self, external: &str) -> bool {
        self.by_external.contains_key(external)
    }
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
