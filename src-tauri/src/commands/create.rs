//! Create → Image / Video / Animate / Sound: queue a job, check a picture, show the cost and credits,
//! and offer only what the chosen model supports.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use kling_api::offer::ModelOffer;
use kling_api::pricing::{Estimate, Pack};
use kling_api::{ImageInput, ImageRequest, ImageToVideoRequest, Mode, TaskKind, TextToAudioRequest, TextToVideoRequest, VideoDuration};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;
use studio::{InputPicture, Job, JobRequest, NewJob};
use tauri::State;

type AppStateRef<'a> = State<'a, Arc<AppState>>;

fn picture(path: Option<String>) -> Option<InputPicture> {
    path.filter(|p| !p.trim().is_empty()).map(|p| InputPicture::parse(&p))
}

async fn enqueue(state: &AppState, job: NewJob) -> AppResult<Job> {
    state.with_session(|s| queue(&s.engine, job)).await
}

/// Checks and queues a job; every refusal reaches the form as an `AppError`.
fn queue(engine: &studio::Engine, job: NewJob) -> AppResult<Job> {
    Ok(engine.enqueue(job)?)
}

/// The jobs the three forms send, as the commands build them (the tests build them the same way).
fn image_job(request: ImageRequest, reference: Option<String>) -> NewJob {
    NewJob::Image { request, image: picture(reference) }
}

fn animate_job(request: ImageToVideoRequest, image: Option<String>, image_tail: Option<String>) -> NewJob {
    NewJob::ImageToVideo { request, image: picture(image), image_tail: picture(image_tail) }
}

/// Queues a picture: `reference` is an optional reference picture (a file path or URL).
#[tauri::command]
#[specta::specta]
pub async fn create_image(state: AppStateRef<'_>, request: ImageRequest, reference: Option<String>) -> AppResult<Job> {
    enqueue(&state, image_job(request, reference)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_video(state: AppStateRef<'_>, request: TextToVideoRequest) -> AppResult<Job> {
    enqueue(&state, NewJob::TextToVideo { request }).await
}

/// Queues a sound made from words (text-to-audio).
#[tauri::command]
#[specta::specta]
pub async fn create_sound(state: AppStateRef<'_>, request: TextToAudioRequest) -> AppResult<Job> {
    enqueue(&state, NewJob::TextToAudio { request }).await
}

/// Queues an image-to-video job from a start frame and/or an end frame (paths or URLs).
#[tauri::command]
#[specta::specta]
pub async fn animate(state: AppStateRef<'_>, request: ImageToVideoRequest, image: Option<String>, image_tail: Option<String>) -> AppResult<Job> {
    enqueue(&state, animate_job(request, image, image_tail)).await
}

/// A picture that passed the API's rules, ready to be used as an input.
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct PictureCheck {
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

/// Checks a dropped or picked file with the API's rules (JPG/PNG, ≤ 10 MB, ≥ 300 px a side,
/// aspect within 1:2.5–2.5:1, not truncated) before anything is uploaded.
#[tauri::command]
#[specta::specta]
pub async fn check_picture(app: tauri::AppHandle, path: String) -> AppResult<PictureCheck> {
    let checked = tauri::async_runtime::spawn_blocking(move || check_picture_file(path)).await.map_err(AppError::background)??;
    // The form previews the picture the person chose: that one file (not its folder) joins the
    // asset scope, which otherwise covers only the library.
    use tauri::Manager;
    let _ = app.asset_protocol_scope().allow_file(&checked.path);
    Ok(checked)
}

/// The check itself, without the window: the API's rules, then the size from the header (which
/// the rules have already held to the pixel limit), so nothing here decodes more than that.
fn check_picture_file(path: String) -> AppResult<PictureCheck> {
    let file = PathBuf::from(&path);
    ImageInput::from_file(&file)?;
    let (width, height) = kling_api::picture_limits::file_dimensions(&file).map_err(|e| AppError::invalid(format!("{path} cannot be read ({e}).")))?;
    let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    Ok(PictureCheck { path, width, height, bytes })
}

/// What a job would spend, in its pack's units (None when the model's price is not published).
#[tauri::command]
#[specta::specta]
pub fn estimate_cost(request: JobRequest) -> Option<Estimate> {
    request.estimate()
}

/// One resource pack. Units of different packs never add up (a video unit is worth about forty
/// image units), so the app shows them pack by pack.
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct CreditPack {
    pub name: String,
    pub remaining: f64,
    pub total: f64,
    pub online: bool,
    /// Video or image units, guessed from the name (the API has no field for it); None: unknown.
    pub kind: Option<Pack>,
    /// When the pack lapses (ms since the epoch; 0 when not given).
    pub expires_ms: f64,
}

#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct Credits {
    /// Online packs first. Kling's remaining figures can be up to 12 h behind.
    pub packs: Vec<CreditPack>,
}

/// The account's remaining credits (cached a few seconds: Kling allows one call a second).
#[tauri::command]
#[specta::specta]
pub async fn credits(state: AppStateRef<'_>) -> AppResult<Credits> {
    let cache = state.with_session(|s| Ok(s.credits())).await?;
    Ok(Credits::from(&cache.get().await?))
}

pub async fn fetch_credits(client: &kling_api::KlingClient) -> AppResult<Credits> {
    Ok(Credits::from(&studio::session::fetch_credits(client).await?))
}

impl From<&kling_api::AccountCosts> for Credits {
    fn from(costs: &kling_api::AccountCosts) -> Self {
        let mut packs: Vec<CreditPack> = costs
            .packs
            .iter()
            .map(|p| CreditPack {
                name: p.name.clone(),
                remaining: p.remaining_quantity,
                total: p.total_quantity,
                online: p.status == "online",
                kind: p.kind_guess(),
                expires_ms: p.invalid_time as f64,
            })
            .collect();
        packs.sort_by_key(|p| !p.online);
        Credits { packs }
    }
}

/// What a form may offer for one model (the catalogue read by `kling_api::offer`), asked by the
/// forms whenever a choice changes.
#[tauri::command]
#[specta::specta]
pub fn model_offer(kind: TaskKind, model: String, mode: Mode, duration: VideoDuration, with_reference: bool) -> ModelOffer {
    kling_api::offer::model_offer(kind, &model, mode, duration, with_reference)
}

#[cfg(test)]
#[path = "create_tests.rs"]
mod tests;
