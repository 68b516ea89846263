use super::video_options::VideoOptions;
use crate::camera::CameraControl;
use crate::capabilities;
use crate::image_input::ImageInput;
use crate::kinds::TaskKind;
use crate::params::{ElementRef, Mode, Shot, ShotType, Sound, VideoDuration, VoiceRef, WatermarkInfo};
use crate::validation::{check_callback_url, check_external_id, check_prompt, ValidationError};
use serde::{Deserialize, Serialize};

/// `POST /v1/videos/image2video`: animate a picture (and optionally end on another). There is no
/// aspect ratio: the video follows the picture.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageToVideoRequest {
    pub model_name: String,
    /// The first frame. At least one of `image` and `image_tail` is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    // Pictures travel as files or URLs beside the request, never inside it, over IPC.
    #[cfg_attr(feature = "specta", specta(skip))]
    pub image: Option<ImageInput>,
    /// The last frame.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    // Pictures travel as files or URLs beside the request, never inside it, over IPC.
    #[cfg_attr(feature = "specta", specta(skip))]
    pub image_tail: Option<ImageInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negative_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cfg_scale: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<VideoDuration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub camera_control: Option<CameraControl>,
    /// Native sound (kling-v2-6 pro, kling-v3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<Sound>,
    /// Voices the video speaks with (kling-v2-6 pro, ≤ 2), referred to as `<<<voice_1>>>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_list: Option<Vec<VoiceRef>>,
    /// See [`TextToVideoRequest::multi_shot`](crate::TextToVideoRequest::multi_shot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_shot: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shot_type: Option<ShotType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_prompt: Option<Vec<Shot>>,
    /// Saved elements the video shows (kling-v3, ≤ 3), referred to as `<<<element_1>>>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_list: Option<Vec<ElementRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watermark_info: Option<WatermarkInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// See [`TextToVideoRequest::external_task_id`](crate::TextToVideoRequest::external_task_id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl Default for ImageToVideoRequest {
    /// kling-v1 with no picture (which `validate` refuses): a base for struct updates.
    fn default() -> Self {
        Self {
            model_name: super::DEFAULT_MODEL.into(),
            image: None,
            image_tail: None,
            prompt: None,
            negative_prompt: None,
            cfg_scale: None,
            mode: None,
            duration: None,
            camera_control: None,
            sound: None,
            voice_list: None,
            multi_shot: None,
            shot_type: None,
            multi_prompt: None,
            element_list: None,
            watermark_info: None,
            callback_url: None,
            external_task_id: None,
        }
    }
}

impl ImageToVideoRequest {
    pub fn new(image: ImageInput) -> Self {
        Self { image: Some(image), ..Default::default() }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        super::check_model(TaskKind::ImageToVideo, &self.model_name)?;
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
        let mode = self.mode.unwrap_or_default();
        let duration = self.duration.unwrap_or_default();
        let combo = super::combo(&self.model_name, mode, duration);
        match (&self.image, &self.image_tail) {
            (None, None) => return Err(ValidationError::new("image", "give a picture to animate (image, or at least an end frame in image_tail)")),
            (_, Some(tail)) => {
                tail.check("image_tail")?;
                // The docs: start/end frames, the motion brush and camera control exclude each other.
                if self.camera_control.is_some() {
                    return Err(ValidationError::new("camera_control", "cannot be combined with an end frame (image_tail); use one or the other"));
                }
                if self.image.is_some() && !capabilities::image_tail_supported(&self.model_name, mode, duration) {
                    return Err(ValidationError::new(
                        "image_tail",
                        format!("end frames are not available for {combo}; use pro mode (kling-v1-5, v1-6, v2-1, v2-5-turbo) or kling-v1 at 5 s"),
                    ));
                }
                if self.image.is_none() && !capabilities::end_frame_only_supported(&self.model_name, mode) {
                    return Err(ValidationError::new(
                        "image",
                        format!("an end frame without a start frame is not available for {combo}; give image too, or use kling-v1-5/kling-v1-6 in pro mode"),
                    ));
                }
            }
            (Some(_), None) => {}
        }
        super::check_camera(TaskKind::ImageToVideo, &self.model_name, mode, duration, self.camera_control.as_ref())?;
        self.options().check()?;
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }

    fn options(&self) -> VideoOptions<'_> {
        VideoOptions {
            kind: TaskKind::ImageToVideo,
            model: &self.model_name,
            prompt: self.prompt.as_deref().unwrap_or(""),
            mode: self.mode,
            duration: self.duration,
            sound: self.sound,
            voices: self.voice_list.as_deref().unwrap_or_default(),
            multi_shot: self.multi_shot,
            shot_type: self.shot_type,
            shots: self.multi_prompt.as_deref().unwrap_or_default(),
            elements: self.element_list.as_deref().unwrap_or_default(),
            start_and_end: self.image.is_some() && self.image_tail.is_some(),
        }
    }
}
