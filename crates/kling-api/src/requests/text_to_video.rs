use super::video_options::VideoOptions;
use crate::camera::CameraControl;
use crate::kinds::TaskKind;
use crate::params::{AspectRatio, Mode, Shot, ShotType, Sound, VideoDuration, WatermarkInfo};
use crate::validation::{check_callback_url, check_external_id, check_prompt, ValidationError};
use serde::{Deserialize, Serialize};

/// `POST /v1/videos/text2video`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextToVideoRequest {
    pub model_name: String,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cfg_scale: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// 16:9, 9:16 or 1:1 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<AspectRatio>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<VideoDuration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub camera_control: Option<CameraControl>,
    /// Native sound (kling-v2-6 pro, kling-v3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<Sound>,
    /// Several shots in one video (kling-v3): `shot_type` says who cuts them, `multi_prompt`
    /// gives them when customised.
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
    /// Unique per account. The client fills in a UUID when it is empty, so that a create whose
    /// answer was lost can be looked up instead of sent twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl Default for TextToVideoRequest {
    /// kling-v1 with an empty prompt (which `validate` refuses): a base for struct updates.
    fn default() -> Self {
        Self::new("")
    }
}

impl TextToVideoRequest {
    pub fn new(prompt: impl Into<String>) -> Self {
        Self {
            model_name: super::DEFAULT_MODEL.into(),
            prompt: prompt.into(),
            negative_prompt: None,
            cfg_scale: None,
            mode: None,
            aspect_ratio: None,
            duration: None,
            camera_control: None,
            sound: None,
            multi_shot: None,
            shot_type: None,
            multi_prompt: None,
            watermark_info: None,
            callback_url: None,
            external_task_id: None,
        }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        super::check_model(TaskKind::TextToVideo, &self.model_name)?;
        let options = self.options();
        // Customised shots carry their own prompts; the request's may be empty then (§2).
        check_prompt("prompt", &self.prompt, !options.customised_shots())?;
        if let Some(negative) = &self.negative_prompt {
            check_prompt("negative_prompt", negative, false)?;
        }
        super::check_cfg(&self.model_name, self.cfg_scale)?;
        if let Some(aspect) = self.aspect_ratio {
            if !aspect.is_video() {
                return Err(ValidationError::new("aspect_ratio", format!("{aspect} is not a video aspect ratio; use 16:9, 9:16 or 1:1")));
            }
        }
        let mode = self.mode.unwrap_or_default();
        let duration = self.duration.unwrap_or_default();
        super::check_camera(TaskKind::TextToVideo, &self.model_name, mode, duration, self.camera_control.as_ref())?;
        options.check()?;
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }

    fn options(&self) -> VideoOptions<'_> {
        VideoOptions {
            kind: TaskKind::TextToVideo,
            model: &self.model_name,
            prompt: &self.prompt,
            mode: self.mode,
            duration: self.duration,
            sound: self.sound,
            voices: &[],
            multi_shot: self.multi_shot,
            shot_type: self.shot_type,
            shots: self.multi_prompt.as_deref().unwrap_or_default(),
            elements: &[],
            start_and_end: false,
        }
    }
}
