//! Which model offers what, from the docs' capability map. The requests' validation uses it, and
//! the app's forms use it to offer only what the chosen model, mode and duration support (users
//! of other clients complain most about terse errors for unsupported combinations).

use crate::kinds::TaskKind;
use crate::params::{AspectRatio, Mode, Resolution, VideoDuration};

const IMAGE_MODELS: &[&str] = &["kling-v1", "kling-v1-5", "kling-v2", "kling-v2-new", "kling-v2-1"];
const TEXT_TO_VIDEO_MODELS: &[&str] = &["kling-v1", "kling-v1-6", "kling-v2-master", "kling-v2-1-master", "kling-v2-5-turbo"];
const IMAGE_TO_VIDEO_MODELS: &[&str] = &["kling-v1", "kling-v1-5", "kling-v1-6", "kling-v2-master", "kling-v2-1", "kling-v2-1-master", "kling-v2-5-turbo"];

/// The models a kind of task accepts, the default (kling-v1) first.
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

/// Camera control exists only for kling-v1 text-to-video std 5 s (every type) and kling-v1-5
/// image-to-video pro 5 s (simple only).
pub fn camera_control(kind: TaskKind, model: &str, mode: Mode, duration: VideoDuration) -> CameraSupport {
    match (kind, model, mode, duration) {
        (TaskKind::TextToVideo, "kling-v1", Mode::Std, VideoDuration::Five) => CameraSupport::All,
        (TaskKind::ImageToVideo, "kling-v1-5", Mode::Pro, VideoDuration::Five) => CameraSupport::SimpleOnly,
        _ => CameraSupport::None,
    }
}

/// Start + end frame (image_tail with image): kling-v1 at 5 s (std or pro); kling-v1-5, v1-6,
/// v2-1 and v2-5-turbo in pro mode; the v2 master models not at all.
pub fn image_tail_supported(model: &str, mode: Mode, duration: VideoDuration) -> bool {
    match model {
        "kling-v1" => duration == VideoDuration::Five,
        "kling-v1-5" | "kling-v1-6" | "kling-v2-1" | "kling-v2-5-turbo" => mode == Mode::Pro,
        _ => false,
    }
}

/// An end frame alone, without a start frame ("end frame" in the map): kling-v1-5 and v1-6 pro.
pub fn end_frame_only_supported(model: &str, mode: Mode) -> bool {
    matches!(model, "kling-v1-5" | "kling-v1-6") && mode == Mode::Pro
}

/// The v2 models take no cfg_scale.
pub fn cfg_scale_supported(model: &str) -> bool {
    !model.starts_with("kling-v2")
}

/// 21:9 pictures are not offered by kling-v1.
pub fn image_aspect_supported(model: &str, aspect: AspectRatio) -> bool {
    !(model == "kling-v1" && aspect == AspectRatio::R21x9)
}

/// kling-v2-new only restyles a given picture: it has no text-to-image.
pub fn image_requires_reference(model: &str) -> bool {
    model == "kling-v2-new"
}

/// Whether the docs' map lists `resolution` for this model: 2K only for text-to-image on the
/// v2 family; image-to-image is 1K. Advisory, for forms: the API's behaviour for 2K elsewhere is
/// undocumented, so requests are not refused for it.
pub fn image_resolution_listed(model: &str, resolution: Resolution, with_image: bool) -> bool {
    resolution == Resolution::OneK || (!with_image && matches!(model, "kling-v2" | "kling-v2-1"))
}

/// The v2 master models have a single mode.
pub fn modes_for(model: &str) -> &'static [Mode] {
    if model.ends_with("-master") {
        &[Mode::Pro]
    } else {
        &[Mode::Std, Mode::Pro]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use VideoDuration::{Five, Ten};

    #[test]
    fn the_map() {
        assert_eq!(models_for(TaskKind::Image)[0], "kling-v1");
        assert_eq!(models_for(TaskKind::ImageToVideo).len(), 7);
        assert_eq!(camera_control(TaskKind::TextToVideo, "kling-v1", Mode::Std, Five), CameraSupport::All);
        assert_eq!(camera_control(TaskKind::TextToVideo, "kling-v1", Mode::Pro, Five), CameraSupport::None);
        assert_eq!(camera_control(TaskKind::TextToVideo, "kling-v1", Mode::Std, Ten), CameraSupport::None);
        assert_eq!(camera_control(TaskKind::ImageToVideo, "kling-v1-5", Mode::Pro, Five), CameraSupport::SimpleOnly);
        assert_eq!(camera_control(TaskKind::ImageToVideo, "kling-v1", Mode::Std, Five), CameraSupport::None);
        assert_eq!(camera_control(TaskKind::Image, "kling-v1", Mode::Std, Five), CameraSupport::None);
        assert!(image_tail_supported("kling-v1", Mode::Std, Five) && image_tail_supported("kling-v1", Mode::Pro, Five));
        assert!(!image_tail_supported("kling-v1", Mode::Std, Ten));
        assert!(image_tail_supported("kling-v1-6", Mode::Pro, Ten) && !image_tail_supported("kling-v1-6", Mode::Std, Five));
        assert!(!image_tail_supported("kling-v2-master", Mode::Pro, Five) && !image_tail_supported("kling-v2-1-master", Mode::Pro, Five));
        assert!(end_frame_only_supported("kling-v1-5", Mode::Pro) && !end_frame_only_supported("kling-v1", Mode::Std));
        assert!(!cfg_scale_supported("kling-v2-5-turbo") && cfg_scale_supported("kling-v1-6"));
        assert!(!image_aspect_supported("kling-v1", AspectRatio::R21x9) && image_aspect_supported("kling-v1-5", AspectRatio::R21x9));
        assert!(image_requires_reference("kling-v2-new") && !image_requires_reference("kling-v2"));
        assert!(image_resolution_listed("kling-v2", Resolution::TwoK, false) && !image_resolution_listed("kling-v1", Resolution::TwoK, false));
        assert_eq!(modes_for("kling-v2-master"), &[Mode::Pro]);
    }
}
