//! Body validation with the API's rules: a missing field or a wrong JSON type is 1200, a value
//! outside the rules is 1201, and each message names the field (and the rule it broke).
//! Validation needs no state, so it runs outside the lock.

mod camera;
mod elements;
mod fields;
mod image_generation;
mod image_input;
mod motion_brush;
mod shots;
mod sound;
mod video;

use crate::capabilities;
use crate::envelope::ApiError;
use crate::task::{Accepted, Kind};
use fields::Fields;
use kling_api::catalogue::Entry;
use serde_json::Value;

/// Longest prompt or negative prompt, in characters.
const MAX_TEXT: usize = 2500;

/// Checks a create body for `kind`.
pub fn create(kind: Kind, body: &Value) -> Result<Accepted, ApiError> {
    let f = Fields::new(body)?;
    match kind {
        Kind::Image => image_generation::check(&f),
        Kind::TextToVideo => video::text_to_video(&f),
        Kind::ImageToVideo => video::image_to_video(&f),
    }
}

/// `model_name` (the docs' default is kling-v1) and what the catalogue says of it on `kind`.
fn model(f: &Fields, kind: Kind) -> Result<(String, &'static Entry), ApiError> {
    let model = f.string("model_name")?.unwrap_or("kling-v1").to_string();
    let entry = capabilities::entry(kind, &model)?;
    Ok((model, entry))
}

/// `external_task_id`: the caller's own id, unique per account (checked with the account).
fn external_id(f: &Fields) -> Result<Option<String>, ApiError> {
    match f.string("external_task_id")? {
        Some(id) if id.trim().is_empty() => Err(ApiError::new(1201, "external_task_id must not be empty")),
        other => Ok(other.map(String::from)),
    }
}

/// `watermark_info: {"enabled": bool}` (addendum §2): whether a watermarked copy is asked for.
fn watermark(f: &Fields, entry: &Entry) -> Result<bool, ApiError> {
    let Some(info) = f.nested("watermark_info")? else { return Ok(false) };
    let enabled = match info.present("enabled") {
        Some(Value::Bool(enabled)) => *enabled,
        None => return Err(ApiError::new(1200, "watermark_info.enabled is required (true or false)")),
        Some(other) => return Err(ApiError::new(1200, format!("watermark_info.enabled must be a JSON boolean, not {other}"))),
    };
    if let Some(unknown) = info.keys().find(|k| *k != "enabled") {
        return Err(ApiError::new(1201, format!("watermark_info.{unknown} is not supported; custom watermarks are not offered, only enabled")));
    }
    if enabled && !entry.watermark {
        return Err(ApiError::new(1201, format!("watermark_info is not supported by {}", entry.model)));
    }
    Ok(enabled)
}

/// A prompt-like text: required ones must not be blank; all are at most 2500 characters.
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

/// A float in [0, 1].
fn unit(f: &Fields, field: &str) -> Result<Option<f64>, ApiError> {
    let value = f.number(field)?;
    if let Some(v) = value {
        if !(0.0..=1.0).contains(&v) {
            return Err(ApiError::new(1201, format!("{field} must be between 0 and 1, got {v}")));
        }
    }
    Ok(value)
}

/// "16:9" → (16, 9); only called on values already checked against an enum.
fn ratio(text: &str) -> (u32, u32) {
    let (w, h) = text.split_once(':').unwrap_or(("16", "9"));
    (w.parse().unwrap_or(16), h.parse().unwrap_or(9))
}
