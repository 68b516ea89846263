//! `POST /v1/images/omni-image` (addendum §5.2): `prompt` required (≤ 2500); `image_list` of
//! `{"image": …}` and `element_list`, at most 10 together; `resolution` 1k/2k (4k on
//! kling-v3-omni); `aspect_ratio` one of the 8 or `auto` (the default; kling-v3-omni takes it
//! only with a picture); `result_type` single (`n` 1–9) or series (kling-v3-omni, with a picture:
//! `series_amount` 2–9 or "auto", 4 by default). A series is answered as `series_images`.

use super::fields::Fields;
use super::{elements, external_id, image_input, one_of, picture_count, ratio, text, watermark};
use crate::capabilities;
use crate::envelope::ApiError;
use crate::task::{Accepted, Kind};
use kling_api::{DEFAULT_SERIES_AMOUNT, MAX_OMNI_IMAGE_REFERENCES, OMNI_IMAGE_DEFAULT_MODEL};
use serde_json::Value;

/// How many pictures an `auto` series makes here (Kling decides; the emulator always makes three).
const AUTO_SERIES: u32 = 3;

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    let model = f.string("model_name")?.unwrap_or(OMNI_IMAGE_DEFAULT_MODEL).to_string();
    let entry = capabilities::entry(Kind::OmniImage, &model)?;
    let prompt = text(f, "prompt", true)?;
    let pictures = image_input::check_list(f, "image_list", "image", (0, MAX_OMNI_IMAGE_REFERENCES))?;
    let given = elements::check(f, entry)?;
    if pictures + given > MAX_OMNI_IMAGE_REFERENCES {
        return Err(ApiError::new(1201, format!("image_list and element_list together hold at most {MAX_OMNI_IMAGE_REFERENCES}, got {}", pictures + given)));
    }
    let resolution = one_of(f, "resolution", &["1k", "2k", "4k"])?.unwrap_or("1k");
    if !entry.resolutions_text.iter().any(|r| r.as_str() == resolution) {
        return Err(ApiError::new(1201, format!("resolution {resolution} is not supported by {model}")));
    }
    let mut ratios = capabilities::ratio_names(entry.aspect_ratios);
    ratios.push("auto");
    let aspect = one_of(f, "aspect_ratio", &ratios)?.unwrap_or("auto");
    if aspect == "auto" && pictures == 0 && !entry.auto_aspect_from_text {
        return Err(ApiError::new(1201, format!("aspect_ratio auto is not supported by {model} without image_list")));
    }
    let shape = match aspect {
        // The shape of the first picture, when it came inline; else square.
        "auto" => first_picture_size(f).unwrap_or((1, 1)),
        ratio_text => ratio(ratio_text),
    };
    for (kind, field, given) in [("image", "image_list", pictures), ("element", "element_list", given)] {
        if let Some(n) = highest_reference(&prompt, kind).filter(|n| *n > given) {
            return Err(ApiError::new(1201, format!("prompt refers to <<<{kind}_{n}>>> but {field} holds {given}")));
        }
    }
    let series = one_of(f, "result_type", &["single", "series"])? == Some("series");
    if series && f.present("n").is_some() {
        return Err(ApiError::new(1201, "n is for single pictures; a series takes series_amount"));
    }
    if !series && f.present("series_amount").is_some() {
        return Err(ApiError::new(1201, "series_amount is for result_type series"));
    }
    let n = if series {
        if !entry.series {
            return Err(ApiError::new(1201, format!("result_type series is not supported by {model}")));
        }
        if pictures == 0 {
            return Err(ApiError::new(1201, "result_type series needs image_list (a series is made from pictures)"));
        }
        series_amount(f)?
    } else {
        picture_count(f)?
    };
    Ok(Accepted {
        model,
        prompt,
        n,
        aspect: shape,
        with_image: pictures > 0,
        watermark: watermark(f, entry)?,
        external_task_id: external_id(f)?,
        series,
        picture_4k: resolution == "4k",
        ..Accepted::default()
    })
}

/// `series_amount`: a whole number 2 to 9, or the string "auto"; 4 when absent.
fn series_amount(f: &Fields) -> Result<u32, ApiError> {
    match f.present("series_amount") {
        None => Ok(u32::from(DEFAULT_SERIES_AMOUNT)),
        Some(Value::String(s)) if s == "auto" => Ok(AUTO_SERIES),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(n @ 2..=9) => Ok(n as u32),
            _ => Err(ApiError::new(1201, format!("series_amount must be 2 to 9 or \"auto\", got {n}"))),
        },
        Some(other) => Err(ApiError::new(1200, format!("series_amount must be a number (2 to 9) or \"auto\", not {other}"))),
    }
}

/// The highest N of `<<<kind_N>>>` in the prompt.
fn highest_reference(prompt: &str, kind: &str) -> Option<usize> {
    let open = format!("<<<{kind}_");
    prompt.match_indices(&open).filter_map(|(at, _)| prompt[at + open.len()..].split_once(">>>").and_then(|(n, _)| n.parse().ok())).max()
}

fn first_picture_size(f: &Fields) -> Option<(u32, u32)> {
    let first = f.present("image_list")?.as_array()?.first()?.get("image")?;
    image_input::check("image_list[0].image", first).ok().flatten()
}
