use super::media::{check_seconds, check_short_text};
use super::video_to_audio::MAX_AUDIO_PROMPT_CHARS;
use crate::validation::{check_callback_url, check_external_id, ValidationError};
use serde::{Deserialize, Serialize};

/// The sound lasts 3.0 to 10.0 s (§6.8).
pub const TEXT_TO_AUDIO_SECONDS: (f64, f64) = (3.0, 10.0);
/// What forms and the command line start from.
pub const TEXT_TO_AUDIO_DEFAULT_SECONDS: f64 = 5.0;

/// `POST /v1/audio/text-to-audio` (addendum §6.8): a sound described in words. The task answers
/// one audio, as mp3 and as wav (`task_result.audios`), and no picture or video.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TextToAudioRequest {
    pub prompt: String,
    /// Seconds, 3.0 to 10.0 with at most one decimal: a JSON number, not a string.
    pub duration: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_task_id: Option<String>,
}

impl TextToAudioRequest {
    pub fn new(prompt: impl Into<String>, duration: f64) -> Self {
        Self { prompt: prompt.into(), duration, callback_url: None, external_task_id: None }
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.prompt.trim().is_empty() {
            return Err(ValidationError::new("prompt", "must not be empty: describe the sound"));
        }
        check_short_text("prompt", &self.prompt, MAX_AUDIO_PROMPT_CHARS)?;
        check_seconds("duration", "the sound", self.duration, TEXT_TO_AUDIO_SECONDS.0, TEXT_TO_AUDIO_SECONDS.1)?;
        // One decimal: 4.5 is sent, 4.55 would be cut by Kling or refused.
        if ((self.duration * 10.0).round() - self.duration * 10.0).abs() > 1e-6 {
            return Err(ValidationError::new("duration", format!("{} s has more than one decimal; use tenths of a second such as 4.5", self.duration)));
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
    fn a_short_prompt_and_three_to_ten_seconds_in_tenths() {
        let req = TextToAudioRequest::new("rain on a tin roof", 4.5);
        req.validate().unwrap();
        assert_eq!(serde_json::to_value(&req).unwrap(), serde_json::json!({"prompt":"rain on a tin roof","duration":4.5}));
        TextToAudioRequest::new("é".repeat(200), 3.0).validate().unwrap();
        TextToAudioRequest::new("x", 10.0).validate().unwrap();
        refused(TextToAudioRequest::new("é".repeat(201), 5.0).validate(), "prompt", "at most 200 characters (got 201)");
        refused(TextToAudioRequest::new(" \n", 5.0).validate(), "prompt", "must not be empty");
        refused(TextToAudioRequest::new("a\u{7}bell", 5.0).validate(), "prompt", "control characters");
        refused(TextToAudioRequest::new("x", 2.9).validate(), "duration", "lasts 2.9 s; it must last 3 to 10 s");
        refused(TextToAudioRequest::new("x", 10.1).validate(), "duration", "3 to 10 s");
        refused(TextToAudioRequest::new("x", f64::NAN).validate(), "duration", "3 to 10 s");
        refused(TextToAudioRequest::new("x", 4.55).validate(), "duration", "more than one decimal");
        let hook = TextToAudioRequest { callback_url: Some("file:///etc/passwd".into()), ..req.clone() };
        assert_eq!(hook.validate().unwrap_err().field, "callback_url");
        let read: TextToAudioRequest = serde_json::from_str(r#"{"prompt":"wind","duration":7}"#).unwrap();
        assert_eq!(read, TextToAudioRequest::new("wind", 7.0));
    }
}
