//! A file given in a request field (a picture, a sound): an http(s) URL, accepted as is (the
//! emulator fetches nothing), or raw base64 (no `data:` prefix) of at most `max_mb` MB.

use crate::envelope::ApiError;
use base64::Engine;
use serde_json::Value;

/// What a field held.
pub enum Given {
    Link,
    Inline(Vec<u8>),
}

/// Reads a field as a link or inline bytes; `data_hint` follows the refusal of a `data:` prefix.
pub fn read(field: &str, value: &Value, max_mb: usize, data_hint: &str) -> Result<Given, ApiError> {
    let text = value.as_str().ok_or_else(|| ApiError::new(1200, format!("{field} must be a string (base64 or URL)")))?;
    if text.starts_with("http://") || text.starts_with("https://") {
        return Ok(Given::Link);
    }
    if text.trim().is_empty() {
        return Err(ApiError::new(1201, format!("{field} must not be empty")));
    }
    if text.starts_with("data:") {
        return Err(ApiError::new(1201, format!("{field} must be raw base64 without a data: prefix{data_hint}")));
    }
    // Line breaks from wrapping encoders are tolerated; anything else must be plain base64.
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| ApiError::new(1201, format!("{field} is neither an http(s) URL nor valid base64")))?;
    if bytes.len() > max_mb * 1024 * 1024 {
        return Err(ApiError::new(1201, format!("{field} is larger than {max_mb}MB ({} bytes)", bytes.len())));
    }
    Ok(Given::Inline(bytes))
}
