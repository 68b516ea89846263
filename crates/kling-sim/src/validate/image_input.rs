//! An input picture (`image`, `image_tail`, masks): an http(s) URL, accepted as is (the emulator
//! fetches nothing), or raw base64 (no `data:` prefix) of a JPEG/PNG of at most 10 MB, each side
//! ≥ 300 px, aspect ratio within 1:2.5–2.5:1.

use super::inline_file::{self, Given};
use crate::envelope::ApiError;
use serde_json::Value;

const MAX_MB: usize = 10;
const MIN_SIDE: u32 = 300;
const MAX_RATIO: f64 = 2.5;

/// A list of `least` to `most` objects each holding a picture under `key` (`image_list[].image`,
/// `subject_image_list[].subject_image`), each checked and named by its place. Answers how many;
/// an absent list is none, refused when at least one is needed.
pub fn check_list(f: &super::fields::Fields, field: &str, key: &str, (least, most): (usize, usize)) -> Result<usize, ApiError> {
    let items = match f.present(field) {
        None if least == 0 => return Ok(0),
        None => return Err(ApiError::new(1200, format!("{field} is required: {least} to {most} of {{\"{key}\": …}}"))),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(ApiError::new(1200, format!("{field} must be an array of {{\"{key}\": …}}"))),
    };
    if !(least..=most).contains(&items.len()) {
        return Err(ApiError::new(1201, format!("{field} must hold {least} to {most} pictures, got {}", items.len())));
    }
    for (i, item) in items.iter().enumerate() {
        let name = format!("{field}[{i}].{key}");
        match item.get(key).filter(|v| !v.is_null()) {
            Some(picture) => check(&name, picture)?,
            None => return Err(ApiError::new(1200, format!("{name} is required"))),
        };
    }
    Ok(items.len())
}

/// Returns the picture's size when it was given inline.
pub fn check(field: &str, value: &Value) -> Result<Option<(u32, u32)>, ApiError> {
    let bytes = match inline_file::read(field, value, MAX_MB, " (remove \"data:image/...;base64,\")")? {
        Given::Link => return Ok(None),
        Given::Inline(bytes) => bytes,
    };
    match image::guess_format(&bytes) {
        Ok(image::ImageFormat::Png | image::ImageFormat::Jpeg) => {}
        _ => return Err(ApiError::new(1201, format!("{field} must be a JPG or PNG picture"))),
    }
    let (w, h) = image::ImageReader::new(std::io::Cursor::new(&bytes))
        .with_guessed_format()
        .ok()
        .and_then(|r| r.into_dimensions().ok())
        .ok_or_else(|| ApiError::new(1201, format!("{field}: Image pixel is invalid")))?;
    if w < MIN_SIDE || h < MIN_SIDE {
        return Err(ApiError::new(1201, format!("{field} must be at least 300px on each side, got {w}x{h}")));
    }
    if f64::from(w.max(h)) / f64::from(w.min(h)) > MAX_RATIO {
        return Err(ApiError::new(1201, format!("{field} aspect ratio must be between 1:2.5 and 2.5:1, got {w}x{h}")));
    }
    Ok(Some((w, h)))
}
