//! `POST /v1/images/generations`: text-to-image, and image-to-image with `image`.

use super::fields::Fields;
use super::{elements, external_id, image_input, model, picture_count, ratio, text, unit, watermark};
use crate::capabilities;
use crate::envelope::ApiError;
use crate::task::{Accepted, Kind};
use kling_api::catalogue::{self, ReferenceRule};

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    let (model, entry) = model(f, Kind::Image)?;
    let prompt = text(f, "prompt", true)?;
    let negative = text(f, "negative_prompt", false)?;
    let image = f.present("image");
    if let Some(image) = image {
        image_input::check("image", image)?;
        if !negative.is_empty() {
            return Err(ApiError::new(1201, "negative_prompt is not supported when image is set (image-to-image)"));
        }
    } else if !entry.text_to_image {
        return Err(ApiError::new(1201, format!("image: {model} only restyles a picture, so image is required")));
    }
    let reference = f.string("image_reference")?;
    let offered = |r: &str, refs: &[kling_api::ImageReference]| refs.iter().any(|x| x.as_str() == r);
    match (reference, entry.reference) {
        (Some(r), _) if r != "subject" && r != "face" => {
            return Err(ApiError::new(1201, format!("image_reference must be subject or face, got {r}")));
        }
        (Some(_), ReferenceRule::NotOffered) => {
            let takers: Vec<&str> = catalogue::entries_for(kling_api::TaskKind::Image).filter(|e| e.reference != ReferenceRule::NotOffered).map(|e| e.model).collect();
            return Err(ApiError::new(1201, format!("image_reference is not supported by {model}; only by {}", takers.join(", "))));
        }
        (Some(_), _) if image.is_none() => return Err(ApiError::new(1201, "image_reference needs a reference image in image")),
        (Some(r), ReferenceRule::RequiredWithImage(refs) | ReferenceRule::OptionalWithImage(refs)) if !offered(r, refs) => {
            return Err(ApiError::new(1201, format!("image_reference {r} is not supported by {model}")));
        }
        (None, ReferenceRule::RequiredWithImage(_)) if image.is_some() => {
            return Err(ApiError::new(1201, format!("image_reference (subject or face) is required for {model} with an image")));
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
    let n = picture_count(f)?;
    let aspect = f.string("aspect_ratio")?.unwrap_or("16:9");
    let all = capabilities::ratio_names(&kling_api::AspectRatio::ALL);
    if !all.contains(&aspect) {
        return Err(ApiError::new(1201, format!("aspect_ratio {aspect} is not supported; use one of {}", all.join(", "))));
    }
    if !capabilities::ratio_names(entry.aspect_ratios).contains(&aspect) {
        return Err(ApiError::new(1201, format!("aspect_ratio {aspect} is not supported by {model}")));
    }
    elements::check(f, entry)?;
    let watermark = watermark(f, entry)?;
    // Pictures take external_task_id too now (addendum §4): unique per account, like videos'.
    let external_task_id = external_id(f)?;
    Ok(Accepted {
        model,
        prompt,
        n,
        aspect: ratio(aspect),
        mode: None,
        seconds: 0,
        sound: false,
        voice: false,
        watermark,
        with_image: image.is_some(),
        external_task_id,
        failure: None,
        ..Accepted::default()
    })
}
