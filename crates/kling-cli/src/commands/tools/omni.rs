//! `kling omni PROMPT [--image FILE [--frame first|end]]... [--element ID]... [--video URL|FILE
//! --edit|--reference]`: a video from a prompt that refers to its inputs as <<<image_1>>>,
//! <<<element_1>>>, <<<video_1>>>.

use super::super::generate::{check_out, elements, run, sound, warn_if_unknown, MultiShot};
use super::super::{Globals, Session};
use super::clip::{Clip, Sent, Takes};
use super::{pictures, queue, shape, with_clip};
use crate::cli::{FrameArg, OmniArgs};
use crate::errors::CliError;
use kling_api::{FrameType, OmniImage, OmniVideoRef, OmniVideoRequest, ReferType, TaskKind, YesNo};
use studio::NewJob;

/// The frame each picture is, from where each --frame stands (after the --image it marks).
fn frames(args: &OmniArgs) -> Result<Vec<Option<FrameType>>, CliError> {
    let mut of_image = vec![None; args.images.len()];
    for (frame, follows) in args.frames.iter().zip(&args.frame_follows) {
        let name = if *frame == FrameArg::First { "first" } else { "end" };
        let Some(index) = *follows else {
            return Err(CliError::Usage(format!("--frame {name}: put it right after the --image it marks")));
        };
        if of_image[index].is_some() {
            return Err(CliError::Usage(format!("--frame {name}: picture {} already has a --frame", index + 1)));
        }
        of_image[index] = Some(if *frame == FrameArg::First { FrameType::FirstFrame } else { FrameType::EndFrame });
    }
    Ok(of_image)
}

/// The request from the flags, with the --video already resolved to what is sent.
pub fn omni_job(args: &OmniArgs, clip: Option<&Clip>) -> Result<NewJob, CliError> {
    let frames = frames(args)?;
    let (inputs, images) = pictures(&args.images, "image_list")?;
    let shots = MultiShot::from_flags(&args.shots, args.shape.duration, false)?;
    let mut request = OmniVideoRequest::new(args.prompt.clone().unwrap_or_default());
    request.model_name = args.model.clone();
    let image_list: Vec<OmniImage> = inputs
        .into_iter()
        .zip(frames)
        .map(|(input, frame)| match frame {
            Some(frame) => OmniImage::frame(input, frame),
            None => OmniImage::reference(input),
        })
        .collect();
    request.image_list = (!image_list.is_empty()).then_some(image_list);
    request.element_list = elements(&args.elements);
    if let Some(clip) = clip {
        let Sent::Url(video_url) = &clip.sent else { unreachable!("omni resolves clips to links only") };
        let refer_type = match (args.edit, args.reference) {
            (true, _) => ReferType::Base,
            (_, true) => ReferType::Feature,
            _ => return Err(CliError::Usage("--video: say what the video is for: --edit (change it as the prompt says) or --reference (follow its style)".into())),
        };
        let keep = args.keep_sound.then_some(YesNo::Yes);
        request.video_list = Some(vec![OmniVideoRef { video_url: video_url.clone(), refer_type: Some(refer_type), keep_original_sound: keep }]);
    }
    (request.mode, request.aspect_ratio) = shape(&args.shape)?;
    request.duration = shots.duration;
    request.sound = args.sound.map(sound);
    request.multi_shot = shots.multi_shot;
    request.shot_type = shots.shot_type;
    request.multi_prompt = shots.multi_prompt.clone();
    request.validate().map_err(|e| shots.about_shots(e))?;
    if let Some(seconds) = clip.and_then(|c| c.seconds) {
        request.check_video_seconds(seconds)?;
    }
    warn_if_unknown(TaskKind::OmniVideo, &request.model_name);
    Ok(NewJob::OmniVideo { request, images })
}

pub async fn omni(globals: &Globals, args: &OmniArgs) -> Result<(), CliError> {
    let Some(video) = &args.video else {
        let job = omni_job(args, None)?;
        check_out(&args.wait)?;
        return run(&Session::open(globals).await?, job, &args.wait).await;
    };
    let (session, engine, clip) = with_clip(globals, video, "kling omni --video", Takes::Url).await?;
    let job = omni_job(args, Some(&clip))?;
    queue(&session, engine, job, &clip, &args.wait).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{parse_from, Command};

    const A: &str = "https://example.com/a.png";
    const B: &str = "https://example.com/b.png";

    fn job(args: &[&str], clip: Option<&Clip>) -> Result<OmniVideoRequest, String> {
        match parse_from(std::iter::once("kling").chain(["omni"]).chain(args.iter().copied())).map_err(|e| e.render().to_string())?.command {
            Command::Omni(args) => match omni_job(&args, clip).map_err(|e| e.message())? {
                NewJob::OmniVideo { request, .. } => Ok(request),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_frame_marks_the_picture_before_it() {
        let request = job(&["<<<image_1>>> walks to <<<image_2>>>", "--image", A, "--frame", "first", "--image", B, "--frame", "end"], None).unwrap();
        let frames: Vec<_> = request.images().iter().map(|i| i.frame).collect();
        assert_eq!(frames, [Some(FrameType::FirstFrame), Some(FrameType::EndFrame)]);
        let request = job(&["<<<image_1>>> and <<<image_2>>>", "--image", A, "--image", B, "--frame", "first", "--aspect", "16:9"], None);
        assert!(request.is_err(), "a first frame sets the shape: --aspect refused");
        let request = job(&["<<<image_1>>> and <<<image_2>>>", "--image", A, "--image", B, "--frame", "first"], None).unwrap();
        assert_eq!(request.images().iter().map(|i| i.frame).collect::<Vec<_>>(), [None, Some(FrameType::FirstFrame)]);
        let plain = job(&["<<<image_1>>> dances", "--image", A, "--aspect", "1:1"], None).unwrap();
        assert_eq!(plain.images()[0].frame, None);
        let early = job(&["x", "--frame", "first", "--image", A], None).unwrap_err();
        assert!(early.contains("--frame first: put it right after the --image"), "{early}");
        let twice = job(&["x", "--image", A, "--frame", "first", "--frame", "end"], None).unwrap_err();
        assert!(twice.contains("picture 1 already has a --frame"), "{twice}");
    }

    #[test]
    fn the_video_is_edited_or_followed_as_asked() {
        let clip = Clip { sent: Sent::Url("https://example.com/clip.mp4".into()), parent: None, seconds: Some(5.0) };
        let edit = job(&["make <<<video_1>>> snowy", "--video", "https://example.com/clip.mp4", "--edit"], Some(&clip)).unwrap();
        assert_eq!(edit.videos()[0].refer_type, Some(ReferType::Base));
        let follow = job(&["like <<<video_1>>>", "--video", "x.mp4", "--reference", "--aspect", "16:9", "--keep-sound"], Some(&clip)).unwrap();
        assert_eq!((follow.videos()[0].refer_type, follow.videos()[0].keep_original_sound), (Some(ReferType::Feature), Some(YesNo::Yes)));
        let neither = job(&["x", "--video", "x.mp4"], Some(&clip)).unwrap_err();
        assert!(neither.contains("--edit") && neither.contains("--reference"), "{neither}");
        let long = Clip { seconds: Some(40.0), ..clip.clone() };
        let too_long = job(&["x <<<video_1>>>", "--video", "x.mp4", "--edit"], Some(&long)).unwrap_err();
        assert!(too_long.starts_with("--video: the reference video lasts 40.0 s"), "{too_long}");
        let sound = job(&["x <<<video_1>>>", "--video", "x.mp4", "--edit", "--sound", "on"], Some(&clip)).unwrap_err();
        assert!(sound.starts_with("--sound:"), "{sound}");
    }

    #[test]
    fn limits_are_refused_naming_the_flag() {
        let eight: Vec<&str> = std::iter::repeat_n(["--image", A], 8).flatten().collect();
        let too_many = job(&[&["x", "--aspect", "1:1"][..], &eight].concat(), None).unwrap_err();
        assert!(too_many.starts_with("--image: pictures and elements together are at most 7"), "{too_many}");
        let missing = job(&["<<<image_2>>>", "--image", A, "--aspect", "1:1"], None).unwrap_err();
        assert!(missing.starts_with("the prompt: refers to <<<image_2>>>"), "{missing}");
        let no_aspect = job(&["a fox"], None).unwrap_err();
        assert!(no_aspect.starts_with("--aspect:"), "{no_aspect}");
        let shots = job(&["--shot", "2:a", "--shot", "3:b", "--aspect", "16:9"], None).unwrap();
        assert_eq!((shots.duration.map(|d| d.seconds()), shots.multi_prompt.map(|s| s.len())), (Some(5), Some(2)));
    }
}
