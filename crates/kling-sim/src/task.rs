//! A task: what was asked, when, and the API's view of it at any moment. The status is computed
//! from the time since creation, so nothing has to run in the background.

pub use kling_api::pricing::Pack;
use kling_api::Mode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::time::Duration;

/// The product a task belongs to; its id only exists on its own kind's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Image,
    TextToVideo,
    ImageToVideo,
    OmniVideo,
    MultiImageToVideo,
    VideoExtend,
    LipSync,
    Effects,
    VideoToAudio,
    MotionControl,
    TextToAudio,
    ImageExpand,
    MultiImageToImage,
    VirtualTryOn,
    OmniImage,
}

impl Kind {
    pub const ALL: [Kind; 15] = [
        Kind::Image,
        Kind::TextToVideo,
        Kind::ImageToVideo,
        Kind::OmniVideo,
        Kind::MultiImageToVideo,
        Kind::VideoExtend,
        Kind::LipSync,
        Kind::Effects,
        Kind::VideoToAudio,
        Kind::MotionControl,
        Kind::TextToAudio,
        Kind::ImageExpand,
        Kind::MultiImageToImage,
        Kind::VirtualTryOn,
        Kind::OmniImage,
    ];

    /// The collection path after `/v1/`.
    pub fn path(self) -> &'static str {
        match self {
            Kind::Image => "images/generations",
            Kind::TextToVideo => "videos/text2video",
            Kind::ImageToVideo => "videos/image2video",
            Kind::OmniVideo => "videos/omni-video",
            Kind::MultiImageToVideo => "videos/multi-image2video",
            Kind::VideoExtend => "videos/video-extend",
            Kind::LipSync => "videos/advanced-lip-sync",
            Kind::Effects => "videos/effects",
            Kind::VideoToAudio => "audio/video-to-audio",
            Kind::MotionControl => "videos/motion-control",
            Kind::TextToAudio => "audio/text-to-audio",
            Kind::ImageExpand => "images/editing/expand",
            Kind::MultiImageToImage => "images/multi-image2image",
            Kind::VirtualTryOn => "images/kolors-virtual-try-on",
            Kind::OmniImage => "images/omni-image",
        }
    }

    /// Whether the results are pictures: image generation and the picture tools.
    pub fn makes_pictures(self) -> bool {
        matches!(self, Kind::Image | Kind::ImageExpand | Kind::MultiImageToImage | Kind::VirtualTryOn | Kind::OmniImage)
    }

    /// Everything but pictures draws on the video pack (video-to-audio too, addendum §7.2).
    pub fn is_video(self) -> bool {
        !self.makes_pictures()
    }

    /// The resource pack it draws on, with its units and its own slots (§8): try-on has its own.
    pub fn pack(self) -> Pack {
        match self {
            Kind::VirtualTryOn => Pack::TryOn,
            kind if kind.is_video() => Pack::Video,
            _ => Pack::Image,
        }
    }

    /// The same kind in the catalogue's terms. None for the video tools until
    /// `kling_api::TaskKind` has them (issue 13): at merge each `None` arm becomes
    /// `Some(kling_api::TaskKind::<same name>)`. Nothing in the emulator needs it for them: their
    /// checks are the emulator's own (`validate::<tool>`); prices are the catalogue's.
    pub fn api(self) -> Option<kling_api::TaskKind> {
        match self {
            Kind::Image => Some(kling_api::TaskKind::Image),
            Kind::TextToVideo => Some(kling_api::TaskKind::TextToVideo),
            Kind::ImageToVideo => Some(kling_api::TaskKind::ImageToVideo),
            Kind::OmniVideo => Some(kling_api::TaskKind::OmniVideo),
            Kind::MultiImageToVideo => Some(kling_api::TaskKind::MultiImageToVideo),
            Kind::VideoExtend => Some(kling_api::TaskKind::VideoExtend),
            Kind::LipSync => Some(kling_api::TaskKind::LipSync),
            Kind::Effects => Some(kling_api::TaskKind::Effects),
            Kind::VideoToAudio => Some(kling_api::TaskKind::VideoToAudio),
            Kind::MotionControl => Some(kling_api::TaskKind::MotionControl),
            Kind::TextToAudio => Some(kling_api::TaskKind::TextToAudio),
            Kind::ImageExpand => Some(kling_api::TaskKind::ImageExpand),
            Kind::MultiImageToImage => Some(kling_api::TaskKind::MultiImageToImage),
            Kind::VirtualTryOn => Some(kling_api::TaskKind::VirtualTryOn),
            Kind::OmniImage => Some(kling_api::TaskKind::OmniImage),
        }
    }

    /// Files a finished task serves: one per picture, one clip per video, for video-to-audio
    /// the clip with its new sound, the MP3 and the WAV, and for text-to-audio the MP3 and WAV.
    pub fn result_files(self, n: u32) -> usize {
        match self {
            kind if kind.makes_pictures() => n as usize,
            Kind::VideoToAudio => 3,
            Kind::TextToAudio => 2,
            _ => 1,
        }
    }
}

/// A clip the emulator made, as the tools that take a video by id or link see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MadeVideo {
    /// Kling's video id (`task_result.videos[].id`).
    pub id: String,
    pub url: String,
    pub model: String,
    pub mode: Option<Mode>,
    /// The length the task reports, in seconds.
    pub seconds: f64,
    pub created_ms: i64,
    pub sound: bool,
    pub aspect: (u32, u32),
}

impl MadeVideo {
    /// `{id, url, duration}`, as `task_info.parent_video` shows it.
    pub fn as_parent(&self) -> Value {
        json!({ "id": self.id, "url": self.url, "duration": format_seconds(self.seconds) })
    }
}

/// "5.1", "9.6", "10": a length as the API writes it.
pub fn format_seconds(seconds: f64) -> String {
    kling_api::pricing::format_units((seconds * 10.0).round() / 10.0)
}

/// What a create request asked for, once validated.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Accepted {
    pub model: String,
    pub prompt: String,
    /// Pictures asked for (1 for videos).
    pub n: u32,
    /// Width:height of the result.
    pub aspect: (u32, u32),
    /// The video mode; None for pictures and for the master models, which take none. (Fields
    /// added since the first task files default, so an older file still loads.)
    #[serde(default)]
    pub mode: Option<Mode>,
    /// Video length asked for, in seconds (5 in files from before 3–15 s videos).
    #[serde(default = "five_seconds")]
    pub seconds: u32,
    /// Native sound on (`sound: "on"`).
    #[serde(default)]
    pub sound: bool,
    /// A voice of `voice_list` is used (and referred to in the prompt): priced apart (addendum §7.2).
    #[serde(default)]
    pub voice: bool,
    /// `watermark_info.enabled`: every result also gets a watermarked copy.
    #[serde(default)]
    pub watermark: bool,
    /// Image-to-image (a reference picture given): priced apart (addendum §7.3).
    #[serde(default)]
    pub with_image: bool,
    pub external_task_id: Option<String>,
    /// Accepted, but known to end failed with this reason (e.g. masks that do not match).
    pub failure: Option<String>,
    /// A reference video given (omni `video_list`, motion control): priced apart (addendum §7.2).
    #[serde(default)]
    pub with_video: bool,
    /// The video it was made from, once resolved: shown as `task_info.parent_video`.
    #[serde(default)]
    pub parent: Option<MadeVideo>,
    /// The length the result reports when it is not `seconds` + 0.1 (extensions, follow-ups).
    #[serde(default)]
    pub shown_seconds: Option<f64>,
    /// Omni-image's series: the `n` pictures are answered as `series_images`.
    #[serde(default)]
    pub series: bool,
    /// Pictures at 4K (omni-image): priced apart (addendum §7.3).
    #[serde(default)]
    pub picture_4k: bool,
}

fn five_seconds() -> u32 {
    5
}

impl Accepted {
    /// Pro and 4K take longer to make.
    pub fn high_quality(&self) -> bool {
        matches!(self.mode, Some(Mode::Pro | Mode::FourK))
    }

    /// The length the result reports: a little over what was asked ("5.1" for "5"), as the real API.
    pub fn result_seconds(&self) -> f64 {
        self.shown_seconds.unwrap_or(f64::from(self.seconds) + 0.1)
    }

    /// What the catalogue prices this request by (addendum §7); None for the kinds it does not know.
    pub fn price_query(&self, kind: Kind) -> Option<kling_api::pricing::PriceQuery<'_>> {
        let seconds = match kind {
            // Billed on the output's seconds rounded to the nearest whole one (§7.2).
            Kind::MotionControl => self.result_seconds().round().max(1.0) as u32,
            // Billed per started 5 s of what was lip-synced.
            Kind::LipSync => self.result_seconds().ceil() as u32,
            _ => self.seconds,
        };
        Some(kling_api::pricing::PriceQuery {
            kind: kind.api()?,
            model: &self.model,
            mode: self.mode,
            seconds,
            sound: self.sound,
            voice: self.voice,
            n: u8::try_from(self.n).unwrap_or(u8::MAX),
            with_image: self.with_image,
            // Only Omni has rows for a video among its inputs (motion control's video is its subject).
            video_input: self.with_video && kind == Kind::OmniVideo,
            picture_4k: self.picture_4k,
        })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SimTask {
    pub id: String,
    pub kind: Kind,
    pub accepted: Accepted,
    pub created_ms: i64,
    pub submitted_for: Duration,
    pub processing_for: Duration,
    /// Set when the task will end failed: the reason shown in `task_status_msg`.
    pub failure: Option<String>,
    /// Units spent at creation.
    pub cost: f64,
    /// One per result file.
    pub media_tokens: Vec<String>,
    /// One per result file when a watermark was asked for: the links of the watermarked copies.
    #[serde(default)]
    pub watermark_tokens: Vec<String>,
    /// Lapsed first links (`Faults::expired_link_rate`), listed instead of `media_tokens` until
    /// one of them is fetched; empty for most tasks.
    pub stale_tokens: Vec<String>,
}

/// A task as a test sees it: which one, of what kind, made from which prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskSummary {
    pub id: String,
    /// The kind's collection path after `/v1/` (e.g. `images/generations`).
    pub path: &'static str,
    pub prompt: String,
    pub external_task_id: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Submitted,
    Processing,
    Succeed,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Processing => "processing",
            Status::Succeed => "succeed",
            Status::Failed => "failed",
        }
    }
}

impl SimTask {
    pub fn status_at(&self, now_ms: i64) -> Status {
        let age = (now_ms - self.created_ms).max(0) as u128;
        if age < self.submitted_for.as_millis() {
            Status::Submitted
        } else if age < (self.submitted_for + self.processing_for).as_millis() {
            Status::Processing
        } else if self.failure.is_some() {
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
        if self.kind.is_video() {
            1
        } else {
            self.accepted.n
        }
    }

    pub fn summary(&self) -> TaskSummary {
        TaskSummary { id: self.id.clone(), path: self.kind.path(), prompt: self.accepted.prompt.clone(), external_task_id: self.accepted.external_task_id.clone() }
    }

    /// The result file name at the end of each media URL; the watermarked copy's is its own.
    pub fn media_file(&self, item: usize, watermarked: bool) -> String {
        let mark = if watermarked { "-watermarked" } else { "" };
        match (self.kind, item) {
            (kind, _) if kind.makes_pictures() => format!("{}-{item}{mark}.png", self.id),
            (Kind::VideoToAudio, 1) => format!("{}.mp3", self.id),
            (Kind::VideoToAudio, 2) => format!("{}.wav", self.id),
            (Kind::TextToAudio, 0) => format!("{}.mp3", self.id),
            (Kind::TextToAudio, _) => format!("{}.wav", self.id),
            _ => format!("{}{mark}.mp4", self.id),
        }
    }

    /// Kling's id of the task's video (`task_result.videos[0].id`).
    pub fn video_id(&self) -> String {
        format!("{}0", self.id)
    }

    /// The clip this task made, once it has: what the tools that take a video see of it.
    pub fn made_video(&self, now_ms: i64, base_url: &str) -> Option<MadeVideo> {
        if !self.kind.is_video() || self.kind == Kind::TextToAudio || self.status_at(now_ms) != Status::Succeed {
            return None;
        }
        let token = self.media_tokens.first()?;
        let accepted = &self.accepted;
        Some(MadeVideo {
            id: self.video_id(),
            url: format!("{base_url}/media/{token}/{}", self.media_file(0, false)),
            model: accepted.model.clone(),
            mode: accepted.mode,
            seconds: accepted.result_seconds(),
            created_ms: self.created_ms,
            sound: accepted.sound,
            aspect: accepted.aspect,
        })
    }

    /// The task object exactly as the API shows it at `now_ms`.
    pub fn to_json(&self, now_ms: i64, base_url: &str) -> Value {
        let status = self.status_at(now_ms);
        let updated = match status {
            Status::Submitted => self.created_ms,
            Status::Processing => self.created_ms + self.submitted_for.as_millis() as i64,
            Status::Succeed | Status::Failed => self.finished_ms(),
        };
        let mut task = json!({
            "task_id": self.id,
            "task_status": status.as_str(),
            "task_status_msg": "",
            "task_info": {},
            "created_at": self.created_ms,
            "updated_at": updated,
            "task_result": {},
        });
        if status == Status::Failed {
            // As the real API: the reason only here, and empty objects around it.
            task["task_status_msg"] = self.failure.clone().unwrap_or_default().into();
            return task;
        }
        if let Some(external) = &self.accepted.external_task_id {
            // Advanced lip sync's task_info holds parent_video only (addendum §3.2, §11 #24).
            if self.kind != Kind::LipSync {
                task["task_info"]["external_task_id"] = external.as_str().into();
            }
        }
        if let Some(parent) = &self.accepted.parent {
            task["task_info"]["parent_video"] = parent.as_parent();
        }
        if status == Status::Succeed {
            let tokens = if self.stale_tokens.is_empty() { &self.media_tokens } else { &self.stale_tokens };
            let url = |token: &str, i: usize, watermarked: bool| format!("{base_url}/media/{token}/{}", self.media_file(i, watermarked));
            let urls: Vec<String> = tokens.iter().enumerate().map(|(i, token)| url(token, i, false)).collect();
            // Absent without a watermark: the docs do not say whether it is then absent or empty.
            let watermarked = |i: usize| self.watermark_tokens.get(i).map(|token| url(token, i, true));
            task["task_result"] = if self.kind == Kind::TextToAudio {
                // A sound and nothing else (addendum §3.2).
                let length = format_seconds(self.accepted.result_seconds());
                json!({ "audios": [{ "id": format!("{}1", self.id), "url_mp3": urls[0], "url_wav": urls[1], "duration_mp3": length, "duration_wav": length }] })
            } else if self.kind.is_video() {
                let mut video = json!({ "id": self.video_id(), "url": urls[0] });
                // Effects videos carry no duration (addendum §3.2).
                if self.kind != Kind::Effects {
                    video["duration"] = format_seconds(self.accepted.result_seconds()).into();
                }
                if let Some(link) = watermarked(0) {
                    video["watermark_url"] = link.into();
                }
                let mut result = json!({ "videos": [video] });
                if self.kind == Kind::VideoToAudio {
                    let length = format_seconds(self.accepted.result_seconds());
                    result["audios"] = json!([{
                        "id": format!("{}1", self.id), "url_mp3": urls[1], "url_wav": urls[2], "duration_mp3": length, "duration_wav": length,
                    }]);
                }
                result
            } else {
                let images = urls.iter().enumerate().map(|(i, url)| {
                    let mut image = json!({ "index": i, "url": url });
                    if let Some(link) = watermarked(i) {
                        image["watermark_url"] = link.into();
                    }
                    image
                });
                let images: Vec<Value> = images.collect();
                match (self.kind, self.accepted.series) {
                    (Kind::OmniImage, true) => json!({ "result_type": "series", "images": [], "series_images": images }),
                    (Kind::OmniImage, false) => json!({ "result_type": "single", "images": images }),
                    _ => json!({ "images": images }),
                }
            };
            task["final_unit_deduction"] = kling_api::pricing::format_units(self.cost).into();
        }
        task
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(failure: Option<&str>) -> SimTask {
        SimTask {
            id: "123456789012345678".into(),
            kind: Kind::TextToVideo,
            accepted: Accepted {
                model: "kling-v1".into(),
                prompt: "p".into(),
                n: 1,
                aspect: (16, 9),
                mode: Some(Mode::Std),
                seconds: 10,
                sound: false,
                voice: false,
                watermark: false,
                with_image: false,
                external_task_id: Some("ext".into()),
                failure: None,
                with_video: false,
                parent: None,
                shown_seconds: None,
                series: false,
                picture_4k: false,
            },
            created_ms: 1_000,
            submitted_for: Duration::from_millis(100),
            processing_for: Duration::from_millis(200),
            failure: failure.map(String::from),
            cost: 2.0,
            media_tokens: vec!["tok".into()],
            watermark_tokens: Vec::new(),
            stale_tokens: Vec::new(),
        }
    }

    #[test]
    fn status_follows_the_clock() {
        let t = task(None);
        assert_eq!(t.status_at(1_000), Status::Submitted);
        assert_eq!(t.status_at(1_099), Status::Submitted);
        assert_eq!(t.status_at(1_100), Status::Processing);
        assert_eq!(t.status_at(1_299), Status::Processing);
        assert_eq!(t.status_at(1_300), Status::Succeed);
        assert_eq!(task(Some("no")).status_at(5_000), Status::Failed);
    }

    #[test]
    fn json_views() {
        let done = task(None).to_json(2_000, "http://h");
        assert_eq!(done["task_result"]["videos"][0]["url"], "http://h/media/tok/123456789012345678.mp4");
        assert_eq!(done["task_result"]["videos"][0]["duration"], "10.1");
        assert_eq!(done["task_info"]["external_task_id"], "ext");
        assert_eq!(done["final_unit_deduction"], "2");
        assert!(done["task_result"]["videos"][0].get("watermark_url").is_none());
        let marked = SimTask { watermark_tokens: vec!["wm".into()], ..task(None) }.to_json(2_000, "http://h");
        assert_eq!(marked["task_result"]["videos"][0]["watermark_url"], "http://h/media/wm/123456789012345678-watermarked.mp4");
        assert_eq!(done["updated_at"], 1_300);
        let failed = task(Some("Failure to pass the risk control system")).to_json(2_000, "http://h");
        assert_eq!(failed["task_info"], json!({}));
        assert_eq!(failed["task_result"], json!({}));
        assert!(failed.get("final_unit_deduction").is_none());
    }
}
