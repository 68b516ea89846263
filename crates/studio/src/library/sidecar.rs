//! The JSON file beside every result: everything needed to understand and reproduce it. It also
//! holds the person's own marks (favourite, tags), so rebuilding the index loses nothing.

use super::{naming, ItemKind};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const SIDECAR_VERSION: u32 = 1;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sidecar {
    pub version: u32,
    pub kind: ItemKind,
    pub task_id: String,
    /// Which of the task's results this is (0-based).
    pub index: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
    pub model: String,
    pub prompt: String,
    #[serde(default)]
    pub negative_prompt: String,
    /// Every request parameter as sent, with input pictures replaced by their library paths.
    #[serde(default)]
    pub params: serde_json::Value,
    /// The input picture (animate, reference image): a path inside the library, or its URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_image_tail: Option<String>,
    pub created_at: i64,
    pub finished_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<f64>,
    /// The media file's extension (png, jpg, mp4).
    pub ext: String,
    #[serde(default)]
    pub favorite: bool,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Sidecar {
    /// Where this result's media file lives, relative to the library root.
    pub fn media_rel_path(&self) -> String {
        naming::media_rel_path(self.kind, &self.task_id, self.index, self.created_at, &self.ext)
    }

    pub fn item_id(&self) -> String {
        format!("{}:{}:{}", self.kind, self.task_id, self.index)
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("a sidecar always serialises")
    }

    pub fn read(path: &Path) -> Result<Self, String> {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        let sidecar: Sidecar = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        if sidecar.version > SIDECAR_VERSION {
            return Err(format!("written by a newer Kling Studio (version {})", sidecar.version));
        }
        Ok(sidecar)
    }
}
