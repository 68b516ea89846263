//! `kling sound LIBRARY_VIDEO|VIDEO_ID|URL`: sound effects and music made for a clip
//! (video-to-audio); the result is the clip with its sound and the sound on its own.

use super::super::Globals;
use super::clip::{Clip, Sent, Takes};
use super::{queue, renamed, with_clip, CLIP_NAMES};
use crate::cli::SoundArgs;
use crate::errors::CliError;
use kling_api::VideoToAudioRequest;
use studio::NewJob;

pub fn sound_job(args: &SoundArgs, clip: &Clip) -> Result<NewJob, CliError> {
    let mut request = match &clip.sent {
        Sent::Id(id) => VideoToAudioRequest::by_id(id.clone()),
        Sent::Url(url) => VideoToAudioRequest::by_url(url.clone()),
    };
    request.sound_effect_prompt = args.effects.clone();
    request.bgm_prompt = args.music.clone();
    request.asmr_mode = args.asmr.then_some(true);
    let checked = request.validate().and_then(|()| clip.seconds.map_or(Ok(()), |s| request.check_video_seconds(s)));
    checked.map_err(|e| renamed(e, CLIP_NAMES))?;
    Ok(NewJob::VideoToAudio { request })
}

pub async fn sound(globals: &Globals, args: &SoundArgs) -> Result<(), CliError> {
    let (session, engine, clip) = with_clip(globals, &args.video, "kling sound", Takes::IdOrUrl).await?;
    let job = sound_job(args, &clip)?;
    queue(&session, engine, job, &clip, &args.wait).await
}
