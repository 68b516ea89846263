use super::video_options::VideoOptions;
use crate::image_input::ImageInput;
use crate::kinds::TaskKind;
use crate::params::{AspectRatio, Mode, VideoDuration, WatermarkInfo};
use crate::validation::{check_callback_url, check_external_id, check_prompt, ValidationError};
use serde::{Deserialize, Serialize};

/// The only model, and the API's default (§6.1).
pub const MULTI_IMAGE_DEFAULT_MODEL: &str = "kling-v1-6";
pub const MAX_MULTI_IMAGES: usize = 4;

/// One picture of `image_list` (key `image`), cropped beforehand: the API does not crop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MultiImage {
    pub image: ImageInput,
}

/// `POST /v1/videos/multi-image2video` (addendum §6.1): 1–4 pictures in one video.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MultiImageToVideoRequest {
    pub model_name: String,
    // Pictures travel as files or URLs beside the request, never inside it, over IPC (so a
    // form's request arrives without them).
    #[cfg_attr(feature = "specta", specta(skip))]
    #[serde(default)]
    pub image_list: Vec<MultiImage>,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<VideoDuration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<AspectRatio>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_info: Option<WatermarkInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl MultiImageToVideoRequest {
    pub fn new(images: Vec<ImageInput>, prompt: impl Into<String>) -> Self {
        Self {
            model_name: MULTI_IMAGE_DEFAULT_MODEL.into(),
            image_list: images.into_iter().map(|image| MultiImage { image }).collect(),
            prompt: prompt.into(),
            negative_prompt: None,
            mode: None,
            duration: None,
            aspect_ratio: None,
            watermark_info: None,
            callback_url: None,
            external_task_id: None,
        }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        super::check_model(TaskKind::MultiImageToVideo, &self.model_name)?;
        let count = self.image_list.len();
        if !(1..=MAX_MULTI_IMAGES).contains(&count) {
            return Err(ValidationError::new("image_list", format!("give 1 to {MAX_MULTI_IMAGES} pictures (got {count})")));
        }
        for (i, item) in self.image_list.iter().enumerate() {
            item.image.check("image_list").map_err(|e| ValidationError::new("image_list", format!("picture {}: {}", i + 1, e.message)))?;
        }
        check_prompt("prompt", &self.prompt, true)?;
        if let Some(negative) = &self.negative_prompt {
            check_prompt("negative_prompt", negative, false)?;
        }
        if let Some(aspect) = self.aspect_ratio {
            if !aspect.is_video() {
                return Err(ValidationError::new("aspect_ratio", format!("{aspect} is not a video aspect ratio; use 16:9, 9:16 or 1:1")));
            }
        }
        VideoOptions {
            kind: TaskKind::MultiImageToVideo,
            model: &self.model_name,
            prompt: &self.prompt,
            mode: self.mode,
            duration: self.duration,
            sound: None,
            voices: &[],
            multi_shot: None,
            shot_type: None,
            shots: &[],
            elements: &[],
            start_and_end: false,
        }
        .check()?;
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::test_support::{refused, url};

    #[test]
    fn one_to_four_pictures_and_a_prompt() {
        let req = MultiImageToVideoRequest {
            mode: Some(Mode::Pro),
            duration: Some(VideoDuration::TEN),
            aspect_ratio: Some(AspectRatio::R9x16),
            ..MultiImageToVideoRequest::new(vec![url("a"), url("b")], "they meet")
        };
        req.validate().unwrap();
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            serde_json::json!({"model_name":"kling-v1-6","image_list":[{"image":"https://example.com/a.png"},{"image":"https://example.com/b.png"}],
                "prompt":"they meet","mode":"pro","duration":"10","aspect_ratio":"9:16"})
        );
        refused(&MultiImageToVideoRequest { image_list: vec![], ..req.clone() }, "image_list", "give 1 to 4 pictures (got 0)");
        let five = (0..5).map(|i| MultiImage { image: url(&i.to_string()) }).collect();
        refused(&MultiImageToVideoRequest { image_list: five, ..req.clone() }, "image_list", "(got 5)");
        refused(&MultiImageToVideoRequest { prompt: " ".into(), ..req.clone() }, "prompt", "must not be empty");
        refused(&MultiImageToVideoRequest { negative_prompt: Some("x".repeat(2501)), ..req.clone() }, "negative_prompt", "2500");
        refused(&MultiImageToVideoRequest { duration: VideoDuration::new(7), ..req.clone() }, "duration", "5 or 10 s");
        refused(&MultiImageToVideoRequest { mode: Some(Mode::FourK), ..req.clone() }, "mode", "4k is not offered");
        refused(&MultiImageToVideoRequest { aspect_ratio: Some(AspectRatio::R3x2), ..req.clone() }, "aspect_ratio", "not a video aspect ratio");
        refused(&MultiImageToVideoRequest { model_name: "kling-v3".into(), ..req.clone() }, "model_name", "not a multi-image2video model");
        let bad = MultiImageToVideoRequest::new(vec![url("a"), ImageInput::Url("ftp://x/b.png".into())], "x");
        refused(&bad, "image_list", "picture 2");
    }
}
