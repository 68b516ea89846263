use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kinds of generation task. Kling scopes task ids by kind: a task is always queried on its
/// own kind's path, so the kind is stored with every id.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaskKind {
    #[serde(rename = "image")]
    Image,
    #[serde(rename = "text2video")]
    TextToVideo,
    #[serde(rename = "image2video")]
    ImageToVideo,
    /// Omni video (addendum §5.1): text, pictures, elements and a reference video.
    #[serde(rename = "omni-video")]
    OmniVideo,
    /// 1–4 pictures in one video (§6.1).
    #[serde(rename = "multi-image2video")]
    MultiImageToVideo,
    /// 4–5 s more of a Kling video (§6.2).
    #[serde(rename = "video-extend")]
    VideoExtend,
    /// A face of a video speaks an audio (§6.3, advanced lip-sync; faces found by identify-face).
    #[serde(rename = "lip-sync")]
    LipSync,
    /// A named effect applied to one or two pictures (§6.4).
    #[serde(rename = "effects")]
    Effects,
    /// Sound made for a video (§6.8): audio files and the video with its new sound.
    #[serde(rename = "video-to-audio")]
    VideoToAudio,
    /// A picture's character moves as a reference video does (§6.9).
    #[serde(rename = "motion-control")]
    MotionControl,
    /// A sound described in words (§6.8): audio files only.
    #[serde(rename = "text-to-audio")]
    TextToAudio,
    /// A picture grown outward on its edges (§6.5, outpainting): pictures.
    #[serde(rename = "image-expand")]
    ImageExpand,
    /// The subjects of 1–4 pictures composed into one, in a scene and a style (§6.6): pictures.
    #[serde(rename = "multi-image2image")]
    MultiImageToImage,
    /// A person pictured wearing a garment (§6.7, Kolors virtual try-on): pictures, on the
    /// try-on pack.
    #[serde(rename = "virtual-try-on")]
    VirtualTryOn,
    /// Pictures from a prompt with picture and element references, singly or as a series (§5.2).
    #[serde(rename = "omni-image")]
    OmniImage,
}

impl TaskKind {
    /// The path below `/v1/`.
    pub fn path(&self) -> &'static str {
        match self {
            TaskKind::Image => "images/generations",
            TaskKind::TextToVideo => "videos/text2video",
            TaskKind::ImageToVideo => "videos/image2video",
            TaskKind::OmniVideo => "videos/omni-video",
            TaskKind::MultiImageToVideo => "videos/multi-image2video",
            TaskKind::VideoExtend => "videos/video-extend",
            TaskKind::LipSync => "videos/advanced-lip-sync",
            TaskKind::Effects => "videos/effects",
            TaskKind::VideoToAudio => "audio/video-to-audio",
            TaskKind::MotionControl => "videos/motion-control",
            TaskKind::TextToAudio => "audio/text-to-audio",
            TaskKind::ImageExpand => "images/editing/expand",
            TaskKind::MultiImageToImage => "images/multi-image2image",
            TaskKind::VirtualTryOn => "images/kolors-virtual-try-on",
            TaskKind::OmniImage => "images/omni-image",
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            TaskKind::Image => "image",
            TaskKind::TextToVideo => "text2video",
            TaskKind::ImageToVideo => "image2video",
            TaskKind::OmniVideo => "omni-video",
            TaskKind::MultiImageToVideo => "multi-image2video",
            TaskKind::VideoExtend => "video-extend",
            TaskKind::LipSync => "lip-sync",
            TaskKind::Effects => "effects",
            TaskKind::VideoToAudio => "video-to-audio",
            TaskKind::MotionControl => "motion-control",
            TaskKind::TextToAudio => "text-to-audio",
            TaskKind::ImageExpand => "image-expand",
            TaskKind::MultiImageToImage => "multi-image2image",
            TaskKind::VirtualTryOn => "virtual-try-on",
            TaskKind::OmniImage => "omni-image",
        }
    }

    /// The kind in running text, with its article: "an image", "a text2video".
    pub fn with_article(&self) -> &'static str {
        match self {
            TaskKind::Image => "an image",
            TaskKind::TextToVideo => "a text2video",
            TaskKind::ImageToVideo => "an image2video",
            TaskKind::OmniVideo => "an omni-video",
            TaskKind::MultiImageToVideo => "a multi-image2video",
            TaskKind::VideoExtend => "a video-extend",
            TaskKind::LipSync => "a lip-sync",
            TaskKind::Effects => "an effects",
            TaskKind::VideoToAudio => "a video-to-audio",
            TaskKind::MotionControl => "a motion-control",
            TaskKind::TextToAudio => "a text-to-audio",
            TaskKind::ImageExpand => "an image-expand",
            TaskKind::MultiImageToImage => "a multi-image2image",
            TaskKind::VirtualTryOn => "a virtual-try-on",
            TaskKind::OmniImage => "an omni-image",
        }
    }

    /// Every kind.
    pub const ALL: [TaskKind; 15] = [
        TaskKind::Image,
        TaskKind::TextToVideo,
        TaskKind::ImageToVideo,
        TaskKind::OmniVideo,
        TaskKind::MultiImageToVideo,
        TaskKind::VideoExtend,
        TaskKind::LipSync,
        TaskKind::Effects,
        TaskKind::VideoToAudio,
        TaskKind::MotionControl,
        TaskKind::TextToAudio,
        TaskKind::ImageExpand,
        TaskKind::MultiImageToImage,
        TaskKind::VirtualTryOn,
        TaskKind::OmniImage,
    ];

    /// Whether the task's results are pictures (`task_result.images`): image generation and the
    /// picture tools.
    pub fn makes_pictures(&self) -> bool {
        matches!(self, TaskKind::Image | TaskKind::ImageExpand | TaskKind::MultiImageToImage | TaskKind::VirtualTryOn | TaskKind::OmniImage)
    }

    /// Whether the task draws on the video pack and Kling's video concurrency: every kind but
    /// the picture kinds. Most make a video; video-to-audio makes audio files and the video with
    /// its new sound, text-to-audio audio files only (`makes_only_audio`).
    pub fn is_video(&self) -> bool {
        !self.makes_pictures()
    }

    /// Whether the task's results include audio files (`task_result.audios`, §3.2).
    pub fn makes_audio(&self) -> bool {
        matches!(self, TaskKind::VideoToAudio | TaskKind::TextToAudio)
    }

    /// Whether the audio files are all the task makes: no picture or video results.
    pub fn makes_only_audio(&self) -> bool {
        matches!(self, TaskKind::TextToAudio)
    }

    /// The largest result file accepted: far above what Kling makes (pictures are a few MB, a
    /// 10 s clip tens of MB, a 20 s wav a few MB), and a bound on what an endless or lying answer
    /// can write to disk. One bound per kind: a video-to-audio task's files share the video's; a
    /// 10 s wav from text-to-audio is about 2 MB.
    pub fn max_result_bytes(&self) -> u64 {
        if self.makes_only_audio() {
            100 * 1024 * 1024
        } else if self.is_video() {
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
            other => TaskKind::ALL.into_iter().find(|k| k.as_str() == other).ok_or_else(|| {
                format!(
                    "unknown task kind {other:?}: use image, video, animate or one of {}",
                    TaskKind::ALL[3..].iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                )
            }),
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
        for kind in TaskKind::ALL {
            assert_eq!(kind.to_string().parse::<TaskKind>().unwrap(), kind);
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(kind.to_string()));
            assert_eq!(serde_json::from_value::<TaskKind>(serde_json::json!(kind.to_string())).unwrap(), kind);
        }
        assert_eq!("video".parse::<TaskKind>().unwrap(), TaskKind::TextToVideo);
        assert_eq!("animate".parse::<TaskKind>().unwrap(), TaskKind::ImageToVideo);
        assert!("movie".parse::<TaskKind>().is_err());
        assert!("movie".parse::<TaskKind>().unwrap_err().contains("lip-sync"));
    }

    #[test]
    fn the_video_tools_kinds() {
        let expected = [
            (TaskKind::OmniVideo, "omni-video", "videos/omni-video", "an omni-video"),
            (TaskKind::MultiImageToVideo, "multi-image2video", "videos/multi-image2video", "a multi-image2video"),
            (TaskKind::VideoExtend, "video-extend", "videos/video-extend", "a video-extend"),
            (TaskKind::LipSync, "lip-sync", "videos/advanced-lip-sync", "a lip-sync"),
            (TaskKind::Effects, "effects", "videos/effects", "an effects"),
            (TaskKind::VideoToAudio, "video-to-audio", "audio/video-to-audio", "a video-to-audio"),
            (TaskKind::MotionControl, "motion-control", "videos/motion-control", "a motion-control"),
        ];
        for (kind, name, path, with_article) in expected {
            assert_eq!((kind.as_str(), kind.path(), kind.with_article()), (name, path, with_article));
            assert_eq!(name.parse::<TaskKind>().unwrap(), kind);
            assert!(kind.is_video() && !kind.makes_only_audio());
            assert_eq!(kind.max_result_bytes(), TaskKind::TextToVideo.max_result_bytes());
            assert_eq!(kind.makes_audio(), kind == TaskKind::VideoToAudio);
        }
        let audio = TaskKind::TextToAudio;
        assert_eq!((audio.as_str(), audio.path(), audio.with_article()), ("text-to-audio", "audio/text-to-audio", "a text-to-audio"));
        assert!(audio.is_video() && audio.makes_audio() && audio.makes_only_audio());
        assert!(audio.max_result_bytes() < TaskKind::TextToVideo.max_result_bytes() && audio.max_result_bytes() > TaskKind::Image.max_result_bytes());
        let expand = TaskKind::ImageExpand;
        assert_eq!((expand.as_str(), expand.path(), expand.with_article()), ("image-expand", "images/editing/expand", "an image-expand"));
        assert!(!expand.is_video() && !expand.makes_audio() && expand.max_result_bytes() == TaskKind::Image.max_result_bytes());
        assert!(!TaskKind::Image.is_video() && TaskKind::Image.max_result_bytes() < TaskKind::VideoToAudio.max_result_bytes());
        let compose = TaskKind::MultiImageToImage;
        assert_eq!((compose.as_str(), compose.path(), compose.with_article()), ("multi-image2image", "images/multi-image2image", "a multi-image2image"));
        let try_on = TaskKind::VirtualTryOn;
        assert_eq!((try_on.as_str(), try_on.path(), try_on.with_article()), ("virtual-try-on", "images/kolors-virtual-try-on", "a virtual-try-on"));
        for kind in [compose, try_on] {
            assert!(kind.makes_pictures() && !kind.is_video() && !kind.makes_audio(), "{kind}");
            assert_eq!(kind.max_result_bytes(), TaskKind::Image.max_result_bytes());
        }
        let pictures: Vec<_> = TaskKind::ALL.into_iter().filter(TaskKind::makes_pictures).collect();
        assert_eq!(pictures, [TaskKind::Image, TaskKind::ImageExpand, compose, try_on, TaskKind::OmniImage]);
        let omni = TaskKind::OmniImage;
        assert_eq!((omni.as_str(), omni.path(), omni.with_article()), ("omni-image", "images/omni-image", "an omni-image"));
        // Every name is distinct, and so is every path.
        let names: std::collections::HashSet<_> = TaskKind::ALL.iter().map(|k| k.as_str()).collect();
        let paths: std::collections::HashSet<_> = TaskKind::ALL.iter().map(|k| k.path()).collect();
        assert_eq!((names.len(), paths.len()), (TaskKind::ALL.len(), TaskKind::ALL.len()));
    }
}
