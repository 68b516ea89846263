//! Body validation with the API's rules: a missing field or a wrong JSON type is 1200, a value
//! outside the rules is 1201, and each message names the field (and the rule it broke).
//! Validation needs no state, so it runs outside the lock.

mod camera;
mod fields;
mod image_generation;
mod image_input;
mod motion_brush;
mod video;

use crate::envelope::ApiError;
use crate::task::{Accepted, Kind};
use fields::Fields;
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

fn model(f: &Fields, allowed: &[&str]) -> Result<String, ApiError> {
    let model = f.string("model_name")?.unwrap_or("kling-v1").to_string();
    if !allowed.contains(&model.as_str()) {
        return Err(ApiError::new(1201, format!("model_name: {model} is not supported here; use one of {}", allowed.join(", "))));
    }
    Ok(model)
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
