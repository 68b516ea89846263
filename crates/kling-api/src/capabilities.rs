//! Which model offers what, from the docs' capability map. The requests' validation uses it, and
//! the app's forms use it to offer only what the chosen model, mode and duration support.

use crate::kinds::TaskKind;
use crate::params::{AspectRatio, Mode, VideoDuration};

const IMAGE_MODELS: &[&str] = &["kling-v1", "kling-v1-5", "kling-v2", "kling-v2-new", "kling-v2-1"];
const TEXT_TO_VIDEO_MODELS: &[&str] = &["kling-v1", "kling-v1-6", "kling-v2-master", "kling-v2-1-master", "kling-v2-5-turbo"];
const IMAGE_TO_VIDEO_MODELS: &[&str] =
    &["kling-v1", "kling-v1-5", "kling-v1-6", "kling-v2-master", "kling-v2-1", "kling-v2-1-master", "kling-v2-5-turbo"];

pub fn models_for(kind: TaskKind) -> &'static [&'static str] {
    match kind {
        TaskKind::Image => IMAGE_MODELS,
        TaskKind::TextToVideo => TEXT_TO_VIDEO_MODELS,
        TaskKind::ImageToVideo => IMAGE_TO_VIDEO_MODELS,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraSupport {
    None,
    /// Only the `simple` move with one axis.
    SimpleOnly,
    All,
}

/// Camera control exists only for kling-v1 text-to-video std 5 s and kling-v1-5 image-to-video
/// pro 5 s (simple only).
pub fn camera_control(kind: TaskKind, model: &str, mode: Mode, duration: VideoDuration) -> CameraSupport {
    match (kind, model, mode, duration) {
        (TaskKind::TextToVideo, "kling-v1", Mode::Std, VideoDuration::Five) => CameraSupport::All,
        (TaskKind::ImageToVideo, "kling-v1-5", Mode::Pro, VideoDuration::Five) => CameraSupport::SimpleOnly,
        _ => CameraSupport::None,
    }
}

/// End frames (image_tail): kling-v1 at 5 s; kling-v1-5, v1-6, v2-1 and v2-5-turbo in pro mode;
/// the v2 master models not at all.
pub fn image_tail_supported(model: &str, mode: Mode, duration: VideoDuration) -> bool {
    match model {
        "kling-v1" => duration == VideoDuration::Five,
        "kling-v1-5" | "kling-v1-6" | "kling-v2-1" | "kling-v2-5-turbo" => mode == Mode::Pro,
        _ => false,
    }
}

/// The v2 models take no cfg_scale.
pub fn cfg_scale_supported(model: &str) -> bool {
    !model.starts_with("kling-v2")
}

/// 21:9 pictures are not offered by kling-v1.
pub fn image_aspect_supported(model: &str, aspect: AspectRatio) -> bool {
    !(model == "kling-v1" && aspect == AspectRatio::R21x9)
}

/// The v2 master models have a single mode.
pub fn modes_for(model: &str) -> &'static [Mode] {
    if model.ends_with("-master") { &[Mode::Pro] } else { &[Mode::Std, Mode::Pro] }
}
