//! Multi-shot videos (addendum §2): `multi_shot` a JSON boolean; when true, `shot_type`
//! customize | intelligence; customised shots in `multi_prompt`, 1–6 of `{index, prompt ≤ 512
//! characters, duration (a string, ≥ 1 s)}` numbered 1, 2, 3… whose durations add up to the video's.

use super::fields::Fields;
use crate::envelope::ApiError;
use kling_api::catalogue::Entry;
use kling_api::{MAX_SHOTS, MAX_SHOT_PROMPT_CHARS};
use serde_json::Value;

/// Whether the shots are customised (then the request's own prompt may be empty).
pub fn check(f: &Fields, entry: &Entry, seconds: u32) -> Result<bool, ApiError> {
    check_for(f, entry.multi_shot, entry.model, "kling-v3", seconds)
}

/// The same for a model known outside the catalogue: `offered` when `model` makes multi-shot
/// videos, `who_has` the model to suggest when it does not.
pub fn check_for(f: &Fields, offered: bool, model: &str, who_has: &str, seconds: u32) -> Result<bool, ApiError> {
    let on = match f.present("multi_shot") {
        None => false,
        Some(Value::Bool(on)) => *on,
        Some(other) => return Err(ApiError::new(1200, format!("multi_shot must be a JSON boolean (true or false), not {other}"))),
    };
    let shot_type = f.string("shot_type")?;
    let shots = f.present("multi_prompt");
    if !on {
        if let Some(field) = [(shot_type.is_some(), "shot_type"), (shots.is_some(), "multi_prompt")].into_iter().find(|g| g.0).map(|g| g.1) {
            return Err(ApiError::new(1201, format!("{field} needs multi_shot true")));
        }
        return Ok(false);
    }
    if !offered {
        return Err(ApiError::new(1201, format!("multi_shot is not supported by {model}: it makes single-shot videos ({who_has} has multi-shot)")));
    }
    match shot_type {
        None => Err(ApiError::new(1200, "shot_type is required when multi_shot is true (customize or intelligence)")),
        Some("intelligence") if shots.is_some_and(|s| s.as_array().is_none_or(|a| !a.is_empty())) => {
            Err(ApiError::new(1201, "multi_prompt is not taken with shot_type intelligence (Kling splits the prompt itself); use customize"))
        }
        Some("intelligence") => Ok(false),
        Some("customize") => customised(shots, seconds).map(|()| true),
        Some(other) => Err(ApiError::new(1201, format!("shot_type must be customize or intelligence, got {other}"))),
    }
}

fn customised(shots: Option<&Value>, seconds: u32) -> Result<(), ApiError> {
    let shots = match shots {
        None => return Err(ApiError::new(1200, "multi_prompt is required with shot_type customize")),
        Some(Value::Array(shots)) => shots,
        Some(_) => return Err(ApiError::new(1200, "multi_prompt must be an array of {index, prompt, duration}")),
    };
    if !(1..=MAX_SHOTS).contains(&shots.len()) {
        return Err(ApiError::new(1201, format!("multi_prompt must hold 1 to {MAX_SHOTS} shots, got {}", shots.len())));
    }
    let mut sum = 0;
    for (i, shot) in shots.iter().enumerate() {
        let name = format!("multi_prompt[{i}]");
        let shot = shot.as_object().ok_or_else(|| ApiError::new(1200, format!("{name} must be an object")))?;
        match shot.get("index") {
            Some(Value::Number(n)) if n.as_u64() == Some(i as u64 + 1) => {}
            Some(Value::Number(n)) => return Err(ApiError::new(1201, format!("{name}.index must be {} (shots are numbered 1, 2, 3… in order), got {n}", i + 1))),
            _ => return Err(ApiError::new(1200, format!("{name}.index is required, a whole number"))),
        }
        let prompt = match shot.get("prompt") {
            Some(Value::String(p)) => p,
            _ => return Err(ApiError::new(1200, format!("{name}.prompt is required, a string"))),
        };
        let chars = prompt.chars().count();
        if prompt.trim().is_empty() || chars > MAX_SHOT_PROMPT_CHARS {
            return Err(ApiError::new(1201, format!("{name}.prompt must hold 1 to {MAX_SHOT_PROMPT_CHARS} characters, got {chars}")));
        }
        let duration = match shot.get("duration") {
            Some(Value::String(d)) => {
                d.parse::<u32>().ok().filter(|s| s.to_string() == *d).ok_or_else(|| ApiError::new(1201, format!("{name}.duration must be whole seconds, got \"{d}\"")))?
            }
            Some(other) => return Err(ApiError::new(1200, format!("{name}.duration must be a string (\"2\"), not {other}"))),
            None => return Err(ApiError::new(1200, format!("{name}.duration is required"))),
        };
        if duration == 0 || duration > seconds {
            return Err(ApiError::new(1201, format!("{name}.duration must be from 1 to the video's {seconds} s, got {duration}")));
        }
        sum += duration;
    }
    if sum != seconds {
        return Err(ApiError::new(1201, format!("multi_prompt durations add up to {sum} s but duration is {seconds} s; they must be equal")));
    }
    Ok(())
}
