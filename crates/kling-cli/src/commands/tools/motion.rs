//! `kling motion PICTURE --motion-video URL --orientation image|video`: the picture's character
//! moves as the video does (motion control). Billed per second of that video, which a link does
//! not tell: the estimate says it is unknown rather than guess.

use super::super::generate::{check_out, mode, run, warn_if_unknown};
use super::super::{Globals, Session};
use super::{pictures, renamed};
use crate::cli::{MotionArgs, OrientationArg};
use crate::errors::CliError;
use kling_api::{CharacterOrientation, MotionControlRequest, TaskKind, YesNo};
use studio::NewJob;

pub fn motion_job(args: &MotionArgs) -> Result<NewJob, CliError> {
    let (mut inputs, mut images) = pictures(std::slice::from_ref(&args.picture), "image_url")?;
    let orientation = match args.orientation {
        OrientationArg::Image => CharacterOrientation::Image,
        OrientationArg::Video => CharacterOrientation::Video,
    };
    let mut request = MotionControlRequest::new(inputs.remove(0), args.motion_video.clone(), orientation, mode(args.mode));
    request.model_name = args.model.clone();
    request.prompt = args.prompt.clone();
    request.keep_original_sound = args.keep_sound.then_some(YesNo::Yes);
    request.validate().map_err(|e| renamed(e, &[("video_url", "--motion-video"), ("image_url", "PICTURE"), ("character_orientation", "--orientation")]))?;
    warn_if_unknown(TaskKind::MotionControl, &request.model_name);
    Ok(NewJob::MotionControl { request, image: images.remove(0) })
}

pub async fn motion(globals: &Globals, args: &MotionArgs) -> Result<(), CliError> {
    let job = motion_job(args)?;
    check_out(&args.wait)?;
    run(&Session::open(globals).await?, job, &args.wait).await
}
