//! `POST /v1/audio/video-to-audio` (addendum §6.8): exactly one of `video_id` (a video of this
//! account, ≤ 30 days old) and `video_url`, 3 to 20 s long; `sound_effect_prompt` and `bgm_prompt`
//! ≤ 200 characters; `asmr_mode` a boolean. The result: the video with its new sound, and the sound
//! alone as MP3 and WAV.

use super::fields::Fields;
use super::video_input;
use super::{external_id, short_text};
use crate::envelope::ApiError;
use crate::state::State;
use crate::task::Accepted;
use serde_json::Value;

const MAX_PROMPT: usize = 200;
const MIN_SECONDS: f64 = 3.0;
const MAX_SECONDS: f64 = 20.0;

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    video_input::one_of_id_or_link(f)?;
    let effects = short_text(f, "sound_effect_prompt", MAX_PROMPT)?;
    let music = short_text(f, "bgm_prompt", MAX_PROMPT)?;
    match f.present("asmr_mode") {
        None | Some(Value::Bool(_)) => {}
        Some(other) => return Err(ApiError::new(1200, format!("asmr_mode must be a JSON boolean (true or false), not {other}"))),
    }
    // Both prompts meet the content checks, as a prompt does.
    let prompt = [effects, music].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n");
    Ok(Accepted { prompt, n: 1, seconds: 5, sound: true, external_task_id: external_id(f)?, ..Accepted::default() })
}

pub fn admit(f: &Fields, state: &State, accepted: &mut Accepted, now_ms: i64) -> Result<(), ApiError> {
    let input = video_input::one_of_id_or_link(f)?;
    let video = video_input::resolve(state, &input, now_ms)?;
    video_input::length_within(&video, input.field(), MIN_SECONDS, MAX_SECONDS)?;
    accepted.aspect = video.aspect;
    accepted.seconds = video.seconds.round() as u32;
    accepted.shown_seconds = Some(video.seconds);
    accepted.parent = Some(video);
    Ok(())
}
