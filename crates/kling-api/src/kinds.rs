use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The three kinds of generation task. Kling scopes task ids by kind: a task is always queried
/// on its own kind's path, so the kind is stored with every id.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaskKind {
    #[serde(rename = "image")]
    Image,
    #[serde(rename = "text2video")]
    TextToVideo,
    #[serde(rename = "image2video")]
    ImageToVideo,
}

impl TaskKind {
    /// The path below `/v1/`.
    pub fn path(&self) -> &'static str {
        match self {
            TaskKind::Image => "images/generations",
            TaskKind::TextToVideo => "videos/text2video",
            TaskKind::ImageToVideo => "videos/image2video",
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            TaskKind::Image => "image",
            TaskKind::TextToVideo => "text2video",
            TaskKind::ImageToVideo => "image2video",
        }
    }

    /// The kind in running text, with its article: "an image", "a text2video".
    pub fn with_article(&self) -> &'static str {
        match self {
            TaskKind::Image => "an image",
            TaskKind::TextToVideo => "a text2video",
            TaskKind::ImageToVideo => "an image2video",
        }
    }

    pub fn is_video(&self) -> bool {
        !matches!(self, TaskKind::Image)
    }

    /// The largest result file accepted: far above what Kling makes (pictures are a few MB, a
    /// 10 s clip tens of MB), and a bound on what an endless or lying answer can write to disk.
    pub fn max_result_bytes(&self) -> u64 {
        if self.is_video() {
            2 * 1024 * 1024 * 1024
        } else {
            50 * 1024 * 1024
        }
    }
}

impl fmt::Display for TaskKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TaskKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "image" => Ok(TaskKind::Image),
            "text2video" | "video" => Ok(TaskKind::TextToVideo),
            "image2video" | "animate" => Ok(TaskKind::ImageToVideo),
            other => Err(format!("unknown task kind {other:?}: use image, video or animate")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_names_and_aliases() {
        assert_eq!(TaskKind::Image.path(), "images/generations");
        assert_eq!(TaskKind::TextToVideo.path(), "videos/text2video");
        assert_eq!(TaskKind::ImageToVideo.path(), "videos/image2video");
        for kind in [TaskKind::Image, TaskKind::TextToVideo, TaskKind::ImageToVideo] {
            assert_eq!(kind.to_string().parse::<TaskKind>().unwrap(), kind);
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(kind.to_string()));
            assert_eq!(serde_json::from_value::<TaskKind>(serde_json::json!(kind.to_string())).unwrap(), kind);
        }
        assert_eq!("video".parse::<TaskKind>().unwrap(), TaskKind::TextToVideo);
        assert_eq!("animate".parse::<TaskKind>().unwrap(), TaskKind::ImageToVideo);
        assert!("movie".parse::<TaskKind>().is_err());
    }
}
