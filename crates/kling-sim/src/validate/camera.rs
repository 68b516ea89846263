use super::fields::Fields;
use crate::capabilities;
use crate::envelope::ApiError;
use serde_json::Value;

const TYPES: &[&str] = &["simple", "down_back", "forward_up", "right_turn_forward", "left_turn_forward"];
const AXES: &[&str] = &["horizontal", "vertical", "pan", "tilt", "roll", "zoom"];

pub fn check(f: &Fields, image_to_video: bool, model: &str, pro: bool, ten: bool) -> Result<(), ApiError> {
    let Some(camera) = f.value("camera_control").filter(|v| !v.is_null()) else { return Ok(()) };
    let camera = Fields::new(camera).map_err(|_| ApiError::new(1200, "camera_control must be an object"))?;
    let kind = camera.string("type")?.ok_or_else(|| ApiError::new(1200, "camera_control.type is required"))?;
    if !TYPES.contains(&kind) {
        return Err(ApiError::new(1201, format!("camera_control.type {kind} is not supported; use one of {}", TYPES.join(", "))));
    }
    let config = camera.value("config").filter(|v| !v.is_null());
    if kind == "simple" {
        let config = config.ok_or_else(|| ApiError::new(1201, "camera_control.config is required for the simple type"))?;
        let config = Fields::new(config).map_err(|_| ApiError::new(1200, "camera_control.config must be an object"))?;
        let mut non_zero = 0;
        for axis in AXES {
            let v = config.number(axis).map_err(|_| ApiError::new(1200, format!("camera_control.config.{axis} must be a number")))?.unwrap_or(0.0);
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
    } else if config.is_some_and(|c| c.as_object().is_none_or(|o| !o.is_empty()) && *c != Value::Null) {
        return Err(ApiError::new(1201, format!("camera_control.config must be empty for the {kind} type")));
    }
    let (allowed, simple_only) = capabilities::camera(image_to_video, model, pro, ten);
    let mode = if pro { "pro" } else { "std" };
    let seconds = if ten { 10 } else { 5 };
    if !allowed || (simple_only && kind != "simple") {
        return Err(ApiError::new(1201, format!("camera_control is not supported by model/mode/duration({model}/{mode}/{seconds})")));
    }
    Ok(())
}
