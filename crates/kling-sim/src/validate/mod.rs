//! Body validation with the API's rules: a missing field or a wrong JSON type is 1200, a value
//! outside the rules is 1201, and each message names the field (and the rule it broke).
//! Validation needs no state, so it runs outside the lock.

mod camera;
pub mod custom_element;
pub mod custom_voice;
mod effects;
mod elements;
mod fields;
mod image_expand;
mod image_generation;
mod image_input;
mod inline_file;
mod lip_sync;
mod motion_brush;
mod motion_control;
mod multi_image;
mod multi_image_to_image;
mod omni_image;
mod omni_video;
mod shots;
mod sound;
mod sound_file;
mod text_to_audio;
mod video;
mod video_extend;
pub mod video_input;
mod video_to_audio;
mod virtual_try_on;

use crate::capabilities;
use crate::envelope::ApiError;
use crate::state::State;
use crate::task::{Accepted, Kind};
use fields::Fields;
use kling_api::catalogue::Entry;
use serde_json::Value;

/// Longest prompt or negative prompt, in characters.
const MAX_TEXT: usize = 2500;

/// A body's fields, for the checks that are not of a task kind (elements, voices).
pub fn fields(body: &Value) -> Result<Fields<'_>, ApiError> {
    Fields::new(body)
}

/// Checks a create body for `kind`.
pub fn create(kind: Kind, body: &Value) -> Result<Accepted, ApiError> {
    let f = Fields::new(body)?;
    match kind {
        Kind::Image => image_generation::check(&f),
        Kind::TextToVideo => video::text_to_video(&f),
        Kind::ImageToVideo => video::image_to_video(&f),
        Kind::OmniVideo => omni_video::check(&f),
        Kind::MultiImageToVideo => multi_image::check(&f),
        Kind::VideoExtend => video_extend::check(&f),
        Kind::LipSync => lip_sync::check(&f),
        Kind::Effects => effects::check(&f),
        Kind::VideoToAudio => video_to_audio::check(&f),
        Kind::MotionControl => motion_control::check(&f),
        Kind::TextToAudio => text_to_audio::check(&f),
        Kind::ImageExpand => image_expand::check(&f),
        Kind::MultiImageToImage => multi_image_to_image::check(&f),
        Kind::VirtualTryOn => virtual_try_on::check(&f),
        Kind::OmniImage => omni_image::check(&f),
    }
}

/// The checks of a create body that need the account (the videos it made, its face sessions),
/// run under the lock once `create` passed; they fill in what the task takes from them.
pub fn admit(kind: Kind, body: &Value, state: &State, accepted: &mut Accepted, now_ms: i64) -> Result<(), ApiError> {
    let f = Fields::new(body)?;
    match kind {
        Kind::OmniVideo => omni_video::admit(&f, state, accepted, now_ms),
        Kind::VideoExtend => video_extend::admit(&f, state, accepted, now_ms),
        Kind::LipSync => lip_sync::admit(&f, state, accepted, now_ms),
        Kind::VideoToAudio => video_to_audio::admit(&f, state, accepted, now_ms),
        Kind::MotionControl => motion_control::admit(&f, state, accepted, now_ms),
        Kind::Image
        | Kind::TextToVideo
        | Kind::ImageToVideo
        | Kind::MultiImageToVideo
        | Kind::Effects
        | Kind::TextToAudio
        | Kind::ImageExpand
        | Kind::MultiImageToImage
        | Kind::VirtualTryOn
        | Kind::OmniImage => Ok(()),
    }
}

/// `POST /v1/videos/identify-face`: exactly one of `video_id` and `video_url` (§6.3).
pub fn identify_face(body: &Value) -> Result<video_input::VideoInput, ApiError> {
    video_input::one_of_id_or_link(&Fields::new(body)?)
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
    let enabled = watermark_asked(f)?;
    if enabled && !entry.watermark {
        return Err(ApiError::new(1201, format!("watermark_info is not supported by {}", entry.model)));
    }
    Ok(enabled)
}

/// `watermark_info` on a create that takes it whatever the model (§3.3).
fn watermark_asked(f: &Fields) -> Result<bool, ApiError> {
    let Some(info) = f.nested("watermark_info")? else { return Ok(false) };
    let enabled = match info.present("enabled") {
        Some(Value::Bool(enabled)) => *enabled,
        None => return Err(ApiError::new(1200, "watermark_info.enabled is required (true or false)")),
        Some(other) => return Err(ApiError::new(1200, format!("watermark_info.enabled must be a JSON boolean, not {other}"))),
    };
    if let Some(unknown) = info.keys().find(|k| *k != "enabled") {
        return Err(ApiError::new(1201, format!("watermark_info.{unknown} is not supported; custom watermarks are not offered, only enabled")));
    }
    Ok(enabled)
}

/// `model_name` among a tool's own models (the catalogue does not hold them yet), or its default.
fn tool_model(f: &Fields, offered: &[&'static str]) -> Result<&'static str, ApiError> {
    let Some(model) = f.string("model_name")? else { return Ok(offered[0]) };
    offered
        .iter()
        .find(|m| **m == model)
        .copied()
        .ok_or_else(|| ApiError::new(1201, format!("model_name: {model} is not supported here; use one of {}", offered.join(", "))))
}

/// A string among `values` (or None), refused naming the field.
fn one_of<'a>(f: &Fields<'a>, field: &str, values: &[&str]) -> Result<Option<&'a str>, ApiError> {
    match f.string(field)? {
        Some(v) if !values.contains(&v) => Err(ApiError::new(1201, format!("{} must be {}, got {v}", f.name(field), values.join(" or ")))),
        other => Ok(other),
    }
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

/// `duration`: a string of whole seconds among `allowed` (the wire form, "5"); None when absent.
fn seconds(f: &Fields, allowed: &[u32], offered: &str) -> Result<Option<u32>, ApiError> {
    match f.present("duration") {
        None => Ok(None),
        Some(Value::String(d)) => d
            .parse::<u32>()
            .ok()
            .filter(|s| s.to_string() == *d && allowed.contains(s))
            .map(Some)
            .ok_or_else(|| ApiError::new(1201, format!("{} must be {offered}, got \"{d}\"", f.name("duration")))),
        Some(other) => Err(ApiError::new(1200, format!("{} must be a string ({offered}), not {other}", f.name("duration")))),
    }
}

/// `mode` among `offered` (None when absent).
fn tool_mode(f: &Fields, offered: &[kling_api::Mode], model: &str) -> Result<Option<kling_api::Mode>, ApiError> {
    use kling_api::Mode;
    let mode = match f.string("mode")? {
        None => return Ok(None),
        Some("std") => Mode::Std,
        Some("pro") => Mode::Pro,
        Some("4k") => Mode::FourK,
        Some(other) => return Err(ApiError::new(1201, format!("mode must be std, pro or 4k, got {other}"))),
    };
    if !offered.contains(&mode) {
        let names: Vec<&str> = offered.iter().map(|m| m.as_str()).collect();
        return Err(ApiError::new(1201, format!("mode {mode} is not supported by {model}; use {}", names.join(" or "))));
    }
    Ok(Some(mode))
}

/// A text of at most `max` characters (the audio prompts take 200).
fn short_text(f: &Fields, field: &str, max: usize) -> Result<String, ApiError> {
    let value = f.string(field)?.unwrap_or_default();
    let chars = value.chars().count();
    if chars > max {
        return Err(ApiError::new(1201, format!("{field} cannot be longer than {max} characters; was {chars} characters long")));
    }
    Ok(value.to_string())
}

/// `n`, pictures asked for: 1 to 9, 1 when absent.
fn picture_count(f: &Fields) -> Result<u32, ApiError> {
    match f.integer("n")? {
        Some(n) if !(1..=9).contains(&n) => Err(ApiError::new(1201, format!("n must be between 1 and 9, got {n}"))),
        Some(n) => Ok(n as u32),
        None => Ok(1),
    }
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
