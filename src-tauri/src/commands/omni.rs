//! Create → Omni and Multi: pictures (files or URLs, each a plain reference or a frame), an
//! optional clip from the library or the web, and the request; checked with the API's rules and
//! queued so that library inputs become the result's parents.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use kling_api::{FrameType, MultiImage, MultiImageToVideoRequest, OmniImage, OmniVideoRef, OmniVideoRequest, ReferType, YesNo};
use serde::Deserialize;
use std::sync::Arc;
use studio::{InputPicture, Job, Library, NewJob, ParentInput};
use tauri::State;

type AppStateRef<'a> = State<'a, Arc<AppState>>;

/// One picture of the Omni form: a file path or URL, and whether it is a frame.
#[derive(Clone, Debug, Deserialize, specta::Type)]
pub struct OmniPicture {
    pub path: String,
    /// None: a plain reference (`<<<image_N>>>` in the prompt).
    pub frame: Option<FrameType>,
}

/// Where the Omni form's clip comes from: a library video (sent by the link Kling gave for it)
/// or a public web address.
#[derive(Clone, Debug, Deserialize, specta::Type)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum ClipSource {
    Library { item_id: String },
    Url { url: String },
}

/// The Omni form's clip: `base` edits it, `feature` takes its style or camera.
#[derive(Clone, Debug, Deserialize, specta::Type)]
pub struct OmniClip {
    pub source: ClipSource,
    pub refer_type: ReferType,
    pub keep_original_sound: bool,
}

/// A library clip's role in the result's parent link (the same word as the other tools' clips).
const CLIP_ROLE: &str = "video";

use super::tools::picture_slot as slot;

fn input(path: &str) -> AppResult<InputPicture> {
    if path.trim().is_empty() {
        return Err(AppError::invalid("Image list: a picture has no file; pick it again."));
    }
    Ok(InputPicture::parse(path))
}

/// How long Kling keeps what it made (kling-api.md: results are removed 30 days after).
const KLING_KEEPS_MS: i64 = 30 * 24 * 3600 * 1000;

/// A library clip as Omni takes it: only a video Kling made, and still keeps, can be sent (by
/// the address Kling gave for it); a clip from elsewhere never leaves the computer.
fn library_clip_url(library: &Library, item_id: &str, now_ms: i64) -> AppResult<String> {
    let not_kling =
        || AppError::invalid("Video list: this clip was not made by Kling, so Kling cannot be sent it; Omni takes a clip made by Kling or a public https link.");
    library.kling_video_id(item_id)?.ok_or_else(not_kling)?;
    let sidecar = library.sidecar(item_id)?.ok_or_else(not_kling)?;
    let age = now_ms.saturating_sub(sidecar.finished_at);
    if age > KLING_KEEPS_MS {
        let days = age / (24 * 3600 * 1000);
        return Err(AppError::invalid(format!("Video list: Kling made this clip {days} days ago and keeps clips for 30 days; give a public https link to it instead.")));
    }
    sidecar.original_url.filter(|u| kling_api::web_url(u).is_some()).ok_or_else(not_kling)
}

/// The Omni job as the command queues it, with the library clip (if any) as a parent.
pub(crate) fn omni_job(library: &Library, mut request: OmniVideoRequest, pictures: &[OmniPicture], clip: Option<&OmniClip>) -> AppResult<(NewJob, Vec<ParentInput>)> {
    let images = pictures.iter().map(|p| input(&p.path)).collect::<AppResult<Vec<_>>>()?;
    let slots = pictures.iter().map(|p| OmniImage { image_url: slot(), frame: p.frame }).collect::<Vec<_>>();
    request.image_list = (!slots.is_empty()).then_some(slots);
    let mut parents = Vec::new();
    request.video_list = match clip {
        None => None,
        Some(clip) => {
            let video_url = match &clip.source {
                ClipSource::Library { item_id } => {
                    parents.push(ParentInput { item_id: item_id.clone(), role: CLIP_ROLE.into() });
                    library_clip_url(library, item_id, kling_api::now_ms())?
                }
                ClipSource::Url { url } => url.trim().to_string(),
            };
            let keep = if clip.keep_original_sound { YesNo::Yes } else { YesNo::No };
            Some(vec![OmniVideoRef { video_url, refer_type: Some(clip.refer_type), keep_original_sound: Some(keep) }])
        }
    };
    // The rules first, so a refusal names the field before any file is read.
    request.validate()?;
    Ok((NewJob::OmniVideo { request, images }, parents))
}

/// The multi-image job as the command queues it.
pub(crate) fn multi_image_job(mut request: MultiImageToVideoRequest, pictures: &[String]) -> AppResult<NewJob> {
    let images = pictures.iter().map(|p| input(p)).collect::<AppResult<Vec<_>>>()?;
    request.image_list = pictures.iter().map(|_| MultiImage { image: slot() }).collect();
    request.validate()?;
    Ok(NewJob::MultiImageToVideo { request, images })
}

fn queue(engine: &studio::Engine, job: NewJob, parents: &[ParentInput]) -> AppResult<Job> {
    Ok(engine.enqueue_made_from(job, parents)?)
}

/// Queues an Omni video. `pictures` in the order of `<<<image_N>>>`; `clip` optional.
#[tauri::command]
#[specta::specta]
pub async fn create_omni(state: AppStateRef<'_>, request: OmniVideoRequest, pictures: Vec<OmniPicture>, clip: Option<OmniClip>) -> AppResult<Job> {
    state
        .with_session(|s| {
            let (job, parents) = omni_job(&s.library, request, &pictures, clip.as_ref())?;
            queue(&s.engine, job, &parents)
        })
        .await
}

/// What the Omni form would be refused for, before it is sent (None: it may be sent). The
/// pictures themselves were checked when they were added.
#[tauri::command]
#[specta::specta]
pub async fn check_omni(state: AppStateRef<'_>, request: OmniVideoRequest, pictures: Vec<OmniPicture>, clip: Option<OmniClip>) -> AppResult<Option<String>> {
    state.with_session(|s| Ok(omni_job(&s.library, request, &pictures, clip.as_ref()).err().map(|e| e.message))).await
}

/// Queues a video from 2–4 pictures (files or URLs, in order).
#[tauri::command]
#[specta::specta]
pub async fn create_multi_image(state: AppStateRef<'_>, request: MultiImageToVideoRequest, pictures: Vec<String>) -> AppResult<Job> {
    let job = multi_image_job(request, &pictures)?;
    state.with_session(|s| queue(&s.engine, job, &[])).await
}

/// What the Multi form would be refused for, before it is sent (None: it may be sent).
#[tauri::command]
#[specta::specta]
pub fn check_multi_image(request: MultiImageToVideoRequest, pictures: Vec<String>) -> Option<String> {
    multi_image_job(request, &pictures).err().map(|e| e.message)
}

#[cfg(test)]
#[path = "omni_tests.rs"]
mod tests;
