//! The create requests, each checked with the API's rules by `validate()`. The client calls
//! `validate()` before sending, so an invalid request never reaches the API.

mod custom_element;
mod custom_voice;
mod effects;
mod image;
mod image_expand;
mod image_to_video;
mod lip_sync;
mod media;
mod motion_control;
mod multi_image_to_image;
mod multi_image_to_video;
mod omni_image;
mod omni_video;
mod picture_options;
#[cfg(test)]
mod test_support;
mod text_to_audio;
mod text_to_video;
mod video_extend;
mod video_options;
mod video_to_audio;
mod virtual_try_on;
mod wire_body;

pub use custom_element::{
    CustomElementRequest, ElementImages, ElementTag, ElementVideos, ReferImage, ReferVideo, ReferenceType, ELEMENT_REFER_IMAGES, ELEMENT_TAGS, ELEMENT_TAG_NAMES,
    MAX_ELEMENT_DESCRIPTION_CHARS, MAX_ELEMENT_NAME_CHARS,
};
pub use custom_voice::{CustomVoiceRequest, MAX_VOICE_NAME_CHARS, VOICE_SECONDS};
pub use effects::{EffectInput, EffectsRequest};
pub use image::ImageRequest;
pub use image_expand::{ImageExpandRequest, MAX_EXPANDED_AREA, MAX_EXPANSION_RATIO};
pub use image_to_video::ImageToVideoRequest;
pub use lip_sync::{
    Face, FaceChoice, IdentifiedFaces, IdentifyFaceRequest, LipSyncFacts, LipSyncRequest, MAX_LIP_SYNC_AUDIO_MS, MAX_SOUND_FILE_BYTES, MAX_VOLUME, MIN_LIP_SYNC_MS,
};
pub use media::YesNo;
pub use motion_control::{CharacterOrientation, MotionControlRequest, MOTION_DEFAULT_MODEL};
pub use multi_image_to_image::{MultiImageToImageRequest, SubjectImage, COMPOSE_DEFAULT_MODEL, MAX_SUBJECT_PICTURES};
pub use multi_image_to_video::{MultiImage, MultiImageToVideoRequest, MAX_MULTI_IMAGES, MULTI_IMAGE_DEFAULT_MODEL};
pub use omni_image::{
    Auto, OmniImageAspect, OmniImageInput, OmniImageRequest, ResultType, SeriesAmount, DEFAULT_SERIES_AMOUNT, MAX_OMNI_IMAGE_REFERENCES, OMNI_IMAGE_DEFAULT_MODEL,
    SERIES_AMOUNTS,
};
pub use omni_video::{
    FrameType, OmniImage, OmniVideoRef, OmniVideoRequest, ReferType, MAX_OMNI_ELEMENTS_WITH_FRAME, MAX_OMNI_REFERENCES, MAX_OMNI_REFERENCES_WITH_VIDEO,
    OMNI_DEFAULT_MODEL,
};
pub use picture_options::MAX_PICTURES_ASKED;
pub use text_to_audio::{TextToAudioRequest, TEXT_TO_AUDIO_DEFAULT_SECONDS, TEXT_TO_AUDIO_SECONDS};
pub use text_to_video::TextToVideoRequest;
pub use video_extend::{extend_refusal, VideoExtendRequest, EXTENDABLE_MODELS, MAX_EXTENDED_SECONDS};
pub use video_options::{MAX_SHOTS, MAX_SHOT_PROMPT_CHARS};
pub use video_to_audio::{VideoToAudioRequest, MAX_AUDIO_PROMPT_CHARS};
pub use virtual_try_on::{TryOnModel, VirtualTryOnRequest};
pub(crate) use wire_body::wire_body;

use crate::camera::{CameraControl, CameraType};
use crate::capabilities::{self, CameraSupport};
use crate::catalogue;
use crate::kinds::TaskKind;
use crate::params::{Mode, VideoDuration};
use crate::validation::ValidationError;

/// The model the API uses when a request names none (addendum §1.1: kling-v1 everywhere). New
/// forms and commands start from `catalogue::default_model` instead, today's model.
pub(crate) const DEFAULT_MODEL: &str = "kling-v1";

/// Refuses a model the catalogue knows on other endpoints only (kling-v1-5 on text2video). A model
/// it does not know at all is sent: Kling ships models every few months, and the API's answer
/// decides; its per-model rules are skipped (the capability functions allow everything for it).
pub(crate) fn check_model(kind: TaskKind, model: &str) -> Result<(), ValidationError> {
    if catalogue::is_known(kind, model) || !catalogue::knows_model(model) {
        return Ok(());
    }
    let models = capabilities::models_for(kind);
    Err(ValidationError::new("model_name", format!("{model:?} is not {} model; use one of {}", kind.with_article(), models.join(", "))))
}

pub(crate) fn check_cfg(model: &str, cfg: Option<f64>) -> Result<(), ValidationError> {
    crate::validation::check_unit("cfg_scale", cfg)?;
    if cfg.is_some() && !capabilities::cfg_scale_supported(model) {
        return Err(ValidationError::new("cfg_scale", format!("{model} does not take cfg_scale (only kling-v1 models do); leave it out")));
    }
    Ok(())
}

/// "kling-v1 pro 10 s", for messages.
pub(crate) fn combo(model: &str, mode: Mode, duration: VideoDuration) -> String {
    format!("{model} {mode} {} s", duration.seconds())
}

pub(crate) fn check_camera(kind: TaskKind, model: &str, mode: Mode, duration: VideoDuration, camera: Option<&CameraControl>) -> Result<(), ValidationError> {
    let Some(camera) = camera else { return Ok(()) };
    camera.validate()?;
    let where_ = combo(model, mode, duration);
    match capabilities::camera_control(kind, model, mode, duration) {
        CameraSupport::All => Ok(()),
        CameraSupport::SimpleOnly if camera.kind == CameraType::Simple => Ok(()),
        CameraSupport::SimpleOnly => Err(ValidationError::new("camera_control", format!("{where_} offers only the simple move, not {}", camera.kind.as_str()))),
        CameraSupport::None => Err(ValidationError::new(
            "camera_control",
            format!("camera control is not available for {kind} with {where_}; it exists for kling-v1 text-to-video std 5 s and kling-v1-5 image-to-video pro 5 s (simple only)"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::url;
    use super::*;
    use crate::camera::CameraConfig;
    use crate::image_input::ImageInput;
    use crate::params::{AspectRatio, ImageReference};

    /// The rule broken: (field, a piece of the message).
    fn broken(result: Result<(), ValidationError>) -> (String, String) {
        let e = result.expect_err("expected a validation error");
        assert_eq!(e.to_string(), format!("{}: {}", e.field, e.message), "Display is \"field: rule\"");
        (e.field, e.message)
    }

    fn assert_broken(result: Result<(), ValidationError>, field: &str, needle: &str) {
        let (f, m) = broken(result);
        assert_eq!(f, field, "{m}");
        assert!(m.contains(needle), "{field}: {m:?} should contain {needle:?}");
    }

    #[test]
    fn the_defaults_are_valid_and_serialise_only_what_is_set() {
        let image = ImageRequest::new("a fox");
        image.validate().unwrap();
        assert_eq!(serde_json::to_value(&image).unwrap(), serde_json::json!({ "model_name": "kling-v1", "prompt": "a fox" }));
        let t2v = TextToVideoRequest::new("waves");
        t2v.validate().unwrap();
        assert_eq!(serde_json::to_value(&t2v).unwrap(), serde_json::json!({ "model_name": "kling-v1", "prompt": "waves" }));
        let i2v = ImageToVideoRequest::new(url("a"));
        i2v.validate().unwrap();
        assert_eq!(serde_json::to_value(&i2v).unwrap(), serde_json::json!({ "model_name": "kling-v1", "image": "https://example.com/a.png" }));
        assert_eq!(ImageRequest::default().model_name, "kling-v1");
        assert_eq!(ImageToVideoRequest::default().model_name, "kling-v1");
        assert_eq!(TextToVideoRequest::default().model_name, "kling-v1");
    }

    #[test]
    fn a_full_video_request_serialises_with_the_wire_types() {
        let req = TextToVideoRequest {
            negative_prompt: Some("blur".into()),
            cfg_scale: Some(0.7),
            mode: Some(Mode::Std),
            aspect_ratio: Some(AspectRatio::R9x16),
            duration: Some(VideoDuration::FIVE),
            camera_control: Some(CameraControl::parse("simple:zoom=5").unwrap()),
            external_task_id: Some("x-1".into()),
            callback_url: Some("https://example.com/hook".into()),
            ..TextToVideoRequest::new("waves")
        };
        req.validate().unwrap();
        let json = serde_json::to_value(&req).unwrap();
        assert_eq!(json["duration"], "5");
        assert_eq!(json["mode"], "std");
        assert_eq!(json["aspect_ratio"], "9:16");
        assert_eq!(json["camera_control"]["type"], "simple");
        assert_eq!(json["external_task_id"], "x-1");
    }

    #[test]
    fn prompts() {
        assert_broken(ImageRequest::new("").validate(), "prompt", "must not be empty");
        assert_broken(ImageRequest::new("  \n\t ").validate(), "prompt", "must not be empty");
        assert_broken(TextToVideoRequest::new("").validate(), "prompt", "must not be empty");
        let long = "é".repeat(2501);
        assert_broken(ImageRequest::new(long.clone()).validate(), "prompt", "must be at most 2500 characters (got 2501)");
        assert_broken(TextToVideoRequest::new(long.clone()).validate(), "prompt", "got 2501");
        ImageRequest::new("é".repeat(2500)).validate().expect("2500 characters (not bytes) is fine");
        let i2v = ImageToVideoRequest { prompt: Some(long.clone()), ..ImageToVideoRequest::new(url("a")) };
        assert_broken(i2v.validate(), "prompt", "2500");
        ImageToVideoRequest { prompt: Some(String::new()), ..ImageToVideoRequest::new(url("a")) }.validate().expect("the i2v prompt is optional");
        let neg = ImageRequest { negative_prompt: Some(long.clone()), ..ImageRequest::new("x") };
        assert_broken(neg.validate(), "negative_prompt", "at most 2500");
        let neg = TextToVideoRequest { negative_prompt: Some(long.clone()), ..TextToVideoRequest::new("x") };
        assert_broken(neg.validate(), "negative_prompt", "at most 2500");
        let neg = ImageToVideoRequest { negative_prompt: Some(long), ..ImageToVideoRequest::new(url("a")) };
        assert_broken(neg.validate(), "negative_prompt", "at most 2500");
        assert_broken(ImageRequest::new("bell\u{7}").validate(), "prompt", "control characters");
    }

    #[test]
    fn models() {
        // A model the catalogue knows only on other endpoints is refused, with the list.
        let req = TextToVideoRequest { model_name: "kling-v1-5".into(), ..TextToVideoRequest::new("x") };
        assert_broken(req.validate(), "model_name", "kling-v1-6");
        let req = ImageToVideoRequest { model_name: "kling-v2".into(), ..ImageToVideoRequest::new(url("a")) };
        assert_broken(req.validate(), "model_name", "use one of");
        let req = ImageRequest { model_name: "kling-v1-6".into(), ..ImageRequest::new("x") };
        assert_broken(req.validate(), "model_name", "not an image model");
    }

    #[test]
    fn a_model_the_catalogue_does_not_know_is_sent_with_only_its_shape_checked() {
        let model = || "kling-v9".to_string();
        // Per-model rules are skipped: options no known model offers in this combination pass.
        let camera = CameraControl::preset(CameraType::DownBack);
        let t2v = TextToVideoRequest {
            model_name: model(),
            mode: Some(Mode::Pro),
            duration: Some(VideoDuration::TEN),
            cfg_scale: Some(0.5),
            camera_control: Some(camera.clone()),
            ..TextToVideoRequest::new("x")
        };
        t2v.validate().unwrap();
        let i2v = ImageToVideoRequest { model_name: model(), image: None, image_tail: Some(url("b")), cfg_scale: Some(0.5), ..Default::default() };
        i2v.validate().unwrap();
        ImageToVideoRequest { image: Some(url("a")), mode: Some(Mode::Std), duration: Some(VideoDuration::TEN), ..i2v.clone() }.validate().unwrap();
        let image = ImageRequest { model_name: model(), aspect_ratio: Some(AspectRatio::R21x9), ..ImageRequest::new("x") };
        image.validate().unwrap();
        ImageRequest { image: Some(url("r")), image_reference: Some(ImageReference::Face), ..image.clone() }.validate().unwrap();
        ImageRequest { image: Some(url("r")), ..image.clone() }.validate().expect("no reference kind is required of an unknown model");
        // What does not depend on the model is still checked, the field named.
        assert_broken(TextToVideoRequest { prompt: String::new(), ..t2v.clone() }.validate(), "prompt", "must not be empty");
        assert_broken(TextToVideoRequest { cfg_scale: Some(1.5), ..t2v.clone() }.validate(), "cfg_scale", "between 0 and 1");
        assert_broken(TextToVideoRequest { aspect_ratio: Some(AspectRatio::R4x3), ..t2v.clone() }.validate(), "aspect_ratio", "not a video aspect ratio");
        let bad_move = CameraControl { kind: CameraType::Simple, config: Some(CameraConfig::default()) };
        assert_broken(TextToVideoRequest { camera_control: Some(bad_move), ..t2v }.validate(), "camera_control", "exactly one non-zero axis");
        assert_broken(ImageToVideoRequest { image_tail: None, ..i2v.clone() }.validate(), "image", "give a picture");
        assert_broken(ImageToVideoRequest { camera_control: Some(camera), ..i2v }.validate(), "camera_control", "cannot be combined with an end frame");
        assert_broken(ImageRequest { n: Some(10), ..image.clone() }.validate(), "n", "between 1 and 9");
        assert_broken(ImageRequest { image_reference: Some(ImageReference::Face), ..image.clone() }.validate(), "image_reference", "needs a reference image");
        let neg = ImageRequest { image: Some(url("r")), negative_prompt: Some("blur".into()), ..image };
        assert_broken(neg.validate(), "negative_prompt", "not supported together with a reference image");
    }

    #[test]
    fn image_numbers_and_fidelity() {
        for n in [0, 10] {
            let req = ImageRequest { n: Some(n), ..ImageRequest::new("x") };
            assert_broken(req.validate(), "n", &format!("between 1 and 9 (got {n})"));
        }
        ImageRequest { n: Some(9), ..ImageRequest::new("x") }.validate().unwrap();
        let req = ImageRequest { image: Some(url("r")), image_fidelity: Some(1.5), ..ImageRequest::new("x") };
        assert_broken(req.validate(), "image_fidelity", "between 0 and 1 (got 1.5)");
        let req = ImageRequest { image_fidelity: Some(f64::NAN), ..ImageRequest::new("x") };
        assert_broken(req.validate(), "image_fidelity", "between 0 and 1");
        let req = ImageRequest {
            model_name: "kling-v1-5".into(),
            image: Some(url("r")),
            image_reference: Some(ImageReference::Subject),
            human_fidelity: Some(-0.1),
            ..ImageRequest::new("x")
        };
        assert_broken(req.validate(), "human_fidelity", "between 0 and 1");
    }

    #[test]
    fn image_references() {
        let v15 = |reference: Option<ImageReference>, image: Option<ImageInput>| ImageRequest {
            model_name: "kling-v1-5".into(),
            image,
            image_reference: reference,
            ..ImageRequest::new("x")
        };
        v15(Some(ImageReference::Face), Some(url("r"))).validate().unwrap();
        v15(None, None).validate().unwrap();
        assert_broken(v15(None, Some(url("r"))).validate(), "image_reference", "needs subject or face");
        assert_broken(v15(Some(ImageReference::Face), None).validate(), "image_reference", "needs a reference image");
        let v1 = ImageRequest { image: Some(url("r")), image_reference: Some(ImageReference::Subject), ..ImageRequest::new("x") };
        assert_broken(v1.validate(), "image_reference", "only for kling-v2-1, kling-v1-5 (not kling-v1)");
        let face = ImageRequest { human_fidelity: Some(0.5), ..v15(Some(ImageReference::Face), Some(url("r"))) };
        assert_broken(face.validate(), "human_fidelity", "only applies with image_reference subject");
        let neg = ImageRequest { image: Some(url("r")), negative_prompt: Some("blur".into()), ..ImageRequest::new("x") };
        assert_broken(neg.validate(), "negative_prompt", "not supported together with a reference image");
        let restyle = ImageRequest { model_name: "kling-v2-new".into(), ..ImageRequest::new("x") };
        assert_broken(restyle.validate(), "image", "only restyles");
        ImageRequest { image: Some(url("r")), ..restyle }.validate().unwrap();
    }

    #[test]
    fn aspect_ratios() {
        let req = ImageRequest { aspect_ratio: Some(AspectRatio::R21x9), ..ImageRequest::new("x") };
        assert_broken(req.validate(), "aspect_ratio", "21:9 is not offered by kling-v1");
        ImageRequest { model_name: "kling-v1-5".into(), aspect_ratio: Some(AspectRatio::R21x9), ..ImageRequest::new("x") }.validate().unwrap();
        let req = TextToVideoRequest { aspect_ratio: Some(AspectRatio::R4x3), ..TextToVideoRequest::new("x") };
        assert_broken(req.validate(), "aspect_ratio", "4:3 is not a video aspect ratio");
        for aspect in AspectRatio::VIDEO {
            TextToVideoRequest { aspect_ratio: Some(aspect), ..TextToVideoRequest::new("x") }.validate().unwrap();
        }
    }

    #[test]
    fn cfg_scale() {
        let req = TextToVideoRequest { cfg_scale: Some(1.2), ..TextToVideoRequest::new("x") };
        assert_broken(req.validate(), "cfg_scale", "between 0 and 1 (got 1.2)");
        let req = TextToVideoRequest { model_name: "kling-v2-master".into(), cfg_scale: Some(0.5), ..TextToVideoRequest::new("x") };
        assert_broken(req.validate(), "cfg_scale", "kling-v2-master does not take cfg_scale");
        let req = ImageToVideoRequest { model_name: "kling-v2-5-turbo".into(), cfg_scale: Some(0.5), ..ImageToVideoRequest::new(url("a")) };
        assert_broken(req.validate(), "cfg_scale", "does not take cfg_scale");
        TextToVideoRequest { model_name: "kling-v1-6".into(), cfg_scale: Some(0.0), ..TextToVideoRequest::new("x") }.validate().unwrap();
    }

    #[test]
    fn camera_rules() {
        let with = |camera: CameraControl| TextToVideoRequest { camera_control: Some(camera), ..TextToVideoRequest::new("x") };
        let simple = |config: CameraConfig| CameraControl { kind: CameraType::Simple, config: Some(config) };
        with(CameraControl::preset(CameraType::DownBack)).validate().unwrap();
        with(simple(CameraConfig { zoom: 5.0, ..Default::default() })).validate().unwrap();
        assert_broken(with(simple(CameraConfig::default())).validate(), "camera_control", "exactly one non-zero axis");
        assert_broken(with(simple(CameraConfig { pan: 1.0, tilt: -1.0, ..Default::default() })).validate(), "camera_control", "got 2");
        assert_broken(with(simple(CameraConfig { zoom: 11.0, ..Default::default() })).validate(), "camera_control", "zoom must be between -10 and 10 (got 11)");
        let preset_with_config = CameraControl { kind: CameraType::ForwardUp, config: Some(CameraConfig { zoom: 1.0, ..Default::default() }) };
        assert_broken(with(preset_with_config).validate(), "camera_control", "takes no config");

        // Only where the map offers it.
        let pro = TextToVideoRequest { mode: Some(Mode::Pro), ..with(CameraControl::preset(CameraType::DownBack)) };
        assert_broken(pro.validate(), "camera_control", "not available for text2video with kling-v1 pro 5 s");
        let ten = TextToVideoRequest { duration: Some(VideoDuration::TEN), ..with(CameraControl::preset(CameraType::DownBack)) };
        assert_broken(ten.validate(), "camera_control", "kling-v1 std 10 s");
        let other = TextToVideoRequest { model_name: "kling-v1-6".into(), ..with(CameraControl::preset(CameraType::DownBack)) };
        assert_broken(other.validate(), "camera_control", "not available");

        let i2v = |camera: CameraControl| ImageToVideoRequest {
            model_name: "kling-v1-5".into(),
            mode: Some(Mode::Pro),
            camera_control: Some(camera),
            ..ImageToVideoRequest::new(url("a"))
        };
        i2v(CameraControl::simple("pan", 3.0).unwrap()).validate().unwrap();
        assert_broken(i2v(CameraControl::preset(CameraType::DownBack)).validate(), "camera_control", "only the simple move");
        let std = ImageToVideoRequest { mode: Some(Mode::Std), ..i2v(CameraControl::simple("pan", 3.0).unwrap()) };
        assert_broken(std.validate(), "camera_control", "kling-v1-5 std 5 s");
        let v1 = ImageToVideoRequest { model_name: "kling-v1".into(), ..i2v(CameraControl::simple("pan", 3.0).unwrap()) };
        assert_broken(v1.validate(), "camera_control", "not available");
    }

    #[test]
    fn image_to_video_frames() {
        assert_broken(ImageToVideoRequest::default().validate(), "image", "give a picture");
        // Start + end frame where the map allows it, and not elsewhere.
        let both = |model: &str, mode: Mode, duration: VideoDuration| ImageToVideoRequest {
            model_name: model.into(),
            mode: Some(mode),
            duration: Some(duration),
            image_tail: Some(url("z")),
            ..ImageToVideoRequest::new(url("a"))
        };
        both("kling-v1", Mode::Std, VideoDuration::FIVE).validate().unwrap();
        both("kling-v1-6", Mode::Pro, VideoDuration::TEN).validate().unwrap();
        assert_broken(both("kling-v1", Mode::Std, VideoDuration::TEN).validate(), "image_tail", "not available for kling-v1 std 10 s");
        assert_broken(both("kling-v1-6", Mode::Std, VideoDuration::FIVE).validate(), "image_tail", "kling-v1-6 std 5 s");
        assert_broken(both("kling-v2-master", Mode::Pro, VideoDuration::FIVE).validate(), "image_tail", "not available");
        // The end frame alone.
        let tail_only = |model: &str, mode: Mode| ImageToVideoRequest { image: None, ..both(model, mode, VideoDuration::FIVE) };
        tail_only("kling-v1-5", Mode::Pro).validate().unwrap();
        assert_broken(tail_only("kling-v1", Mode::Std).validate(), "image", "without a start frame");
        // Frames and camera control exclude each other.
        let camera = ImageToVideoRequest { camera_control: Some(CameraControl::simple("zoom", 2.0).unwrap()), ..both("kling-v1-5", Mode::Pro, VideoDuration::FIVE) };
        assert_broken(camera.validate(), "camera_control", "cannot be combined with an end frame");
    }

    #[test]
    fn inline_pictures_and_urls() {
        let prefixed = ImageInput::Base64("data:image/png;base64,iVBORw0KGgo=".into());
        assert_broken(ImageToVideoRequest::new(prefixed.clone()).validate(), "image", "without a data: prefix");
        let req = ImageToVideoRequest { image_tail: Some(prefixed.clone()), ..ImageToVideoRequest::new(url("a")) };
        assert_broken(req.validate(), "image_tail", "data: prefix");
        let req = ImageRequest { image: Some(prefixed), ..ImageRequest::new("x") };
        assert_broken(req.validate(), "image", "data: prefix");
        assert_broken(ImageToVideoRequest::new(ImageInput::Base64(String::new())).validate(), "image", "is empty");
        assert_broken(ImageToVideoRequest::new(ImageInput::Url("ftp://example.com/a.png".into())).validate(), "image", "http(s)");
        assert_broken(ImageToVideoRequest::new(ImageInput::Url("file:///etc/passwd".into())).validate(), "image", "http(s)");
        let hook = TextToVideoRequest { callback_url: Some("ftp://example.com/hook".into()), ..TextToVideoRequest::new("x") };
        assert_broken(hook.validate(), "callback_url", "http(s) URL");
        let hook = ImageRequest { callback_url: Some("not a url".into()), ..ImageRequest::new("x") };
        assert_broken(hook.validate(), "callback_url", "http(s) URL");
        let hook = ImageToVideoRequest { callback_url: Some("mailto:a@b.c".into()), ..ImageToVideoRequest::new(url("a")) };
        assert_broken(hook.validate(), "callback_url", "http(s) URL");
    }

    #[test]
    fn external_ids() {
        let req = TextToVideoRequest { external_task_id: Some("  ".into()), ..TextToVideoRequest::new("x") };
        assert_broken(req.validate(), "external_task_id", "must not be empty");
        let req = ImageToVideoRequest { external_task_id: Some("x".repeat(300)), ..ImageToVideoRequest::new(url("a")) };
        assert_broken(req.validate(), "external_task_id", "at most 256");
    }
}
