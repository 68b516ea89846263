//! `camera_control`: a type from the enum; `simple` needs a config with exactly one non-zero
//! axis in [-10, 10]; the presets take no config; and only where the capability map offers it.

use super::fields::Fields;
use crate::capabilities;
use crate::envelope::ApiError;
use kling_api::catalogue::{CameraSupport, Entry};
use kling_api::Mode;

const TYPES: &[&str] = &["simple", "down_back", "forward_up", "right_turn_forward", "left_turn_forward"];
const AXES: &[&str] = &["horizontal", "vertical", "pan", "tilt", "roll", "zoom"];

pub fn check(f: &Fields, entry: &Entry, mode: Option<Mode>, seconds: u32) -> Result<(), ApiError> {
    let Some(camera) = f.nested("camera_control")? else { return Ok(()) };
    let kind = camera.string("type")?.ok_or_else(|| ApiError::new(1200, "camera_control.type is required"))?;
    if !TYPES.contains(&kind) {
        return Err(ApiError::new(1201, format!("camera_control.type {kind} is not supported; use one of {}", TYPES.join(", "))));
    }
    let config = camera.nested("config")?;
    if kind == "simple" {
        let config = config.ok_or_else(|| ApiError::new(1200, "camera_control.config is required for the simple type"))?;
        if let Some(unknown) = config.keys().find(|k| !AXES.contains(&k.as_str())) {
            return Err(ApiError::new(1201, format!("camera_control.config.{unknown} is not an axis; use {}", AXES.join(", "))));
        }
        let mut non_zero = 0;
        for axis in AXES {
            let v = config.number(axis)?.unwrap_or(0.0);
            if !(-10.0..=10.0).contains(&v) {
                return Err(ApiError::new(1201, format!("camera_control.config.{axis} must be between -10 and 10, got {v}")));
            }
            if v != 0.0 {
                non_zero += 1;
            }
        }
        if non_zero != 1 {
            return Err(ApiError::new(1201, format!("camera_control.config must have exactly one non-zero field, got {non_zero}")));
        }
    } else if config.is_some_and(|c| c.keys().next().is_some()) {
        return Err(ApiError::new(1201, format!("camera_control.config must be empty for the {kind} type (only simple takes a config)")));
    }
    let (cell_mode, duration) = capabilities::cell(mode, seconds);
    let model = entry.model;
    match entry.camera_in(cell_mode, duration) {
        CameraSupport::None => Err(ApiError::new(1201, format!("camera_control is not supported by {}", super::video::combo(model, mode, seconds)))),
        CameraSupport::SimpleOnly if kind != "simple" => {
            Err(ApiError::new(1201, format!("camera_control.type {kind} is not supported by {model} ({}); only simple", entry.kind)))
        }
        _ => Ok(()),
    }
}
