//! Body validation with the API's rules: a missing field or a wrong JSON type is 1200, a value
//! outside the rules is 1201, and each message names the field.

mod camera;
mod fields;
mod image_input;

use crate::capabilities::{self as caps, IMAGE_ASPECTS, IMAGE_MODELS, IMAGE_TO_VIDEO_MODELS, TEXT_TO_VIDEO_MODELS, VIDEO_ASPECTS};
use crate::envelope::ApiError;
use crate::state::{Accepted, Kind};
use fields::Fields;
use serde_json::Value;

const MAX_TEXT: usize = 2500;

pub fn create(kind: Kind, body: &Value) -> Result<Accepted, ApiError> {
    let f = Fields::new(body)?;
    match kind {
        Kind::Image => image(&f),
        Kind::TextToVideo => text_to_video(&f),
        Kind::ImageToVideo => image_to_video(&f),
    }
}

fn model(f: &Fields, allowed: &[&str]) -> Result<String, ApiError> {
    let model = f.string("model_name")?.unwrap_or("kling-v1").to_string();
    if !allowed.contains(&model.as_str()) {
        return Err(ApiError::new(1201, format!("model_name: {model} is not supported here; use one of {}", allowed.join(", "))));
    }
    Ok(model)
}

fn text(f: &Fields, field: &str, required: bool) -> Result<String, ApiError> {
    let value = match f.string(field)? {
        Some(v) => v.to_string(),
        None if required => return Err(ApiError::new(1200, format!("{field} is required"))),
        None => return Ok(String::new()),
    };
    if required && value.trim().is_empty() {
        return Err(ApiError::new(1201, format!("{field} must not be empty")));
    }
    let chars = value.chars().count();
    if chars > MAX_TEXT {
        return Err(ApiError::new(1201, format!("{field} cannot be longer than {MAX_TEXT} characters; was {chars} characters long")));
    }
    Ok(value)
}

fn unit(f: &Fields, field: &str) -> Result<Option<f64>, ApiError> {
    let value = f.number(field)?;
    if let Some(v) = value {
        if !(0.0..=1.0).contains(&v) {
            return Err(ApiError::new(1201, format!("{field} must be between 0 and 1, got {v}")));
        }
    }
    Ok(value)
}

fn ratio(text: &str) -> (u32, u32) {
    let (w, h) = text.split_once(':').unwrap_or(("16", "9"));
    (w.parse().unwrap_or(16), h.parse().unwrap_or(9))
}

fn image(f: &Fields) -> Result<Accepted, ApiError> {
    let model = model(f, IMAGE_MODELS)?;
    let prompt = text(f, "prompt", true)?;
    let negative = text(f, "negative_prompt", false)?;
    let image = f.value("image").filter(|v| !v.is_null());
    if let Some(image) = image {
        image_input::check("image", image)?;
        if !negative.is_empty() {
            return Err(ApiError::new(1201, "negative_prompt is not supported when image is set"));
        }
    }
    match f.string("image_reference")? {
        Some(r) if r != "subject" && r != "face" => return Err(ApiError::new(1201, format!("image_reference must be subject or face, got {r}"))),
        Some(_) if model != "kling-v1-5" => return Err(ApiError::new(1201, format!("image_reference is not supported by {model}"))),
        None if model == "kling-v1-5" && image.is_some() => return Err(ApiError::new(1201, "image_reference is required for kling-v1-5 with an image")),
        _ => {}
    }
    unit(f, "image_fidelity")?;
    unit(f, "human_fidelity")?;
    if let Some(resolution) = f.string("resolution")? {
        if resolution != "1k" && resolution != "2k" {
            return Err(ApiError::new(1201, format!("resolution must be 1k or 2k, got {resolution}")));
        }
    }
    let n = match f.integer("n")? {
        Some(n) if !(1..=9).contains(&n) => return Err(ApiError::new(1201, format!("n must be between 1 and 9, got {n}"))),
        Some(n) => n as u32,
        None => 1,
    };
    let aspect = f.string("aspect_ratio")?.unwrap_or("16:9");
    if !IMAGE_ASPECTS.contains(&aspect) {
        return Err(ApiError::new(1201, format!("aspect_ratio {aspect} is not supported; use one of {}", IMAGE_ASPECTS.join(", "))));
    }
    if aspect == "21:9" && model == "kling-v1" {
        return Err(ApiError::new(1201, "aspect_ratio 21:9 is not supported by kling-v1"));
    }
    Ok(Accepted { model, prompt, n, aspect: ratio(aspect), pro: false, ten_seconds: false, external_task_id: None })
}

/// mode, duration and cfg_scale, shared by both video kinds.
fn video_settings(f: &Fields, model: &str) -> Result<(bool, bool), ApiError> {
    let pro = match f.string("mode")? {
        None | Some("std") => false,
        Some("pro") => true,
        Some(other) => return Err(ApiError::new(1201, format!("mode must be std or pro, got {other}"))),
    };
    let ten = match f.value("duration") {
        None | Some(Value::Null) => false,
        Some(Value::String(d)) if d == "5" => false,
        Some(Value::String(d)) if d == "10" => true,
        Some(Value::String(d)) => return Err(ApiError::new(1201, format!("duration must be \"5\" or \"10\", got \"{d}\""))),
        Some(_) => return Err(ApiError::new(1200, "duration must be a string: \"5\" or \"10\"")),
    };
    if unit(f, "cfg_scale")?.is_some() && !caps::takes_cfg_scale(model) {
        return Err(ApiError::new(1201, format!("cfg_scale is not supported by {model}")));
    }
    Ok((pro, ten))
}

fn external_id(f: &Fields) -> Result<Option<String>, ApiError> {
    match f.string("external_task_id")? {
        Some(id) if id.trim().is_empty() => Err(ApiError::new(1201, "external_task_id must not be empty")),
        other => Ok(other.map(String::from)),
    }
}

fn text_to_video(f: &Fields) -> Result<Accepted, ApiError> {
    let model = model(f, TEXT_TO_VIDEO_MODELS)?;
    let prompt = text(f, "prompt", true)?;
    text(f, "negative_prompt", false)?;
    let (pro, ten) = video_settings(f, &model)?;
    let aspect = f.string("aspect_ratio")?.unwrap_or("16:9");
    if !VIDEO_ASPECTS.contains(&aspect) {
        return Err(ApiError::new(1201, format!("aspect_ratio {aspect} is not supported for videos; use 16:9, 9:16 or 1:1")));
    }
    camera::check(f, false, &model, pro, ten)?;
    Ok(Accepted { model, prompt, n: 1, aspect: ratio(aspect), pro, ten_seconds: ten, external_task_id: external_id(f)? })
}

fn image_to_video(f: &Fields) -> Result<Accepted, ApiError> {
    let model = model(f, IMAGE_TO_VIDEO_MODELS)?;
    let prompt = text(f, "prompt", false)?;
    text(f, "negative_prompt", false)?;
    let (pro, ten) = video_settings(f, &model)?;
    let image = f.value("image").filter(|v| !v.is_null());
    let tail = f.value("image_tail").filter(|v| !v.is_null());
    if image.is_none() && tail.is_none() {
        return Err(ApiError::new(1200, "image or image_tail is required"));
    }
    let mut aspect = (16, 9);
    if let Some(image) = image {
        if let Some((w, h)) = image_input::check("image", image)? {
            // The clip follows the picture: the nearest of the three video shapes.
            aspect = if w * 10 > h * 13 { (16, 9) } else if h * 10 > w * 13 { (9, 16) } else { (1, 1) };
        }
    }
    let masks = f.value("static_mask").is_some_and(|v| !v.is_null()) || f.value("dynamic_masks").is_some_and(|v| !v.is_null());
    let camera = f.value("camera_control").is_some_and(|v| !v.is_null());
    if let Some(tail) = tail {
        image_input::check("image_tail", tail)?;
        if masks || camera {
            return Err(ApiError::new(1201, "image_tail cannot be combined with masks or camera_control"));
        }
        if !caps::image_tail(&model, pro, ten) {
            let mode = if pro { "pro" } else { "std" };
            let seconds = if ten { 10 } else { 5 };
            return Err(ApiError::new(1201, format!("model/mode/duration({model}/{mode}/{seconds}) is not supported with image_tail")));
        }
    }
    if masks && camera {
        return Err(ApiError::new(1201, "masks cannot be combined with camera_control"));
    }
    camera::check(f, true, &model, pro, ten)?;
    Ok(Accepted { model, prompt, n: 1, aspect, pro, ten_seconds: ten, external_task_id: external_id(f)? })
}
