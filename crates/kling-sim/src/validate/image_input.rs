use crate::envelope::ApiError;
use base64::Engine;
use serde_json::Value;

const MAX_BYTES: usize = 10 * 1024 * 1024;

/// An input picture: an http(s) URL (accepted as is: the emulator fetches nothing) or raw base64
/// of a JPEG/PNG of at most 10 MB, each side ≥ 300 px, aspect within 1:2.5–2.5:1. Returns the
/// picture's size when it was given inline.
pub fn check(field: &str, value: &Value) -> Result<Option<(u32, u32)>, ApiError> {
    let text = value.as_str().ok_or_else(|| ApiError::new(1200, format!("{field} must be a string")))?;
    if text.starts_with("http://") || text.starts_with("https://") {
        return Ok(None);
    }
    if text.starts_with("data:") {
        return Err(ApiError::new(1201, format!("{field} must be raw base64 without a data: prefix")));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| ApiError::new(1201, format!("{field} is neither a URL nor valid base64")))?;
    if bytes.len() > MAX_BYTES {
        return Err(ApiError::new(1201, format!("{field} is larger than 10MB")));
    }
    match image::guess_format(&bytes) {
        Ok(image::ImageFormat::Png | image::ImageFormat::Jpeg) => {}
        _ => return Err(ApiError::new(1201, format!("{field} must be a JPG or PNG picture"))),
    }
    let (w, h) = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok())
        .ok_or_else(|| ApiError::new(1201, format!("{field}: Image pixel is invalid")))?;
    if w < 300 || h < 300 {
        return Err(ApiError::new(1201, format!("{field} must be at least 300px on each side, got {w}x{h}")));
    }
    if f64::from(w.max(h)) / f64::from(w.min(h)) > 2.5 {
        return Err(ApiError::new(1201, format!("{field} aspect ratio must be between 1:2.5 and 2.5:1, got {w}x{h}")));
    }
    Ok(Some((w, h)))
}
