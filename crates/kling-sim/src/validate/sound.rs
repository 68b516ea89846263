//! Native sound and voices (addendum §1.2, §2): `sound` is the string "on" or "off" (never a
//! boolean), only on models and modes that make sound (kling-v2-6: "on" in pro only, and start +
//! end frames silent only); `voice_list` up to the model's most, with sound on, referred to in the
//! prompt as `<<<voice_N>>>`, and never with `element_list`.

use super::fields::Fields;
use crate::envelope::ApiError;
use kling_api::catalogue::{Entry, SoundOffer};
use kling_api::Mode;
use serde_json::Value;

/// What a request asked of sound.
pub struct Asked {
    pub on: bool,
    /// A voice is used (billed apart, §7.2).
    pub voice: bool,
}

/// `start_and_end`: both frames given; `elements`: how many `element_list` entries there are.
pub fn check(f: &Fields, entry: &Entry, mode: Option<Mode>, start_and_end: bool, prompt: &str, elements: usize) -> Result<Asked, ApiError> {
    let model = entry.model;
    let on = match f.present("sound") {
        None => None,
        Some(Value::String(s)) if s == "on" => Some(true),
        Some(Value::String(s)) if s == "off" => Some(false),
        Some(Value::String(s)) => return Err(ApiError::new(1201, format!("sound must be \"on\" or \"off\", got \"{s}\""))),
        Some(other) => return Err(ApiError::new(1200, format!("sound must be the string \"on\" or \"off\", not {other}"))),
    };
    if let Some(on) = on {
        let mode = mode.unwrap_or_default();
        match entry.sound_in(mode) {
            None if entry.sound.is_empty() => {
                return Err(ApiError::new(1201, format!("sound is not supported by {model}: it makes silent videos (kling-v2-6 and kling-v3 have sound)")));
            }
            None => return Err(ApiError::new(1201, format!("sound is not supported by {model} in {mode} mode"))),
            Some(SoundOffer::OffOnly) if on => return Err(ApiError::new(1201, format!("sound \"on\" needs mode pro on {model}; {mode} is silent only"))),
            _ if on && start_and_end && entry.end_frame_silent => {
                return Err(ApiError::new(1201, format!("sound \"on\" is not supported by {model} with image_tail: start and end frames make silent videos only")));
            }
            _ => {}
        }
    }
    let on = on.unwrap_or(false);
    let voices = voices(f, entry)?;
    if voices == 0 {
        return Ok(Asked { on, voice: false });
    }
    if !on {
        return Err(ApiError::new(1201, "voice_list needs sound \"on\""));
    }
    if elements > 0 {
        return Err(ApiError::new(1201, "element_list cannot be combined with voice_list; use one or the other"));
    }
    if !kling_api::pricing::refers_to_a_voice(prompt, voices) {
        return Err(ApiError::new(1201, "voice_list: the prompt must say where a voice speaks, as <<<voice_1>>>"));
    }
    Ok(Asked { on, voice: true })
}

/// How many voices `voice_list` holds, each `{"voice_id": non-empty string}`.
fn voices(f: &Fields, entry: &Entry) -> Result<usize, ApiError> {
    let items = match f.present("voice_list") {
        None => return Ok(0),
        Some(Value::Array(items)) if items.is_empty() => return Ok(0),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(ApiError::new(1200, "voice_list must be an array of {\"voice_id\": …}")),
    };
    let model = entry.model;
    match usize::from(entry.max_voices) {
        0 => return Err(ApiError::new(1201, format!("voice_list is not supported by {model} ({})", entry.kind))),
        max if items.len() > max => return Err(ApiError::new(1201, format!("voice_list holds at most {max} voices for {model}, got {}", items.len()))),
        _ => {}
    }
    for (i, item) in items.iter().enumerate() {
        match item.get("voice_id") {
            Some(Value::String(id)) if !id.trim().is_empty() => {}
            Some(Value::String(_)) => return Err(ApiError::new(1201, format!("voice_list[{i}].voice_id must not be empty"))),
            None | Some(Value::Null) => return Err(ApiError::new(1200, format!("voice_list[{i}].voice_id is required"))),
            Some(_) => return Err(ApiError::new(1200, format!("voice_list[{i}].voice_id must be a string"))),
        }
    }
    Ok(items.len())
}
