//! `POST /v1/general/custom-voices` (addendum §6.10): a voice the newest models speak with (by
//! its id in `voice_list`), made from a 5–30 s recording by link (mp3, wav, mp4, mov) or from a
//! video Kling made with sound (by its video id). An asynchronous task whose result is the voice.

use super::media::{check_id, check_media_url};
use crate::validation::{check_callback_url, check_external_id, ValidationError};
use serde::{Deserialize, Serialize};

pub const MAX_VOICE_NAME_CHARS: usize = 20;
/// A recording of 5 to 30 s.
pub const VOICE_SECONDS: (f64, f64) = (5.0, 30.0);

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomVoiceRequest {
    pub voice_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl CustomVoiceRequest {
    pub fn from_link(name: impl Into<String>, voice_url: impl Into<String>) -> Self {
        Self { voice_name: name.into(), voice_url: Some(voice_url.into()), video_id: None, callback_url: None, external_task_id: None }
    }

    pub fn from_video(name: impl Into<String>, video_id: impl Into<String>) -> Self {
        Self { voice_url: None, video_id: Some(video_id.into()), ..Self::from_link(name, "") }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        let chars = self.voice_name.chars().count();
        if self.voice_name.trim().is_empty() || self.voice_name.chars().any(char::is_control) {
            return Err(ValidationError::new("voice_name", "give the voice a name (one line)"));
        }
        if chars > MAX_VOICE_NAME_CHARS {
            return Err(ValidationError::new("voice_name", format!("at most {MAX_VOICE_NAME_CHARS} characters (got {chars})")));
        }
        match (self.voice_url.as_deref(), self.video_id.as_deref()) {
            (Some(_), Some(_)) => return Err(ValidationError::new("voice_url", "give a recording's link or a Kling video id, not both")),
            (None, None) => return Err(ValidationError::new("voice_url", "give a recording (5–30 s) by link, or a Kling video with sound by its id")),
            (Some(url), None) => check_media_url("voice_url", url)?,
            (None, Some(id)) => check_id("video_id", id)?,
        }
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::test_support::refused;

    #[test]
    fn a_voice_from_a_recording_or_a_video() {
        let link = CustomVoiceRequest::from_link("Narrator", "https://example.com/me.wav");
        link.validate().unwrap();
        assert_eq!(serde_json::to_value(&link).unwrap(), serde_json::json!({"voice_name": "Narrator", "voice_url": "https://example.com/me.wav"}));
        let video = CustomVoiceRequest::from_video("Narrator", "827574871634235396");
        video.validate().unwrap();
        assert_eq!(serde_json::to_value(&video).unwrap(), serde_json::json!({"voice_name": "Narrator", "video_id": "827574871634235396"}));
        refused(CustomVoiceRequest { voice_name: "n".repeat(21), ..link.clone() }.validate(), "voice_name", "at most 20 characters (got 21)");
        refused(CustomVoiceRequest { voice_name: "a\tb".into(), ..link.clone() }.validate(), "voice_name", "a name");
        refused(CustomVoiceRequest { video_id: Some("1".into()), ..link.clone() }.validate(), "voice_url", "not both");
        refused(CustomVoiceRequest { voice_url: None, ..link.clone() }.validate(), "voice_url", "5–30 s");
        refused(CustomVoiceRequest::from_link("n", "ftp://x/y.mp3").validate(), "voice_url", "");
        refused(CustomVoiceRequest::from_video("n", "has space").validate(), "video_id", "");
    }
}
