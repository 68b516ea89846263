//! `kling image`, `kling video`, `kling animate`: build the request from flags (checked before
//! anything else happens), queue it in the library, and run the engine until it is filed.

use super::{jobs, Session};
use crate::cli::{AnimateArgs, ImageArgs, ModeArg, VideoArgs, VideoSettings, WaitArgs};
use crate::errors::CliError;
use crate::output::Outcome;
use crate::progress::Progress;
use kling_api::{
    AspectRatio, CameraControl, ImageInput, ImageReference, ImageRequest, ImageToVideoRequest, Mode, Resolution, TaskKind, TaskStatus, TextToVideoRequest, VideoDuration,
};
use studio::{InputPicture, NewJob};

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
    request.validate()?;
    Ok(request)
}

pub fn video_request(args: &VideoArgs) -> Result<TextToVideoRequest, CliError> {
    let s = &args.settings;
    let mut request = TextToVideoRequest::new(args.prompt.clone());
    request.model_name = s.model.clone();
    request.negative_prompt = s.negative.clone();
    request.aspect_ratio = args.aspect.as_deref().map(aspect).transpose()?;
    request.mode = s.mode.map(mode);
    request.duration = s.duration.as_deref().map(duration).transpose()?;
    request.cfg_scale = s.cfg;
    request.camera_control = camera(s)?;
    request.external_task_id = s.external_id.clone();
    request.validate()?;
    Ok(request)
}

pub fn animate_request(args: &AnimateArgs) -> Result<ImageToVideoRequest, CliError> {
    let s = &args.settings;
    let mut request = ImageToVideoRequest::new(ImageInput::from_path_or_url(&args.image)?);
    request.model_name = s.model.clone();
    request.prompt = args.prompt.clone();
    // Checked as the end frame, so a bad one is not reported as the start picture.
    let tail = args.tail.as_deref().map(ImageInput::from_path_or_url).transpose();
    request.image_tail = tail.map_err(|e| kling_api::ValidationError::new("image_tail", e.message))?;
    request.negative_prompt = s.negative.clone();
    request.mode = s.mode.map(mode);
    request.duration = s.duration.as_deref().map(duration).transpose()?;
    request.cfg_scale = s.cfg;
    request.camera_control = camera(s)?;
    request.external_task_id = s.external_id.clone();
    request.validate()?;
    Ok(request)
}

/// Kling ships models every few months: one the catalogue does not know yet is sent as typed,
/// with only the rules that hold for every model checked, and Kling's answer decides.
fn warn_if_unknown(kind: TaskKind, model: &str) {
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
    let engine = session.engine()?;
    let resumable = engine.unfinished()?.len();
    let job = engine.enqueue(job)?;
    if resumable > 0 && !session.json {
        eprintln!("also finishing {resumable} unfinished job(s) from earlier runs");
    }
    let mut progress = Progress::new(session.json);
    if wait.no_wait {
        let job = jobs::until_submitted(&engine, &job.id, &mut progress).await?;
        progress.finish();
        engine.release_leases()?; // whoever runs next files the results, without waiting
        let task_id = job.task_id.clone().unwrap_or_default();
        if session.json {
            let outcome = Outcome::from_job(&job, Vec::new());
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
    Outcome::from_job(&job, files).print(session.json, &TaskStatus::Succeeded);
    Ok(())
}

fn aspect(value: &str) -> Result<AspectRatio, CliError> {
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

fn duration(value: &str) -> Result<VideoDuration, CliError> {
    match value.trim_end_matches('s') {
        "5" => Ok(VideoDuration::FIVE),
        "10" => Ok(VideoDuration::TEN),
        _ => Err(CliError::Usage(format!("--duration {value:?}: use 5 or 10 (seconds)"))),
    }
}

fn mode(value: ModeArg) -> Mode {
    match value {
        ModeArg::Std => Mode::Std,
        ModeArg::Pro => Mode::Pro,
    }
}

fn camera(settings: &VideoSettings) -> Result<Option<CameraControl>, CliError> {
    Ok(settings.camera.as_deref().map(CameraControl::parse).transpose()?)
}
