use kling_api::TaskKind;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What produced an item, as its id and file name say it: the API's task kind that made it (the
/// same words as `TaskKind::as_str`), or a file put there by hand. The gallery's tool filter reads
/// `Item::tool` and what the file holds reads `Item::media`. Results of the video tools filed
/// before they had kinds of their own say `image2video` (their `tool` says the real one).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    #[serde(rename = "image")]
    Image,
    #[serde(rename = "text2video")]
    Text2video,
    #[serde(rename = "image2video")]
    Image2video,
    #[serde(rename = "omni-video")]
    OmniVideo,
    #[serde(rename = "multi-image2video")]
    MultiImage2video,
    #[serde(rename = "video-extend")]
    VideoExtend,
    #[serde(rename = "lip-sync")]
    LipSync,
    #[serde(rename = "effects")]
    Effects,
    /// Both results of an add-sound task: the clip with its sound, and the sound alone.
    #[serde(rename = "video-to-audio")]
    VideoToAudio,
    #[serde(rename = "motion-control")]
    MotionControl,
    /// A sound made from words.
    #[serde(rename = "text-to-audio")]
    TextToAudio,
    /// A picture grown on its edges.
    #[serde(rename = "image-expand")]
    ImageExpand,
    /// Subjects composed into one picture.
    #[serde(rename = "multi-image2image")]
    MultiImageToImage,
    /// A person pictured wearing a garment.
    #[serde(rename = "virtual-try-on")]
    VirtualTryOn,
    /// Pictures from Omni image.
    #[serde(rename = "omni-image")]
    OmniImage,
    /// A file put into the library folder by hand, with no sidecar.
    #[serde(rename = "imported")]
    Imported,
}

impl ItemKind {
    /// Every kind, imported last.
    pub const ALL: [ItemKind; 16] = [
        ItemKind::Image,
        ItemKind::Text2video,
        ItemKind::Image2video,
        ItemKind::OmniVideo,
        ItemKind::MultiImage2video,
        ItemKind::VideoExtend,
        ItemKind::LipSync,
        ItemKind::Effects,
        ItemKind::VideoToAudio,
        ItemKind::MotionControl,
        ItemKind::TextToAudio,
        ItemKind::ImageExpand,
        ItemKind::MultiImageToImage,
        ItemKind::VirtualTryOn,
        ItemKind::OmniImage,
        ItemKind::Imported,
    ];

    /// The task kind that makes items of this kind (None for an imported file).
    pub fn task_kind(self) -> Option<TaskKind> {
        Some(match self {
            ItemKind::Image => TaskKind::Image,
            ItemKind::Text2video => TaskKind::TextToVideo,
            ItemKind::Image2video => TaskKind::ImageToVideo,
            ItemKind::OmniVideo => TaskKind::OmniVideo,
            ItemKind::MultiImage2video => TaskKind::MultiImageToVideo,
            ItemKind::VideoExtend => TaskKind::VideoExtend,
            ItemKind::LipSync => TaskKind::LipSync,
            ItemKind::Effects => TaskKind::Effects,
            ItemKind::VideoToAudio => TaskKind::VideoToAudio,
            ItemKind::MotionControl => TaskKind::MotionControl,
            ItemKind::TextToAudio => TaskKind::TextToAudio,
            ItemKind::ImageExpand => TaskKind::ImageExpand,
            ItemKind::MultiImageToImage => TaskKind::MultiImageToImage,
            ItemKind::VirtualTryOn => TaskKind::VirtualTryOn,
            ItemKind::OmniImage => TaskKind::OmniImage,
            ItemKind::Imported => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self.task_kind() {
            Some(kind) => kind.as_str(),
            None => IMPORTED_TOOL,
        }
    }
}

impl From<TaskKind> for ItemKind {
    fn from(kind: TaskKind) -> Self {
        match kind {
            TaskKind::Image => ItemKind::Image,
            TaskKind::TextToVideo => ItemKind::Text2video,
            TaskKind::ImageToVideo => ItemKind::Image2video,
            TaskKind::OmniVideo => ItemKind::OmniVideo,
            TaskKind::MultiImageToVideo => ItemKind::MultiImage2video,
            TaskKind::VideoExtend => ItemKind::VideoExtend,
            TaskKind::LipSync => ItemKind::LipSync,
            TaskKind::Effects => ItemKind::Effects,
            TaskKind::VideoToAudio => ItemKind::VideoToAudio,
            TaskKind::MotionControl => ItemKind::MotionControl,
            TaskKind::TextToAudio => ItemKind::TextToAudio,
            TaskKind::ImageExpand => ItemKind::ImageExpand,
            TaskKind::MultiImageToImage => ItemKind::MultiImageToImage,
            TaskKind::VirtualTryOn => ItemKind::VirtualTryOn,
            TaskKind::OmniImage => ItemKind::OmniImage,
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
        ItemKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| format!("unknown item kind {s:?}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_task_kind_files_items_of_its_own_kind_named_by_the_same_word() {
        for task in TaskKind::ALL {
            let kind = ItemKind::from(task);
            assert_eq!(kind.task_kind(), Some(task));
            assert_eq!(kind.as_str(), task.as_str());
            assert_eq!(kind.as_str().parse::<ItemKind>(), Ok(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), task.as_str(), "the index and sidecars say the same word");
        }
        let distinct: std::collections::HashSet<_> = TaskKind::ALL.into_iter().map(ItemKind::from).collect();
        assert_eq!(distinct.len(), TaskKind::ALL.len(), "no two tools share a kind");
        assert_eq!(ItemKind::ALL.len(), TaskKind::ALL.len() + 1, "every kind is listed");
    }

    #[test]
    fn an_imported_file_has_no_task_kind_and_unknown_words_are_refused() {
        assert_eq!(ItemKind::Imported.task_kind(), None);
        assert_eq!("imported".parse::<ItemKind>(), Ok(ItemKind::Imported));
        assert!("image-to-video".parse::<ItemKind>().unwrap_err().contains("image-to-video"));
        assert!(serde_json::from_str::<ItemKind>("\"omni_video\"").is_err());
    }
}
