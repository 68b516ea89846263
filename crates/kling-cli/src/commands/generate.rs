//! `kling image`, `kling video`, `kling animate`: build the request from flags, submit, wait,
//! download.

use super::Session;
use crate::cli::{AnimateArgs, ImageArgs, ModeArg, VideoArgs, VideoSettings, WaitArgs};
use crate::errors::CliError;
use crate::output::{download_results, Outcome};
use crate::progress::Progress;
use crate::wait::{self, kind_word, Pacing};
use kling_api::{
    AspectRatio, CameraControl, ImageInput, ImageReference, ImageRequest, ImageToVideoRequest,
    KlingError, Mode, Resolution, Task, TaskKind, TaskStatus, TextToVideoRequest, VideoDuration,
};
use std::future::Future;

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
    request.image_tail = args.tail.as_deref().map(ImageInput::from_path_or_url).transpose()?;
    request.negative_prompt = s.negative.clone();
    request.mode = s.mode.map(mode);
    request.duration = s.duration.as_deref().map(duration).transpose()?;
    request.cfg_scale = s.cfg;
    request.camera_control = camera(s)?;
    request.external_task_id = s.external_id.clone();
    request.validate()?;
    Ok(request)
}

pub async fn image(session: &Session, request: &ImageRequest, wait: &WaitArgs) -> Result<(), CliError> {
    finish(session, TaskKind::Image, wait, || session.client.create_image(request)).await
}

pub async fn video(session: &Session, request: &TextToVideoRequest, wait: &WaitArgs) -> Result<(), CliError> {
    finish(session, TaskKind::TextToVideo, wait, || session.client.create_text_to_video(request)).await
}

pub async fn animate(session: &Session, request: &ImageToVideoRequest, wait: &WaitArgs) -> Result<(), CliError> {
    finish(session, TaskKind::ImageToVideo, wait, || session.client.create_image_to_video(request)).await
}

async fn finish<F, Fut>(session: &Session, kind: TaskKind, wait: &WaitArgs, submit: F) -> Result<(), CliError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Task, KlingError>>,
{
    let pacing = Pacing::for_kind(kind, session.poll_interval_ms);
    let mut progress = Progress::new(session.json);
    progress.set(format!("submitting the {} task", kind_word(kind)));
    let task = wait::submit_when_slot_free(submit, pacing, &mut progress).await?;

    if wait.no_wait {
        progress.finish();
        if session.json {
            Outcome::new(kind, &task, Vec::new()).print(true, &task.task_status);
        } else {
            println!("{}", task.task_id);
            eprintln!("submitted; follow it with `kling task {} --download`", task.task_id);
        }
        return Ok(());
    }

    let task = wait::until_finished(&session.client, kind, task, pacing, &mut progress).await?;
    if task.task_status == TaskStatus::Failed {
        progress.finish();
        return Err(CliError::TaskFailed {
            kind: kind_word(kind).to_string(),
            task_id: task.task_id.clone(),
            reason: task.task_status_msg.clone().filter(|m| !m.is_empty()).unwrap_or_else(|| "Kling gave no reason".into()),
        });
    }
    progress.set(format!("downloading {} file(s)", task.media_urls().len()));
    let files = download_results(&session.client, kind, &task, &wait.out).await?;
    progress.finish();
    Outcome::new(kind, &task, files).print(session.json, &task.task_status);
    Ok(())
}

fn aspect(value: &str) -> Result<AspectRatio, CliError> {
    value.parse::<AspectRatio>().map_err(|_| {
        CliError::Usage(format!("--aspect {value:?}: use one of 16:9, 9:16, 1:1, 4:3, 3:4, 3:2, 2:3, 21:9"))
    })
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
        "5" => Ok(VideoDuration::Five),
        "10" => Ok(VideoDuration::Ten),
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
