//! Elements & Voices: the account's own and Kling's presets as the library keeps them (read at
//! once, offline), brought up to date with the account on request, made and deleted; and the
//! elements and voices a gallery item was made with.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;
use studio::assets::{self, AssetKindName, AssetStore, ElementSpec, Pending, StoredElement, StoredVoice, SyncSummary, VoiceSpec};
use tauri::State;

type AppStateRef<'a> = State<'a, Arc<AppState>>;

/// An element with the files of its pictures (front first), for the webview.
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct ElementView {
    #[serde(flatten)]
    pub element: StoredElement,
    pub picture_files: Vec<String>,
}

#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct VoiceView {
    #[serde(flatten)]
    pub voice: StoredVoice,
    /// The trial sound's path inside the library (played through the media server).
    pub trial_rel: Option<String>,
}

#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct AssetsView {
    pub elements: Vec<ElementView>,
    pub voices: Vec<VoiceView>,
    /// Creates being made, or failed (with the reason) until dismissed.
    pub pending: Vec<Pending>,
}

#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct AssetsSynced {
    pub view: AssetsView,
    pub summary: SyncSummary,
}

/// Where a voice comes from: a recording's link, or a video of the library Kling made with sound.
#[derive(Clone, Debug, Deserialize, specta::Type)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum VoiceSource {
    Url { url: String },
    Library { item_id: String },
}

#[derive(Clone, Debug, Deserialize, specta::Type)]
pub struct VoiceForm {
    pub name: String,
    pub source: VoiceSource,
}

/// The elements and voices a result was made with, as the library keeps them; the ids it does
/// not keep (made elsewhere, or never listed) by id.
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct MadeWith {
    pub elements: Vec<ElementView>,
    pub voices: Vec<VoiceView>,
    pub unknown_elements: Vec<String>,
    pub unknown_voices: Vec<String>,
}

impl From<assets::AssetError> for AppError {
    fn from(e: assets::AssetError) -> Self {
        match e {
            assets::AssetError::Kling(kling) => kling.into(),
            other => AppError::new(other.code(), crate::error::sentence(other.user_message())),
        }
    }
}

fn shown(path: Option<PathBuf>) -> Option<String> {
    path.map(|p| p.display().to_string())
}

fn element_view(store: &AssetStore, element: StoredElement) -> ElementView {
    let picture_files = element.pictures.iter().filter_map(|p| shown(store.picture_path(&element.element_id, p))).collect();
    ElementView { element, picture_files }
}

fn voice_view(store: &AssetStore, voice: StoredVoice) -> VoiceView {
    // Only a voice whose folder the store would use (the id is checked there).
    let trial_rel = voice.trial.as_ref().filter(|_| store.trial_path(&voice.voice_id).is_some()).map(|t| format!("{}/{}/{t}", assets::VOICES_DIR, voice.voice_id));
    VoiceView { voice, trial_rel }
}

pub fn view_of(store: &AssetStore) -> AssetsView {
    AssetsView {
        elements: store.elements().into_iter().map(|e| element_view(store, e)).collect(),
        voices: store.voices().into_iter().map(|v| voice_view(store, v)).collect(),
        pending: store.pending(),
    }
}

async fn store(state: &AppStateRef<'_>) -> AppResult<AssetStore> {
    state.with_session(|s| Ok(AssetStore::new(s.library.root()))).await
}

/// What the library keeps now (no network).
#[tauri::command]
#[specta::specta]
pub async fn assets_list(state: AppStateRef<'_>) -> AppResult<AssetsView> {
    let store = store(&state).await?;
    tauri::async_runtime::spawn_blocking(move || view_of(&store)).await.map_err(AppError::background)
}

/// Brings the library's elements and voices up to date with the account.
#[tauri::command]
#[specta::specta]
pub async fn assets_sync(state: AppStateRef<'_>) -> AppResult<AssetsSynced> {
    let (client, store) = state.with_session(|s| Ok((s.client(), AssetStore::new(s.library.root())))).await?;
    let summary = assets::sync(&client, &store).await?;
    Ok(AssetsSynced { view: view_of(&store), summary })
}

/// A picture of the form as the core takes it: a link as is, a library file by its full path.
fn picture(root: &std::path::Path, text: &str) -> AppResult<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid("A picture has no file; pick it again."));
    }
    if kling_api::web_url(text).is_some() || std::path::Path::new(text).is_absolute() {
        return Ok(text.to_string());
    }
    // A library input (`inputs/…`) or item, named the only ways the app writes them.
    if !studio::library::paths::is_plain_relative(text) {
        return Err(AppError::invalid(format!("{text:?} is not a picture file or link.")));
    }
    Ok(root.join(text).display().to_string())
}

#[tauri::command]
#[specta::specta]
pub async fn element_create(state: AppStateRef<'_>, form: ElementSpec) -> AppResult<Pending> {
    let (client, root) = state.with_session(|s| Ok((s.client(), s.library.root().to_path_buf()))).await?;
    // Pictures as files (a library one by its full path) or links; the core checks the rest.
    let pictures = form.pictures.iter().map(|p| picture(&root, p)).collect::<AppResult<Vec<_>>>()?;
    let spec = ElementSpec { pictures, clip_url: form.clip_url.filter(|c| !c.trim().is_empty()), ..form };
    Ok(assets::create_element(&client, &AssetStore::new(root), &spec).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn voice_create(state: AppStateRef<'_>, form: VoiceForm) -> AppResult<Pending> {
    let (client, library) = state.with_session(|s| Ok((s.client(), s.library.clone()))).await?;
    let spec = match form.source {
        VoiceSource::Url { url } => VoiceSpec { name: form.name, url: Some(url), video_id: None },
        VoiceSource::Library { item_id } => {
            let video_id = library
                .kling_video_id(&item_id)?
                .ok_or_else(|| AppError::invalid("This video was not made by Kling, so Kling cannot take a voice from it; give a recording's link instead."))?;
            VoiceSpec { name: form.name, url: None, video_id: Some(video_id) }
        }
    };
    Ok(assets::create_voice(&client, &AssetStore::new(library.root()), &spec).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn asset_delete(state: AppStateRef<'_>, kind: AssetKindName, id: String) -> AppResult<AssetsView> {
    let (client, store) = state.with_session(|s| Ok((s.client(), AssetStore::new(s.library.root())))).await?;
    assets::delete(&client, &store, kind, &id).await?;
    Ok(view_of(&store))
}

/// Forgets a failed create once its reason was read.
#[tauri::command]
#[specta::specta]
pub async fn pending_dismiss(state: AppStateRef<'_>, kind: AssetKindName, task_id: String) -> AppResult<AssetsView> {
    let store = store(&state).await?;
    store.update_pending(&task_id, kind, None)?;
    Ok(view_of(&store))
}

/// The elements and voices a gallery item's request named.
#[tauri::command]
#[specta::specta]
pub async fn made_with(state: AppStateRef<'_>, item_id: String) -> AppResult<MadeWith> {
    let library = state.with_session(|s| Ok(s.library.clone())).await?;
    tauri::async_runtime::spawn_blocking(move || made_with_in(&library, &item_id)).await.map_err(AppError::background)?
}

pub fn made_with_in(library: &studio::Library, item_id: &str) -> AppResult<MadeWith> {
    let Some(sidecar) = library.sidecar(item_id)? else {
        return Ok(MadeWith { elements: Vec::new(), voices: Vec::new(), unknown_elements: Vec::new(), unknown_voices: Vec::new() });
    };
    let store = AssetStore::new(library.root());
    let (mut elements, mut unknown_elements) = (Vec::new(), Vec::new());
    for id in sidecar.request.element_ids() {
        match store.element(&id) {
            Some(e) => elements.push(element_view(&store, e)),
            None => unknown_elements.push(id),
        }
    }
    let (mut voices, mut unknown_voices) = (Vec::new(), Vec::new());
    for id in sidecar.request.voice_ids() {
        match store.voice(&id) {
            Some(v) => voices.push(voice_view(&store, v)),
            None => unknown_voices.push(id),
        }
    }
    Ok(MadeWith { elements, voices, unknown_elements, unknown_voices })
}

#[cfg(test)]
#[path = "assets_tests.rs"]
mod tests;
