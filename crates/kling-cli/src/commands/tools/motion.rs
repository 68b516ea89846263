//! `kling motion PICTURE --motion-video URL|LIBRARY_FILE --orientation image|video`: the
//! picture's character moves as the video does (motion control). Billed per second of that
//! video: a clip of the library has a known length and is priced; a link's is not, and the
//! estimate says it is unknown rather than guess.

use super::super::generate::{check_out, mode, run, warn_if_unknown};
use super::super::{Globals, Session};
use super::clip::{Clip, ClipArg, Sent, Takes};
use super::{pictures, queue, renamed, with_clip};
use crate::cli::{MotionArgs, OrientationArg};
use crate::errors::CliError;
use kling_api::{CharacterOrientation, MotionControlRequest, TaskKind, YesNo};
use studio::NewJob;

const NAMES: &[(&str, &str)] = &[("video_url", "--motion-video"), ("image_url", "PICTURE")];

/// The request from the flags, with the motion video already resolved to its link.
pub fn motion_job(args: &MotionArgs, clip: &Clip) -> Result<NewJob, CliError> {
    let Sent::Url(video_url) = &clip.sent else { unreachable!("motion resolves clips to links only") };
    let (mut inputs, mut images) = pictures(std::slice::from_ref(&args.picture), "image_url")?;
    let orientation = match args.orientation {
        OrientationArg::Image => CharacterOrientation::Image,
        OrientationArg::Video => CharacterOrientation::Video,
    };
    let mut request = MotionControlRequest::new(inputs.remove(0), video_url.clone(), orientation, mode(args.mode));
    request.model_name = args.model.clone();
    request.prompt = args.prompt.clone();
    request.keep_original_sound = args.keep_sound.then_some(YesNo::Yes);
    let checked = request.validate().and_then(|()| clip.seconds.map_or(Ok(()), |s| request.check_video_seconds(s)));
    checked.map_err(|e| renamed(e, NAMES))?;
    warn_if_unknown(TaskKind::MotionControl, &request.model_name);
    Ok(NewJob::MotionControl { request, image: images.remove(0) })
}

pub async fn motion(globals: &Globals, args: &MotionArgs) -> Result<(), CliError> {
    match ClipArg::parse(&args.motion_video) {
        ClipArg::File(_) => {
            let (session, engine, clip) = with_clip(globals, &args.motion_video, "kling motion --motion-video", Takes::Url).await?;
            let job = motion_job(args, &clip)?;
            queue(&session, engine, job, &clip, &args.wait).await
        }
        // A link, or what is not one (the request's rules refuse it, naming the flag): no
        // library needed, and bad input is reported before anything else happens.
        ClipArg::Url(text) | ClipArg::Id(text) => {
            let job = motion_job(args, &Clip { sent: Sent::Url(text), parent: None, seconds: None })?;
            check_out(&args.wait)?;
            run(&Session::open(globals).await?, job, &args.wait).await
        }
    }
}
