//! `POST /v1/videos/motion-control` (addendum §6.9): a character picture (`image_url`) moves as the
//! person in a reference video (`video_url`). kling-v2-6 (default) or kling-v3; `mode` std or pro,
//! required (no 4K); `character_orientation` required: `image` (video ≤ 10 s) or `video` (≤ 30 s);
//! the video 3 s at least; `element_list` ≤ 1, and then the orientation follows the video;
//! `keep_original_sound` yes (default) or no. The result is as long as the reference video.

use super::fields::Fields;
use super::video::shape_of;
use super::video_input::{self, VideoInput};
use super::{elements, external_id, image_input, one_of, text, tool_mode, tool_model, watermark_asked};
use crate::envelope::ApiError;
use crate::state::State;
use crate::task::Accepted;
use kling_api::Mode;

const MODELS: [&str; 2] = ["kling-v2-6", "kling-v3"];
const MAX_SIDE: u32 = 65_536;
const MIN_SECONDS: f64 = 3.0;

/// The longest reference video for each orientation.
fn max_seconds(orientation: &str) -> f64 {
    if orientation == "image" {
        10.0
    } else {
        30.0
    }
}

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    let model = tool_model(f, &MODELS)?;
    let prompt = text(f, "prompt", false)?;
    let picture = f.present("image_url").ok_or_else(|| ApiError::new(1200, "image_url is required: the character's picture"))?;
    let size = image_input::check("image_url", picture)?;
    if let Some((w, h)) = size.filter(|(w, h)| *w > MAX_SIDE || *h > MAX_SIDE) {
        return Err(ApiError::new(1201, format!("image_url must be at most {MAX_SIDE}px on each side, got {w}x{h}")));
    }
    if video_input::link(f, "video_url")?.is_none() {
        return Err(ApiError::new(1200, "video_url is required: the video whose motion the character follows"));
    }
    let orientation = one_of(f, "character_orientation", &["image", "video"])?
        .ok_or_else(|| ApiError::new(1200, "character_orientation is required: image (video up to 10 s) or video (up to 30 s)"))?;
    let mode = match f.string("mode")? {
        None => return Err(ApiError::new(1200, "mode is required: std or pro")),
        Some("4k") => return Err(ApiError::new(1201, "mode 4k is not supported by motion control; use std or pro")),
        Some(_) => tool_mode(f, &[Mode::Std, Mode::Pro], model)?,
    };
    let elements = elements::count(f)?;
    if elements > 1 {
        return Err(ApiError::new(1201, format!("element_list holds at most 1 element for motion control, got {elements}")));
    }
    if elements == 1 && orientation == "image" {
        return Err(ApiError::new(1201, "character_orientation must be video with element_list (the orientation then follows the video)"));
    }
    let keep = one_of(f, "keep_original_sound", &["yes", "no"])?.unwrap_or("yes");
    Ok(Accepted {
        model: model.to_string(),
        prompt,
        n: 1,
        aspect: size.map_or((16, 9), |(w, h)| shape_of(w, h)),
        mode,
        seconds: 5,
        sound: keep == "yes",
        watermark: watermark_asked(f)?,
        with_image: true,
        with_video: true,
        external_task_id: external_id(f)?,
        ..Accepted::default()
    })
}

pub fn admit(f: &Fields, state: &State, accepted: &mut Accepted, now_ms: i64) -> Result<(), ApiError> {
    let url = video_input::link(f, "video_url")?.unwrap_or_default();
    let orientation = f.string("character_orientation")?.unwrap_or("video");
    let video = video_input::resolve(state, &VideoInput::Url(url), now_ms)?;
    let field = format!("video_url (with character_orientation {orientation})");
    video_input::length_within(&video, &field, MIN_SECONDS, max_seconds(orientation))?;
    if orientation == "video" || f.string("image_url")?.is_some_and(|u| u.starts_with("http")) {
        accepted.aspect = video.aspect;
    }
    // The original sound of a silent video is silence.
    accepted.sound = accepted.sound && video.sound;
    accepted.seconds = video.seconds.round() as u32;
    accepted.shown_seconds = Some(video.seconds);
    Ok(())
}
