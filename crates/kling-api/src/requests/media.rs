//! Rules shared by the video tools' inputs: a Kling video by id or a video by URL (exactly one),
//! short texts, audio files, `yes`/`no` switches, and the inputs a prompt refers to.

use crate::validation::{check_prompt, short, ValidationError};
use serde::{Deserialize, Serialize};

/// The longest id or link sent; Kling's are far shorter.
const MAX_ID_CHARS: usize = 256;

/// A `yes`/`no` switch (`keep_original_sound`).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum YesNo {
    Yes,
    No,
}

/// An id Kling gave (a video, a face, a session, an audio): not blank, no spaces or controls.
pub(crate) fn check_id(field: &str, id: &str) -> Result<(), ValidationError> {
    if id.trim().is_empty() {
        return Err(ValidationError::new(field, "must not be empty: give the id Kling returned"));
    }
    if id.chars().count() > MAX_ID_CHARS || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ValidationError::new(field, format!("{:?} is not an id Kling gives (no spaces, at most {MAX_ID_CHARS} characters)", short(id))));
    }
    Ok(())
}

/// A video (or audio) link Kling fetches: an http(s) URL.
pub(crate) fn check_media_url(field: &str, url: &str) -> Result<(), ValidationError> {
    match crate::web_url(url) {
        Some(_) => Ok(()),
        None => Err(ValidationError::new(field, format!("must be an http(s) URL Kling can reach (got {:?})", short(url)))),
    }
}

/// Exactly one of a Kling video id and a video URL (identify-face, video-to-audio).
pub(crate) fn check_video_source(video_id: Option<&str>, video_url: Option<&str>) -> Result<(), ValidationError> {
    match (video_id, video_url) {
        (Some(_), Some(_)) => Err(ValidationError::new("video_id", "give the video by id or by URL (video_url), not both")),
        (None, None) => Err(ValidationError::new("video_id", "give the video: a Kling video id, or a link in video_url")),
        (Some(id), None) => check_id("video_id", id),
        (None, Some(url)) => check_media_url("video_url", url),
    }
}

/// A short optional text (`≤ max` characters, no control characters).
pub(crate) fn check_short_text(field: &str, text: &str, max: usize) -> Result<(), ValidationError> {
    check_prompt(field, text, false)?;
    let count = text.chars().count();
    if count > max {
        return Err(ValidationError::new(field, format!("must be at most {max} characters (got {count})")));
    }
    Ok(())
}

/// An audio file given inline or by link (`sound_file`): an http(s) URL, or raw base64 without
/// a `data:` prefix, of at most `max_bytes` once decoded.
pub(crate) fn check_audio_file(field: &str, file: &str, max_bytes: u64) -> Result<(), ValidationError> {
    if file.trim().is_empty() {
        return Err(ValidationError::new(field, "is empty: give an audio link or the file's base64"));
    }
    if file.starts_with("data:") {
        return Err(ValidationError::new(field, "must be raw base64 without a data: prefix, or an http(s) URL"));
    }
    if crate::is_web_address(file) || file.contains("://") {
        return check_media_url(field, file);
    }
    if !file.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\n' | b'\r')) {
        return Err(ValidationError::new(field, "is neither an http(s) URL nor base64"));
    }
    // Three bytes per four characters: the decoded size without decoding.
    let bytes = file.len() as u64 / 4 * 3;
    if bytes > max_bytes {
        let mb = |n: u64| n as f64 / (1024.0 * 1024.0);
        return Err(ValidationError::new(field, format!("is {:.1} MB; the limit is {:.0} MB", mb(bytes), mb(max_bytes))));
    }
    Ok(())
}

/// A seconds figure of a video, checked against `min..=max` (`what` names it in the message).
pub(crate) fn check_seconds(field: &str, what: &str, seconds: f64, min: f64, max: f64) -> Result<(), ValidationError> {
    if !seconds.is_finite() || seconds < min || seconds > max {
        return Err(ValidationError::new(field, format!("{what} lasts {seconds:.1} s; it must last {min} to {max} s")));
    }
    Ok(())
}

/// Every `<<<name_N>>>` in `prompt` names an input that exists: `counts` gives, per name
/// (`image`, `element`, `video`), how many there are (numbered from 1 in list order).
pub(crate) fn check_references(prompt: &str, counts: &[(&str, usize)]) -> Result<(), ValidationError> {
    let mut rest = prompt;
    while let Some(at) = rest.find("<<<") {
        rest = &rest[at + 3..];
        let Some(end) = rest.find(">>>") else { break };
        let token = &rest[..end];
        if let Some((name, number)) = token.rsplit_once('_') {
            if let Some((_, count)) = counts.iter().find(|(n, _)| *n == name) {
                let n: usize = number.parse().unwrap_or(0);
                if n == 0 || n > *count {
                    let have = match count {
                        0 => format!("there is no {name}"),
                        1 => format!("there is 1 {name}: <<<{name}_1>>>"),
                        c => format!("there are {c}: <<<{name}_1>>> to <<<{name}_{c}>>>"),
                    };
                    return Err(ValidationError::new("prompt", format!("refers to <<<{token}>>>, but {have}")));
                }
            }
        }
        rest = &rest[end + 3..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_must_name_an_input() {
        let counts = [("image", 2), ("element", 1), ("video", 0)];
        check_references("<<<image_1>>> meets <<<image_2>>> and <<<element_1>>>", &counts).unwrap();
        check_references("<<<voice_1>>> is not an omni input; <<<unclosed", &counts).unwrap();
        let e = check_references("<<<image_3>>> waves", &counts).unwrap_err();
        assert_eq!(e.field, "prompt");
        assert!(e.message.contains("<<<image_3>>>") && e.message.contains("there are 2"), "{}", e.message);
        assert!(check_references("<<<video_1>>>", &counts).unwrap_err().message.contains("there is no video"));
        assert!(check_references("<<<element_0>>>", &counts).is_err());
        assert!(check_references("<<<element_x>>>", &counts).is_err());
    }

    #[test]
    fn sources_ids_and_files() {
        check_video_source(Some("v-1"), None).unwrap();
        check_video_source(None, Some("https://example.com/a.mp4")).unwrap();
        assert!(check_video_source(Some("a"), Some("https://x.test/a.mp4")).unwrap_err().message.contains("not both"));
        assert_eq!(check_video_source(None, None).unwrap_err().field, "video_id");
        assert_eq!(check_video_source(None, Some("file:///etc/passwd")).unwrap_err().field, "video_url");
        assert_eq!(check_video_source(Some("a b"), None).unwrap_err().field, "video_id");
        const MB5: u64 = 5 * 1024 * 1024;
        check_audio_file("sound_file", "https://example.com/a.mp3", MB5).unwrap();
        check_audio_file("sound_file", "SUQzBAAAAAAA", MB5).unwrap();
        assert!(check_audio_file("sound_file", "data:audio/mp3;base64,AA", MB5).is_err());
        assert!(check_audio_file("sound_file", "ftp://x.test/a.mp3", MB5).is_err());
        assert!(check_audio_file("sound_file", "not base64!", MB5).is_err());
        let big = "A".repeat(7 * 1024 * 1024 + 4);
        assert!(check_audio_file("sound_file", &big, MB5).unwrap_err().message.contains("5.3 MB; the limit is 5 MB"));
        assert!(check_short_text("bgm_prompt", &"a".repeat(201), 200).unwrap_err().message.contains("at most 200"));
        assert!(check_seconds("video_url", "the video", 2.0, 3.0, 20.0).unwrap_err().message.contains("3 to 20 s"));
        assert!(check_seconds("video_url", "the video", f64::NAN, 3.0, 20.0).is_err());
    }
}
