use crate::camera::CameraControl;
use crate::capabilities;
use crate::image_input::ImageInput;
use crate::kinds::TaskKind;
use crate::params::{Mode, VideoDuration};
use crate::validation::{check_external_id, check_prompt, ValidationError};
use serde::{Deserialize, Serialize};

/// `POST /v1/videos/image2video`: animate a picture (and optionally end on another). There is no
/// aspect ratio: the video follows the picture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageToVideoRequest {
    pub model_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_tail: Option<ImageInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cfg_scale: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<VideoDuration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub camera_control: Option<CameraControl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl ImageToVideoRequest {
    pub fn new(image: ImageInput) -> Self {
        Self {
            model_name: super::DEFAULT_MODEL.into(),
            image: Some(image),
            image_tail: None,
            prompt: None,
            negative_prompt: None,
            cfg_scale: None,
            mode: None,
            duration: None,
            camera_control: None,
            callback_url: None,
            external_task_id: None,
        }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        super::check_model(TaskKind::ImageToVideo, &self.model_name)?;
        if self.image.is_none() && self.image_tail.is_none() {
            return Err(ValidationError::new("image", "give a picture to animate (or at least an end frame)"));
        }
        if let Some(image) = &self.image {
            image.check("image")?;
        }
        if let Some(prompt) = &self.prompt {
            check_prompt("prompt", prompt, false)?;
        }
        if let Some(negative) = &self.negative_prompt {
            check_prompt("negative_prompt", negative, false)?;
        }
        super::check_cfg(&self.model_name, self.cfg_scale)?;
        let mode = self.mode.unwrap_or(Mode::Std);
        let duration = self.duration.unwrap_or(VideoDuration::Five);
        if let Some(tail) = &self.image_tail {
            tail.check("image_tail")?;
            if self.camera_control.is_some() {
                return Err(ValidationError::new("camera_control", "cannot be combined with an end frame (image_tail)"));
            }
            if !capabilities::image_tail_supported(&self.model_name, mode, duration) {
                let m = if mode == Mode::Pro { "pro" } else { "std" };
                return Err(ValidationError::new(
                    "image_tail",
                    format!("end frames are not available for {} {m} {} s; try pro mode, or kling-v1 at 5 s", self.model_name, duration.seconds()),
                ));
            }
        }
        super::check_camera(TaskKind::ImageToVideo, &self.model_name, mode, duration, self.camera_control.as_ref())?;
        check_external_id(self.external_task_id.as_deref())
    }
}
