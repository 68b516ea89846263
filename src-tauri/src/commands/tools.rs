//! Gallery actions on a video: extend it, add sound to it, make one of its faces speak (after
//! finding the faces). Kling's tools take a clip only by its Kling video id or a public link, so
//! a clip is sent by the id its sidecar kept; a clip imported by hand is refused plainly and
//! nothing is uploaded. Each result is queued with `enqueue_made_from`, so it links back.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use base64::Engine as _;
use kling_api::{FaceChoice, IdentifyFaceRequest, LipSyncFacts, LipSyncRequest, VideoExtendRequest, VideoToAudioRequest};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use studio::{InputPicture, Job, Library, MediaType, NewJob, ParentInput};
use tauri::State;

type AppStateRef<'a> = State<'a, Arc<AppState>>;

/// Why a clip imported by hand cannot go to a tool (shown on the actions and as the refusal).
pub const NOT_MADE_BY_KLING: &str = "This clip was not made by Kling. Kling's video tools take a clip only by its Kling id or a public link, \
     so a clip imported by hand cannot be used, and nothing is uploaded. Use a video made in Kling Studio.";

/// Why a clip dropped from outside the library cannot go to a tool.
pub const NOT_IN_LIBRARY: &str = "This clip is not in your library. Kling's video tools take a clip only by its Kling id or a public link, \
     so a file from elsewhere cannot be used, and nothing is uploaded. Drop a video from your library folder, or give a public link.";

/// A clip dropped on the window: its library item (the tools then take it by its Kling id).
fn dropped_clip_item(library: &Library, path: &Path) -> AppResult<studio::Item> {
    match library.item_at(path) {
        Some(item) if item.media == MediaType::Video => Ok(item),
        Some(_) => Err(AppError::invalid("This file is not a video: drop an mp4 or mov clip from your library.")),
        None => Err(AppError::invalid(NOT_IN_LIBRARY)),
    }
}

/// The library video at a dropped file's path, or why it cannot be used.
#[tauri::command]
#[specta::specta]
pub async fn dropped_clip(state: AppStateRef<'_>, path: String) -> AppResult<studio::Item> {
    let library = state.with_session(|s| Ok(s.library.clone())).await?;
    tauri::async_runtime::spawn_blocking(move || dropped_clip_item(&library, Path::new(&path))).await.map_err(AppError::background)?
}

/// A library video a tool can take: its Kling video id, the model that made it, its length.
#[derive(Debug)]
struct Clip {
    item_id: String,
    video_id: String,
    model: String,
    duration_ms: Option<u64>,
}

impl Clip {
    fn seconds(&self) -> Option<f64> {
        self.duration_ms.map(|ms| ms as f64 / 1000.0)
    }

    /// The clip as the job's parent: the result's "Made from".
    fn parent(&self) -> [ParentInput; 1] {
        [ParentInput { item_id: self.item_id.clone(), role: "video".into() }]
    }
}

/// The library video `item_id`, or why no tool can take it.
fn clip(library: &Library, item_id: &str) -> AppResult<Clip> {
    let item = library.get(item_id)?;
    if item.media != MediaType::Video {
        return Err(AppError::invalid("Video: this item is not a video; the video tools take a video from the gallery."));
    }
    let video_id = library.kling_video_id(item_id)?.ok_or_else(|| AppError::invalid(NOT_MADE_BY_KLING))?;
    Ok(Clip { item_id: item.id.clone(), video_id, model: made_by(library, &item), duration_ms: item.duration_ms })
}

/// The model that made a video: an extended video keeps its parent's model (§6.2), so the
/// chain of extends is followed back to the first clip (a bounded walk: sidecars are input).
fn made_by(library: &Library, item: &studio::Item) -> String {
    let mut current = item.clone();
    for _ in 0..64 {
        if current.tool != kling_api::TaskKind::VideoExtend.as_str() {
            return current.model.unwrap_or_default();
        }
        let parent = library.sidecar(&current.id).ok().flatten().and_then(|s| s.made_from.into_iter().find(|p| p.role == "video"));
        match parent.and_then(|p| library.get(&p.item_id).ok()) {
            Some(next) => current = next,
            None => return String::new(),
        }
    }
    String::new()
}

/// What the tools can do with a gallery video: for each, None when offered, or why not (the
/// action's tooltip).
#[derive(Clone, Debug, PartialEq, Serialize, specta::Type)]
pub struct ClipTools {
    /// The clip has a Kling video id (it was made by Kling).
    pub kling_clip: bool,
    pub extend: Option<String>,
    pub add_sound: Option<String>,
    pub lip_sync: Option<String>,
}

fn clip_tools_of(library: &Library, item_id: &str) -> AppResult<ClipTools> {
    let clip = match clip(library, item_id) {
        Ok(clip) => clip,
        Err(e) => return Ok(ClipTools { kling_clip: false, extend: Some(e.message.clone()), add_sound: Some(e.message.clone()), lip_sync: Some(e.message) }),
    };
    let length = |check: Result<(), kling_api::ValidationError>| check.err().map(|e| AppError::from(e).message);
    let seconds = clip.seconds();
    Ok(ClipTools {
        kling_clip: true,
        extend: kling_api::extend_refusal(&clip.model, seconds),
        add_sound: seconds.and_then(|s| length(VideoToAudioRequest::by_id(&clip.video_id).check_video_seconds(s))),
        lip_sync: seconds.and_then(|s| length(IdentifyFaceRequest::by_id(&clip.video_id).check_video_seconds(s))),
    })
}

/// A text field as typed: blank means not given.
fn given(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

fn extend_job(library: &Library, item_id: &str, prompt: Option<String>, negative_prompt: Option<String>) -> AppResult<(NewJob, [ParentInput; 1])> {
    let clip = clip(library, item_id)?;
    if let Some(refusal) = kling_api::extend_refusal(&clip.model, clip.seconds()) {
        return Err(AppError::invalid(refusal));
    }
    let request = VideoExtendRequest { prompt: given(prompt), negative_prompt: given(negative_prompt), ..VideoExtendRequest::new(&clip.video_id) };
    request.validate()?;
    Ok((NewJob::VideoExtend { request }, clip.parent()))
}

fn sound_job(library: &Library, item_id: &str, sound_effect_prompt: Option<String>, bgm_prompt: Option<String>, asmr: bool) -> AppResult<(NewJob, [ParentInput; 1])> {
    let clip = clip(library, item_id)?;
    let request = VideoToAudioRequest {
        sound_effect_prompt: given(sound_effect_prompt),
        bgm_prompt: given(bgm_prompt),
        asmr_mode: Some(asmr),
        ..VideoToAudioRequest::by_id(&clip.video_id)
    };
    request.validate()?;
    if let Some(seconds) = clip.seconds() {
        request.check_video_seconds(seconds)?;
    }
    Ok((NewJob::VideoToAudio { request }, clip.parent()))
}

/// A lip-sync as the dialog holds it: the face chosen (as identify-face found it), the sound
/// file (a path, or an https link), the part of it used, where it goes, and the volumes.
#[derive(Clone, Debug, Deserialize, specta::Type)]
pub struct LipSyncInput {
    pub session_id: String,
    pub face: kling_api::Face,
    pub sound_file: String,
    pub sound_start_time: u64,
    pub sound_end_time: u64,
    pub sound_insert_time: u64,
    pub sound_volume: f64,
    pub original_audio_volume: f64,
}

fn lip_sync_job(library: &Library, item_id: &str, input: LipSyncInput) -> AppResult<(NewJob, [ParentInput; 1])> {
    let clip = clip(library, item_id)?;
    let sound = InputPicture::parse(input.sound_file.trim());
    // The file's own checks first (type by content, 5 MB), then every rule with the facts known.
    let (inline, sound_ms) = match &sound {
        InputPicture::File(path) => (studio::engine::sound_input::read_sound(path, "sound_file")?, sound_length_ms(path)),
        InputPicture::Url(url) => (url.clone(), None),
    };
    let choice = FaceChoice {
        face_id: input.face.face_id.clone(),
        audio_id: None,
        sound_file: Some(inline),
        sound_start_time: input.sound_start_time,
        sound_end_time: input.sound_end_time,
        sound_insert_time: input.sound_insert_time,
        sound_volume: Some(input.sound_volume),
        original_audio_volume: Some(input.original_audio_volume),
    };
    let mut request = LipSyncRequest::new(input.session_id, choice);
    request.validate_with(LipSyncFacts { face: Some(&input.face), video_ms: clip.duration_ms })?;
    if let Some(length) = sound_ms.filter(|&ms| input.sound_end_time > ms) {
        let message = format!("{} ms is past the end of the sound, which lasts {length} ms", input.sound_end_time);
        return Err(kling_api::ValidationError::new("sound_end_time", message).into());
    }
    // The engine reads the file again when it queues (the job keeps a copy, not the base64).
    request.face_choose.iter_mut().for_each(|f| f.sound_file = None);
    Ok((NewJob::LipSync { request, sound_file: Some(sound) }, clip.parent()))
}

/// A sound file's length in ms, from its header (None when it cannot be read: Kling decides).
fn sound_length_ms(path: &Path) -> Option<u64> {
    studio::library::audio::probe(path).ok().map(|info| info.duration_ms)
}

#[tauri::command]
#[specta::specta]
pub async fn clip_tools(state: AppStateRef<'_>, item_id: String) -> AppResult<ClipTools> {
    let library = state.with_session(|s| Ok(s.library.clone())).await?;
    tauri::async_runtime::spawn_blocking(move || clip_tools_of(&library, &item_id)).await.map_err(AppError::background)?
}

/// Queues 4–5 s more of a Kling video; `prompt` and `negative_prompt` are optional.
#[tauri::command]
#[specta::specta]
pub async fn extend_video(state: AppStateRef<'_>, item_id: String, prompt: Option<String>, negative_prompt: Option<String>) -> AppResult<Job> {
    state.with_session(|s| enqueue(s, extend_job(&s.library, &item_id, prompt, negative_prompt))).await
}

/// Queues sound effects and music made for a Kling video (video-to-audio): the result is the
/// video with its sound, and the sound itself.
#[tauri::command]
#[specta::specta]
pub async fn add_sound(state: AppStateRef<'_>, item_id: String, sound_effect_prompt: Option<String>, bgm_prompt: Option<String>, asmr: bool) -> AppResult<Job> {
    state.with_session(|s| enqueue(s, sound_job(&s.library, &item_id, sound_effect_prompt, bgm_prompt, asmr))).await
}

/// Queues a lip-sync: the face of an identify-face session speaks the sound.
#[tauri::command]
#[specta::specta]
pub async fn lip_sync(state: AppStateRef<'_>, item_id: String, input: LipSyncInput) -> AppResult<Job> {
    let library = state.with_session(|s| Ok(s.library.clone())).await?;
    // Reading the sound file is disk work: off the async threads.
    let made = tauri::async_runtime::spawn_blocking(move || lip_sync_job(&library, &item_id, input)).await.map_err(AppError::background)?;
    state.with_session(|s| enqueue(s, made)).await
}

fn enqueue(session: &crate::session::Session, made: AppResult<(NewJob, [ParentInput; 1])>) -> AppResult<Job> {
    let (job, parents) = made?;
    Ok(session.engine.enqueue_made_from(job, &parents)?)
}

/// A face identify-face found, its picture fetched for the dialog.
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct FoundFace {
    pub face: kling_api::Face,
    /// The face's picture as a `data:` URL (the web view loads no remote pictures); None when it
    /// could not be fetched.
    pub picture: Option<String>,
}

/// identify-face's answer for the dialog: the session the lip-sync refers to (24 h) and the faces.
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct FoundFaces {
    pub session_id: String,
    pub faces: Vec<FoundFace>,
}

/// Finds the faces of a Kling video (identify-face, synchronous), for the lip-sync dialog.
#[tauri::command]
#[specta::specta]
pub async fn identify_faces(state: AppStateRef<'_>, item_id: String) -> AppResult<FoundFaces> {
    let (library, client) = state.with_session(|s| Ok((s.library.clone(), s.client()))).await?;
    let request = {
        let clip = tauri::async_runtime::spawn_blocking(move || clip(&library, &item_id)).await.map_err(AppError::background)??;
        let request = IdentifyFaceRequest::by_id(&clip.video_id);
        if let Some(seconds) = clip.seconds() {
            request.check_video_seconds(seconds)?;
        }
        request
    };
    let found = client.identify_face(&request).await?;
    let mut faces = Vec::with_capacity(found.face_data.len());
    for face in found.face_data {
        let picture = face_picture(&client, &face.face_image).await;
        faces.push(FoundFace { face, picture });
    }
    Ok(FoundFaces { session_id: found.session_id, faces })
}

/// The largest face picture shown (they are small crops).
const MAX_FACE_PICTURE_BYTES: u64 = 2 << 20;

/// Fetches a face's picture (bounded in time and size) as a `data:` URL; None on any failure:
/// the dialog still shows the face's times.
async fn face_picture(client: &kling_api::KlingClient, url: &str) -> Option<String> {
    if !kling_api::is_web_address(url) {
        return None;
    }
    let dir = tempfile_dir()?;
    let dest = dir.join("face");
    let fetched = tokio::time::timeout(std::time::Duration::from_secs(10), client.download(url, &dest)).await;
    let bytes = match fetched {
        Ok(Ok(size)) if size <= MAX_FACE_PICTURE_BYTES => std::fs::read(&dest).ok(),
        _ => None,
    };
    let _ = std::fs::remove_dir_all(&dir);
    picture_data_url(&bytes?)
}

/// A fresh private folder for one download.
fn tempfile_dir() -> Option<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("kling-studio-face-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir(&dir).ok()?;
    Some(dir)
}

/// A PNG, JPEG or WebP as a `data:` URL (anything else is not shown).
fn picture_data_url(bytes: &[u8]) -> Option<String> {
    let mime = match bytes {
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "image/webp",
        _ => return None,
    };
    Some(format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// A sound file that passed the API's rules (mp3, wav, m4a or aac by content, ≤ 5 MB), with its
/// length when its header tells it.
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct SoundCheck {
    pub path: String,
    pub bytes: u64,
    pub duration_ms: Option<u64>,
}

/// Checks a picked or dropped sound for the lip-sync dialog, before anything is sent.
#[tauri::command]
#[specta::specta]
pub async fn check_sound(path: String) -> AppResult<SoundCheck> {
    tauri::async_runtime::spawn_blocking(move || check_sound_file(path)).await.map_err(AppError::background)?
}

fn check_sound_file(path: String) -> AppResult<SoundCheck> {
    let file = Path::new(&path);
    studio::engine::sound_input::read_sound(file, "sound_file")?;
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    let duration_ms = sound_length_ms(file);
    Ok(SoundCheck { path, bytes, duration_ms })
}

// ---- Create → Effects -------------------------------------------------------------------

/// The effect scenes the catalogue lists, in its order (retired scenes are taken out of its data).
#[tauri::command]
#[specta::specta]
pub fn effect_scenes() -> Vec<kling_api::catalogue::Effect> {
    kling_api::catalogue::effects().to_vec()
}

/// The request's picture fields before the engine fills them from `pictures` (never sent).
pub(crate) const PICTURE_SLOT: &str = "https://placeholder.invalid/picture.png";

/// A request's picture field until the engine fills it from the pictures given beside it.
pub(crate) fn picture_slot() -> kling_api::ImageInput {
    kling_api::ImageInput::Url(PICTURE_SLOT.into())
}

/// An effect on one picture or two (paths or https links, left then right), as the scene takes.
fn effect_job(scene: &str, pictures: &[String]) -> AppResult<NewJob> {
    let pictures: Vec<InputPicture> = pictures.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).map(InputPicture::parse).collect();
    let slot = || kling_api::ImageInput::Url(PICTURE_SLOT.into());
    let request = match pictures.len() {
        0 => return Err(kling_api::ValidationError::new("input", "give the picture the effect is applied to").into()),
        1 => kling_api::EffectsRequest::single(scene.trim(), slot()),
        2 => kling_api::EffectsRequest::dual(scene.trim(), slot(), slot()),
        n => return Err(kling_api::ValidationError::new("input", format!("an effect takes one picture or two (got {n})")).into()),
    };
    // The scene and the count it takes, before any picture is read.
    request.validate()?;
    Ok(NewJob::Effects { request, images: pictures })
}

/// Queues an effect on the pictures (a library picture becomes the result's parent).
#[tauri::command]
#[specta::specta]
pub async fn apply_effect(state: AppStateRef<'_>, scene: String, pictures: Vec<String>) -> AppResult<Job> {
    state.with_session(|s| Ok(s.engine.enqueue(effect_job(&scene, &pictures)?)?)).await
}

// ---- Create → Motion ---------------------------------------------------------------------

/// motion-control takes the motion video only by link: a gallery clip goes as the link Kling
/// served it at (kept in its sidecar; Kling keeps its results for a limited time), its length
/// checked against the orientation's limit.
fn motion_clip_url(library: &Library, item_id: &str, request: &kling_api::MotionControlRequest) -> AppResult<String> {
    let clip = clip(library, item_id)?;
    let url = library.sidecar(item_id)?.and_then(|s| s.original_url).filter(|u| kling_api::is_web_address(u));
    let url = url.ok_or_else(|| AppError::invalid(NOT_MADE_BY_KLING))?;
    if let Some(seconds) = clip.seconds() {
        request.check_video_seconds(seconds)?;
    }
    Ok(url)
}

/// What the Motion form sends: the character picture, the motion video (a gallery clip by item
/// id, or a link), and the settings.
#[derive(Clone, Debug, Deserialize, specta::Type)]
pub struct MotionInput {
    pub picture: String,
    pub video_item: Option<String>,
    pub video_url: Option<String>,
    pub orientation: kling_api::CharacterOrientation,
    pub mode: kling_api::Mode,
    pub keep_sound: bool,
    /// What to keep of the picture or say of the scene; may refer to the element.
    #[serde(default)]
    pub prompt: Option<String>,
    /// The one element the character is (`<<<element_1>>>`), by id.
    #[serde(default)]
    pub element_id: Option<String>,
}

fn motion_job(library: &Library, input: MotionInput) -> AppResult<(NewJob, Vec<ParentInput>)> {
    if input.picture.trim().is_empty() {
        return Err(kling_api::ValidationError::new("image_url", "give the character's picture").into());
    }
    let slot = kling_api::ImageInput::Url(PICTURE_SLOT.into());
    let mut request = kling_api::MotionControlRequest::new(slot, String::new(), input.orientation, input.mode);
    request.keep_original_sound = Some(if input.keep_sound { kling_api::YesNo::Yes } else { kling_api::YesNo::No });
    request.prompt = given(input.prompt.clone());
    if let Some(id) = given(input.element_id.clone()) {
        let element_id = id.parse::<kling_api::ElementId>().map_err(|e| kling_api::ValidationError::new("element_list", e))?;
        request.element_list = Some(vec![kling_api::ElementRef { element_id }]);
    }
    let mut parents = Vec::new();
    request.video_url = match (given(input.video_item), given(input.video_url)) {
        (Some(item), _) => {
            let url = motion_clip_url(library, &item, &request)?;
            parents.push(ParentInput { item_id: item, role: "video_url".into() });
            url
        }
        (None, Some(url)) => url.trim().to_string(),
        (None, None) => return Err(kling_api::ValidationError::new("video_url", "give the motion video: a clip from the gallery or a link").into()),
    };
    request.validate()?;
    Ok((NewJob::MotionControl { request, image: InputPicture::parse(input.picture.trim()) }, parents))
}

fn motion_estimate(library: &Library, input: &MotionInput) -> Option<kling_api::pricing::Estimate> {
    let item = given(input.video_item.clone())?;
    let seconds = clip(library, &item).ok()?.seconds()?;
    let request = kling_api::MotionControlRequest::new(kling_api::ImageInput::Url(PICTURE_SLOT.into()), String::new(), input.orientation, input.mode);
    Some(kling_api::pricing::estimate(&request.price_query(seconds)))
}

/// What a motion control would spend. Kling bills it on the motion video's length: known for a
/// gallery clip, None for a link (only Kling knows its length until the task is done).
#[tauri::command]
#[specta::specta]
pub async fn estimate_motion(state: AppStateRef<'_>, input: MotionInput) -> AppResult<Option<kling_api::pricing::Estimate>> {
    let library = state.with_session(|s| Ok(s.library.clone())).await?;
    tauri::async_runtime::spawn_blocking(move || motion_estimate(&library, &input)).await.map_err(AppError::background)
}

/// Queues a motion control: the character moves as the person in the motion video.
#[tauri::command]
#[specta::specta]
pub async fn motion_control(state: AppStateRef<'_>, input: MotionInput) -> AppResult<Job> {
    state
        .with_session(|s| {
            let (job, parents) = motion_job(&s.library, input)?;
            Ok(s.engine.enqueue_made_from(job, &parents)?)
        })
        .await
}

#[cfg(test)]
#[path = "tools_tests.rs"]
mod tests;
