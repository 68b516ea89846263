//! The picture tools: Expand (outpainting) on a gallery picture, Create → Compose (the subjects
//! of 1–4 pictures in a scene and a style), Create → Try-on (a person wearing a garment) and
//! Create → Omni image (pictures from a prompt referring to pictures and elements).
//! Pictures are files (the library's own become the results' parents) or https links.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use kling_api::{ImageExpandRequest, MultiImageToImageRequest, OmniImageInput, OmniImageRequest, SubjectImage, ValidationError, VirtualTryOnRequest};
use std::sync::Arc;
use studio::{InputPicture, Job, Library, MediaType, NewJob};
use tauri::State;

type AppStateRef<'a> = State<'a, Arc<AppState>>;

/// What a gallery item offers to the picture tools: its file, when it is a picture.
fn picture_file(library: &Library, item_id: &str) -> AppResult<std::path::PathBuf> {
    let item = library.get(item_id)?;
    if item.media != MediaType::Image {
        return Err(AppError::invalid("Picture: this item is not a picture; Expand takes a picture from the gallery."));
    }
    Ok(library.absolute(&item.rel_path)?)
}

/// The job Expand queues: the form's ratios, prompt and count with the gallery picture.
fn expand_job(library: &Library, item_id: &str, request: ImageExpandRequest) -> AppResult<NewJob> {
    let file = picture_file(library, item_id)?;
    // The ratios, prompt and count first (the picture is read when the job is queued).
    ImageExpandRequest { image: slot(), ..request.clone() }.validate()?;
    Ok(NewJob::ImageExpand { request, image: InputPicture::File(file) })
}

use super::tools::picture_slot as slot;

/// A refusal about a picture field, named as the form labels it.
fn labelled(e: ValidationError) -> AppError {
    let label = match e.field.as_str() {
        "subject_image_list" => "Subjects",
        "scene_image" => "Scene",
        "style_image" => "Style",
        "human_image" => "Person",
        "cloth_image" => "Garment",
        _ => return e.into(),
    };
    AppError::invalid(format!("{label}: {}", e.message))
}

/// An optional picture of a form: blank is none.
fn optional(path: &Option<String>) -> Option<InputPicture> {
    path.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(InputPicture::parse)
}

/// The Compose job: 1–4 subjects, then the scene and style pictures where given.
pub(crate) fn compose_job(mut request: MultiImageToImageRequest, subjects: &[String], scene: &Option<String>, style: &Option<String>) -> AppResult<NewJob> {
    if subjects.iter().any(|p| p.trim().is_empty()) {
        return Err(AppError::invalid("Subjects: a picture has no file; pick it again."));
    }
    let subjects: Vec<InputPicture> = subjects.iter().map(|p| InputPicture::parse(p.trim())).collect();
    let (scene, style) = (optional(scene), optional(style));
    request.subject_image_list = subjects.iter().map(|_| SubjectImage { subject_image: slot() }).collect();
    request.scene_image = scene.as_ref().map(|_| slot());
    request.style_image = style.as_ref().map(|_| slot());
    request.validate().map_err(labelled)?;
    Ok(NewJob::MultiImageToImage { request, subjects, scene, style })
}

/// The Try-on job: the person and the garment, both required.
pub(crate) fn try_on_job(mut request: VirtualTryOnRequest, person: &str, garment: &str) -> AppResult<NewJob> {
    for (label, path) in [("Person", person), ("Garment", garment)] {
        if path.trim().is_empty() {
            return Err(AppError::invalid(format!("{label}: give a picture (drop one, pick a file, or send one from the gallery).")));
        }
    }
    (request.human_image, request.cloth_image) = (slot(), slot());
    request.validate().map_err(labelled)?;
    Ok(NewJob::VirtualTryOn { request, person: InputPicture::parse(person.trim()), garment: InputPicture::parse(garment.trim()) })
}

/// The Omni image job: the pictures fill `image_list` in order (`<<<image_N>>>`).
pub(crate) fn omni_image_job(mut request: OmniImageRequest, pictures: &[String]) -> AppResult<NewJob> {
    if pictures.iter().any(|p| p.trim().is_empty()) {
        return Err(AppError::invalid("Pictures: a picture has no file; pick it again."));
    }
    request.image_list = pictures.iter().map(|_| OmniImageInput { image: slot() }).collect();
    request.validate().map_err(|e| match e.field.as_str() {
        "image_list" => AppError::invalid(format!("Pictures: {}", e.message)),
        "element_list" => AppError::invalid(format!("Elements: {}", e.message)),
        "result_type" | "series_amount" => AppError::invalid(format!("Series: {}", e.message)),
        _ => e.into(),
    })?;
    Ok(NewJob::OmniImage { request, images: pictures.iter().map(|p| InputPicture::parse(p.trim())).collect() })
}

/// Queues Omni image pictures (Create → Omni image).
#[tauri::command]
#[specta::specta]
pub async fn create_omni_image(state: AppStateRef<'_>, request: OmniImageRequest, pictures: Vec<String>) -> AppResult<Job> {
    let job = omni_image_job(request, &pictures)?;
    state.with_session(|s| Ok(s.engine.enqueue(job)?)).await
}

/// What the Omni image form would be refused for, before it is sent (None: it may be sent).
#[tauri::command]
#[specta::specta]
pub fn check_omni_image(request: OmniImageRequest, pictures: Vec<String>) -> Option<String> {
    omni_image_job(request, &pictures).err().map(|e| e.message)
}

/// Queues a composition (Create → Compose).
#[tauri::command]
#[specta::specta]
pub async fn compose_pictures(
    state: AppStateRef<'_>,
    request: MultiImageToImageRequest,
    subjects: Vec<String>,
    scene: Option<String>,
    style: Option<String>,
) -> AppResult<Job> {
    let job = compose_job(request, &subjects, &scene, &style)?;
    state.with_session(|s| Ok(s.engine.enqueue(job)?)).await
}

/// What the Compose form would be refused for, before it is sent (None: it may be sent).
#[tauri::command]
#[specta::specta]
pub fn check_compose(request: MultiImageToImageRequest, subjects: Vec<String>, scene: Option<String>, style: Option<String>) -> Option<String> {
    compose_job(request, &subjects, &scene, &style).err().map(|e| e.message)
}

/// Queues a try-on (Create → Try-on).
#[tauri::command]
#[specta::specta]
pub async fn try_on(state: AppStateRef<'_>, request: VirtualTryOnRequest, person: String, garment: String) -> AppResult<Job> {
    let job = try_on_job(request, &person, &garment)?;
    state.with_session(|s| Ok(s.engine.enqueue(job)?)).await
}

/// What the Try-on form would be refused for, before it is sent (None: it may be sent).
#[tauri::command]
#[specta::specta]
pub fn check_try_on(request: VirtualTryOnRequest, person: String, garment: String) -> Option<String> {
    try_on_job(request, &person, &garment).err().map(|e| e.message)
}

/// Queues Expand on a gallery picture.
#[tauri::command]
#[specta::specta]
pub async fn expand_picture(state: AppStateRef<'_>, item_id: String, request: ImageExpandRequest) -> AppResult<Job> {
    state.with_session(|s| Ok(s.engine.enqueue(expand_job(s.engine.library(), &item_id, request)?)?)).await
}

#[cfg(test)]
#[path = "pictures_tests.rs"]
mod tests;
