//! `POST /v1/videos/text2video` and `POST /v1/videos/image2video`.

use super::fields::Fields;
use super::{camera, image_input, model, motion_brush, ratio, text, unit};
use crate::capabilities::{self as caps, IMAGE_TO_VIDEO_MODELS, TEXT_TO_VIDEO_MODELS, VIDEO_ASPECTS};
use crate::envelope::ApiError;
use crate::task::Accepted;
use serde_json::Value;

/// What a task fails with when its masks do not match the picture (the docs: the task fails).
const MASK_MISMATCH: &str = "Image pixel is invalid: static_mask and dynamic_masks must have the same resolution as image";

/// mode, duration and cfg_scale, shared by both video kinds: (pro, ten seconds).
fn settings(f: &Fields, model: &str) -> Result<(bool, bool), ApiError> {
    let pro = match f.string("mode")? {
        None | Some("std") => false,
        Some("pro") => true,
        Some(other) => return Err(ApiError::new(1201, format!("mode must be std or pro, got {other}"))),
    };
    // A string enum on the wire: a number is a wrong type.
    let ten = match f.present("duration") {
        None => false,
        Some(Value::String(d)) if d == "5" => false,
        Some(Value::String(d)) if d == "10" => true,
        Some(Value::String(d)) => return Err(ApiError::new(1201, format!("duration must be \"5\" or \"10\", got \"{d}\""))),
        Some(other) => return Err(ApiError::new(1200, format!("duration must be a string, \"5\" or \"10\", not {other}"))),
    };
    if unit(f, "cfg_scale")?.is_some() && !caps::takes_cfg_scale(model) {
        return Err(ApiError::new(1201, format!("cfg_scale is not supported by {model} (kling-v2.x models take none)")));
    }
    Ok((pro, ten))
}

fn external_id(f: &Fields) -> Result<Option<String>, ApiError> {
    match f.string("external_task_id")? {
        Some(id) if id.trim().is_empty() => Err(ApiError::new(1201, "external_task_id must not be empty")),
        other => Ok(other.map(String::from)),
    }
}

fn combo(model: &str, pro: bool, ten: bool) -> String {
    format!("model/mode/duration({model}/{}/{})", if pro { "pro" } else { "std" }, if ten { 10 } else { 5 })
}

pub fn text_to_video(f: &Fields) -> Result<Accepted, ApiError> {
    let model = model(f, TEXT_TO_VIDEO_MODELS)?;
    let prompt = text(f, "prompt", true)?;
    text(f, "negative_prompt", false)?;
    let (pro, ten) = settings(f, &model)?;
    let aspect = f.string("aspect_ratio")?.unwrap_or("16:9");
    if !VIDEO_ASPECTS.contains(&aspect) {
        return Err(ApiError::new(1201, format!("aspect_ratio {aspect} is not supported for videos; use 16:9, 9:16 or 1:1")));
    }
    camera::check(f, false, &model, pro, ten)?;
    let external_task_id = external_id(f)?;
    Ok(Accepted { model, prompt, n: 1, aspect: ratio(aspect), pro, ten_seconds: ten, external_task_id, failure: None })
}

/// The nearest of the three clip shapes to a picture.
fn shape_of(w: u32, h: u32) -> (u32, u32) {
    if w * 10 > h * 13 {
        (16, 9)
    } else if h * 10 > w * 13 {
        (9, 16)
    } else {
        (1, 1)
    }
}

pub fn image_to_video(f: &Fields) -> Result<Accepted, ApiError> {
    let model = model(f, IMAGE_TO_VIDEO_MODELS)?;
    let prompt = text(f, "prompt", false)?;
    text(f, "negative_prompt", false)?;
    let (pro, ten) = settings(f, &model)?;
    let image = f.present("image");
    let tail = f.present("image_tail");
    if image.is_none() && tail.is_none() {
        return Err(ApiError::new(1200, "image is required (or image_tail: at least one of them)"));
    }
    let image_size = image.map(|v| image_input::check("image", v)).transpose()?.flatten();
    let tail_size = tail.map(|v| image_input::check("image_tail", v)).transpose()?.flatten();
    let masks = motion_brush::check(f)?;
    let camera = f.present("camera_control").is_some();

    // Three groups exclude each other: start+end frames, the motion brush, camera control.
    let groups: Vec<&str> =
        [(tail.is_some(), "image_tail"), (masks.is_some(), "static_mask/dynamic_masks"), (camera, "camera_control")].into_iter().filter(|g| g.0).map(|g| g.1).collect();
    if groups.len() > 1 {
        return Err(ApiError::new(1201, format!("{} cannot be combined: use at most one of image_tail, the masks, camera_control", groups.join(" and "))));
    }
    if tail.is_some() {
        if image.is_some() && !caps::image_tail(&model, pro, ten) {
            return Err(ApiError::new(1201, format!("{} is not supported with image_tail", combo(&model, pro, ten))));
        }
        if image.is_none() && !caps::image_tail_alone(&model, pro) {
            return Err(ApiError::new(
                1201,
                format!("image_tail without image is not supported by {}; only kling-v1-5 and kling-v1-6 in pro mode", combo(&model, pro, ten)),
            ));
        }
    }
    let mut failure = None;
    if let Some(masks) = &masks {
        if !caps::motion_brush(&model, pro, ten) {
            return Err(ApiError::new(1201, format!("{} is not supported with static_mask/dynamic_masks", combo(&model, pro, ten))));
        }
        if let Some(size) = image_size {
            if masks.sizes.iter().any(|s| *s != size) {
                failure = Some(MASK_MISMATCH.to_string());
            }
        }
    }
    camera::check(f, true, &model, pro, ten)?;
    // The clip follows the picture; with only URLs, an aspect_ratio hint (which the docs do not
    // list for image-to-video, but clients send) or 16:9.
    let aspect = match image_size.or(tail_size) {
        Some((w, h)) => shape_of(w, h),
        None => f.string("aspect_ratio").ok().flatten().filter(|a| VIDEO_ASPECTS.contains(a)).map_or((16, 9), ratio),
    };
    let external_task_id = external_id(f)?;
    Ok(Accepted { model, prompt, n: 1, aspect, pro, ten_seconds: ten, external_task_id, failure })
}
