use super::media::check_id;
use crate::params::WatermarkInfo;
use crate::validation::{check_callback_url, check_external_id, check_prompt, check_unit, ValidationError};
use serde::{Deserialize, Serialize};

/// `POST /v1/videos/video-extend` (addendum §6.2): 4–5 s more of a video Kling made (by its
/// video id), with its model and mode; a video grows to at most 3 minutes.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VideoExtendRequest {
    pub video_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cfg_scale: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_info: Option<WatermarkInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl VideoExtendRequest {
    pub fn new(video_id: impl Into<String>) -> Self {
        Self {
            video_id: video_id.into(),
            prompt: None,
            negative_prompt: None,
            cfg_scale: None,
            watermark_info: None,
            callback_url: None,
            external_task_id: None,
        }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        check_id("video_id", &self.video_id)?;
        if let Some(prompt) = &self.prompt {
            check_prompt("prompt", prompt, false)?;
        }
        if let Some(negative) = &self.negative_prompt {
            check_prompt("negative_prompt", negative, false)?;
        }
        check_unit("cfg_scale", self.cfg_scale)?;
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_video_id_and_the_usual_texts() {
        let req = VideoExtendRequest { prompt: Some("the dog keeps running".into()), cfg_scale: Some(0.5), ..VideoExtendRequest::new("vid-1") };
        req.validate().unwrap();
        assert_eq!(serde_json::to_value(&req).unwrap(), serde_json::json!({"video_id":"vid-1","prompt":"the dog keeps running","cfg_scale":0.5}));
        for (bad, field, needle) in [
            (VideoExtendRequest::new(" "), "video_id", "must not be empty"),
            (VideoExtendRequest::new("a b"), "video_id", "not an id"),
            (VideoExtendRequest { cfg_scale: Some(1.5), ..req.clone() }, "cfg_scale", "between 0 and 1"),
            (VideoExtendRequest { prompt: Some("x".repeat(2501)), ..req.clone() }, "prompt", "2500"),
            (VideoExtendRequest { negative_prompt: Some("\u{7}".into()), ..req.clone() }, "negative_prompt", "control characters"),
            (VideoExtendRequest { external_task_id: Some(" ".into()), ..req.clone() }, "external_task_id", "empty"),
        ] {
            let e = bad.validate().unwrap_err();
            assert_eq!(e.field, field);
            assert!(e.message.contains(needle), "{}", e.message);
        }
    }
}
