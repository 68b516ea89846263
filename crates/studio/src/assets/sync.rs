//! Brings the library's elements and voices up to date with the account: the creates that ended
//! are filed (or their failure kept to be shown), the account's own and Kling's presets are
//! listed and kept with their pictures and trial sounds, and what the account no longer lists
//! is kept marked deleted (results made with it still name it).

use super::stored::{AssetKindName, Pending, StoredElement, StoredVoice};
use super::{AssetError, AssetStore};
use kling_api::{ApiCode, AssetKind, ElementInfo, KlingClient, KlingError, Listing, TaskStatus, VoiceInfo};
use std::collections::HashSet;
use std::path::Path;

/// Pages read of the account's own (500 each) and of the presets.
const OWN_PAGES: u32 = 20;
const PRESET_PAGES: u32 = 2;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct SyncSummary {
    /// Names of what was made since the last sync.
    pub made: Vec<String>,
    /// Names and reasons of what Kling could not make.
    pub failed: Vec<(String, String)>,
    /// Creates still being made.
    pub making: u32,
    /// Pictures or sounds that could not be kept, one line each.
    pub warnings: Vec<String>,
}

pub async fn sync(client: &KlingClient, store: &AssetStore) -> Result<SyncSummary, AssetError> {
    let mut summary = SyncSummary::default();
    for pending in store.pending().into_iter().filter(|p| p.failure.is_none()) {
        follow(client, store, pending, &mut summary).await?;
    }
    let own = client.list_elements(Listing::Own, OWN_PAGES).await?;
    let presets = client.list_elements(Listing::Presets, PRESET_PAGES).await?;
    let mut listed = HashSet::new();
    for (info, preset) in own.iter().map(|e| (e, false)).chain(presets.iter().map(|e| (e, true))) {
        if let Some(id) = keep_element(client, store, info, preset, &mut summary).await? {
            listed.insert(id);
        }
    }
    for mut gone in store.elements().into_iter().filter(|e| !e.deleted && !listed.contains(&e.element_id)) {
        gone.deleted = true;
        store.put_element(&gone)?;
    }
    let own = client.list_voices(Listing::Own, OWN_PAGES).await?;
    let presets = client.list_voices(Listing::Presets, PRESET_PAGES).await?;
    let mut listed = HashSet::new();
    for (info, preset) in own.iter().map(|v| (v, false)).chain(presets.iter().map(|v| (v, true))) {
        if let Some(id) = keep_voice(client, store, info, preset, &mut summary).await? {
            listed.insert(id);
        }
    }
    for mut gone in store.voices().into_iter().filter(|v| !v.deleted && !listed.contains(&v.voice_id)) {
        gone.deleted = true;
        store.put_voice(&gone)?;
    }
    Ok(summary)
}

/// One create: filed when done, its failure kept when it failed, left when still being made.
async fn follow(client: &KlingClient, store: &AssetStore, pending: Pending, summary: &mut SyncSummary) -> Result<(), AssetError> {
    let kind = pending.kind;
    let task = match client.get_asset_task(kind.api(), &pending.task_id).await {
        Ok(task) => task,
        Err(KlingError::Api { code: ApiCode::NotFound, .. }) => {
            let failure = "Kling no longer knows this task".to_string();
            summary.failed.push((pending.name.clone(), failure.clone()));
            let task_id = pending.task_id.clone();
            return store.update_pending(&task_id, kind, Some(Pending { failure: Some(failure), ..pending }));
        }
        Err(e) => return Err(e.into()),
    };
    match task.task_status {
        TaskStatus::Succeeded => {
            for element in &task.task_result.elements {
                keep_element(client, store, element, false, summary).await?;
            }
            for voice in &task.task_result.voices {
                keep_voice(client, store, voice, false, summary).await?;
            }
            summary.made.push(pending.name.clone());
            store.update_pending(&pending.task_id, kind, None)
        }
        TaskStatus::Failed => {
            let reason = task.task_status_msg.filter(|m| !m.trim().is_empty()).unwrap_or_else(|| "Kling gave no reason".into());
            let reason: String = reason.chars().filter(|c| !c.is_control()).take(300).collect();
            summary.failed.push((pending.name.clone(), reason.clone()));
            let task_id = pending.task_id.clone();
            store.update_pending(&task_id, kind, Some(Pending { failure: Some(reason), ..pending }))
        }
        _ => {
            summary.making += 1;
            Ok(())
        }
    }
}

/// Fetches a link into `dest` (atomically), if it is a picture (`want_picture`) or a sound.
/// Answers the extension it was kept with; a failure is a warning, not an error.
async fn fetch(client: &KlingClient, url: &str, dir: &Path, stem: &str, want_picture: bool, summary: &mut SyncSummary) -> Option<String> {
    let part = dir.join(format!(".{stem}.part"));
    if let Err(e) = client.download(url, &part).await {
        summary.warnings.push(format!("{stem}: {}", e.user_message()));
        let _ = std::fs::remove_file(&part);
        return None;
    }
    let head: Vec<u8> = std::fs::read(&part).map(|b| b.into_iter().take(32).collect()).unwrap_or_default();
    let ext = if want_picture {
        match image::guess_format(&head) {
            Ok(image::ImageFormat::Png) => Some("png"),
            Ok(image::ImageFormat::Jpeg) => Some("jpg"),
            _ => None,
        }
    } else {
        // An MP3: an ID3 tag or a frame sync.
        (head.starts_with(b"ID3") || (head.len() > 1 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0)).then_some("mp3")
    };
    let Some(ext) = ext else {
        summary.warnings.push(format!("{stem}: the file Kling sent is not a {}", if want_picture { "PNG or JPEG picture" } else { "MP3 sound" }));
        let _ = std::fs::remove_file(&part);
        return None;
    };
    let dest = dir.join(format!("{stem}.{ext}"));
    match crate::atomic::rename(&part, &dest) {
        Ok(()) => Some(format!("{stem}.{ext}")),
        Err(e) => {
            summary.warnings.push(format!("{}: {e}", dest.display()));
            None
        }
    }
}

/// Files one element; its id, when it has a usable one.
async fn keep_element(client: &KlingClient, store: &AssetStore, info: &ElementInfo, preset: bool, summary: &mut SyncSummary) -> Result<Option<String>, AssetError> {
    let Some(id) = info.element_id.map(|id| id.to_string()) else { return Ok(None) };
    let Some(dir) = store.element_dir(&id) else { return Ok(None) };
    let before = store.element(&id);
    std::fs::create_dir_all(&dir).map_err(|e| AssetError::io("cannot create the folder", &dir, e))?;
    let mut pictures: Vec<String> = before.as_ref().map(|e| e.pictures.clone()).unwrap_or_default();
    let links = info.element_image_list.clone().unwrap_or_default();
    // Presets are many: their front picture is enough to pick them by.
    let wanted = std::iter::once(("front".to_string(), links.frontal_image.clone()))
        .chain(links.refer_images.iter().take(3).enumerate().map(|(i, l)| (format!("refer-{}", i + 1), Some(l.image_url.clone()))))
        .take(if preset { 1 } else { 4 });
    for (stem, url) in wanted {
        let Some(url) = url.filter(|u| !u.is_empty()) else { continue };
        if pictures.iter().any(|p| p.starts_with(&format!("{stem}."))) {
            continue;
        }
        if let Some(name) = fetch(client, &url, &dir, &stem, true, summary).await {
            pictures.push(name);
        }
    }
    pictures.sort_by_key(|p| !p.starts_with("front."));
    let clean = |text: &str| text.chars().filter(|c| !c.is_control()).take(400).collect::<String>();
    let voice = info.element_voice_info.as_ref().filter(|v| kling_api::is_task_id(&v.voice_id));
    let element = StoredElement {
        element_id: id.clone(),
        name: clean(&info.element_name),
        description: clean(&info.element_description),
        from_clip: info.reference_type.as_deref() == Some("video_refer"),
        tags: info.tag_list.iter().map(|t| t.tag_id.clone()).filter(|t| kling_api::ELEMENT_TAG_NAMES.iter().any(|(id, _)| id == t)).collect(),
        voice_id: voice.map(|v| v.voice_id.clone()),
        voice_name: voice.map(|v| clean(&v.voice_name)),
        preset,
        pictures,
        deleted: false,
    };
    if before.as_ref() != Some(&element) {
        store.put_element(&element)?;
    }
    Ok(Some(id))
}

async fn keep_voice(client: &KlingClient, store: &AssetStore, info: &VoiceInfo, preset: bool, summary: &mut SyncSummary) -> Result<Option<String>, AssetError> {
    let Some(dir) = store.voice_dir(&info.voice_id) else { return Ok(None) };
    let before = store.voice(&info.voice_id);
    std::fs::create_dir_all(&dir).map_err(|e| AssetError::io("cannot create the folder", &dir, e))?;
    let mut trial = before.as_ref().and_then(|v| v.trial.clone());
    if trial.is_none() {
        if let Some(url) = info.trial_url.as_deref().filter(|u| !u.is_empty()) {
            trial = fetch(client, url, &dir, "trial", false, summary).await;
        }
    }
    let voice = StoredVoice {
        voice_id: info.voice_id.clone(),
        name: info.voice_name.chars().filter(|c| !c.is_control()).take(400).collect(),
        preset,
        trial,
        deleted: false,
    };
    if before.as_ref() != Some(&voice) {
        store.put_voice(&voice)?;
    }
    Ok(Some(info.voice_id.clone()))
}

/// Deletes one of the account's own from the account, then marks it deleted here (kept, so the
/// results made with it still name it).
pub async fn delete(client: &KlingClient, store: &AssetStore, kind: AssetKindName, id: &str) -> Result<(), AssetError> {
    match kind {
        AssetKindName::Element => {
            let mut element = store.element(id).ok_or_else(|| AssetError::NotFound { what: "element", id: id.chars().take(40).collect() })?;
            if element.preset {
                return Err(AssetError::Preset(element.name));
            }
            client.delete_asset(AssetKind::Element, id).await?;
            element.deleted = true;
            store.put_element(&element)
        }
        AssetKindName::Voice => {
            let mut voice = store.voice(id).ok_or_else(|| AssetError::NotFound { what: "voice", id: id.chars().take(40).collect() })?;
            if voice.preset {
                return Err(AssetError::Preset(voice.name));
            }
            client.delete_asset(AssetKind::Voice, id).await?;
            voice.deleted = true;
            store.put_voice(&voice)
        }
    }
}
