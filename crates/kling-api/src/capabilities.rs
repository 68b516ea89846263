//! Which model offers what, from the docs' capability map. The requests' validation uses it, and
//! the app's forms use it to offer only what the chosen model, mode and duration support (users
//! of other clients complain most about terse errors for unsupported combinations). The facts
//! live in [`crate::catalogue`]; these functions are the questions the requests and forms ask of it.

use crate::catalogue::{self, Entry};
use crate::kinds::TaskKind;
use crate::params::{AspectRatio, Mode, Resolution, VideoDuration};

pub use crate::catalogue::CameraSupport;

/// How a rule reads the catalogue: the entry's answer when it knows `model` on `kind`; `elsewhere`
/// when it knows the model only on other endpoints (so it is not offered here); `unknown` when it
/// does not know the model at all — then nothing is refused and the API's answer decides.
fn rule<T>(kinds: &[TaskKind], model: &str, known: impl Fn(&Entry) -> T, elsewhere: T, unknown: T) -> T {
    match kinds.iter().find_map(|kind| catalogue::entry(*kind, model)) {
        Some(entry) => known(entry),
        None if catalogue::knows_model(model) => elsewhere,
        None => unknown,
    }
}

const VIDEO: &[TaskKind] = &[TaskKind::ImageToVideo, TaskKind::TextToVideo, TaskKind::OmniVideo, TaskKind::MultiImageToVideo, TaskKind::MotionControl];

/// The models the catalogue knows for a kind of task, the default (today's model) first.
pub fn models_for(kind: TaskKind) -> &'static [&'static str] {
    // The catalogue is const data; its model lists per kind are computed once.
    static LISTS: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
    let lists = LISTS.get_or_init(|| TaskKind::ALL.iter().map(|kind| catalogue::entries_for(*kind).map(|e| e.model).collect()).collect());
    TaskKind::ALL.iter().position(|k| *k == kind).map_or(&[], |i| &lists[i])
}

/// Camera control exists only for kling-v1 text-to-video std 5 s (every type) and kling-v1-5
/// image-to-video pro 5 s (simple only). Pictures have none; a model the catalogue does not know
/// is not checked.
pub fn camera_control(kind: TaskKind, model: &str, mode: Mode, duration: VideoDuration) -> CameraSupport {
    if !kind.is_video() {
        return CameraSupport::None;
    }
    rule(&[kind], model, |e| e.camera_in(mode, duration), CameraSupport::None, CameraSupport::All)
}

/// Start + end frame (image_tail with image): kling-v1 at 5 s (std or pro); kling-v1-5, v1-6,
/// v2-1 and v2-5-turbo in pro mode; the v2 master models not at all.
pub fn image_tail_supported(model: &str, mode: Mode, duration: VideoDuration) -> bool {
    rule(&[TaskKind::ImageToVideo], model, |e| e.start_end_frame_in(mode, duration), false, true)
}

/// An end frame alone, without a start frame ("end frame" in the map): kling-v1-5 and v1-6 pro.
pub fn end_frame_only_supported(model: &str, mode: Mode) -> bool {
    rule(&[TaskKind::ImageToVideo], model, |e| e.end_frame_only_in(mode), false, true)
}

/// The v2 models take no cfg_scale.
pub fn cfg_scale_supported(model: &str) -> bool {
    rule(VIDEO, model, |e| e.cfg_scale, false, true)
}

/// 21:9 pictures are not offered by kling-v1.
pub fn image_aspect_supported(model: &str, aspect: AspectRatio) -> bool {
    rule(&[TaskKind::Image], model, |e| e.aspect_ratios.contains(&aspect), false, true)
}

/// kling-v2-new only restyles a given picture: it has no text-to-image.
pub fn image_requires_reference(model: &str) -> bool {
    rule(&[TaskKind::Image], model, |e| !e.text_to_image, false, false)
}

/// Whether the docs' map lists `resolution` for this model: 2K only for text-to-image on the
/// v2 family; image-to-image is 1K. Advisory, for forms: the API's behaviour for 2K elsewhere is
/// undocumented, so requests are not refused for it.
pub fn image_resolution_listed(model: &str, resolution: Resolution, with_image: bool) -> bool {
    let listed = |e: &Entry| if with_image { e.resolutions_with_image } else { e.resolutions_text }.contains(&resolution);
    rule(&[TaskKind::Image], model, listed, resolution == Resolution::OneK, true)
}

/// The modes a video model takes: none for the v2 master models (they send no mode), 4K too for
/// kling-v3. Models the catalogue does not know get std and pro.
pub fn modes_for(model: &str) -> &'static [Mode] {
    const BOTH: &[Mode] = &[Mode::Std, Mode::Pro];
    rule(VIDEO, model, |e| e.modes, BOTH, BOTH)
}

#[cfg(test)]
mod tests {
    use super::*;
    const FIVE: VideoDuration = VideoDuration::FIVE;
    const TEN: VideoDuration = VideoDuration::TEN;

    #[test]
    fn a_model_the_catalogue_does_not_know_is_not_checked() {
        assert_eq!(camera_control(TaskKind::TextToVideo, "kling-v9", Mode::Pro, TEN), CameraSupport::All);
        assert_eq!(camera_control(TaskKind::Image, "kling-v9", Mode::Std, FIVE), CameraSupport::None);
        assert!(image_tail_supported("kling-v9", Mode::Std, TEN) && end_frame_only_supported("kling-v9", Mode::Std));
        assert!(cfg_scale_supported("kling-v9") && image_aspect_supported("kling-v9", AspectRatio::R21x9));
        assert!(!image_requires_reference("kling-v9") && image_resolution_listed("kling-v9", Resolution::TwoK, true));
        assert_eq!(modes_for("kling-v9"), &[Mode::Std, Mode::Pro]);
        // Known on another endpoint only: not offered here.
        assert!(!image_tail_supported("kling-v2", Mode::Pro, FIVE) && !cfg_scale_supported("kling-v2-new"));
        assert_eq!(camera_control(TaskKind::TextToVideo, "kling-v1-5", Mode::Pro, FIVE), CameraSupport::None);
        assert!(!image_aspect_supported("kling-v1-6", AspectRatio::R1x1));
    }

    #[test]
    fn the_map() {
        assert_eq!(models_for(TaskKind::Image)[0], "kling-v3");
        assert_eq!(models_for(TaskKind::ImageToVideo).len(), 9);
        assert_eq!(camera_control(TaskKind::TextToVideo, "kling-v1", Mode::Std, FIVE), CameraSupport::All);
        assert_eq!(camera_control(TaskKind::TextToVideo, "kling-v1", Mode::Pro, FIVE), CameraSupport::None);
        assert_eq!(camera_control(TaskKind::TextToVideo, "kling-v1", Mode::Std, TEN), CameraSupport::None);
        assert_eq!(camera_control(TaskKind::ImageToVideo, "kling-v1-5", Mode::Pro, FIVE), CameraSupport::SimpleOnly);
        assert_eq!(camera_control(TaskKind::ImageToVideo, "kling-v1", Mode::Std, FIVE), CameraSupport::None);
        assert_eq!(camera_control(TaskKind::Image, "kling-v1", Mode::Std, FIVE), CameraSupport::None);
        assert!(image_tail_supported("kling-v1", Mode::Std, FIVE) && image_tail_supported("kling-v1", Mode::Pro, FIVE));
        assert!(!image_tail_supported("kling-v1", Mode::Std, TEN));
        assert!(image_tail_supported("kling-v1-6", Mode::Pro, TEN) && !image_tail_supported("kling-v1-6", Mode::Std, FIVE));
        assert!(!image_tail_supported("kling-v2-master", Mode::Pro, FIVE) && !image_tail_supported("kling-v2-1-master", Mode::Pro, FIVE));
        assert!(end_frame_only_supported("kling-v1-5", Mode::Pro) && !end_frame_only_supported("kling-v1", Mode::Std));
        assert!(!cfg_scale_supported("kling-v2-5-turbo") && cfg_scale_supported("kling-v1-6"));
        assert!(!image_aspect_supported("kling-v1", AspectRatio::R21x9) && image_aspect_supported("kling-v1-5", AspectRatio::R21x9));
        assert!(image_requires_reference("kling-v2-new") && !image_requires_reference("kling-v2"));
        assert!(image_resolution_listed("kling-v2", Resolution::TwoK, false) && !image_resolution_listed("kling-v1", Resolution::TwoK, false));
        assert_eq!(modes_for("kling-v2-master"), &[] as &[Mode]);
        assert_eq!(modes_for("kling-v3"), &[Mode::Std, Mode::Pro, Mode::FourK]);
    }

    #[test]
    fn the_video_tools_models() {
        assert_eq!(models_for(TaskKind::OmniVideo), ["kling-v3-omni", "kling-video-o1"]);
        assert_eq!(models_for(TaskKind::MultiImageToVideo), ["kling-v1-6"]);
        assert_eq!(models_for(TaskKind::MotionControl), ["kling-v3", "kling-v2-6"]);
        for kind in [TaskKind::VideoExtend, TaskKind::LipSync, TaskKind::Effects, TaskKind::VideoToAudio, TaskKind::TextToAudio, TaskKind::ImageExpand] {
            assert!(models_for(kind).is_empty(), "{kind} takes no model_name");
        }
        assert_eq!(models_for(TaskKind::MultiImageToImage), ["kling-v2-1", "kling-v2"]);
        // Try-on's two models are an enum of their own (TryOnModel), not catalogue entries.
        assert!(models_for(TaskKind::VirtualTryOn).is_empty());
        assert_eq!(modes_for("kling-v3-omni"), &[Mode::Std, Mode::Pro, Mode::FourK]);
        assert_eq!(modes_for("kling-video-o1"), &[Mode::Std, Mode::Pro]);
        assert!(!cfg_scale_supported("kling-v3-omni"));
    }
}
