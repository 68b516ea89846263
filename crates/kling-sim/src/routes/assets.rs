//! Elements and voices (addendum §6.10): create (a task done after the picture timings), query
//! one by task id or external id, list the account's (deleted ones shown as such) or Kling's
//! presets, delete. Their pictures and trial sounds are served under `/media/elements/…` and
//! `/media/voices/…`.

use super::{ok, query_pairs, query_value};
use crate::assets::{ElementPicture, SimElement, SimVoice};
use crate::envelope::ApiError;
use crate::faults;
use crate::media::{audio, picture};
use crate::state::{lock, now_ms, Shared, State};
use crate::task::{Pack, Status};
use crate::validate::{custom_element, custom_voice};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{json, Value};

/// Charged per voice made (addendum §7: 0.05 a call), from the video pack.
const VOICE_COST: f64 = 0.05;
/// A voice from a link is taken as this long (the emulator fetches nothing).
const LINKED_RECORDING_SECONDS: f64 = 10.0;
/// Kling's words for a made thing that failed the checks.
const RISK_CONTROL_FAILURE: &str = "Failure to pass the risk control system";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asset {
    Element,
    Voice,
}

/// Where an element or voice request goes.
#[derive(Debug, PartialEq, Eq)]
pub enum AssetRoute {
    Create(Asset),
    Get(Asset, String),
    List(Asset),
    Presets(Asset),
    Delete(Asset),
}

/// The route for a path after `/v1/`, if it is one of these; Err when the path is but the method is not.
pub fn resolve(method: &axum::http::Method, rest: &str) -> Option<Result<AssetRoute, ()>> {
    use axum::http::Method;
    let post = *method == Method::POST;
    let get = *method == Method::GET;
    let only = |yes: bool, route: AssetRoute| Some(if yes { Ok(route) } else { Err(()) });
    for (asset, path, presets, delete) in [
        (Asset::Element, "general/advanced-custom-elements", "general/advanced-presets-elements", "general/delete-elements"),
        (Asset::Voice, "general/custom-voices", "general/presets-voices", "general/delete-voices"),
    ] {
        if rest == path {
            return match *method {
                Method::POST => Some(Ok(AssetRoute::Create(asset))),
                Method::GET => Some(Ok(AssetRoute::List(asset))),
                _ => Some(Err(())),
            };
        }
        if let Some(id) = rest.strip_prefix(path).and_then(|r| r.strip_prefix('/')) {
            return only(get && !id.is_empty() && !id.contains('/'), AssetRoute::Get(asset, id.to_string()));
        }
        if rest == presets {
            return only(get, AssetRoute::Presets(asset));
        }
        if rest == delete {
            return only(post, AssetRoute::Delete(asset));
        }
    }
    None
}

/// Takes in what the other process's emulator saved (the sandbox's app and `kling` share it).
fn absorb(state: &mut State) {
    if let Some(file) = state.config.task_file.clone() {
        state.assets.absorb(&crate::assets::saved_path(&file));
    }
}

fn persist(state: &mut State) {
    if let Some(file) = state.config.task_file.clone() {
        let path = crate::assets::saved_path(&file);
        state.assets.absorb(&path);
        state.assets.save(&path);
    }
}

pub fn answer(shared: &Shared, route: AssetRoute, query: Option<&str>, body: &[u8]) -> Response {
    if !matches!(route, AssetRoute::Create(_)) {
        absorb(&mut lock(shared));
    }
    let result = match route {
        AssetRoute::Create(asset) => return create(shared, asset, body),
        AssetRoute::Get(asset, id) => get(&lock(shared), asset, &id),
        AssetRoute::List(asset) => list(&lock(shared), asset, query, false),
        AssetRoute::Presets(asset) => list(&lock(shared), asset, query, true),
        AssetRoute::Delete(asset) => {
            let mut state = lock(shared);
            delete(&mut state, asset, body).inspect(|_| persist(&mut state))
        }
    };
    match result {
        Ok(data) => ok(faults::disguise_links(shared, data)),
        Err(e) => e.into_response(),
    }
}

fn json_body(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::new(1200, format!("the request body is not valid JSON: {e}")))
}

fn create(shared: &Shared, asset: Asset, body: &[u8]) -> Response {
    let made = json_body(body).and_then(|body| {
        let fields = crate::validate::fields(&body)?;
        match asset {
            Asset::Element => custom_element::check(&fields).map(Asked::Element),
            Asset::Voice => custom_voice::check(&fields).map(Asked::Voice),
        }
    });
    let asked = match made {
        Ok(asked) => asked,
        Err(e) => return e.into_response(),
    };
    let mut state = lock(shared);
    state.absorb_saved(); // a voice from a video made by the other process's emulator
    absorb(&mut state);
    let data = match asked {
        Asked::Element(element) => create_element(&mut state, element),
        Asked::Voice(voice) => create_voice(&mut state, voice),
    };
    if data.is_ok() {
        persist(&mut state);
    }
    match data {
        Ok(data) => faults::lose_answer(&mut state, &data).unwrap_or_else(|| ok(data)),
        Err(e) => e.into_response(),
    }
}

enum Asked {
    Element(custom_element::ElementAsked),
    Voice(custom_voice::VoiceAsked),
}

/// The content checks every create passes: the refused word refuses, the failing word fails later.
fn content(state: &State, words: &str) -> Result<Option<String>, ApiError> {
    let words = words.to_lowercase();
    let has = |word: &Option<String>| word.as_ref().is_some_and(|w| !w.trim().is_empty() && words.contains(&w.to_lowercase()));
    if has(&state.config.policy_word) {
        return Err(ApiError::code(1300));
    }
    if has(&state.config.refused_word) {
        return Err(ApiError::new(1301, "Trigger the content security policy of the platform: the element did not pass the check"));
    }
    Ok(has(&state.config.failing_word).then(|| RISK_CONTROL_FAILURE.to_string()))
}

fn external_free(state: &State, external: &Option<String>) -> Result<(), ApiError> {
    match external {
        Some(external) if state.external_id_taken(external) || state.assets.external_id_taken(external) => {
            Err(ApiError::new(1201, format!("external_task_id {external} already exists; it must be unique per account")))
        }
        _ => Ok(()),
    }
}

fn ready_at(state: &State, now: i64) -> i64 {
    now + (state.config.timing.image_submitted + state.config.timing.image_processing).as_millis() as i64
}

fn create_element(state: &mut State, asked: custom_element::ElementAsked) -> Result<Value, ApiError> {
    external_free(state, &asked.external_task_id)?;
    let failure = content(state, &asked.words)?;
    let now = now_ms();
    if let Some(voice) = &asked.voice_id {
        if state.assets.usable_voice(voice, now).is_none() {
            return Err(ApiError::new(1201, format!("element_voice_id {voice} is not a voice of this account or one of Kling's presets")));
        }
    }
    let element_id = loop {
        let id = fastrand::u64(100_000_000_000_000_000..1_000_000_000_000_000_000);
        if !state.assets.elements.iter().any(|e| e.element_id == id) {
            break id;
        }
    };
    let element = SimElement {
        task_id: state.new_task_id(),
        element_id,
        name: asked.name,
        description: asked.description,
        reference_type: asked.reference_type,
        pictures: asked.pictures,
        clip: asked.clip,
        voice_id: asked.voice_id,
        tags: asked.tags,
        preset: false,
        external_task_id: asked.external_task_id,
        created_ms: now,
        ready_ms: ready_at(state, now),
        failure,
        deleted: false,
    };
    tracing::info!(task_id = %element.task_id, element_id, "element task created");
    let data = state.assets.element_json(&element, now, &state.base_url);
    state.assets.elements.push(element);
    Ok(data)
}

fn create_voice(state: &mut State, asked: custom_voice::VoiceAsked) -> Result<Value, ApiError> {
    external_free(state, &asked.external_task_id)?;
    let now = now_ms();
    let (seconds, words) = match &asked.source {
        custom_voice::VoiceSource::Link(url) => (LINKED_RECORDING_SECONDS, format!("{} {url}", asked.name)),
        custom_voice::VoiceSource::Video(id) => {
            let video = state.made_video(id, now).ok_or_else(|| ApiError::new(1201, format!("video_id {id} is not a finished video of this account")))?;
            if !video.sound {
                return Err(ApiError::new(1201, format!("video_id {id} has no sound; make the voice from a video made with sound on")));
            }
            (video.seconds.clamp(5.0, 30.0), asked.name.clone())
        }
    };
    let failure = content(state, &words)?;
    let balance = state.config.credits.of(Pack::Video);
    if balance + 1e-9 < VOICE_COST {
        return Err(ApiError::new(1102, format!("Resource pack exhausted or expired: the video pack has {balance} units left, a voice needs {VOICE_COST}")));
    }
    *state.config.credits.of_mut(Pack::Video) -= VOICE_COST;
    let task_id = state.new_task_id();
    let voice = SimVoice {
        voice_id: format!("{task_id}1"),
        task_id,
        name: asked.name,
        seconds,
        preset: false,
        external_task_id: asked.external_task_id,
        created_ms: now,
        ready_ms: ready_at(state, now),
        failure,
        deleted: false,
    };
    tracing::info!(task_id = %voice.task_id, "voice task created");
    let data = voice.to_json(now, &state.base_url);
    state.assets.voices.push(voice);
    Ok(data)
}

fn not_found(what: String) -> ApiError {
    ApiError::new(1203, format!("Requested resource does not exist: {what}"))
}

/// One task by its id or its external id (the account's own only).
fn get(state: &State, asset: Asset, id: &str) -> Result<Value, ApiError> {
    let now = now_ms();
    let own = |task: &str, external: &Option<String>| task == id || external.as_deref() == Some(id);
    let found = match asset {
        Asset::Element => {
            state.assets.elements.iter().find(|e| !e.preset && own(&e.task_id, &e.external_task_id)).map(|e| state.assets.element_json(e, now, &state.base_url))
        }
        Asset::Voice => state.assets.voices.iter().find(|v| !v.preset && own(&v.task_id, &v.external_task_id)).map(|v| v.to_json(now, &state.base_url)),
    };
    found.ok_or_else(|| not_found(format!("task {id} not found")))
}

/// A page of tasks, newest first: the account's own, or Kling's presets; or, with
/// `external_task_id`, that one task.
fn list(state: &State, asset: Asset, query: Option<&str>, presets: bool) -> Result<Value, ApiError> {
    let pairs = query_pairs(query);
    if let (Some(external), false) = (query_value(&pairs, "external_task_id"), presets) {
        return get(state, asset, external).map_err(|_| not_found(format!("task {external} not found")));
    }
    let (page, size) = super::paging(&pairs, 1000)?;
    let now = now_ms();
    let tasks: Vec<Value> = match asset {
        Asset::Element => state.assets.elements.iter().rev().filter(|e| e.preset == presets).map(|e| state.assets.element_json(e, now, &state.base_url)).collect(),
        Asset::Voice => state.assets.voices.iter().rev().filter(|v| v.preset == presets).map(|v| v.to_json(now, &state.base_url)).collect(),
    };
    Ok(Value::Array(tasks.into_iter().skip((page - 1) * size).take(size).collect()))
}

fn delete(state: &mut State, asset: Asset, body: &[u8]) -> Result<Value, ApiError> {
    let body = json_body(body)?;
    let field = if asset == Asset::Element { "element_id" } else { "voice_id" };
    let id = match body.get(field) {
        Some(Value::String(id)) if !id.trim().is_empty() => id.clone(),
        Some(Value::Number(n)) if asset == Asset::Element && n.is_u64() => n.to_string(),
        None | Some(Value::Null) => return Err(ApiError::new(1200, format!("{field} is required"))),
        Some(other) => return Err(ApiError::new(1201, format!("{field} must be a string, got {other}"))),
    };
    let (preset, deleted) = match asset {
        Asset::Element => {
            let found = state.assets.elements.iter_mut().find(|e| e.element_id.to_string() == id && e.status_at(now_ms()) == Status::Succeed);
            found.map(|e| (e.preset, &mut e.deleted))
        }
        Asset::Voice => {
            let found = state.assets.voices.iter_mut().find(|v| v.voice_id == id && v.status_at(now_ms()) == Status::Succeed);
            found.map(|v| (v.preset, &mut v.deleted))
        }
    }
    .ok_or_else(|| not_found(format!("{field} {id} not found")))?;
    if preset {
        return Err(ApiError::new(1201, format!("{field} {id} is one of Kling's presets, which cannot be deleted")));
    }
    *deleted = true; // deleting twice is harmless, as a retried request must be
    tracing::info!(%id, "{field} deleted");
    Ok(json!({}))
}

/// `/media/elements/<element id>/<i>.png` and `/media/voices/<voice id>.mp3`: a made (not
/// deleted) element's pictures, a voice's trial sound. None when the link is neither.
pub async fn media(shared: &Shared, rest: &str) -> Option<Result<(Bytes, &'static str), ()>> {
    if let Some(rest) = rest.strip_prefix("elements/") {
        let (id, file) = rest.split_once('/')?;
        let index: usize = file.strip_suffix(".png")?.parse().ok()?;
        let found = {
            let mut state = lock(shared);
            absorb(&mut state);
            let element = state.assets.elements.iter().find(|e| e.element_id.to_string() == id && !e.deleted && e.status_at(now_ms()) == Status::Succeed);
            element.and_then(|e| e.pictures.get(index).cloned().map(|p| (p, e.name.clone())))
        };
        let Some((picture, name)) = found else { return Some(Err(())) };
        return Some(Ok(match picture {
            ElementPicture::Given(base64) => {
                use base64::Engine;
                let bytes = base64::engine::general_purpose::STANDARD.decode(base64).unwrap_or_default();
                let jpeg = bytes.starts_with(&[0xFF, 0xD8]);
                (Bytes::from(bytes), if jpeg { "image/jpeg" } else { "image/png" })
            }
            ElementPicture::Drawn => {
                let drawn = tokio::task::spawn_blocking(move || picture::draw(&name, index as u32, (3, 4))).await.unwrap_or_default();
                (Bytes::from(drawn), "image/png")
            }
        }));
    }
    let id = rest.strip_prefix("voices/")?.strip_suffix(".mp3")?;
    let seconds = {
        let mut state = lock(shared);
        absorb(&mut state);
        state.assets.voices.iter().find(|v| v.voice_id == id && !v.deleted && v.status_at(now_ms()) == Status::Succeed).map(|v| v.seconds)
    };
    Some(seconds.map(|s| (Bytes::from(audio::mp3(s)), "audio/mpeg")).ok_or(()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method;

    #[test]
    fn routes_resolve_by_method_and_path() {
        assert_eq!(resolve(&Method::POST, "general/advanced-custom-elements"), Some(Ok(AssetRoute::Create(Asset::Element))));
        assert_eq!(resolve(&Method::GET, "general/custom-voices"), Some(Ok(AssetRoute::List(Asset::Voice))));
        assert_eq!(resolve(&Method::GET, "general/custom-voices/42"), Some(Ok(AssetRoute::Get(Asset::Voice, "42".into()))));
        assert_eq!(resolve(&Method::GET, "general/advanced-presets-elements"), Some(Ok(AssetRoute::Presets(Asset::Element))));
        assert_eq!(resolve(&Method::POST, "general/delete-voices"), Some(Ok(AssetRoute::Delete(Asset::Voice))));
        assert_eq!(resolve(&Method::GET, "general/delete-elements"), Some(Err(())));
        assert_eq!(resolve(&Method::POST, "general/presets-voices"), Some(Err(())));
        assert_eq!(resolve(&Method::GET, "general/custom-voices/4/2"), Some(Err(())));
        assert_eq!(resolve(&Method::GET, "general/custom-elements"), None);
    }
}
