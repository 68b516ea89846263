//! A sound given to lip sync (`sound_file`, addendum §6.3): an http(s) URL, taken as is, or raw
//! base64 of an mp3, wav, m4a or aac file of at most 5 MB, 2 to 60 s long (the length is read from
//! WAV headers; other formats are taken as they come).

use crate::envelope::ApiError;
use crate::media::audio;
use base64::Engine;
use serde_json::Value;

const MAX_BYTES: usize = 5 * 1024 * 1024;
const MIN_SECONDS: f64 = 2.0;
const MAX_SECONDS: f64 = 60.0;

/// The sound's length in seconds when it was given inline as a WAV.
pub fn check(field: &str, value: &Value) -> Result<Option<f64>, ApiError> {
    let text = value.as_str().ok_or_else(|| ApiError::new(1200, format!("{field} must be a string (base64 or URL)")))?;
    if text.starts_with("http://") || text.starts_with("https://") {
        return Ok(None);
    }
    if text.trim().is_empty() {
        return Err(ApiError::new(1201, format!("{field} must not be empty")));
    }
    if text.starts_with("data:") {
        return Err(ApiError::new(1201, format!("{field} must be raw base64 without a data: prefix")));
    }
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| ApiError::new(1201, format!("{field} is neither an http(s) URL nor valid base64")))?;
    if bytes.len() > MAX_BYTES {
        return Err(ApiError::new(1201, format!("{field} is larger than 5MB ({} bytes)", bytes.len())));
    }
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
