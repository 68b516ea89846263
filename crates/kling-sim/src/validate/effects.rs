//! `POST /v1/videos/effects` (addendum §6.4): `effect_scene` and its `input`. One-picture scenes
//! take `input.image`; the fifteen two-picture scenes take `input.images` with exactly two (left,
//! right). The old two-person scenes (hug, kiss, heart_gesture, fight) and others were discontinued
//! and are answered as scenes that do not exist. `input.duration` (ZH only) is taken when given:
//! "5" or "10" for one picture, "5" for two.
//!
//! The scenes and their picture counts are facts from the one catalogue
//! (`kling_api::catalogue::effects`, a data file), as the models are; the checks are the
//! emulator's own.

use super::fields::Fields;
use super::video::shape_of;
use super::{external_id, image_input, ratio, seconds, watermark_asked};
use crate::envelope::ApiError;
use crate::task::Accepted;
use serde_json::Value;

/// Scenes the API has retired (§6.4 and its sources): answered like unknown ones, with the reason.
const RETIRED: [&str; 9] = ["hug", "kiss", "heart_gesture", "fight", "thumbs_up", "tiger_hug", "pet_lion", "3d_cartoon_1", "magic_match_tree"];

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    let scene = f.string("effect_scene")?.ok_or_else(|| ApiError::new(1200, "effect_scene is required"))?;
    if RETIRED.contains(&scene) {
        return Err(ApiError::new(1201, format!("effect_scene {scene} is invalid: the scene was discontinued")));
    }
    let Some(known) = kling_api::catalogue::effect(scene) else {
        return Err(ApiError::new(1201, format!("effect_scene {scene} is invalid: no such scene")));
    };
    let two = known.pictures == 2;
    let input = f.nested("input")?.ok_or_else(|| ApiError::new(1200, "input is required: {\"image\": …} or, for two-picture scenes, {\"images\": [left, right]}"))?;
    let size = if two {
        if input.present("image").is_some() {
            return Err(ApiError::new(1201, format!("input.image is not taken by {scene}, a two-picture scene; send input.images with 2 pictures")));
        }
        let pictures = match input.present("images") {
            None => return Err(ApiError::new(1200, format!("input.images is required for {scene}: 2 pictures, left and right"))),
            Some(Value::Array(pictures)) => pictures,
            Some(_) => return Err(ApiError::new(1200, "input.images must be an array of 2 pictures")),
        };
        if pictures.len() != 2 {
            return Err(ApiError::new(1201, format!("input.images must hold exactly 2 pictures for {scene}, got {}", pictures.len())));
        }
        let first = image_input::check("input.images[0]", &pictures[0])?;
        image_input::check("input.images[1]", &pictures[1])?;
        first
    } else {
        if input.present("images").is_some() {
            return Err(ApiError::new(1201, format!("input.images is not taken by {scene}, a one-picture scene; send input.image")));
        }
        let picture = input.present("image").ok_or_else(|| ApiError::new(1200, format!("input.image is required for {scene}")))?;
        image_input::check("input.image", picture)?
    };
    let seconds = if two { seconds(&input, &[5], "\"5\"")? } else { seconds(&input, &[5, 10], "\"5\" or \"10\"")? };
    Ok(Accepted {
        // Effects take no model_name.
        model: String::new(),
        prompt: String::new(),
        n: 1,
        aspect: size.map_or(ratio("9:16"), |(w, h)| shape_of(w, h)),
        seconds: seconds.unwrap_or(5),
        watermark: watermark_asked(f)?,
        with_image: true,
        external_task_id: external_id(f)?,
        ..Accepted::default()
    })
}
