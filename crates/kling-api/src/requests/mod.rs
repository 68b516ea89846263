//! The three create requests, each checked with the API's rules by `validate()`.

mod image;
mod image_to_video;
mod text_to_video;

pub use image::ImageRequest;
pub use image_to_video::ImageToVideoRequest;
pub use text_to_video::TextToVideoRequest;

use crate::camera::{CameraControl, CameraType};
use crate::capabilities::{self, CameraSupport};
use crate::kinds::TaskKind;
use crate::params::{Mode, VideoDuration};
use crate::validation::ValidationError;

pub(crate) const DEFAULT_MODEL: &str = "kling-v1";

pub(crate) fn check_model(kind: TaskKind, model: &str) -> Result<(), ValidationError> {
    let models = capabilities::models_for(kind);
    if models.contains(&model) {
        Ok(())
    } else {
        Err(ValidationError::new("model_name", format!("{model:?} is not a {} model; use one of {}", kind, models.join(", "))))
    }
}

pub(crate) fn check_cfg(model: &str, cfg: Option<f32>) -> Result<(), ValidationError> {
    crate::validation::check_unit("cfg_scale", cfg)?;
    if cfg.is_some() && !capabilities::cfg_scale_supported(model) {
        return Err(ValidationError::new("cfg_scale", format!("{model} does not take cfg_scale; leave it out")));
    }
    Ok(())
}

pub(crate) fn check_camera(
    kind: TaskKind,
    model: &str,
    mode: Mode,
    duration: VideoDuration,
    camera: Option<&CameraControl>,
) -> Result<(), ValidationError> {
    let Some(camera) = camera else { return Ok(()) };
    camera.validate()?;
    let where_ = format!("{model} {} {} s", if mode == Mode::Pro { "pro" } else { "std" }, duration.seconds());
    match capabilities::camera_control(kind, model, mode, duration) {
        CameraSupport::All => Ok(()),
        CameraSupport::SimpleOnly if camera.kind == CameraType::Simple => Ok(()),
        CameraSupport::SimpleOnly => Err(ValidationError::new("camera_control", format!("{where_} offers only the simple move"))),
        CameraSupport::None => Err(ValidationError::new(
            "camera_control",
            format!("camera control is not available for {where_}; it exists for kling-v1 text-to-video std 5 s and kling-v1-5 image-to-video pro 5 s"),
        )),
    }
}
