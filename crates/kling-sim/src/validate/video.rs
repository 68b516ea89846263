//! `POST /v1/videos/text2video` and `POST /v1/videos/image2video`.

use super::fields::Fields;
use super::{camera, elements, external_id, image_input, model, motion_brush, ratio, shots, sound, text, unit, watermark};
use crate::capabilities;
use crate::envelope::ApiError;
use crate::task::{Accepted, Kind};
use kling_api::catalogue::Entry;
use kling_api::Mode;
use serde_json::Value;

/// What a task fails with when its masks do not match the picture (the docs: the task fails).
const MASK_MISMATCH: &str = "Image pixel is invalid: static_mask and dynamic_masks must have the same resolution as image";

/// mode, duration and cfg_scale as the model offers them, shared by both video kinds.
fn settings(f: &Fields, entry: &Entry) -> Result<(Option<Mode>, u32), ApiError> {
    let model = entry.model;
    let mode = match f.string("mode")? {
        None => None,
        Some("std") => Some(Mode::Std),
        Some("pro") => Some(Mode::Pro),
        Some("4k") => Some(Mode::FourK),
        Some(other) => return Err(ApiError::new(1201, format!("mode must be std, pro or 4k, got {other}"))),
    };
    let mode = match mode {
        Some(mode) if !entry.takes_mode() => return Err(ApiError::new(1201, format!("mode: {model} does not support mode; leave {mode} out"))),
        Some(mode) if !entry.modes.contains(&mode) => {
            let offered: Vec<&str> = entry.modes.iter().map(|m| m.as_str()).collect();
            return Err(ApiError::new(1201, format!("mode {mode} is not supported by {model}; use {}", offered.join(" or "))));
        }
        Some(mode) => Some(mode),
        // The API's default; the master models have no mode at all.
        None => entry.takes_mode().then_some(Mode::Std),
    };
    let offered = || {
        let all: Vec<String> = entry.durations.iter().map(|d| format!("\"{d}\"")).collect();
        if all.len() > 2 {
            format!("{} to {}", all[0], all[all.len() - 1])
        } else {
            all.join(" or ")
        }
    };
    // A string on the wire: a number is a wrong type.
    let seconds = match f.present("duration") {
        None => 5,
        Some(Value::String(d)) => {
            // Whole seconds written plainly ("7", not "07" or "7.0"), among the model's.
            match d.parse::<u32>().ok().filter(|s| s.to_string() == *d && entry.durations.iter().any(|o| o.seconds() == *s)) {
                Some(seconds) => seconds,
                None => return Err(ApiError::new(1201, format!("duration must be {} for {model}, got \"{d}\"", offered()))),
            }
        }
        Some(other) => return Err(ApiError::new(1200, format!("duration must be a string, {}, not {other}", offered()))),
    };
    if unit(f, "cfg_scale")?.is_some() && !entry.cfg_scale {
        return Err(ApiError::new(1201, format!("cfg_scale is not supported by {model} (kling-v2.x and later models take none)")));
    }
    Ok((mode, seconds))
}

/// "model/mode/duration(kling-v1/pro/5)", the API's way of naming a cell of the capability map.
pub(super) fn combo(model: &str, mode: Option<Mode>, seconds: u32) -> String {
    format!("model/mode/duration({model}/{}/{seconds})", mode.map_or("none", Mode::as_str))
}

/// The options both kinds share after the frames: shots, elements, sound and voices, watermark.
struct Options {
    sound: sound::Asked,
    watermark: bool,
}

fn options(f: &Fields, entry: &Entry, mode: Option<Mode>, start_and_end: bool, prompt: &str) -> Result<Options, ApiError> {
    let elements = elements::check(f, entry)?;
    let sound = sound::check(f, entry, mode, start_and_end, prompt, elements)?;
    let watermark = watermark(f, entry)?;
    Ok(Options { sound, watermark })
}

pub fn text_to_video(f: &Fields) -> Result<Accepted, ApiError> {
    let (model, entry) = model(f, Kind::TextToVideo)?;
    let (mode, seconds) = settings(f, entry)?;
    let customised = shots::check(f, entry, seconds)?;
    // Customised shots carry their own prompts.
    let prompt = text(f, "prompt", !customised)?;
    text(f, "negative_prompt", false)?;
    let aspect = f.string("aspect_ratio")?.unwrap_or("16:9");
    let aspects = capabilities::ratio_names(entry.aspect_ratios);
    if !aspects.contains(&aspect) {
        return Err(ApiError::new(1201, format!("aspect_ratio {aspect} is not supported for videos; use {}", aspects.join(", "))));
    }
    camera::check(f, entry, mode, seconds)?;
    let o = options(f, entry, mode, false, &prompt)?;
    let external_task_id = external_id(f)?;
    Ok(Accepted {
        model,
        prompt,
        n: 1,
        aspect: ratio(aspect),
        mode,
        seconds,
        sound: o.sound.on,
        voice: o.sound.voice,
        watermark: o.watermark,
        with_image: false,
        external_task_id,
        failure: None,
        ..Accepted::default()
    })
}

/// The nearest of the three clip shapes to a picture.
pub(super) fn shape_of(w: u32, h: u32) -> (u32, u32) {
    if w * 10 > h * 13 {
        (16, 9)
    } else if h * 10 > w * 13 {
        (9, 16)
    } else {
        (1, 1)
    }
}

pub fn image_to_video(f: &Fields) -> Result<Accepted, ApiError> {
    let (model, entry) = model(f, Kind::ImageToVideo)?;
    let (mode, seconds) = settings(f, entry)?;
    shots::check(f, entry, seconds)?;
    let prompt = text(f, "prompt", false)?;
    text(f, "negative_prompt", false)?;
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
    let (cell_mode, duration) = capabilities::cell(mode, seconds);
    if tail.is_some() {
        if image.is_some() && !entry.start_end_frame_in(cell_mode, duration) {
            return Err(ApiError::new(1201, format!("{} is not supported with image_tail", combo(&model, mode, seconds))));
        }
        if image.is_none() && !entry.end_frame_only.iter().any(|c| c.covers(cell_mode, duration)) {
            return Err(ApiError::new(
                1201,
                format!("image_tail without image is not supported by {}; only kling-v1-5 and kling-v1-6 in pro mode", combo(&model, mode, seconds)),
            ));
        }
    }
    let mut failure = None;
    if let Some(masks) = &masks {
        if !entry.motion_brush.iter().any(|c| c.covers(cell_mode, duration)) {
            return Err(ApiError::new(1201, format!("{} is not supported with static_mask/dynamic_masks", combo(&model, mode, seconds))));
        }
        if let Some(size) = image_size {
            if masks.sizes.iter().any(|s| *s != size) {
                failure = Some(MASK_MISMATCH.to_string());
            }
        }
    }
    camera::check(f, entry, mode, seconds)?;
    let o = options(f, entry, mode, image.is_some() && tail.is_some(), &prompt)?;
    // The clip follows the picture; with only URLs, an aspect_ratio hint (which the docs do not
    // list for image-to-video, but clients send) or 16:9.
    let video_aspects = capabilities::video_aspects();
    let aspect = match image_size.or(tail_size) {
        Some((w, h)) => shape_of(w, h),
        None => f.string("aspect_ratio").ok().flatten().filter(|a| video_aspects.contains(a)).map_or((16, 9), ratio),
    };
    let external_task_id = external_id(f)?;
    Ok(Accepted {
        model,
        prompt,
        n: 1,
        aspect,
        mode,
        seconds,
        sound: o.sound.on,
        voice: o.sound.voice,
        watermark: o.watermark,
        with_image: true,
        external_task_id,
        failure,
        ..Accepted::default()
    })
}
