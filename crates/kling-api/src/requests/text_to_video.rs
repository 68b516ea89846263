use crate::camera::CameraControl;
use crate::kinds::TaskKind;
use crate::params::{AspectRatio, Mode, VideoDuration};
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
            callback_url: None,
            external_task_id: None,
        }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        super::check_model(TaskKind::TextToVideo, &self.model_name)?;
        check_prompt("prompt", &self.prompt, true)?;
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
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }
}
