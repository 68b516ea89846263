//! `kling extend LIBRARY_VIDEO|VIDEO_ID`: 4–5 s more of a clip Kling made, sent by its video id.

use super::super::Globals;
use super::clip::{Clip, Sent, Takes};
use super::{queue, renamed, with_clip, CLIP_NAMES};
use crate::cli::ExtendArgs;
use crate::errors::CliError;
use kling_api::VideoExtendRequest;
use studio::NewJob;

pub fn extend_job(args: &ExtendArgs, clip: &Clip) -> Result<NewJob, CliError> {
    let Sent::Id(video_id) = &clip.sent else { unreachable!("extend resolves clips to ids only") };
    let mut request = VideoExtendRequest::new(video_id.clone());
    request.prompt = args.prompt.clone();
    request.negative_prompt = args.negative.clone();
    request.validate().map_err(|e| renamed(e, CLIP_NAMES))?;
    Ok(NewJob::VideoExtend { request })
}

pub async fn extend(globals: &Globals, args: &ExtendArgs) -> Result<(), CliError> {
    let (session, engine, clip) = with_clip(globals, &args.video, "kling extend", Takes::Id).await?;
    let job = extend_job(args, &clip)?;
    queue(&session, engine, job, &clip, &args.wait).await
}
