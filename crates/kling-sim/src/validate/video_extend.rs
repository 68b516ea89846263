//! `POST /v1/videos/video-extend` (addendum §6.2): `video_id` of a video this account made with
//! kling-v1, kling-v1-5 or kling-v1-6, at most 30 days old; +4.5 s a call (the docs: 4–5 s), model
//! and mode inherited, the whole at most 3 minutes; `prompt`, `negative_prompt`, `cfg_scale`.

use super::fields::Fields;
use super::video_input::{self, VideoInput};
use super::{external_id, text, unit, watermark_asked};
use crate::envelope::ApiError;
use crate::state::State;
use crate::task::{format_seconds, Accepted};

/// The models whose videos can be extended.
const EXTENDABLE: [&str; 3] = ["kling-v1", "kling-v1-5", "kling-v1-6"];
/// What one call adds, in seconds.
pub const ADDED_SECONDS: f64 = 4.5;
/// The longest a video may become by extension.
const MAX_TOTAL_SECONDS: f64 = 180.0;

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    if video_input::id(f)?.is_none() {
        return Err(ApiError::new(1200, "video_id is required: the id of the video to extend (task_result.videos[].id)"));
    }
    let prompt = text(f, "prompt", false)?;
    text(f, "negative_prompt", false)?;
    unit(f, "cfg_scale")?;
    Ok(Accepted { prompt, n: 1, seconds: 5, watermark: watermark_asked(f)?, external_task_id: external_id(f)?, ..Accepted::default() })
}

pub fn admit(f: &Fields, state: &State, accepted: &mut Accepted, now_ms: i64) -> Result<(), ApiError> {
    let id = video_input::id(f)?.unwrap_or_default();
    let video = video_input::resolve(state, &VideoInput::Id(id.clone()), now_ms)?;
    if !EXTENDABLE.contains(&video.model.as_str()) {
        let model = if video.model.is_empty() { "a tool" } else { video.model.as_str() };
        return Err(ApiError::new(1201, format!("video_id {id} was made by {model}; only videos made by kling-v1, kling-v1-5 or kling-v1-6 can be extended")));
    }
    let total = video.seconds + ADDED_SECONDS;
    if total > MAX_TOTAL_SECONDS {
        let now = format_seconds(video.seconds);
        return Err(ApiError::new(
            1201,
            format!("video_id {id}: extending this {now} s video would make it {} s; a video can be extended to 3 minutes (180 s) at most", format_seconds(total)),
        ));
    }
    accepted.model = video.model.clone();
    accepted.mode = video.mode;
    accepted.aspect = video.aspect;
    accepted.sound = video.sound;
    accepted.seconds = total.round() as u32;
    accepted.shown_seconds = Some(total);
    accepted.parent = Some(video);
    Ok(())
}
