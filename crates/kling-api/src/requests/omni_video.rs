use super::media::{check_media_url, check_references, check_seconds, YesNo};
use super::video_options::VideoOptions;
use crate::catalogue;
use crate::image_input::ImageInput;
use crate::kinds::TaskKind;
use crate::params::{AspectRatio, ElementRef, Mode, Shot, ShotType, Sound, VideoDuration, WatermarkInfo};
use crate::validation::{check_callback_url, check_external_id, check_prompt, ValidationError};
use serde::{Deserialize, Serialize};

/// The model the API uses when a request names none (§5.1).
pub const OMNI_DEFAULT_MODEL: &str = "kling-video-o1";
const O1: &str = "kling-video-o1";
/// Pictures and elements together (§5.1): at most 7, or 4 with a video; 3 elements with a first frame.
pub const MAX_OMNI_REFERENCES: usize = 7;
pub const MAX_OMNI_REFERENCES_WITH_VIDEO: usize = 4;
pub const MAX_OMNI_ELEMENTS_WITH_FRAME: usize = 3;

/// What a picture of `image_list` is: a frame, or (no type) a plain reference.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameType {
    FirstFrame,
    EndFrame,
}

/// One picture of `image_list`: its key is `image_url` here (§5.1), a URL or raw base64.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OmniImage {
    pub image_url: ImageInput,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<FrameType>,
}

impl OmniImage {
    pub fn reference(image: ImageInput) -> Self {
        Self { image_url: image, frame: None }
    }
    pub fn frame(image: ImageInput, frame: FrameType) -> Self {
        Self { image_url: image, frame: Some(frame) }
    }
}

/// How the reference video is used: `base` edits it, `feature` takes its style, camera or the
/// shot before/after it.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReferType {
    Feature,
    /// The API's default.
    #[default]
    Base,
}

/// The reference video (`video_list`, at most one).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OmniVideoRef {
    pub video_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refer_type: Option<ReferType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_original_sound: Option<YesNo>,
}

/// `POST /v1/videos/omni-video` (addendum §1.3, §5.1): a video from text, pictures (references
/// or first/end frames), saved elements and one reference video. Inputs are referred to in the
/// prompt as `<<<image_1>>>`, `<<<element_1>>>`, `<<<video_1>>>`, numbered in list order.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OmniVideoRequest {
    pub model_name: String,
    /// Required unless customised shots carry the prompts; negative wishes go in here too.
    #[serde(default)]
    pub prompt: String,
    // Pictures travel as files or URLs beside the request, never inside it, over IPC.
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_list: Option<Vec<OmniImage>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_list: Option<Vec<ElementRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_list: Option<Vec<OmniVideoRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<Sound>,
    /// The API's default is pro here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<AspectRatio>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<VideoDuration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_shot: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shot_type: Option<ShotType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_prompt: Option<Vec<Shot>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_info: Option<WatermarkInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl Default for OmniVideoRequest {
    fn default() -> Self {
        Self::new("")
    }
}

fn err(field: &str, message: impl Into<String>) -> Result<(), ValidationError> {
    Err(ValidationError::new(field, message))
}

impl OmniVideoRequest {
    /// Text only, the API's default model; fill in the rest with struct update syntax.
    pub fn new(prompt: impl Into<String>) -> Self {
        Self {
            model_name: OMNI_DEFAULT_MODEL.into(),
            prompt: prompt.into(),
            image_list: None,
            element_list: None,
            video_list: None,
            sound: None,
            mode: None,
            aspect_ratio: None,
            duration: None,
            multi_shot: None,
            shot_type: None,
            multi_prompt: None,
            watermark_info: None,
            callback_url: None,
            external_task_id: None,
        }
    }

    pub fn images(&self) -> &[OmniImage] {
        self.image_list.as_deref().unwrap_or_default()
    }

    pub fn elements(&self) -> &[ElementRef] {
        self.element_list.as_deref().unwrap_or_default()
    }

    pub fn videos(&self) -> &[OmniVideoRef] {
        self.video_list.as_deref().unwrap_or_default()
    }

    fn has_frame(&self, frame: FrameType) -> bool {
        self.images().iter().any(|i| i.frame == Some(frame))
    }

    /// A `base` video: the request edits it (no frames, its own length).
    pub fn edits_a_video(&self) -> bool {
        self.videos().iter().any(|v| v.refer_type.unwrap_or_default() == ReferType::Base)
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        super::check_model(TaskKind::OmniVideo, &self.model_name)?;
        let options = self.options();
        check_prompt("prompt", &self.prompt, !options.customised_shots())?;
        self.check_images()?;
        self.check_video()?;
        self.check_counts()?;
        self.check_sound()?;
        self.check_aspect()?;
        if self.model_name == O1 {
            self.check_o1()?;
        }
        options.check()?;
        let counts = [("image", self.images().len()), ("element", self.elements().len()), ("video", self.videos().len())];
        check_references(&self.prompt, &counts)?;
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }

    fn check_images(&self) -> Result<(), ValidationError> {
        for (i, image) in self.images().iter().enumerate() {
            image.image_url.check("image_list").map_err(|e| ValidationError::new("image_list", format!("picture {}: {}", i + 1, e.message)))?;
        }
        for frame in [FrameType::FirstFrame, FrameType::EndFrame] {
            let count = self.images().iter().filter(|i| i.frame == Some(frame)).count();
            if count > 1 {
                let name = if frame == FrameType::FirstFrame { "first" } else { "end" };
                return err("image_list", format!("{count} pictures are the {name} frame; a video has one"));
            }
        }
        if self.has_frame(FrameType::EndFrame) && !self.has_frame(FrameType::FirstFrame) {
            return err("image_list", "an end frame needs a first frame; mark one picture first_frame, or drop the end frame");
        }
        Ok(())
    }

    fn check_video(&self) -> Result<(), ValidationError> {
        match self.videos() {
            [] => Ok(()),
            [video] => {
                check_media_url("video_list", &video.video_url)?;
                if self.edits_a_video() && (self.has_frame(FrameType::FirstFrame) || self.has_frame(FrameType::EndFrame)) {
                    return err("image_list", "frames cannot be combined with editing a video (refer_type base); use refer_type feature, or drop the frames");
                }
                Ok(())
            }
            more => err("video_list", format!("at most 1 video (got {})", more.len())),
        }
    }

    fn check_counts(&self) -> Result<(), ValidationError> {
        let (images, elements) = (self.images().len(), self.elements().len());
        let with_video = !self.videos().is_empty();
        let most = if with_video { MAX_OMNI_REFERENCES_WITH_VIDEO } else { MAX_OMNI_REFERENCES };
        if images + elements > most {
            let field = if elements > 0 { "element_list" } else { "image_list" };
            let when = if with_video { " with a video" } else { "" };
            return err(field, format!("pictures and elements together are at most {most}{when} (got {images} pictures and {elements} elements)"));
        }
        if self.has_frame(FrameType::FirstFrame) && elements > MAX_OMNI_ELEMENTS_WITH_FRAME {
            return err("element_list", format!("at most {MAX_OMNI_ELEMENTS_WITH_FRAME} elements with a first frame (got {elements})"));
        }
        Ok(())
    }

    fn check_sound(&self) -> Result<(), ValidationError> {
        if self.sound != Some(Sound::On) {
            return Ok(());
        }
        if !self.videos().is_empty() {
            return err("sound", "a video among the inputs keeps sound off (keep_original_sound keeps its own); turn sound off");
        }
        Ok(())
    }

    fn check_aspect(&self) -> Result<(), ValidationError> {
        let follows_input = self.has_frame(FrameType::FirstFrame) || self.edits_a_video();
        match self.aspect_ratio {
            Some(aspect) if !aspect.is_video() => err("aspect_ratio", format!("{aspect} is not a video aspect ratio; use 16:9, 9:16 or 1:1")),
            Some(_) if follows_input => err("aspect_ratio", "the video follows its first frame or the edited video; leave aspect_ratio out"),
            None if !follows_input => err("aspect_ratio", "choose 16:9, 9:16 or 1:1 (required unless a first frame or an edited video sets the shape)"),
            _ => Ok(()),
        }
    }

    /// kling-video-o1's own limits (§1.3): silent; 5 or 10 s from text alone or a first frame
    /// alone; no frames among more than 2 pictures; no elements with start and end frames.
    fn check_o1(&self) -> Result<(), ValidationError> {
        if self.sound == Some(Sound::On) {
            return err("sound", "kling-video-o1 makes silent videos; turn sound off or use kling-v3-omni");
        }
        let first = self.has_frame(FrameType::FirstFrame);
        let end = self.has_frame(FrameType::EndFrame);
        if (first || end) && self.images().len() > 2 {
            return err("image_list", format!("kling-video-o1 takes no first/end frames among more than 2 pictures (got {})", self.images().len()));
        }
        if first && end && !self.elements().is_empty() {
            return err("element_list", "kling-video-o1 takes no elements with start and end frames; drop them or use kling-v3-omni");
        }
        let text_only = self.images().is_empty() && self.elements().is_empty() && self.videos().is_empty();
        let first_frame_only = first && !end && self.videos().is_empty();
        let duration = self.duration.unwrap_or_default();
        if (text_only || first_frame_only) && ![VideoDuration::FIVE, VideoDuration::TEN].contains(&duration) {
            let what = if text_only { "from text alone" } else { "from a first frame alone" };
            return err("duration", format!("kling-video-o1 makes 5 or 10 s videos {what}, not {duration} s"));
        }
        Ok(())
    }

    fn options(&self) -> VideoOptions<'_> {
        VideoOptions {
            kind: TaskKind::OmniVideo,
            model: &self.model_name,
            prompt: &self.prompt,
            mode: self.mode,
            duration: self.duration,
            // Sound is checked above (omni's rules differ: off with a video, never on O1).
            sound: None,
            voices: &[],
            multi_shot: self.multi_shot,
            shot_type: self.shot_type,
            shots: self.multi_prompt.as_deref().unwrap_or_default(),
            // Elements are counted with the pictures above.
            elements: &[],
            start_and_end: false,
        }
    }

    /// The reference video's length, when known: 3 to 10 s (kling-v3-omni: 15 s since 2026-06-17).
    pub fn check_video_seconds(&self, seconds: f64) -> Result<(), ValidationError> {
        let most = if self.model_name == O1 { 10.0 } else { 15.0 };
        check_seconds("video_list", "the reference video", seconds, 3.0, most)
    }

    /// The mode the API uses when none is sent (pro, unlike the other endpoints).
    pub fn effective_mode(&self) -> Mode {
        self.mode.unwrap_or(Mode::Pro)
    }

    /// Whether the catalogue knows the model (an unknown one gets only the shape checks).
    pub fn is_known_model(&self) -> bool {
        catalogue::is_known(TaskKind::OmniVideo, &self.model_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ElementId;
    use crate::requests::test_support::{refused, url};

    fn v3(prompt: &str) -> OmniVideoRequest {
        OmniVideoRequest { model_name: "kling-v3-omni".into(), aspect_ratio: Some(AspectRatio::R16x9), ..OmniVideoRequest::new(prompt) }
    }

    fn o1(prompt: &str) -> OmniVideoRequest {
        OmniVideoRequest { aspect_ratio: Some(AspectRatio::R16x9), ..OmniVideoRequest::new(prompt) }
    }

    fn elements(n: u64) -> Option<Vec<ElementRef>> {
        Some((1..=n).map(|i| ElementRef { element_id: ElementId(i) }).collect())
    }

    fn refs(n: usize) -> Option<Vec<OmniImage>> {
        Some((0..n).map(|i| OmniImage::reference(url(&format!("r{i}")))).collect())
    }

    fn video(refer: ReferType) -> Option<Vec<OmniVideoRef>> {
        Some(vec![OmniVideoRef { video_url: "https://example.com/v.mp4".into(), refer_type: Some(refer), keep_original_sound: Some(YesNo::Yes) }])
    }

    fn first_frame() -> OmniImage {
        OmniImage::frame(url("first"), FrameType::FirstFrame)
    }

    #[test]
    fn the_addendums_example_serialises_as_shown() {
        let req = OmniVideoRequest {
            image_list: Some(vec![OmniImage::reference(url("a"))]),
            element_list: Some(vec![ElementRef { element_id: ElementId(829836802793406551) }]),
            mode: Some(Mode::Pro),
            duration: VideoDuration::new(7),
            sound: Some(Sound::On),
            ..v3("<<<image_1>>> strolls through Tokyo and meets <<<element_1>>>")
        };
        req.validate().unwrap();
        let body = super::super::wire_body(&req).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"model_name":"kling-v3-omni","prompt":"<<<image_1>>> strolls through Tokyo and meets <<<element_1>>>",
                "image_list":[{"image_url":"https://example.com/a.png"}],"element_list":[{"element_id":829836802793406551u64}],
                "mode":"pro","aspect_ratio":"16:9","duration":"7","sound":"on"})
        );
        let edit = OmniVideoRequest { image_list: Some(vec![first_frame()]), video_list: video(ReferType::Feature), aspect_ratio: None, ..v3("x") };
        assert_eq!(
            serde_json::to_value(&edit).unwrap(),
            serde_json::json!({"model_name":"kling-v3-omni","prompt":"x",
                "image_list":[{"image_url":"https://example.com/first.png","type":"first_frame"}],
                "video_list":[{"video_url":"https://example.com/v.mp4","refer_type":"feature","keep_original_sound":"yes"}]})
        );
        edit.validate().unwrap();
    }

    #[test]
    fn prompt_references_must_exist() {
        let two = OmniVideoRequest { image_list: refs(2), ..v3("<<<image_1>>> and <<<image_2>>>") };
        two.validate().unwrap();
        refused(&OmniVideoRequest { prompt: "<<<image_3>>> dances".into(), ..two.clone() }, "prompt", "<<<image_3>>>");
        refused(&OmniVideoRequest { prompt: "with <<<element_1>>>".into(), ..two.clone() }, "prompt", "there is no element");
        refused(&OmniVideoRequest { prompt: "<<<video_1>>> again".into(), ..two }, "prompt", "there is no video");
        refused(&v3(""), "prompt", "must not be empty");
        refused(&v3(&"x".repeat(2501)), "prompt", "at most 2500");
    }

    #[test]
    fn how_many_pictures_elements_and_videos() {
        OmniVideoRequest { image_list: refs(4), element_list: elements(3), ..v3("x") }.validate().unwrap();
        refused(&OmniVideoRequest { image_list: refs(4), element_list: elements(4), ..v3("x") }, "element_list", "at most 7");
        refused(&OmniVideoRequest { image_list: refs(8), ..v3("x") }, "image_list", "at most 7");
        let with_video = OmniVideoRequest { image_list: refs(2), element_list: elements(2), video_list: video(ReferType::Feature), ..v3("x") };
        with_video.validate().unwrap();
        refused(&OmniVideoRequest { image_list: refs(3), ..with_video.clone() }, "element_list", "at most 4 with a video");
        let two_videos = Some([video(ReferType::Feature).unwrap(), video(ReferType::Base).unwrap()].concat());
        refused(&OmniVideoRequest { video_list: two_videos, ..with_video.clone() }, "video_list", "at most 1 video (got 2)");
        let bad_link = Some(vec![OmniVideoRef { video_url: "file:///v.mp4".into(), refer_type: None, keep_original_sound: None }]);
        refused(&OmniVideoRequest { video_list: bad_link, ..with_video }, "video_list", "http(s)");
        let framed = OmniVideoRequest { image_list: Some(vec![first_frame()]), element_list: elements(4), aspect_ratio: None, ..v3("x") };
        refused(&framed, "element_list", "at most 3 elements with a first frame");
        OmniVideoRequest { element_list: elements(3), ..framed }.validate().unwrap();
        let bad_picture = OmniVideoRequest { image_list: Some(vec![OmniImage::reference(ImageInput::Base64("data:image/png;base64,AA".into()))]), ..v3("x") };
        refused(&bad_picture, "image_list", "picture 1");
    }

    #[test]
    fn frames() {
        let end_only = OmniVideoRequest { image_list: Some(vec![OmniImage::frame(url("z"), FrameType::EndFrame)]), ..v3("x") };
        refused(&end_only, "image_list", "an end frame needs a first frame");
        let two_first = OmniVideoRequest { image_list: Some(vec![first_frame(), first_frame()]), aspect_ratio: None, ..v3("x") };
        refused(&two_first, "image_list", "2 pictures are the first frame");
        let base = OmniVideoRequest { image_list: Some(vec![first_frame()]), video_list: video(ReferType::Base), aspect_ratio: None, ..v3("x") };
        refused(&base, "image_list", "refer_type base");
        // The default refer_type is base.
        let default_base = Some(vec![OmniVideoRef { video_url: "https://example.com/v.mp4".into(), refer_type: None, keep_original_sound: None }]);
        refused(&OmniVideoRequest { video_list: default_base, ..base.clone() }, "image_list", "refer_type base");
    }

    #[test]
    fn sound_and_aspect_ratio() {
        refused(&OmniVideoRequest { sound: Some(Sound::On), video_list: video(ReferType::Feature), ..v3("x") }, "sound", "turn sound off");
        OmniVideoRequest { sound: Some(Sound::Off), video_list: video(ReferType::Feature), ..v3("x") }.validate().unwrap();
        refused(&OmniVideoRequest { sound: Some(Sound::On), ..o1("x") }, "sound", "kling-video-o1 makes silent videos");
        refused(&OmniVideoRequest { aspect_ratio: None, ..v3("x") }, "aspect_ratio", "choose 16:9");
        refused(&OmniVideoRequest { aspect_ratio: Some(AspectRatio::R4x3), ..v3("x") }, "aspect_ratio", "not a video aspect ratio");
        let framed = OmniVideoRequest { image_list: Some(vec![first_frame()]), ..v3("x") };
        refused(&framed, "aspect_ratio", "leave aspect_ratio out");
        OmniVideoRequest { aspect_ratio: None, ..framed }.validate().unwrap();
        OmniVideoRequest { video_list: video(ReferType::Base), aspect_ratio: None, ..v3("x") }.validate().unwrap();
    }

    #[test]
    fn modes_and_durations() {
        OmniVideoRequest { mode: Some(Mode::FourK), duration: VideoDuration::new(15), ..v3("x") }.validate().unwrap();
        refused(&OmniVideoRequest { mode: Some(Mode::FourK), ..o1("x") }, "mode", "4k is not offered by kling-video-o1");
        refused(&OmniVideoRequest { duration: VideoDuration::new(11), image_list: refs(1), ..o1("x") }, "duration", "kling-video-o1 makes 3 to 10 s");
        // O1 from text or a first frame alone: 5 or 10 s; with references any of 3–10.
        refused(&OmniVideoRequest { duration: VideoDuration::new(7), ..o1("x") }, "duration", "5 or 10 s videos from text alone");
        let first = OmniVideoRequest { image_list: Some(vec![first_frame()]), aspect_ratio: None, duration: VideoDuration::new(3), ..o1("x") };
        refused(&first, "duration", "from a first frame alone");
        OmniVideoRequest { duration: Some(VideoDuration::TEN), ..first }.validate().unwrap();
        OmniVideoRequest { duration: VideoDuration::new(7), image_list: refs(2), ..o1("x") }.validate().unwrap();
    }

    #[test]
    fn o1_frames_and_elements() {
        let frames = vec![first_frame(), OmniImage::frame(url("z"), FrameType::EndFrame)];
        let both = OmniVideoRequest { image_list: Some(frames.clone()), aspect_ratio: None, ..o1("x") };
        both.validate().unwrap();
        refused(&OmniVideoRequest { element_list: elements(1), ..both.clone() }, "element_list", "no elements with start and end frames");
        OmniVideoRequest { model_name: "kling-v3-omni".into(), element_list: elements(3), ..both.clone() }.validate().unwrap();
        let three = OmniVideoRequest { image_list: Some([frames, vec![OmniImage::reference(url("r"))]].concat()), ..both };
        refused(&three, "image_list", "more than 2 pictures (got 3)");
    }

    #[test]
    fn shots_are_v3_omnis() {
        let shots = OmniVideoRequest {
            multi_shot: Some(true),
            shot_type: Some(ShotType::Customize),
            multi_prompt: Some(vec![Shot { index: 1, prompt: "a".into(), duration: 2 }, Shot { index: 2, prompt: "b".into(), duration: 3 }]),
            ..v3("")
        };
        shots.validate().unwrap();
        refused(&OmniVideoRequest { model_name: O1.into(), duration: Some(VideoDuration::FIVE), ..shots.clone() }, "multi_shot", "single-shot");
        refused(&OmniVideoRequest { duration: VideoDuration::new(6), ..shots }, "multi_prompt", "the shots last 5 s but the video 6 s");
        let split = OmniVideoRequest { multi_shot: Some(true), shot_type: Some(ShotType::Intelligence), video_list: video(ReferType::Feature), ..v3("three shots") };
        split.validate().unwrap();
    }

    #[test]
    fn a_model_nobody_knows_is_sent_with_its_shape_checked() {
        let other = OmniVideoRequest { model_name: "kling-v9-omni".into(), mode: Some(Mode::FourK), duration: VideoDuration::new(13), ..v3("x") };
        other.validate().unwrap();
        assert!(!other.is_known_model());
        refused(&OmniVideoRequest { model_name: "kling-v2-6".into(), ..v3("x") }, "model_name", "not an omni-video model");
        refused(&OmniVideoRequest { callback_url: Some("ftp://x".into()), ..v3("x") }, "callback_url", "http(s)");
        assert_eq!(OmniVideoRequest::new("x").effective_mode(), Mode::Pro);
        refused_seconds(OmniVideoRequest::new("x").check_video_seconds(12.0), "3 to 10 s");
        v3("x").check_video_seconds(15.0).unwrap();
        refused_seconds(v3("x").check_video_seconds(2.0), "3 to 15 s");
    }

    #[track_caller]
    fn refused_seconds(result: Result<(), ValidationError>, needle: &str) {
        let e = result.unwrap_err();
        assert_eq!(e.field, "video_list");
        assert!(e.message.contains(needle), "{}", e.message);
    }
}
