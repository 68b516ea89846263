//! `POST /v1/audio/text-to-audio` (addendum §6.8): `prompt` required, at most 200 characters;
//! `duration` a JSON number from 3.0 to 10.0 s with one decimal. The result: the sound as MP3 and
//! WAV, nothing else.

use super::fields::Fields;
use super::{external_id, text};
use crate::envelope::ApiError;
use crate::task::Accepted;

const MAX_PROMPT: usize = 200;
const MIN_SECONDS: f64 = 3.0;
const MAX_SECONDS: f64 = 10.0;

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    let prompt = text(f, "prompt", true)?;
    let chars = prompt.chars().count();
    if chars > MAX_PROMPT {
        return Err(ApiError::new(1201, format!("prompt cannot be longer than {MAX_PROMPT} characters; was {chars} characters long")));
    }
    let seconds = f.number("duration")?.ok_or_else(|| ApiError::new(1200, "duration is required: seconds from 3.0 to 10.0"))?;
    if !(MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
        return Err(ApiError::new(1201, format!("duration must be between 3.0 and 10.0 seconds, got {seconds}")));
    }
    if ((seconds * 10.0).round() - seconds * 10.0).abs() > 1e-6 {
        return Err(ApiError::new(1201, format!("duration takes one decimal place, got {seconds}")));
    }
    Ok(Accepted {
        prompt,
        n: 1,
        seconds: seconds.round() as u32,
        shown_seconds: Some(seconds),
        sound: true,
        external_task_id: external_id(f)?,
        ..Accepted::default()
    })
}
