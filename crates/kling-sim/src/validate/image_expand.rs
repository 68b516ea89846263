//! `POST /v1/images/editing/expand` (addendum §6.5): `image` required; the four
//! `*_expansion_ratio` numbers 0 to 2 (of the height for up/down, of the width for left/right),
//! the new picture at most 3× the original's area; `prompt` optional; `n` 1 to 9. The results are
//! pictures of the expanded shape.

use super::fields::Fields;
use super::{external_id, image_input, picture_count, text, watermark_asked};
use crate::envelope::ApiError;
use crate::task::Accepted;

const EDGES: [&str; 4] = ["up_expansion_ratio", "down_expansion_ratio", "left_expansion_ratio", "right_expansion_ratio"];
const MAX_RATIO: f64 = 2.0;
const MAX_AREA: f64 = 3.0;
/// The size assumed for a picture given by link (the emulator fetches nothing).
const LINKED_SIDE: u32 = 1024;

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    let picture = f.present("image").ok_or_else(|| ApiError::new(1200, "image is required"))?;
    let (w, h) = image_input::check("image", picture)?.unwrap_or((LINKED_SIDE, LINKED_SIDE));
    let mut ratios = [0.0; 4];
    for (ratio, field) in ratios.iter_mut().zip(EDGES) {
        let value = f.number(field)?.unwrap_or(0.0);
        if !(0.0..=MAX_RATIO).contains(&value) {
            return Err(ApiError::new(1201, format!("{field} must be between 0 and 2, got {value}")));
        }
        *ratio = value;
    }
    let [up, down, left, right] = ratios;
    let (tall, wide) = (1.0 + up + down, 1.0 + left + right);
    if tall * wide > MAX_AREA + 1e-9 {
        return Err(ApiError::new(1201, format!("the expanded area must be at most 3 times the original, got {:.2}", tall * wide)));
    }
    let prompt = text(f, "prompt", false)?;
    let n = picture_count(f)?;
    let aspect = ((f64::from(w) * wide).round() as u32, (f64::from(h) * tall).round() as u32);
    Ok(Accepted { prompt, n, aspect, seconds: 0, with_image: true, watermark: watermark_asked(f)?, external_task_id: external_id(f)?, ..Accepted::default() })
}
