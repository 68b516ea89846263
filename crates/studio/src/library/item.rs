use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What produced an item, as its id and file name say it. The words match the API's task kinds.
/// The gallery's tool filter reads `Item::tool` (any task kind, or "imported") and what the file
/// holds reads `Item::media`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Image,
    Text2video,
    Image2video,
    /// A file put into the library folder by hand, with no sidecar.
    Imported,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Image => "image",
            ItemKind::Text2video => "text2video",
            ItemKind::Image2video => "image2video",
            ItemKind::Imported => "imported",
        }
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ItemKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "image" => Ok(ItemKind::Image),
            "text2video" => Ok(ItemKind::Text2video),
            "image2video" => Ok(ItemKind::Image2video),
            "imported" => Ok(ItemKind::Imported),
            other => Err(format!("unknown item kind {other:?}")),
        }
    }
}

/// What the file holds, judged by its extension: a picture, a clip or a sound.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaType {
    Image,
    Video,
    Audio,
}

impl MediaType {
    /// Judged by extension: the library only holds files it wrote or a person put there.
    pub fn of_path(path: &str) -> Option<Self> {
        let ext = path.rsplit('.').next()?.to_ascii_lowercase();
        match ext.as_str() {
            "png" | "jpg" | "jpeg" | "webp" => Some(MediaType::Image),
            "mp4" | "mov" | "m4v" | "webm" => Some(MediaType::Video),
            "mp3" | "wav" => Some(MediaType::Audio),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Image => "image",
            MediaType::Video => "video",
            MediaType::Audio => "audio",
        }
    }

    /// The word kept in the index (anything else reads as a picture, as before audio existed).
    pub(crate) fn from_stored(word: &str) -> Self {
        match word {
            "video" => MediaType::Video,
            "audio" => MediaType::Audio,
            _ => MediaType::Image,
        }
    }
}

/// The tool of a file put into the library by hand (it has no request).
pub const IMPORTED_TOOL: &str = "imported";

/// One picture or clip in the gallery (what the grid and the filters need).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub rel_path: String,
    pub sidecar_path: Option<String>,
    pub kind: ItemKind,
    /// The tool that made it: its request's task kind (`TaskKind::as_str`), or "imported".
    pub tool: String,
    pub media: MediaType,
    pub task_id: Option<String>,
    pub index: Option<u32>,
    pub model: Option<String>,
    pub prompt: String,
    pub negative_prompt: String,
    pub created_at: i64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration_ms: Option<u64>,
    pub favorite: bool,
}
