//! `POST /v1/general/custom-voices` (addendum §6.10): a name (≤ 20) and exactly one of a
//! recording by link (`voice_url`: mp3, wav, mp4 or mov of 5–30 s) or a video of the account
//! made with sound (`video_id`).

use super::external_id;
use super::fields::Fields;
use super::video_input;
use crate::envelope::ApiError;

/// Where the voice comes from, as given.
pub enum VoiceSource {
    Link(String),
    Video(String),
}

pub struct VoiceAsked {
    pub name: String,
    pub source: VoiceSource,
    pub external_task_id: Option<String>,
}

const RECORDINGS: [&str; 4] = [".mp3", ".wav", ".mp4", ".mov"];

pub fn check(f: &Fields) -> Result<VoiceAsked, ApiError> {
    let name = f.string("voice_name")?.ok_or_else(|| ApiError::new(1200, "voice_name is required"))?;
    let chars = name.chars().count();
    if name.trim().is_empty() {
        return Err(ApiError::new(1201, "voice_name must not be empty"));
    }
    if chars > kling_api::MAX_VOICE_NAME_CHARS {
        return Err(ApiError::new(1201, format!("voice_name must be at most {} characters, got {chars}", kling_api::MAX_VOICE_NAME_CHARS)));
    }
    let source = match (video_input::link(f, "voice_url")?, video_input::id(f)?) {
        (Some(_), Some(_)) => return Err(ApiError::new(1201, "give voice_url or video_id, not both")),
        (None, None) => return Err(ApiError::new(1200, "voice_url or video_id is required")),
        (Some(url), None) => {
            let path = url.split(['?', '#']).next().unwrap_or_default().to_lowercase();
            if !RECORDINGS.iter().any(|ext| path.ends_with(ext)) {
                return Err(ApiError::new(1201, "voice_url must be an mp3, wav, mp4 or mov recording of 5 to 30 s"));
            }
            VoiceSource::Link(url)
        }
        (None, Some(id)) => VoiceSource::Video(id),
    };
    Ok(VoiceAsked { name: name.to_string(), source, external_task_id: external_id(f)? })
}
