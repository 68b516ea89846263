//! A video a tool takes (addendum §5.1, §6.2, §6.3, §6.8, §6.9): by `video_id`, a video this
//! account made, or by `video_url`. The emulator cannot fetch the internet: it takes any https
//! link as is (its length then unknown, taken as 5 s of 16:9 without sound) and, on loopback,
//! only links to clips it served itself, whose length, shape and sound it knows. Plain http to
//! another host is refused. The shape of the fields is checked first (no state); what they lead
//! to, at admission (`resolve`), with the account's videos.

use super::fields::Fields;
use crate::envelope::ApiError;
use crate::state::State;
use crate::task::MadeVideo;

/// How long a video stays usable by id (§6.2, §6.3, §6.8).
pub const MAX_AGE_MS: i64 = 30 * 24 * 3600 * 1000;

/// The length taken for a link the emulator cannot look into.
const UNKNOWN_SECONDS: f64 = 5.0;

/// A video named by a request.
#[derive(Clone, Debug, PartialEq)]
pub enum VideoInput {
    Id(String),
    Url(String),
}

impl VideoInput {
    /// The field that named it, for messages.
    pub fn field(&self) -> &'static str {
        match self {
            VideoInput::Id(_) => "video_id",
            VideoInput::Url(_) => "video_url",
        }
    }
}

/// `field` as a video link: an http(s) URL (videos are never sent inline).
pub fn link(f: &Fields, field: &str) -> Result<Option<String>, ApiError> {
    let Some(url) = f.string(field)? else { return Ok(None) };
    let name = f.name(field);
    if url.trim().is_empty() {
        return Err(ApiError::new(1201, format!("{name} must not be empty")));
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(ApiError::new(1201, format!("{name} must be an http(s) URL of an mp4 or mov video; videos cannot be sent inline")));
    }
    Ok(Some(url.to_string()))
}

/// `video_id`: a non-empty string.
pub fn id(f: &Fields) -> Result<Option<String>, ApiError> {
    match f.string("video_id")? {
        Some(id) if id.trim().is_empty() => Err(ApiError::new(1201, "video_id must not be empty")),
        other => Ok(other.map(String::from)),
    }
}

/// Exactly one of `video_id` and `video_url`.
pub fn one_of_id_or_link(f: &Fields) -> Result<VideoInput, ApiError> {
    match (id(f)?, link(f, "video_url")?) {
        (Some(id), None) => Ok(VideoInput::Id(id)),
        (None, Some(url)) => Ok(VideoInput::Url(url)),
        (Some(_), Some(_)) => Err(ApiError::new(1201, "video_id and video_url cannot both be given; send exactly one")),
        (None, None) => Err(ApiError::new(1200, "video_id or video_url is required (exactly one)")),
    }
}

/// What a video input leads to. By id: a video of this account, at most 30 days old. By link: one
/// this emulator served, or (https) a video it takes on trust.
pub fn resolve(state: &State, input: &VideoInput, now_ms: i64) -> Result<MadeVideo, ApiError> {
    match input {
        VideoInput::Id(id) => {
            let video = state.made_video(id, now_ms).ok_or_else(|| ApiError::new(1201, format!("video_id {id} is not a video made by this account")))?;
            if now_ms - video.created_ms > MAX_AGE_MS {
                return Err(ApiError::new(1201, format!("video_id {id} is more than 30 days old; only videos made in the last 30 days can be used")));
            }
            Ok(video)
        }
        VideoInput::Url(url) => {
            if let Some(video) = state.video_at_link(url, now_ms) {
                return Ok(video);
            }
            if url.starts_with(&format!("{}/", state.base_url)) {
                return Err(ApiError::new(1201, format!("video_url {url} does not lead to a finished video")));
            }
            if !url.starts_with("https://") {
                return Err(ApiError::new(1201, format!("video_url must be an https URL, got {url}")));
            }
            Ok(MadeVideo {
                id: String::new(),
                url: url.clone(),
                model: String::new(),
                mode: None,
                seconds: UNKNOWN_SECONDS,
                created_ms: now_ms,
                sound: false,
                aspect: (16, 9),
            })
        }
    }
}

/// Refuses a video whose length is outside `min..=max` seconds, naming the field.
pub fn length_within(video: &MadeVideo, field: &str, min: f64, max: f64) -> Result<(), ApiError> {
    if video.seconds + 1e-9 < min || video.seconds > max + 1e-9 {
        let shown = crate::task::format_seconds(video.seconds);
        let range = if min > 0.0 { format!("{min} to {max} s") } else { format!("at most {max} s") };
        return Err(ApiError::new(1201, format!("{field}: the video must be {range} long, this one is {shown} s")));
    }
    Ok(())
}
