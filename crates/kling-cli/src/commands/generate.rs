//! `kling image`, `kling video`, `kling animate`: build the request from flags (checked before
//! anything else happens), queue it in the library, and run the engine until it is filed.

use super::{jobs, Session};
use crate::cli::{AnimateArgs, ImageArgs, ModeArg, ShotArg, SoundArg, VideoArgs, VideoSettings, WaitArgs};
use crate::errors::CliError;
use crate::output::{Charge, Outcome};
use crate::progress::Progress;
use kling_api::pricing::{self, Estimate, Pack, PriceQuery};
use kling_api::{
    AspectRatio, CameraControl, ElementId, ElementRef, ImageInput, ImageReference, ImageRequest, ImageToVideoRequest, Mode, Resolution, Shot, ShotType, Sound, TaskKind,
    TaskStatus, TextToVideoRequest, ValidationError, VideoDuration, VoiceRef, WatermarkInfo,
};
use studio::{Engine, InputPicture, NewJob, ParentInput};

pub fn image_request(args: &ImageArgs) -> Result<ImageRequest, CliError> {
    let mut request = ImageRequest::new(args.prompt.clone());
    request.model_name = args.model.clone();
    request.negative_prompt = args.negative.clone();
    request.n = args.n;
    request.aspect_ratio = args.aspect.as_deref().map(aspect).transpose()?;
    request.image = args.image.as_deref().map(ImageInput::from_path_or_url).transpose()?;
    request.image_fidelity = args.fidelity;
    request.human_fidelity = args.human_fidelity;
    request.image_reference = args.reference.as_deref().map(reference).transpose()?;
    request.resolution = args.resolution.as_deref().map(resolution).transpose()?;
    request.element_list = elements(&args.elements);
    request.watermark_info = watermark(args.watermark);
    request.validate()?;
    Ok(request)
}

pub fn video_request(args: &VideoArgs) -> Result<TextToVideoRequest, CliError> {
    let s = &args.settings;
    let shots = MultiShot::from_settings(s)?;
    // Customised shots carry their own prompts: the request's is empty then, as in Kling's examples.
    let mut request = TextToVideoRequest::new(args.prompt.clone().unwrap_or_default());
    request.model_name = args.model.clone();
    request.negative_prompt = s.negative.clone();
    request.aspect_ratio = args.aspect.as_deref().map(aspect).transpose()?;
    request.mode = s.mode.map(mode);
    request.duration = shots.duration;
    request.sound = s.sound.map(sound);
    request.multi_shot = shots.multi_shot;
    request.shot_type = shots.shot_type;
    request.multi_prompt = shots.multi_prompt.clone();
    request.cfg_scale = s.cfg;
    request.camera_control = camera(s)?;
    request.watermark_info = watermark(s.watermark);
    request.external_task_id = s.external_id.clone();
    request.validate().map_err(|e| shots.about_shots(e))?;
    Ok(request)
}

pub fn animate_request(args: &AnimateArgs) -> Result<ImageToVideoRequest, CliError> {
    let s = &args.settings;
    let shots = MultiShot::from_settings(s)?;
    let mut request = ImageToVideoRequest::new(ImageInput::from_path_or_url(&args.image)?);
    request.model_name = args.model.clone();
    request.prompt = args.prompt.clone();
    // Checked as the end frame, so a bad one is not reported as the start picture.
    let tail = args.tail.as_deref().map(ImageInput::from_path_or_url).transpose();
    request.image_tail = tail.map_err(|e| ValidationError::new("image_tail", e.message))?;
    request.negative_prompt = s.negative.clone();
    request.mode = s.mode.map(mode);
    request.duration = shots.duration;
    request.sound = s.sound.map(sound);
    request.voice_list = (!args.voices.is_empty()).then(|| args.voices.iter().map(|id| VoiceRef { voice_id: id.clone() }).collect());
    request.multi_shot = shots.multi_shot;
    request.shot_type = shots.shot_type;
    request.multi_prompt = shots.multi_prompt.clone();
    request.element_list = elements(&args.elements);
    request.cfg_scale = s.cfg;
    request.camera_control = camera(s)?;
    request.watermark_info = watermark(s.watermark);
    request.external_task_id = s.external_id.clone();
    request.validate().map_err(|e| shots.about_shots(e))?;
    Ok(request)
}

/// The multi-shot fields and the duration, from `--shot`, `--multi-shot` and `--duration`.
#[derive(Debug, Default, PartialEq)]
pub(super) struct MultiShot {
    pub(super) multi_shot: Option<bool>,
    pub(super) shot_type: Option<ShotType>,
    pub(super) multi_prompt: Option<Vec<Shot>>,
    pub(super) duration: Option<VideoDuration>,
    /// The duration is the shots' sum (no --duration given).
    summed: bool,
}

impl MultiShot {
    fn from_settings(s: &VideoSettings) -> Result<Self, CliError> {
        Self::from_flags(&s.shots, s.duration, s.multi_shot)
    }

    /// From `--shot`s, `--duration` and `--multi-shot` (false where a command has no such flag).
    pub(super) fn from_flags(shots: &[ShotArg], duration: Option<VideoDuration>, multi_shot: bool) -> Result<Self, CliError> {
        if multi_shot {
            return Ok(Self { multi_shot: Some(true), shot_type: Some(ShotType::Intelligence), duration, ..Self::default() });
        }
        if shots.is_empty() {
            return Ok(Self { duration, ..Self::default() });
        }
        // Without --duration the video lasts as long as its shots; with it, the request's rules
        // check that they add up (and say so about --shot).
        let given = duration;
        let duration = match given {
            Some(duration) => duration,
            None => {
                let sum: u32 = shots.iter().map(|shot| u32::from(shot.seconds)).sum();
                u8::try_from(sum).ok().and_then(VideoDuration::new).ok_or_else(|| {
                    CliError::Usage(format!(
                        "--shot: the shots last {sum} s in all, and a video lasts {} to {} s (as the model allows: `kling models`)",
                        VideoDuration::MIN,
                        VideoDuration::MAX
                    ))
                })?
            }
        };
        let shots = shots.iter().zip(1u8..).map(|(ShotArg { seconds, prompt }, index)| Shot { index, prompt: prompt.clone(), duration: *seconds }).collect();
        Ok(Self { multi_shot: Some(true), shot_type: Some(ShotType::Customize), multi_prompt: Some(shots), duration: Some(duration), summed: given.is_none() })
    }

    /// A length the model does not make, when nobody typed --duration, is the shots' doing.
    pub(super) fn about_shots(&self, e: ValidationError) -> ValidationError {
        match self.duration {
            Some(total) if self.summed && e.field == "duration" => ValidationError::new("multi_prompt", format!("the shots last {total} s in all, and {}", e.message)),
            _ => e,
        }
    }
}

/// What a job is made from beyond its request: library items that are not among its input
/// files (a clip sent by its Kling video id), and the length of the clip it takes, when known.
#[derive(Clone, Copy, Debug, Default)]
pub struct MadeFrom<'a> {
    pub parents: &'a [ParentInput],
    pub clip_seconds: Option<f64>,
}

/// What the job will cost, from the catalogue's price rule, in its pack's units.
pub fn estimate(job: &NewJob, clip_seconds: Option<f64>) -> Estimate {
    let query = match job {
        // The picture travels beside the request; it decides image-to-image prices.
        NewJob::Image { request, image } => PriceQuery { with_image: image.is_some(), ..request.price_query() },
        NewJob::TextToVideo { request } => request.price_query(),
        NewJob::ImageToVideo { request, .. } => request.price_query(),
        NewJob::OmniVideo { request, images } => {
            let query = PriceQuery { with_image: !images.is_empty(), ..request.price_query() };
            // An edited video is billed on its own length, rounded, when it is known.
            match clip_seconds {
                Some(seconds) if request.edits_a_video() => PriceQuery { seconds: seconds.round().clamp(0.0, 600.0) as u32, ..query },
                _ => query,
            }
        }
        NewJob::MultiImageToVideo { request, .. } => request.price_query(),
        NewJob::VideoExtend { request } => request.price_query(),
        NewJob::LipSync { request, .. } => request.price_query(),
        NewJob::Effects { request, .. } => request.price_query(),
        NewJob::VideoToAudio { request } => request.price_query(),
        NewJob::TextToAudio { request } => request.price_query(),
        NewJob::ImageExpand { request, .. } => request.price_query(),
        NewJob::MultiImageToImage { request, .. } => request.price_query(),
        NewJob::VirtualTryOn { request, .. } => request.price_query(),
        NewJob::OmniImage { request, images } => PriceQuery { with_image: !images.is_empty(), ..request.price_query() },
        // Billed per second of the motion video: from a link its length is not known before
        // the task, and no figure is better than a wrong one (`estimate_line` says why).
        NewJob::MotionControl { request, .. } => match clip_seconds {
            Some(seconds) => request.price_query(seconds),
            None => return Estimate { units: None, pack: Pack::of(TaskKind::MotionControl) },
        },
    };
    pricing::estimate(&query)
}

/// The line shown before sending.
pub fn estimate_line(estimate: &Estimate, job: &NewJob, clip_seconds: Option<f64>) -> String {
    match (estimate.units, job) {
        (Some(units), _) => format!("Costs about {} {}", pricing::format_units(units), estimate.pack.unit_name()),
        (None, NewJob::MotionControl { .. }) if clip_seconds.is_none() => {
            "Cost unknown before the task: motion control is billed per second of the motion video, whose length Kling Studio cannot read from a link; the charge shows after the task".into()
        }
        (None, NewJob::OmniImage { request, .. }) if request.pictures_asked().is_none() => {
            "Cost unknown before the task: a series of Kling's choosing is billed per picture it makes (8 image units each, 16 at 4K); the charge shows after the task".into()
        }
        (None, _) => format!("Price not published for {}: the charge shows after the task", priced_as(job)),
    }
}

/// Kling ships models every few months: one the catalogue does not know yet is sent as typed,
/// with only the rules that hold for every model checked, and Kling's answer decides.
pub(super) fn warn_if_unknown(kind: TaskKind, model: &str) {
    if !kling_api::catalogue::is_known(kind, model) {
        eprintln!("warning: {model} is not a model Kling Studio knows for {kind}; it is sent as given, and its options are not checked");
    }
}

pub fn image_job(args: &ImageArgs) -> Result<NewJob, CliError> {
    let request = image_request(args)?;
    warn_if_unknown(TaskKind::Image, &request.model_name);
    Ok(NewJob::Image { request, image: args.image.as_deref().map(InputPicture::parse) })
}

pub fn video_job(args: &VideoArgs) -> Result<NewJob, CliError> {
    let request = video_request(args)?;
    warn_if_unknown(TaskKind::TextToVideo, &request.model_name);
    Ok(NewJob::TextToVideo { request })
}

pub fn animate_job(args: &AnimateArgs) -> Result<NewJob, CliError> {
    let request = animate_request(args)?;
    warn_if_unknown(TaskKind::ImageToVideo, &request.model_name);
    Ok(NewJob::ImageToVideo { request, image: Some(InputPicture::parse(&args.image)), image_tail: args.tail.as_deref().map(InputPicture::parse) })
}

/// `--out` is checked (and made) before anything is sent: finding out only once the task has
/// run, and been paid for, that its files cannot be copied there is too late.
pub fn check_out(wait: &WaitArgs) -> Result<(), CliError> {
    let Some(out) = &wait.out else { return Ok(()) };
    let refuse = |why: String| CliError::Usage(format!("--out {}: {why}; give a folder you can write to", out.display()));
    // "Permission denied", not "Permission denied (os error 13)".
    let reason = |e: std::io::Error| e.to_string().split(" (os error").next().unwrap_or_default().to_string();
    if out.exists() && !out.is_dir() {
        return Err(refuse("it is a file, not a folder".into()));
    }
    std::fs::create_dir_all(out).map_err(|e| refuse(format!("the folder cannot be made ({})", reason(e))))?;
    studio::write_probe::check_writable(out).map_err(|e| refuse(format!("the folder cannot be written ({})", reason(e))))
}

/// Queues the job in the library and runs the engine until it is done (or, with --no-wait,
/// until Kling has accepted it).
pub async fn run(session: &Session, job: NewJob, wait: &WaitArgs) -> Result<(), CliError> {
    run_made_from(session.engine()?, job, MadeFrom::default(), session.json, wait).await
}

/// `run` on an engine already open, recording what the job is made from (its parents are
/// linked to the result; a clip's length prices the tools billed on it).
pub async fn run_made_from(engine: Engine, job: NewJob, made_from: MadeFrom<'_>, json: bool, wait: &WaitArgs) -> Result<(), CliError> {
    let resumable = engine.unfinished()?.len();
    let cost = estimate(&job, made_from.clip_seconds);
    if !json {
        eprintln!("{}", estimate_line(&cost, &job, made_from.clip_seconds));
    }
    let job = engine.enqueue_made_from(job, made_from.parents)?;
    if resumable > 0 && !json {
        eprintln!("also finishing {resumable} unfinished job(s) from earlier runs");
    }
    let mut progress = Progress::new(json);
    if wait.no_wait {
        let job = jobs::until_submitted(&engine, &job.id, &mut progress).await?;
        progress.finish();
        engine.release_leases()?; // whoever runs next files the results, without waiting
        let task_id = job.task_id.clone().unwrap_or_default();
        if json {
            let outcome = Outcome { estimate: Some(cost), ..Outcome::from_job(&job, Vec::new()) };
            outcome.print(true, &TaskStatus::Submitted);
        } else {
            println!("{task_id}");
            eprintln!("submitted; `kling resume` (or the app) files the results in the library when they are ready");
        }
        return Ok(());
    }
    let job = jobs::run_with_progress(&engine, std::slice::from_ref(&job.id), &mut progress).await?.remove(0);
    progress.finish();
    let job = jobs::succeeded(job)?;
    let files = jobs::files_of(&engine, &job, wait.out.as_deref())?;
    let charged = charged(&job);
    Outcome { estimate: Some(cost), charged, ..Outcome::from_job(&job, files) }.print(json, &TaskStatus::Succeeded);
    Ok(())
}

/// What a price is looked up by: the model, or the tool for those that name none.
fn priced_as(job: &NewJob) -> &str {
    match job {
        NewJob::Image { request, .. } => &request.model_name,
        NewJob::TextToVideo { request } => &request.model_name,
        NewJob::ImageToVideo { request, .. } => &request.model_name,
        NewJob::OmniVideo { request, .. } => &request.model_name,
        NewJob::MultiImageToVideo { request, .. } => &request.model_name,
        NewJob::MotionControl { request, .. } => &request.model_name,
        NewJob::MultiImageToImage { request, .. } => &request.model_name,
        NewJob::VirtualTryOn { request, .. } => request.model_name.as_str(),
        NewJob::OmniImage { request, .. } => &request.model_name,
        NewJob::VideoExtend { .. }
        | NewJob::LipSync { .. }
        | NewJob::Effects { .. }
        | NewJob::VideoToAudio { .. }
        | NewJob::TextToAudio { .. }
        | NewJob::ImageExpand { .. } => job.kind().as_str(),
    }
}

/// What Kling charged for the finished task (`final_unit_deduction`, kept by the engine with
/// the job); None when Kling did not say.
fn charged(job: &studio::Job) -> Option<Charge> {
    job.charged_units.map(|units| Charge { units, pack: Pack::of(job.kind) })
}

pub(super) fn aspect(value: &str) -> Result<AspectRatio, CliError> {
    value.parse::<AspectRatio>().map_err(|_| CliError::Usage(format!("--aspect {value:?}: use one of 16:9, 9:16, 1:1, 4:3, 3:4, 3:2, 2:3, 21:9")))
}

fn reference(value: &str) -> Result<ImageReference, CliError> {
    match value {
        "subject" => Ok(ImageReference::Subject),
        "face" => Ok(ImageReference::Face),
        _ => Err(CliError::Usage(format!("--reference {value:?}: use subject or face"))),
    }
}

fn resolution(value: &str) -> Result<Resolution, CliError> {
    match value.to_ascii_lowercase().as_str() {
        "1k" => Ok(Resolution::OneK),
        "2k" => Ok(Resolution::TwoK),
        _ => Err(CliError::Usage(format!("--resolution {value:?}: use 1k or 2k"))),
    }
}

pub(super) fn mode(value: ModeArg) -> Mode {
    match value {
        ModeArg::Std => Mode::Std,
        ModeArg::Pro => Mode::Pro,
        ModeArg::FourK => Mode::FourK,
    }
}

pub(super) fn sound(value: SoundArg) -> Sound {
    match value {
        SoundArg::On => Sound::On,
        SoundArg::Off => Sound::Off,
    }
}

pub(super) fn elements(ids: &[ElementId]) -> Option<Vec<ElementRef>> {
    (!ids.is_empty()).then(|| ids.iter().map(|&element_id| ElementRef { element_id }).collect())
}

fn watermark(asked: bool) -> Option<WatermarkInfo> {
    asked.then_some(WatermarkInfo { enabled: true })
}

fn camera(settings: &VideoSettings) -> Result<Option<CameraControl>, CliError> {
    Ok(settings.camera.as_deref().map(CameraControl::parse).transpose()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<Command, String> {
        Cli::try_parse_from(std::iter::once("kling").chain(args.iter().copied())).map(|cli| cli.command).map_err(|e| e.render().to_string())
    }

    fn video(args: &[&str]) -> Result<TextToVideoRequest, String> {
        match parse(&[&["video"], args].concat())? {
            Command::Video(args) => video_request(&args).map_err(|e| e.message()),
            other => panic!("{other:?}"),
        }
    }

    fn animate(args: &[&str]) -> Result<ImageToVideoRequest, String> {
        match parse(&[&["animate", "https://example.com/still.png"], args].concat())? {
            Command::Animate(args) => animate_request(&args).map_err(|e| e.message()),
            other => panic!("{other:?}"),
        }
    }

    fn image(args: &[&str]) -> Result<ImageRequest, String> {
        match parse(&[&["image"], args].concat())? {
            Command::Image(args) => image_request(&args).map_err(|e| e.message()),
            other => panic!("{other:?}"),
        }
    }

    #[track_caller]
    fn refused(result: Result<impl std::fmt::Debug, String>, says: &str) {
        let message = result.expect_err("should be refused");
        assert!(message.contains(says), "{message:?} should say {says:?}");
    }

    #[test]
    fn the_default_model_is_the_catalogues() {
        assert_eq!(video(&["waves"]).unwrap().model_name, kling_api::catalogue::default_model(TaskKind::TextToVideo));
        assert_eq!(video(&["waves"]).unwrap().model_name, "kling-v3");
        assert_eq!(animate(&[]).unwrap().model_name, "kling-v3");
        assert_eq!(image(&["a fox"]).unwrap().model_name, "kling-v3");
        assert_eq!(video(&["waves", "--model", "kling-v1"]).unwrap().model_name, "kling-v1");
    }

    #[test]
    fn shots_are_numbered_in_order_and_their_sum_is_the_duration() {
        let request = video(&["--shot", "2:two friends talk: quietly", "--shot", "3s:a runner sprints", "--sound", "on", "--mode", "pro"]).unwrap();
        assert_eq!((request.multi_shot, request.shot_type), (Some(true), Some(ShotType::Customize)));
        let shots = request.multi_prompt.as_deref().unwrap();
        assert_eq!(
            shots,
            [Shot { index: 1, prompt: "two friends talk: quietly".into(), duration: 2 }, Shot { index: 2, prompt: "a runner sprints".into(), duration: 3 },]
        );
        assert_eq!(request.duration, VideoDuration::new(5));
        assert_eq!(request.prompt, "", "customised shots carry the prompts");
        assert_eq!((request.sound, request.mode), (Some(Sound::On), Some(Mode::Pro)));
        let body = serde_json::to_value(&request).unwrap();
        assert_eq!(body["multi_prompt"][1], serde_json::json!({ "index": 2, "prompt": "a runner sprints", "duration": "3" }));
        assert_eq!(body["duration"], "5");
        // With --duration the shots must add up to it.
        let twelve = video(&["--shot", "5:a", "--shot", "7:b", "--duration", "12"]).unwrap();
        assert_eq!(twelve.duration, VideoDuration::new(12));
        refused(video(&["--shot", "2:a", "--shot", "2:b", "--duration", "5"]), "--shot: the shots last 4 s but the video 5 s");
        refused(video(&["--shot", "9:a", "--shot", "9:b"]), "--shot: the shots last 18 s in all");
        refused(video(&["--shot", "1:a"]), "--shot: the shots last 1 s in all");
        refused(video(&["--shot", "2:a", "--shot", "2:b", "--model", "kling-v2-6"]), "--shot: the shots last 4 s in all, and kling-v2-6 makes 5 or 10 s videos, not 4 s");
        // Shots are kling-v3's; an older model says so, naming the flags.
        refused(video(&["--shot", "5:a", "--model", "kling-v1"]), "--shot/--multi-shot: kling-v1 makes single-shot videos");
        let seven: Vec<String> = (0..7).map(|i| format!("2:shot {i}")).collect();
        let args: Vec<&str> = seven.iter().flat_map(|s| ["--shot", s.as_str()]).collect();
        refused(video(&args), "give 1 to 6 shots (got 7)");
    }

    #[test]
    fn kling_splits_the_shots_with_multi_shot_alone() {
        let request = video(&["a day at the beach", "--multi-shot", "--duration", "10"]).unwrap();
        assert_eq!((request.multi_shot, request.shot_type, request.multi_prompt), (Some(true), Some(ShotType::Intelligence), None));
        assert_eq!(request.prompt, "a day at the beach");
        refused(video(&["x", "--multi-shot", "--shot", "5:a"]), "'--multi-shot' cannot be used with '--shot <SECONDS:PROMPT>'");
        refused(video(&["--multi-shot"]), "<PROMPT>");
    }

    #[test]
    fn bad_flag_values_are_refused_naming_the_flag() {
        refused(video(&["x", "--shot", "2"]), "invalid value '2' for '--shot <SECONDS:PROMPT>'");
        refused(video(&["x", "--shot", "x:foo"]), "invalid value 'x:foo' for '--shot <SECONDS:PROMPT>': \"x\" is not whole seconds");
        refused(video(&["x", "--shot", "0:foo"]), "at least 1 s");
        refused(video(&["x", "--shot", "3: "]), "the shot has no prompt");
        refused(video(&["x", "--duration", "16"]), "invalid value '16' for '--duration <SECONDS>'");
        refused(video(&["x", "--duration", "2"]), "from 3 to 15");
        refused(video(&["x", "--sound", "loud"]), "[possible values: on, off]");
        refused(video(&["x", "--mode", "8k"]), "[possible values: std, pro, 4k]");
        refused(animate(&["--element", "12a"]), "invalid value '12a' for '--element <ID>': an element id is a whole number");
        refused(image(&["x", "--element", "1.5"]), "invalid value '1.5' for '--element <ID>'");
        // What the model does not offer, from the catalogue through validate().
        refused(video(&["x", "--duration", "7", "--model", "kling-v1"]), "--duration: kling-v1 makes 5 or 10 s videos, not 7 s");
        refused(video(&["x", "--mode", "4k", "--model", "kling-v2-6"]), "--mode: 4k is not offered by kling-v2-6");
        refused(video(&["x", "--sound", "on", "--model", "kling-v2-6"]), "--sound: kling-v2-6 makes sound in pro mode only");
        refused(video(&["x", "--sound", "off", "--model", "kling-v1"]), "--sound: kling-v1 makes silent videos");
        refused(video(&["--voice", "v1"]), "unexpected argument '--voice'");
        refused(animate(&["--voice", "v1", "--model", "kling-v3", "--sound", "on", "-p", "<<<voice_1>>> hi"]), "--voice: kling-v3 takes no voices");
        refused(animate(&["--element", "1", "--model", "kling-v1"]), "--element: kling-v1 takes no elements");
        refused(image(&["x", "--element", "1", "--model", "kling-v2-1"]), "--element: kling-v2-1 takes no elements");
        refused(image(&["x", "--resolution", "4k"]), "--resolution \"4k\": use 1k or 2k");
    }

    #[test]
    fn every_v3_duration_is_taken_and_sent_as_a_string() {
        for seconds in 3..=15u8 {
            let request = video(&["x", "--duration", &seconds.to_string()]).unwrap();
            assert_eq!(request.duration.map(VideoDuration::seconds), Some(u32::from(seconds)));
            assert_eq!(serde_json::to_value(&request).unwrap()["duration"], seconds.to_string());
        }
        assert_eq!(video(&["x", "--duration", "10", "--model", "kling-v1"]).unwrap().duration, Some(VideoDuration::TEN));
        assert_eq!(video(&["x", "--mode", "4k"]).unwrap().mode, Some(Mode::FourK));
    }

    #[test]
    fn voices_elements_and_watermarks_go_into_the_request_exactly() {
        let request =
            animate(&["--model", "kling-v2-6", "--mode", "pro", "--sound", "on", "--voice", "voice-a", "--voice", "voice-b", "-p", "<<<voice_1>>> hello <<<voice_2>>>"])
                .unwrap();
        assert_eq!(request.voice_list, Some(vec![VoiceRef { voice_id: "voice-a".into() }, VoiceRef { voice_id: "voice-b".into() }]));
        refused(animate(&["--model", "kling-v2-6", "--mode", "pro", "--sound", "on", "--voice", "v", "-p", "hello"]), "the prompt: say where the voice speaks");
        refused(animate(&["--model", "kling-v2-6", "--mode", "pro", "--voice", "v", "-p", "<<<voice_1>>>"]), "--sound: voices need sound on");

        let request = animate(&["--element", "829836802793406551", "--element", "160", "--watermark", "-p", "<<<element_1>>> walks in"]).unwrap();
        assert_eq!(request.element_list, Some(vec![ElementRef { element_id: ElementId(829836802793406551) }, ElementRef { element_id: ElementId(160) }]));
        assert_eq!(request.watermark_info, Some(WatermarkInfo { enabled: true }));
        refused(animate(&["--element", "1", "--element", "2", "--element", "3", "--element", "4"]), "--element: at most 3 elements (got 4)");

        let picture = image(&["a fox", "--model", "kling-v3", "--resolution", "2k", "--element", "829836802793406551", "--watermark"]).unwrap();
        assert_eq!((picture.resolution, picture.watermark_info), (Some(Resolution::TwoK), Some(WatermarkInfo { enabled: true })));
        assert_eq!(picture.element_list.unwrap()[0].element_id.to_string(), "829836802793406551");
        let plain = video(&["x"]).unwrap();
        assert_eq!((plain.watermark_info, plain.sound, plain.multi_shot, plain.duration), (None, None, None, None), "nothing asked, nothing sent");
    }

    #[test]
    fn the_cost_is_shown_in_its_packs_unit() {
        let job = |request: TextToVideoRequest| NewJob::TextToVideo { request };
        let line = |job: NewJob| estimate_line(&estimate(&job, None), &job, None);
        let v3 = video(&["x", "--mode", "pro", "--sound", "on"]).unwrap();
        assert_eq!(line(job(v3)), "Costs about 6 video units");
        let turbo = video(&["x", "--model", "kling-v2-5-turbo", "--duration", "10"]).unwrap();
        assert_eq!(line(job(turbo)), "Costs about 3 video units");
        let shots = video(&["--shot", "7:a", "--shot", "8:b", "--mode", "pro", "--sound", "on"]).unwrap();
        assert_eq!(estimate(&job(shots), None).units, Some(18.0), "15 s of pro with sound");
        let pictures = image(&["two", "--model", "kling-v2-1", "-n", "2"]).unwrap();
        assert_eq!(line(NewJob::Image { request: pictures, image: None }), "Costs about 8 image units");
        let old = video(&["x", "--model", "kling-v1"]).unwrap();
        assert_eq!(line(job(old)), "Price not published for kling-v1: the charge shows after the task");
    }

    #[test]
    fn a_clip_billed_by_the_second_is_priced_only_when_its_length_is_known() {
        use kling_api::{CharacterOrientation, MotionControlRequest};
        let picture = ImageInput::from_path_or_url("https://example.com/a.png").unwrap();
        let request = MotionControlRequest::new(picture, "https://example.com/moves.mp4", CharacterOrientation::Video, Mode::Std);
        let motion = NewJob::MotionControl { request, image: InputPicture::parse("https://example.com/a.png") };
        let unknown = estimate(&motion, None);
        assert_eq!(unknown.units, None, "a link's length is not known: no figure");
        assert!(estimate_line(&unknown, &motion, None).starts_with("Cost unknown before the task: motion control is billed per second"));
        // kling-v2-6 std: 0.5 a second, on the length rounded (9.6 s → 10 s).
        assert_eq!(estimate(&motion, Some(9.6)).units, Some(5.0));
        assert_eq!(estimate_line(&estimate(&motion, Some(9.6)), &motion, Some(9.6)), "Costs about 5 video units");
    }
}
