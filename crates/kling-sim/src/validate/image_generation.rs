//! `POST /v1/images/generations`: text-to-image, and image-to-image with `image`.

use super::fields::Fields;
use super::{image_input, model, ratio, text, unit};
use crate::capabilities::{self as caps, IMAGE_ASPECTS, IMAGE_MODELS};
use crate::envelope::ApiError;
use crate::task::Accepted;

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    let model = model(f, IMAGE_MODELS)?;
    let prompt = text(f, "prompt", true)?;
    let negative = text(f, "negative_prompt", false)?;
    let image = f.present("image");
    if let Some(image) = image {
        image_input::check("image", image)?;
        if !negative.is_empty() {
            return Err(ApiError::new(1201, "negative_prompt is not supported when image is set (image-to-image)"));
        }
    } else if caps::needs_reference_image(&model) {
        return Err(ApiError::new(1201, format!("image: {model} only restyles a picture, so image is required")));
    }
    let reference = f.string("image_reference")?;
    match reference {
        Some(r) if r != "subject" && r != "face" => {
            return Err(ApiError::new(1201, format!("image_reference must be subject or face, got {r}")));
        }
        Some(_) if model != "kling-v1-5" => return Err(ApiError::new(1201, format!("image_reference is only supported by kling-v1-5, not {model}"))),
        Some(_) if image.is_none() => return Err(ApiError::new(1201, "image_reference needs a reference image in image")),
        None if model == "kling-v1-5" && image.is_some() => {
            return Err(ApiError::new(1201, "image_reference (subject or face) is required for kling-v1-5 with an image"));
        }
        _ => {}
    }
    unit(f, "image_fidelity")?;
    if unit(f, "human_fidelity")?.is_some() && reference != Some("subject") {
        return Err(ApiError::new(1201, "human_fidelity only applies with image_reference subject"));
    }
    if let Some(resolution) = f.string("resolution")? {
        if resolution != "1k" && resolution != "2k" {
            return Err(ApiError::new(1201, format!("resolution must be 1k or 2k, got {resolution}")));
        }
    }
    let n = match f.integer("n")? {
        Some(n) if !(1..=9).contains(&n) => return Err(ApiError::new(1201, format!("n must be between 1 and 9, got {n}"))),
        Some(n) => n as u32,
        None => 1,
    };
    let aspect = f.string("aspect_ratio")?.unwrap_or("16:9");
    if !IMAGE_ASPECTS.contains(&aspect) {
        return Err(ApiError::new(1201, format!("aspect_ratio {aspect} is not supported; use one of {}", IMAGE_ASPECTS.join(", "))));
    }
    if aspect == "21:9" && model == "kling-v1" {
        return Err(ApiError::new(1201, "aspect_ratio 21:9 is not supported by kling-v1"));
    }
    // Images take no external_task_id (the docs' image table has none); it is ignored.
    Ok(Accepted { model, prompt, n, aspect: ratio(aspect), pro: false, ten_seconds: false, external_task_id: None, failure: None })
}
