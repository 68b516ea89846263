//! `POST /v1/images/multi-image2image` (addendum §6.6): `subject_image_list` of 1–4
//! `{"subject_image": …}` required; `scene_image` and `style_image` optional; `prompt` optional
//! (≤ 2500); `n` 1 to 9; `aspect_ratio` among the model's (default 16:9); kling-v2-1 (today's
//! default) or kling-v2 (the older docs'); `watermark_info`.

use super::fields::Fields;
use super::{external_id, image_input, picture_count, ratio, text, watermark};
use crate::capabilities;
use crate::envelope::ApiError;
use crate::task::{Accepted, Kind};
use kling_api::{COMPOSE_DEFAULT_MODEL, MAX_SUBJECT_PICTURES};

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    let model = f.string("model_name")?.unwrap_or(COMPOSE_DEFAULT_MODEL).to_string();
    let entry = capabilities::entry(Kind::MultiImageToImage, &model)?;
    image_input::check_list(f, "subject_image_list", "subject_image", (1, MAX_SUBJECT_PICTURES))?;
    for field in ["scene_image", "style_image"] {
        if let Some(picture) = f.present(field) {
            image_input::check(field, picture)?;
        }
    }
    let prompt = text(f, "prompt", false)?;
    let n = picture_count(f)?;
    let aspect = f.string("aspect_ratio")?.unwrap_or("16:9");
    let offered = capabilities::ratio_names(entry.aspect_ratios);
    if !offered.contains(&aspect) {
        return Err(ApiError::new(1201, format!("aspect_ratio {aspect} is not supported; use one of {}", offered.join(", "))));
    }
    Ok(Accepted {
        model,
        prompt,
        n,
        aspect: ratio(aspect),
        with_image: true,
        watermark: watermark(f, entry)?,
        external_task_id: external_id(f)?,
        ..Accepted::default()
    })
}
