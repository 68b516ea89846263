//! `POST /v1/videos/advanced-lip-sync` (addendum §6.3): a face of an identify-face session speaks a
//! sound. `session_id`; `face_choose` with exactly one face: `face_id` of that session, exactly one
//! of `audio_id` and `sound_file`, `sound_start_time` / `sound_end_time` (the part of the sound used,
//! at least 2 s) and `sound_insert_time` (where it goes in the video: inside it, overlapping the
//! face for at least 2 s), all in ms; `sound_volume`, `original_audio_volume` in [0, 2].

use super::fields::Fields;
use super::{external_id, sound_file, watermark_asked};
use crate::envelope::ApiError;
use crate::state::State;
use crate::task::Accepted;
use serde_json::Value;

/// Shortest part of the sound used, and shortest overlap with the face, in ms.
const MIN_MS: i64 = 2_000;
const FACE: &str = "face_choose[0]";

/// The one face chosen, as checked.
struct Choice<'a> {
    face: Fields<'a>,
    start: i64,
    end: i64,
    insert: i64,
}

fn session_id<'a>(f: &Fields<'a>) -> Result<&'a str, ApiError> {
    match f.string("session_id")? {
        None => Err(ApiError::new(1200, "session_id is required: the session identify-face answered")),
        Some(id) if id.trim().is_empty() => Err(ApiError::new(1201, "session_id must not be empty")),
        Some(id) => Ok(id),
    }
}

fn choice<'a>(f: &Fields<'a>) -> Result<Choice<'a>, ApiError> {
    let faces = match f.present("face_choose") {
        None => return Err(ApiError::new(1200, "face_choose is required: [{face_id, audio_id or sound_file, sound_start_time, sound_end_time, sound_insert_time}]")),
        Some(Value::Array(faces)) => faces,
        Some(_) => return Err(ApiError::new(1200, "face_choose must be an array")),
    };
    if faces.len() != 1 {
        return Err(ApiError::new(1201, format!("face_choose must hold exactly 1 face, got {}", faces.len())));
    }
    let face = f.nested_item("face_choose", 0)?;
    let time = |field: &str| -> Result<i64, ApiError> {
        match face.integer(field)? {
            None => Err(ApiError::new(1200, format!("{} is required (ms)", face.name(field)))),
            Some(ms) if ms < 0 => Err(ApiError::new(1201, format!("{} must not be negative, got {ms}", face.name(field)))),
            Some(ms) => Ok(ms),
        }
    };
    let (start, end, insert) = (time("sound_start_time")?, time("sound_end_time")?, time("sound_insert_time")?);
    Ok(Choice { face, start, end, insert })
}

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    session_id(f)?;
    let Choice { face, start, end, .. } = choice(f)?;
    match face.string("face_id")? {
        None => return Err(ApiError::new(1200, format!("{FACE}.face_id is required"))),
        Some(id) if id.trim().is_empty() => return Err(ApiError::new(1201, format!("{FACE}.face_id must not be empty"))),
        Some(_) => {}
    }
    let audio_id = face.string("audio_id")?;
    let sound = face.present("sound_file");
    let sound_seconds = match (audio_id, sound) {
        (Some(_), Some(_)) => return Err(ApiError::new(1201, format!("{FACE}: audio_id and sound_file cannot both be given; send exactly one"))),
        (None, None) => return Err(ApiError::new(1200, format!("{FACE}.audio_id or {FACE}.sound_file is required (exactly one)"))),
        (Some(id), None) if id.trim().is_empty() => return Err(ApiError::new(1201, format!("{FACE}.audio_id must not be empty"))),
        (Some(_), None) => None,
        (None, Some(file)) => sound_file::check(&format!("{FACE}.sound_file"), file)?,
    };
    if end - start < MIN_MS {
        return Err(ApiError::new(
            1201,
            format!("{FACE}.sound_end_time must be at least 2000 ms after sound_start_time (the sound used is at least 2 s), got {start} to {end}"),
        ));
    }
    if let Some(length) = sound_seconds.map(|s| (s * 1000.0).round() as i64) {
        if end > length {
            return Err(ApiError::new(1201, format!("{FACE}.sound_end_time {end} is past the end of the sound ({length} ms)")));
        }
    }
    for field in ["sound_volume", "original_audio_volume"] {
        if let Some(v) = face.number(field)?.filter(|v| !(0.0..=2.0).contains(v)) {
            return Err(ApiError::new(1201, format!("{} must be between 0 and 2, got {v}", face.name(field))));
        }
    }
    Ok(Accepted { n: 1, seconds: 5, sound: true, watermark: watermark_asked(f)?, external_task_id: external_id(f)?, ..Accepted::default() })
}

/// The session and its face, and where the sound goes.
pub fn admit(f: &Fields, state: &State, accepted: &mut Accepted, now_ms: i64) -> Result<(), ApiError> {
    let id = session_id(f)?;
    let Choice { face, start, end, insert } = choice(f)?;
    let session = state.face_sessions.get(id).ok_or_else(|| ApiError::new(1201, format!("session_id {id} is unknown; find the faces with identify-face first")))?;
    if now_ms - session.created_ms > state.config.face_session_ttl.as_millis() as i64 {
        return Err(ApiError::new(1201, format!("session_id {id} has expired; find the faces with identify-face again")));
    }
    let face_id = face.string("face_id")?.unwrap_or_default();
    let found = session.face(face_id).ok_or_else(|| {
        let ids: Vec<&str> = session.faces.iter().map(|f| f.id.as_str()).collect();
        ApiError::new(1201, format!("{FACE}.face_id {face_id} is not a face of session {id}; its faces are {}", ids.join(", ")))
    })?;
    let video_ms = session.video_ms();
    if insert >= video_ms {
        return Err(ApiError::new(1201, format!("{FACE}.sound_insert_time {insert} must be inside the video (0 to {video_ms} ms)")));
    }
    let sound_until = insert + (end - start);
    let overlap = sound_until.min(found.end_ms).min(video_ms) - insert.max(found.start_ms);
    if overlap < MIN_MS {
        return Err(ApiError::new(
            1201,
            format!(
                "{FACE}.sound_insert_time {insert}: the sound must overlap face {face_id} ({} to {} ms) for at least 2000 ms, it overlaps {} ms",
                found.start_ms,
                found.end_ms,
                overlap.max(0)
            ),
        ));
    }
    let video = session.video.clone();
    accepted.aspect = video.aspect;
    accepted.seconds = video.seconds.round() as u32;
    accepted.shown_seconds = Some(video.seconds);
    accepted.parent = Some(video);
    Ok(())
}
