//! The account's elements and voices (addendum §6.10), and Kling's presets: each made by a task
//! that is done after the picture timings, then listed, used by id and deleted (kept, marked
//! "deleted", as the API shows them). With a task file (the sandbox), the account's own are saved
//! beside it, so `kling --sandbox elements list` and the app see the same ones.

use crate::task::Status;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// `owned_by` of the account's own; Kling's presets say "kling".
pub const OWNER: &str = "sim-account";

/// One of an element's pictures as the emulator serves it back.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum ElementPicture {
    /// Given inline: the same bytes (PNG or JPEG), in base64 as given.
    Given(String),
    /// Given by link (the emulator fetches nothing), or a preset's: drawn from the name.
    Drawn,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SimElement {
    pub task_id: String,
    pub element_id: u64,
    pub name: String,
    pub description: String,
    /// "image_refer" or "video_refer".
    pub reference_type: String,
    /// The front picture first (none for an element from a clip).
    pub pictures: Vec<ElementPicture>,
    pub clip: Option<String>,
    pub voice_id: Option<String>,
    pub tags: Vec<String>,
    pub preset: bool,
    pub external_task_id: Option<String>,
    pub created_ms: i64,
    pub ready_ms: i64,
    pub failure: Option<String>,
    pub deleted: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SimVoice {
    pub task_id: String,
    pub voice_id: String,
    pub name: String,
    /// Length of the trial sound.
    pub seconds: f64,
    pub preset: bool,
    pub external_task_id: Option<String>,
    pub created_ms: i64,
    pub ready_ms: i64,
    pub failure: Option<String>,
    pub deleted: bool,
}

/// Made (or failed) once `ready_ms` has passed.
fn status(created_ms: i64, ready_ms: i64, failure: &Option<String>, now_ms: i64) -> Status {
    if now_ms < created_ms + (ready_ms - created_ms) / 3 {
        Status::Submitted
    } else if now_ms < ready_ms {
        Status::Processing
    } else if failure.is_some() {
        Status::Failed
    } else {
        Status::Succeed
    }
}

/// The task object around a result, as every task route shows it.
fn task_json(task_id: &str, status: Status, failure: &Option<String>, external: &Option<String>, created_ms: i64, ready_ms: i64, result: Value) -> Value {
    let mut task = json!({
        "task_id": task_id,
        "task_status": status.as_str(),
        "task_status_msg": if status == Status::Failed { failure.clone().unwrap_or_default() } else { String::new() },
        "task_info": {},
        "created_at": created_ms,
        "updated_at": if matches!(status, Status::Succeed | Status::Failed) { ready_ms } else { created_ms },
        "task_result": {},
    });
    if let Some(external) = external {
        task["task_info"]["external_task_id"] = external.as_str().into();
    }
    if status == Status::Succeed {
        task["task_result"] = result;
    }
    task
}

impl SimVoice {
    pub fn status_at(&self, now_ms: i64) -> Status {
        status(self.created_ms, self.ready_ms, &self.failure, now_ms)
    }

    pub fn info(&self, base_url: &str) -> Value {
        json!({
            "voice_id": self.voice_id,
            "voice_name": self.name,
            "trial_url": format!("{base_url}/media/voices/{}.mp3", self.voice_id),
            "owned_by": if self.preset { "kling" } else { OWNER },
            "status": if self.deleted { "deleted" } else { "succeed" },
        })
    }

    pub fn to_json(&self, now_ms: i64, base_url: &str) -> Value {
        let result = json!({ "voices": [self.info(base_url)] });
        task_json(&self.task_id, self.status_at(now_ms), &self.failure, &self.external_task_id, self.created_ms, self.ready_ms, result)
    }
}

impl SimElement {
    pub fn status_at(&self, now_ms: i64) -> Status {
        status(self.created_ms, self.ready_ms, &self.failure, now_ms)
    }

    /// The link of picture `i` (0 is the front one).
    pub fn picture_url(&self, base_url: &str, i: usize) -> String {
        format!("{base_url}/media/elements/{}/{i}.png", self.element_id)
    }

    pub fn info(&self, base_url: &str, voice: Option<Value>) -> Value {
        let mut element = json!({
            "element_id": self.element_id,
            "element_name": self.name,
            "element_description": self.description,
            "reference_type": self.reference_type,
            "tag_list": self.tags.iter().map(|t| {
                let name = kling_api::ELEMENT_TAG_NAMES.iter().find(|(id, _)| id == t).map(|(_, name)| *name).unwrap_or("");
                json!({ "tag_id": t, "tag_name": name })
            }).collect::<Vec<_>>(),
            "owned_by": if self.preset { "kling" } else { OWNER },
            "status": if self.deleted { "deleted" } else { "succeed" },
        });
        if !self.pictures.is_empty() {
            let refer: Vec<Value> = (1..self.pictures.len()).map(|i| json!({ "image_url": self.picture_url(base_url, i) })).collect();
            element["element_image_list"] = json!({ "frontal_image": self.picture_url(base_url, 0), "refer_images": refer });
        }
        if let Some(clip) = &self.clip {
            element["element_video_list"] = json!({ "refer_videos": [{ "video_url": clip }] });
        }
        if let Some(voice) = voice {
            element["element_voice_info"] = voice;
        }
        element
    }
}

/// Every element and voice of the account, and Kling's presets.
pub struct Assets {
    pub elements: Vec<SimElement>,
    pub voices: Vec<SimVoice>,
}

/// Kling's preset elements (name, description, tag) and voices (name), as the emulator offers them.
const PRESET_ELEMENTS: [(&str, &str, &str); 4] = [
    ("Astronaut", "an astronaut in a white suit with a gold visor", "o_102"),
    ("Red panda", "a small red panda with a ringed tail", "o_103"),
    ("Vintage car", "a mint-green 1950s convertible", "o_104"),
    ("Neon alley", "a rainy alley lit by neon signs at night", "o_106"),
];
const PRESET_VOICES: [&str; 4] = ["Warm narrator", "Bright girl", "Calm man", "Old storyteller"];

impl Assets {
    pub fn new(started_ms: i64) -> Self {
        let elements = PRESET_ELEMENTS
            .iter()
            .enumerate()
            .map(|(i, (name, description, tag))| SimElement {
                task_id: format!("preset-element-{i}"),
                element_id: 100_000_000_000_000_001 + i as u64,
                name: name.to_string(),
                description: description.to_string(),
                reference_type: "image_refer".into(),
                pictures: vec![ElementPicture::Drawn, ElementPicture::Drawn],
                clip: None,
                voice_id: None,
                tags: vec![tag.to_string()],
                preset: true,
                external_task_id: None,
                created_ms: started_ms,
                ready_ms: started_ms,
                failure: None,
                deleted: false,
            })
            .collect();
        let voices = PRESET_VOICES
            .iter()
            .enumerate()
            .map(|(i, name)| SimVoice {
                task_id: format!("preset-voice-{i}"),
                voice_id: format!("preset-voice-{}", i + 1),
                name: name.to_string(),
                seconds: 4.0,
                preset: true,
                external_task_id: None,
                created_ms: started_ms,
                ready_ms: started_ms,
                failure: None,
                deleted: false,
            })
            .collect();
        Self { elements, voices }
    }

    /// A voice that can be used now (made, not deleted), the account's or a preset.
    pub fn usable_voice(&self, voice_id: &str, now_ms: i64) -> Option<&SimVoice> {
        self.voices.iter().find(|v| v.voice_id == voice_id && !v.deleted && v.status_at(now_ms) == Status::Succeed)
    }

    pub fn element_json(&self, element: &SimElement, now_ms: i64, base_url: &str) -> Value {
        let voice = element.voice_id.as_deref().and_then(|id| self.voices.iter().find(|v| v.voice_id == id)).map(|v| v.info(base_url));
        let result = json!({ "elements": [element.info(base_url, voice)] });
        task_json(&element.task_id, element.status_at(now_ms), &element.failure, &element.external_task_id, element.created_ms, element.ready_ms, result)
    }

    /// Takes in the account's own saved by another emulator (or before a restart): what either
    /// knows is kept, and a deletion either saw stands.
    pub fn absorb(&mut self, path: &Path) {
        let Some(saved) = std::fs::read(path).ok().and_then(|b| serde_json::from_slice::<Saved>(&b).ok()) else { return };
        for element in saved.elements {
            match self.elements.iter_mut().find(|e| e.task_id == element.task_id) {
                Some(known) => known.deleted |= element.deleted,
                None => self.elements.push(element),
            }
        }
        for voice in saved.voices {
            match self.voices.iter_mut().find(|v| v.task_id == voice.task_id) {
                Some(known) => known.deleted |= voice.deleted,
                None => self.voices.push(voice),
            }
        }
        self.elements.sort_by_key(|e| (!e.preset, e.created_ms));
        self.voices.sort_by_key(|v| (!v.preset, v.created_ms));
    }

    /// Saves the account's own (atomically; a failure is logged and the emulator goes on).
    pub fn save(&self, path: &Path) {
        let saved =
            Saved { elements: self.elements.iter().filter(|e| !e.preset).cloned().collect(), voices: self.voices.iter().filter(|v| !v.preset).cloned().collect() };
        let written = serde_json::to_vec(&saved).map_err(std::io::Error::other).and_then(|bytes| {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, path)
        });
        if let Err(e) = written {
            tracing::warn!("the sandbox's elements and voices could not be saved to {}: {e}", path.display());
        }
    }

    pub fn external_id_taken(&self, external: &str) -> bool {
        self.elements.iter().any(|e| e.external_task_id.as_deref() == Some(external)) || self.voices.iter().any(|v| v.external_task_id.as_deref() == Some(external))
    }
}

/// The account's own as saved beside the task file.
#[derive(Default, Serialize, Deserialize)]
struct Saved {
    elements: Vec<SimElement>,
    voices: Vec<SimVoice>,
}

/// Where the account's own are saved: beside the task file.
pub fn saved_path(task_file: &Path) -> PathBuf {
    task_file.with_extension("assets.json")
}
