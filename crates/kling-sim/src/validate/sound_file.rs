//! A sound given to lip sync (`sound_file`, addendum §6.3): an http(s) URL, taken as is, or raw
//! base64 of an mp3, wav, m4a or aac file of at most 5 MB, 2 to 60 s long (the length is read from
//! WAV headers; other formats are taken as they come).

use super::inline_file::{self, Given};
use crate::envelope::ApiError;
use crate::media::audio;
use serde_json::Value;

const MAX_MB: usize = 5;
const MIN_SECONDS: f64 = 2.0;
const MAX_SECONDS: f64 = 60.0;

/// The sound's length in seconds when it was given inline as a WAV.
pub fn check(field: &str, value: &Value) -> Result<Option<f64>, ApiError> {
    let bytes = match inline_file::read(field, value, MAX_MB, "")? {
        Given::Link => return Ok(None),
        Given::Inline(bytes) => bytes,
    };
    let wav = bytes.starts_with(b"RIFF");
    let mp3_or_aac = bytes.starts_with(b"ID3") || (bytes.len() > 1 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0);
    let m4a = bytes.len() > 8 && &bytes[4..8] == b"ftyp";
    if !(wav || mp3_or_aac || m4a) {
        return Err(ApiError::new(1201, format!("{field} must be an mp3, wav, m4a or aac file")));
    }
    if !wav {
        return Ok(None);
    }
    let seconds = audio::wav_seconds(&bytes).ok_or_else(|| ApiError::new(1201, format!("{field}: the WAV header cannot be read")))?;
    if !(MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
        return Err(ApiError::new(1201, format!("{field} must be 2 to 60 s long, got {} s", crate::task::format_seconds(seconds))));
    }
    Ok(Some(seconds))
}
