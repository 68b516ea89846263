//! Create → Image / Video / Animate: queue a job, check a picture, show the cost and credits,
//! and offer only what the chosen model supports.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use kling_api::capabilities::{self, CameraSupport};
use kling_api::pricing::Estimate;
use kling_api::{AspectRatio, ImageInput, ImageRequest, ImageToVideoRequest, Mode, Resolution, TaskKind, TextToVideoRequest, VideoDuration};
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
    let checked = tauri::async_runtime::spawn_blocking(move || {
        let file = PathBuf::from(&path);
        ImageInput::from_file(&file)?;
        let (width, height) = image::image_dimensions(&file).map_err(|e| AppError::invalid(format!("{path} cannot be read ({e}).")))?;
        let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        Ok::<_, AppError>(PictureCheck { path, width, height, bytes })
    })
    .await
    .map_err(AppError::background)??;
    // The form previews the picture the person chose: that one file (not its folder) joins the
    // asset scope, which otherwise covers only the library.
    use tauri::Manager;
    let _ = app.asset_protocol_scope().allow_file(&checked.path);
    Ok(checked)
}

/// What a job would spend, in its pack's units (None when the model's price is not published).
#[tauri::command]
#[specta::specta]
pub fn estimate_cost(request: JobRequest) -> Option<Estimate> {
    request.estimate()
}

#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct CreditPack {
    pub name: String,
    pub remaining: f64,
    pub total: f64,
    pub online: bool,
}

#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct Credits {
    /// Units left in the packs in force.
    pub remaining: f64,
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
        Credits {
            remaining: costs.remaining(),
            packs: costs
                .packs
                .iter()
                .map(|p| CreditPack { name: p.name.clone(), remaining: p.remaining_quantity, total: p.total_quantity, online: p.status == "online" })
                .collect(),
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CameraOffer {
    None,
    SimpleOnly,
    All,
}

/// What a form may offer for one model (and, for videos, mode and length).
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct ModelOffer {
    pub models: Vec<String>,
    pub modes: Vec<Mode>,
    pub aspect_ratios: Vec<AspectRatio>,
    pub resolutions: Vec<Resolution>,
    pub camera: CameraOffer,
    pub end_frame: bool,
    pub end_frame_only: bool,
    pub cfg_scale: bool,
    pub requires_reference: bool,
}

/// The capability map from the API docs, asked by the forms whenever a choice changes.
#[tauri::command]
#[specta::specta]
pub fn model_offer(kind: TaskKind, model: String, mode: Mode, duration: VideoDuration, with_reference: bool) -> ModelOffer {
    let models = capabilities::models_for(kind).iter().map(|m| m.to_string()).collect();
    let aspect_ratios = match kind {
        TaskKind::Image => AspectRatio::ALL.into_iter().filter(|a| capabilities::image_aspect_supported(&model, *a)).collect(),
        _ => AspectRatio::VIDEO.to_vec(),
    };
    ModelOffer {
        models,
        modes: capabilities::modes_for(&model).to_vec(),
        aspect_ratios,
        resolutions: [Resolution::OneK, Resolution::TwoK].into_iter().filter(|r| capabilities::image_resolution_listed(&model, *r, with_reference)).collect(),
        camera: match capabilities::camera_control(kind, &model, mode, duration) {
            CameraSupport::None => CameraOffer::None,
            CameraSupport::SimpleOnly => CameraOffer::SimpleOnly,
            CameraSupport::All => CameraOffer::All,
        },
        end_frame: kind == TaskKind::ImageToVideo && capabilities::image_tail_supported(&model, mode, duration),
        end_frame_only: kind == TaskKind::ImageToVideo && capabilities::end_frame_only_supported(&model, mode),
        cfg_scale: kind != TaskKind::Image && capabilities::cfg_scale_supported(&model),
        requires_reference: kind == TaskKind::Image && capabilities::image_requires_reference(&model),
    }
}

#[cfg(test)]
#[path = "create_tests.rs"]
mod tests;
