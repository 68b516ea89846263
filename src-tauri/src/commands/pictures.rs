//! The picture tools on a gallery picture: Expand (outpainting). The picture is sent as the
//! library's own file, which makes it the results' parent.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use kling_api::ImageExpandRequest;
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
    ImageExpandRequest { image: kling_api::ImageInput::Url(super::tools::PICTURE_SLOT.into()), ..request.clone() }.validate()?;
    Ok(NewJob::ImageExpand { request, image: InputPicture::File(file) })
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
