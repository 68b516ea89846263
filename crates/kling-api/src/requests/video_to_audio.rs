use super::media::{check_seconds, check_short_text, check_video_source};
use crate::validation::{check_callback_url, check_external_id, ValidationError};
use serde::{Deserialize, Serialize};

/// `sound_effect_prompt` and `bgm_prompt` are at most 200 characters (§6.8).
pub const MAX_AUDIO_PROMPT_CHARS: usize = 200;
/// The video lasts 3.0 to 20.0 s (§6.8).
pub const VIDEO_TO_AUDIO_SECONDS: (f64, f64) = (3.0, 20.0);

/// `POST /v1/audio/video-to-audio` (addendum §6.8): sound effects and music made for a video
/// (a Kling video id, or a link: exactly one). The task answers audio files (mp3 and wav) and
/// the video with its new sound.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VideoToAudioRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound_effect_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bgm_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asmr_mode: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl VideoToAudioRequest {
    pub fn by_id(video_id: impl Into<String>) -> Self {
        Self { video_id: Some(video_id.into()), ..Default::default() }
    }

    pub fn by_url(video_url: impl Into<String>) -> Self {
        Self { video_url: Some(video_url.into()), ..Default::default() }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        check_video_source(self.video_id.as_deref(), self.video_url.as_deref())?;
        for (field, text) in [("sound_effect_prompt", &self.sound_effect_prompt), ("bgm_prompt", &self.bgm_prompt)] {
            if let Some(text) = text {
                check_short_text(field, text, MAX_AUDIO_PROMPT_CHARS)?;
            }
        }
        check_callback_url(self.callback_url.as_deref())?;
        check_external_id(self.external_task_id.as_deref())
    }

    /// The video's length, when known (a local file read before sending): 3 to 20 s.
    pub fn check_video_seconds(&self, seconds: f64) -> Result<(), ValidationError> {
        let field = if self.video_id.is_some() { "video_id" } else { "video_url" };
        check_seconds(field, "the video", seconds, VIDEO_TO_AUDIO_SECONDS.0, VIDEO_TO_AUDIO_SECONDS.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::test_support::refused;

    #[test]
    fn one_video_and_short_prompts() {
        let req = VideoToAudioRequest {
            sound_effect_prompt: Some("rain".into()),
            bgm_prompt: Some("calm piano".into()),
            asmr_mode: Some(true),
            ..VideoToAudioRequest::by_id("v-1")
        };
        req.validate().unwrap();
        assert_eq!(serde_json::to_value(&req).unwrap(), serde_json::json!({"video_id":"v-1","sound_effect_prompt":"rain","bgm_prompt":"calm piano","asmr_mode":true}));
        VideoToAudioRequest::by_url("https://example.com/a.mp4").validate().unwrap();
        refused(VideoToAudioRequest { video_url: Some("https://x.test/a.mp4".into()), ..req.clone() }.validate(), "video_id", "not both");
        refused(VideoToAudioRequest::default().validate(), "video_id", "give the video");
        refused(VideoToAudioRequest::by_url("ftp://x.test/a.mp4").validate(), "video_url", "http(s)");
        refused(VideoToAudioRequest { sound_effect_prompt: Some("é".repeat(201)), ..req.clone() }.validate(), "sound_effect_prompt", "at most 200 characters (got 201)");
        VideoToAudioRequest { bgm_prompt: Some("é".repeat(200)), ..req.clone() }.validate().unwrap();
        refused(VideoToAudioRequest { bgm_prompt: Some("x".repeat(201)), ..req.clone() }.validate(), "bgm_prompt", "at most 200");
        refused(VideoToAudioRequest { bgm_prompt: Some("\u{1b}[31m".into()), ..req.clone() }.validate(), "bgm_prompt", "control characters");
        refused(req.check_video_seconds(21.0), "video_id", "3 to 20 s");
        refused(VideoToAudioRequest::by_url("https://x.test/a.mp4").check_video_seconds(2.9), "video_url", "lasts 2.9 s");
        req.check_video_seconds(20.0).unwrap();
    }
}
