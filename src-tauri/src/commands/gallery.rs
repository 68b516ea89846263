//! The gallery: pages of items for the virtualized grid, the detail panel, marks, delete, export.

use crate::error::{AppError, AppResult};
use crate::events::LibraryChanged;
use crate::state::AppState;
use serde::Serialize;
use std::sync::Arc;
use studio::{Child, GalleryQuery, Item, Page, Parent, Sidecar};
use tauri::{AppHandle, State};
use tauri_specta::Event;

type AppStateRef<'a> = State<'a, Arc<AppState>>;

#[tauri::command]
#[specta::specta]
pub async fn query_gallery(state: AppStateRef<'_>, query: GalleryQuery) -> AppResult<Page> {
    let library = state.with_session(|s| Ok(s.library.clone())).await?;
    // SQLite work off the async threads: a search over 100,000 prompts takes tens of ms.
    tauri::async_runtime::spawn_blocking(move || Ok(library.query(&query)?)).await.map_err(AppError::background)?
}

#[tauri::command]
#[specta::specta]
pub async fn gallery_models(state: AppStateRef<'_>) -> AppResult<Vec<String>> {
    state.with_session(|s| Ok(s.library.models()?)).await
}

/// The tools that made the items present ("imported" among them), for the gallery's tool filter.
#[tauri::command]
#[specta::specta]
pub async fn gallery_tools(state: AppStateRef<'_>) -> AppResult<Vec<String>> {
    state.with_session(|s| Ok(s.library.tools()?)).await
}

/// An item's lineage, both ways: what it was made from (each parent present, or gone with what
/// the item recorded of it) and what was made from it.
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct Lineage {
    pub made_from: Vec<Parent>,
    pub used_in: Vec<Child>,
    /// The other results of the same task (an added sound and its clip).
    pub same_task: Vec<Item>,
}

#[tauri::command]
#[specta::specta]
pub async fn item_lineage(state: AppStateRef<'_>, id: String) -> AppResult<Lineage> {
    let library = state.with_session(|s| Ok(s.library.clone())).await?;
    tauri::async_runtime::spawn_blocking(move || Ok(Lineage { made_from: library.made_from(&id)?, used_in: library.used_in(&id)?, same_task: library.same_task(&id)? }))
        .await
        .map_err(AppError::background)?
}

/// Everything the detail panel shows: the item, its sidecar (every parameter) and file paths.
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct ItemDetail {
    pub item: Item,
    pub sidecar: Option<Sidecar>,
    pub path: String,
    /// The input picture of an animation or reference, as a file path when it is in the library.
    pub source_image_path: Option<String>,
    /// The end frame of an animation, likewise.
    pub source_image_tail_path: Option<String>,
    pub tags: Vec<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn item_detail(state: AppStateRef<'_>, id: String) -> AppResult<ItemDetail> {
    state
        .with_session(|s| {
            let item = s.library.get(&id)?;
            let sidecar = s.library.sidecar(&id)?;
            // Input pictures kept in the library (a URL input was never copied in).
            // (The sidecar's reader already dropped references that are neither, see Sidecar::parse.)
            let in_library = |src: Option<&str>| -> AppResult<Option<String>> {
                let Some(src) = src.filter(|src| !kling_api::is_web_address(src)) else { return Ok(None) };
                let path = s.library.absolute(src)?;
                Ok(path.is_file().then(|| path.display().to_string()))
            };
            let source_image_path = in_library(sidecar.as_ref().and_then(|sc| sc.source_image()))?;
            let source_image_tail_path = in_library(sidecar.as_ref().and_then(|sc| sc.source_image_tail()))?;
            Ok(ItemDetail {
                path: s.library.absolute(&item.rel_path)?.display().to_string(),
                tags: s.library.tags(&id)?,
                item,
                sidecar,
                source_image_path,
                source_image_tail_path,
            })
        })
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_favorite(state: AppStateRef<'_>, id: String, favorite: bool) -> AppResult<()> {
    state.with_session(|s| Ok(s.library.set_favorite(&id, favorite)?)).await
}

/// Moves the items to the OS trash.
#[tauri::command]
#[specta::specta]
pub async fn delete_items(app: AppHandle, state: AppStateRef<'_>, ids: Vec<String>) -> AppResult<u32> {
    let library = state.with_session(|s| Ok(s.library.clone())).await?;
    let deleted = tauri::async_runtime::spawn_blocking(move || library.delete(&ids)).await.map_err(AppError::background)??;
    let _ = LibraryChanged { item_ids: Vec::new() }.emit(&app);
    Ok(deleted as u32)
}

#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct ExportReport {
    pub copied: u32,
    pub folder: String,
}

/// Copies the items' media files into `folder` (one the person picked in this session's folder
/// dialog); names already there get a number, never replaced or written through.
#[tauri::command]
#[specta::specta]
pub async fn export_items(state: AppStateRef<'_>, ids: Vec<String>, folder: String) -> AppResult<ExportReport> {
    let dest = state.picked_folders.check(&folder)?;
    let library = state.with_session(|s| Ok(s.library.clone())).await?;
    tauri::async_runtime::spawn_blocking(move || {
        std::fs::create_dir_all(&dest)
            .map_err(|e| AppError::new(kling_api::ErrorCode::LibraryUnwritable, format!("Cannot write to {folder} ({e}); choose another folder.")))?;
        let copied = library.export(&ids, &dest)?.len() as u32;
        Ok(ExportReport { copied, folder })
    })
    .await
    .map_err(AppError::background)?
}

/// Shows the item's file in the system file manager.
#[tauri::command]
#[specta::specta]
pub async fn reveal_item(state: AppStateRef<'_>, id: String) -> AppResult<()> {
    let path = state.with_session(|s| Ok(s.library.absolute(&s.library.get(&id)?.rel_path)?)).await?;
    tauri_plugin_opener::reveal_item_in_dir(&path).map_err(|e| AppError::no_file_manager(&path, &e))
}
