//! Everything the emulator remembers: tasks, their result media, the account, what it was sent.

use crate::config::SimConfig;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub authorization: Option<String>,
    pub body: Option<Value>,
    pub at_ms: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Image,
    TextToVideo,
    ImageToVideo,
}

impl Kind {
    pub fn is_video(self) -> bool {
        self != Kind::Image
    }
}

/// What a create request asked for, once validated.
#[derive(Clone, Debug)]
pub struct Accepted {
    pub model: String,
    pub prompt: String,
    pub n: u32,
    /// Width:height of the result.
    pub aspect: (u32, u32),
    pub pro: bool,
    pub ten_seconds: bool,
    pub external_task_id: Option<String>,
}

#[derive(Clone, Debug)]
pub struct SimTask {
    pub id: String,
    pub kind: Kind,
    pub accepted: Accepted,
    pub created_ms: i64,
    pub submitted_for: Duration,
    pub processing_for: Duration,
    pub fails: bool,
    pub cost: f64,
    pub media_tokens: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Submitted,
    Processing,
    Succeed,
    Failed,
}

impl SimTask {
    pub fn status_at(&self, now_ms: i64) -> Status {
        let age = (now_ms - self.created_ms).max(0) as u128;
        if age < self.submitted_for.as_millis() {
            Status::Submitted
        } else if age < (self.submitted_for + self.processing_for).as_millis() {
            Status::Processing
        } else if self.fails {
            Status::Failed
        } else {
            Status::Succeed
        }
    }

    pub fn finished_ms(&self) -> i64 {
        self.created_ms + (self.submitted_for + self.processing_for).as_millis() as i64
    }

    /// Slots held while running: one per picture asked for, one per video.
    pub fn slots(&self) -> u32 {
        if self.kind.is_video() { 1 } else { self.accepted.n }
    }

    /// The task object exactly as the API shows it.
    pub fn to_json(&self, now_ms: i64, base_url: &str) -> Value {
        let status = self.status_at(now_ms);
        let updated = match status {
            Status::Submitted => self.created_ms,
            Status::Processing => self.created_ms + self.submitted_for.as_millis() as i64,
            _ => self.finished_ms(),
        };
        let mut task = json!({
            "task_id": self.id,
            "task_status": match status { Status::Submitted => "submitted", Status::Processing => "processing", Status::Succeed => "succeed", Status::Failed => "failed" },
            "task_status_msg": "",
            "task_info": {},
            "created_at": self.created_ms,
            "updated_at": updated,
            "task_result": {},
        });
        if status == Status::Failed {
            task["task_status_msg"] = "Failure to pass the risk control system".into();
            return task;
        }
        if let Some(ext) = &self.accepted.external_task_id {
            task["task_info"] = json!({ "external_task_id": ext });
        }
        if status == Status::Succeed {
            let urls: Vec<String> = self.media_tokens.iter().map(|t| format!("{base_url}/media/{t}/{}", media_name(self.kind))).collect();
            task["task_result"] = if self.kind.is_video() {
                let seconds = if self.accepted.ten_seconds { "10.1" } else { "5.1" };
                json!({ "videos": [{ "id": format!("{}-v", self.id), "url": urls[0], "duration": seconds }] })
            } else {
                json!({ "images": urls.iter().enumerate().map(|(i, u)| json!({ "index": i, "url": u })).collect::<Vec<_>>() })
            };
            task["final_unit_deduction"] = format!("{}", self.cost).into();
        }
        task
    }
}

fn media_name(kind: Kind) -> &'static str {
    if kind.is_video() { "video.mp4" } else { "image.png" }
}

/// Where a media token leads.
#[derive(Clone, Debug)]
pub struct MediaEntry {
    pub task_index: usize,
    pub item: u32,
    pub bytes: Option<Arc<Vec<u8>>>,
}

pub struct State {
    pub config: SimConfig,
    pub base_url: String,
    pub tasks: Vec<SimTask>,
    pub by_id: HashMap<(Kind, String), usize>,
    pub media: HashMap<String, MediaEntry>,
    pub requests: Vec<RecordedRequest>,
    pub injected: VecDeque<i64>,
    /// One-shot faults for deterministic tests: the next N successful API answers break off,
    /// the next N media answers stop short.
    pub drop_next: u32,
    pub truncate_next: u32,
    pub recent: VecDeque<Instant>,
    pub rng: fastrand::Rng,
    seed: u64,
    /// Pack sizes as first configured (grown if a test raises the balance above them).
    pub video_total: f64,
    pub image_total: f64,
    pub started_ms: i64,
}

impl State {
    pub fn new(config: SimConfig, base_url: String) -> Self {
        let seed = config.faults.seed;
        Self {
            video_total: config.credits.video_units,
            image_total: config.credits.image_units,
            config,
            base_url,
            tasks: Vec::new(),
            by_id: HashMap::new(),
            media: HashMap::new(),
            requests: Vec::new(),
            injected: VecDeque::new(),
            drop_next: 0,
            truncate_next: 0,
            recent: VecDeque::new(),
            rng: fastrand::Rng::with_seed(seed),
            seed,
            started_ms: now_ms(),
        }
    }

    pub fn config_changed(&mut self) {
        if self.config.faults.seed != self.seed {
            self.seed = self.config.faults.seed;
            self.rng = fastrand::Rng::with_seed(self.seed);
        }
        self.video_total = self.video_total.max(self.config.credits.video_units);
        self.image_total = self.image_total.max(self.config.credits.image_units);
    }

    /// True with probability `rate`.
    pub fn roll(&mut self, rate: f64) -> bool {
        rate > 0.0 && self.rng.f64() < rate
    }

    pub fn slots_in_use(&self, video: bool, now: i64) -> u32 {
        self.tasks
            .iter()
            .filter(|t| t.kind.is_video() == video && matches!(t.status_at(now), Status::Submitted | Status::Processing))
            .map(SimTask::slots)
            .sum()
    }

    /// A new 18-digit id, like the real ones. Drawn apart from the seeded fault generator: ids
    /// must differ between runs (a library outlives an emulator), faults must repeat.
    pub fn new_task_id(&mut self) -> String {
        loop {
            let id = format!("{}", fastrand::u64(100_000_000_000_000_000..1_000_000_000_000_000_000));
            if !self.tasks.iter().any(|t| t.id == id) {
                return id;
            }
        }
    }

    pub fn find(&self, kind: Kind, id: &str) -> Option<&SimTask> {
        self.by_id.get(&(kind, id.to_string())).map(|i| &self.tasks[*i])
    }

    pub fn find_external(&self, kind: Kind, external: &str) -> Option<&SimTask> {
        self.tasks.iter().find(|t| t.kind == kind && t.accepted.external_task_id.as_deref() == Some(external))
    }
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
