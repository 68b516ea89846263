//! The JSON file beside every result: everything needed to understand and reproduce it. It also
//! holds the person's own marks (favourite, tags), so rebuilding the index loses nothing.

use super::lineage::{self, ParentLink};
use super::{naming, ItemKind};
use crate::job_request::{legacy_sidecar_request, JobRequest};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// 1 kept the request as untyped `params` with `source_image`/`source_image_tail` beside it (still
/// read); 2 keeps the typed request, pictures inside it.
pub const SIDECAR_VERSION: u32 = 2;

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
    /// The request as sent, input pictures as paths inside the library or their URLs.
    pub request: JobRequest,
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
    /// The media file's extension (png, jpg, mp4, mp3, wav).
    pub ext: String,
    #[serde(default)]
    pub favorite: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    /// What the task cost, in its pack's units (Kling's `final_unit_deduction`); a task makes
    /// several results, each sidecar says the task's whole charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charged_units: Option<f64>,
    /// A watermarked copy lies beside the media file (`naming::watermarked_rel_path`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub watermarked: bool,
    /// A sound filed as mp3 has its wav beside it (`naming::wav_copy_rel_path`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub wav_copy: bool,
    /// The library items this result was made from (a picture animated, a clip extended). The
    /// result's own tool and parameters are `request`. Older sidecars have none; older readers
    /// ignore the field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub made_from: Vec<ParentLink>,
    /// The Kling id of the video this result is (a video Kling made): extend, lip-sync and
    /// video-to-audio take a clip by it. Kept only as a plain id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_id: Option<String>,
}

impl Sidecar {
    /// Where this result's media file lives, relative to the library root.
    pub fn media_rel_path(&self) -> String {
        naming::media_rel_path(self.kind, &self.task_id, self.index, self.created_at, &self.ext)
    }

    pub fn item_id(&self) -> String {
        format!("{}:{}:{}", self.kind, self.task_id, self.index)
    }

    /// The tool that made it: its request's task kind (`TaskKind::as_str`).
    pub fn tool(&self) -> &'static str {
        self.request.kind().as_str()
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("a sidecar always serialises")
    }

    /// The input picture (animate, reference image): a path inside the library, or its URL.
    pub fn source_image(&self) -> Option<&str> {
        self.request.image_ref()
    }

    pub fn source_image_tail(&self) -> Option<&str> {
        self.request.image_tail_ref()
    }

    pub fn read(path: &Path) -> Result<Self, String> {
        Self::read_reporting(path).map(|(sidecar, _)| sidecar)
    }

    /// Reads a sidecar, and says which of its fields were refused (see `parse_reporting`).
    pub fn read_reporting(path: &Path) -> Result<(Self, Vec<String>), String> {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        Self::parse_reporting(&bytes)
    }

    /// A sidecar of any version this one knows, as today's.
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        Self::parse_reporting(bytes).map(|(sidecar, _)| sidecar)
    }

    /// As `parse`, with one line per field refused. A sidecar is input (a synced or shared folder
    /// can hold a planted one): a picture reference that is not a library input or a web address
    /// (`../../etc/passwd`, `/home/…`, `inputs/../x`) is dropped before any file is opened by
    /// it, and the item keeps everything else.
    pub fn parse_reporting(bytes: &[u8]) -> Result<(Self, Vec<String>), String> {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        let version = value.get("version").and_then(|v| v.as_u64()).ok_or("it has no version")?;
        if version > u64::from(SIDECAR_VERSION) {
            return Err(format!("written by a newer Kling Studio (version {version})"));
        }
        if version < 2 {
            upgrade_v1(&mut value)?;
        }
        let mut sidecar: Sidecar = serde_json::from_value(value).map_err(|e| e.to_string())?;
        // Its picture references are checked before any file is opened by them.
        let mut refused = sidecar.request.drop_outside_pictures();
        // Parents are only looked up in the index, never opened, but are kept to plain paths too.
        refused.extend(lineage::keep_plain(&mut sidecar.made_from));
        sidecar.request.check_stored().map_err(|e| e.to_string())?;
        // Input like any other: a charge that is not a plain amount is dropped, not shown.
        sidecar.charged_units = sidecar.charged_units.filter(|u| u.is_finite() && *u >= 0.0);
        if let Some(id) = sidecar.video_id.take_if(|id| !kling_api::is_task_id(id)) {
            refused.push(format!("refused its video_id {:?} (not a plain id)", id.chars().take(60).collect::<String>()));
        }
        Ok((sidecar, refused))
    }
}

/// Version 1's `params` and picture fields become the typed `request`.
fn upgrade_v1(value: &mut serde_json::Value) -> Result<(), String> {
    let fields = value.as_object_mut().ok_or("not a JSON object")?;
    let text = |key: &str| fields.get(key).and_then(|v| v.as_str()).unwrap_or("").to_string();
    // Version 1 knew only the first three kinds.
    let kind = match text("kind").parse::<ItemKind>()? {
        ItemKind::Imported => return Err("an imported file has no sidecar".into()),
        k @ (ItemKind::Image | ItemKind::Text2video | ItemKind::Image2video) => k.task_kind().expect("a task's kind"),
        other => return Err(format!("version 1 had no {other} results")),
    };
    let (model, prompt, negative) = (text("model"), text("prompt"), text("negative_prompt"));
    let picture = |fields: &mut serde_json::Map<String, serde_json::Value>, key: &str| fields.remove(key).and_then(|v| v.as_str().map(String::from));
    let image = picture(fields, "source_image");
    let image_tail = picture(fields, "source_image_tail");
    let params = fields.remove("params").unwrap_or_default();
    let request = legacy_sidecar_request(kind, params, &model, &prompt, &negative, image, image_tail).map_err(|e| e.to_string())?;
    fields.insert("request".into(), serde_json::to_value(request).map_err(|e| e.to_string())?);
    fields.insert("version".into(), SIDECAR_VERSION.into());
    Ok(())
}
