use super::media::{check_media_url, check_seconds, YesNo};
use super::video_options::check_elements;
use crate::catalogue;
use crate::image_input::ImageInput;
use crate::kinds::TaskKind;
use crate::params::{ElementRef, Mode, WatermarkInfo};
use crate::validation::{check_callback_url, check_external_id, check_prompt, ValidationError};
use serde::{Deserialize, Serialize};

/// The API's default model (§6.9).
pub const MOTION_DEFAULT_MODEL: &str = "kling-v2-6";

/// Whose orientation the character keeps: the picture's (the video ≤ 10 s) or the video's (≤ 30 s).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CharacterOrientation {
    Image,
    Video,
}

impl CharacterOrientation {
    /// The longest reference video, in seconds.
    pub fn max_video_seconds(self) -> f64 {
        match self {
            CharacterOrientation::Image => 10.0,
            CharacterOrientation::Video => 30.0,
        }
    }
}

/// `POST /v1/videos/motion-control` (addendum §6.9): the picture's character moves as the
/// reference video does. The output lasts as the video does (it may be shorter).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MotionControlRequest {
    pub model_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    // Pictures travel as files or URLs beside the request, never inside it, over IPC.
    #[cfg_attr(feature = "specta", specta(skip))]
    pub image_url: ImageInput,
    pub video_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_list: Option<Vec<ElementRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_original_sound: Option<YesNo>,
    pub character_orientation: CharacterOrientation,
    pub mode: Mode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_info: Option<WatermarkInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

fn err(field: &str, message: impl Into<String>) -> Result<(), ValidationError> {
    Err(ValidationError::new(field, message))
}

impl MotionControlRequest {
    pub fn new(image: ImageInput, video_url: impl Into<String>, orientation: CharacterOrientation, mode: Mode) -> Self {
        Self {
            model_name: MOTION_DEFAULT_MODEL.into(),
            prompt: None,
            image_url: image,
            video_url: video_url.into(),
            element_list: None,
            keep_original_sound: None,
            character_orientation: orientation,
            mode,
            watermark_info: None,
            callback_url: None,
            external_task_id: None,
        }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        super::check_model(TaskKind::MotionControl, &self.model_name)?;
        if let Some(prompt) = &self.prompt {
            check_prompt("prompt", prompt, false)?;
        }
        self.image_url.check("image_url")?;
        check_media_url("video_url", &self.video_url)?;
        if let Some(entry) = catalogue::entry(TaskKind::MotionControl, &self.model_name) {
            if !entry.modes.contains(&self.mode) {
                return err("mode", format!("{} is not offered by {}; use std or pro", self.mode, self.model_name));
            }
        }
        let elements = self.element_list.as_deref().unwrap_or_default();
        if elements.len() > 1 {
            return err("element_list", format!("at most 1 element (got {})", elements.len()));
        }
        check_elements(catalogue::entry(TaskKind::MotionControl, &self.model_name), &self.model_name, elements)?;
        if !elements.is_empty() && self.character_orientation == CharacterOrientation::Image {
            return err("character_orientation", "with an element the character follows the video's orientation; choose video");
        }
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }

    /// The reference video's length, when known: 3 s up to 10 s (orientation image) or 30 s (video).
    pub fn check_video_seconds(&self, seconds: f64) -> Result<(), ValidationError> {
        check_seconds("video_url", "the reference video", seconds, 3.0, self.character_orientation.max_video_seconds())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ElementId;
    use crate::requests::test_support::refused;

    fn req() -> MotionControlRequest {
        MotionControlRequest::new(ImageInput::Url("https://example.com/me.png".into()), "https://example.com/dance.mp4", CharacterOrientation::Image, Mode::Std)
    }

    #[test]
    fn the_documented_body() {
        let full = MotionControlRequest {
            model_name: "kling-v3".into(),
            prompt: Some("dancing".into()),
            element_list: Some(vec![ElementRef { element_id: ElementId(829836802793406551) }]),
            keep_original_sound: Some(YesNo::No),
            character_orientation: CharacterOrientation::Video,
            mode: Mode::Pro,
            ..req()
        };
        full.validate().unwrap();
        assert_eq!(
            super::super::wire_body(&full).unwrap(),
            serde_json::json!({"model_name":"kling-v3","prompt":"dancing","image_url":"https://example.com/me.png","video_url":"https://example.com/dance.mp4",
                "element_list":[{"element_id":829836802793406551u64}],"keep_original_sound":"no","character_orientation":"video","mode":"pro"})
        );
    }

    #[test]
    fn every_rule() {
        req().validate().unwrap();
        refused(MotionControlRequest { mode: Mode::FourK, ..req() }.validate(), "mode", "4k is not offered by kling-v2-6");
        refused(MotionControlRequest { video_url: "file:///x.mp4".into(), ..req() }.validate(), "video_url", "http(s)");
        refused(MotionControlRequest { image_url: ImageInput::Base64(String::new()), ..req() }.validate(), "image_url", "is empty");
        let element = |id| ElementRef { element_id: ElementId(id) };
        refused(MotionControlRequest { element_list: Some(vec![element(1), element(2)]), ..req() }.validate(), "element_list", "at most 1 element (got 2)");
        refused(MotionControlRequest { element_list: Some(vec![element(1)]), ..req() }.validate(), "character_orientation", "choose video");
        refused(MotionControlRequest { model_name: "kling-v1".into(), ..req() }.validate(), "model_name", "not a motion-control model");
        refused(MotionControlRequest { prompt: Some("x".repeat(2501)), ..req() }.validate(), "prompt", "2500");
        refused(req().check_video_seconds(11.0), "video_url", "3 to 10 s");
        let by_video = MotionControlRequest { character_orientation: CharacterOrientation::Video, ..req() };
        by_video.check_video_seconds(30.0).unwrap();
        refused(by_video.check_video_seconds(2.0), "video_url", "3 to 30 s");
        // Mode is required on the wire: it is always sent.
        assert_eq!(serde_json::to_value(req()).unwrap()["mode"], "std");
    }
}
