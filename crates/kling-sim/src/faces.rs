//! `POST /v1/videos/identify-face` (addendum §6.3), synchronous: the faces in a video, found once
//! and kept in a session that advanced lip sync then names. The faces are made up, but the same
//! for the same video: one face in a portrait or square clip, two in a landscape one (so a client
//! has to let its user pick), each with a real picture served under `/media/faces/`.

use crate::envelope::ApiError;
use crate::state::{lock, now_ms, Shared, State};
use crate::task::MadeVideo;
use crate::validate::{self, video_input};
use kling_api::pricing::IDENTIFY_FACE_UNITS as IDENTIFY_FACE;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The longest video faces are looked for in (§6.3); links must also be at least 2 s long.
const MAX_SECONDS: f64 = 60.0;
const MIN_LINK_SECONDS: f64 = 2.0;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Face {
    pub id: String,
    pub start_ms: i64,
    pub end_ms: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FaceSession {
    pub id: String,
    pub created_ms: i64,
    pub video: MadeVideo,
    pub faces: Vec<Face>,
}

impl FaceSession {
    pub fn face(&self, id: &str) -> Option<&Face> {
        self.faces.iter().find(|f| f.id == id)
    }

    /// The video's length in ms.
    pub fn video_ms(&self) -> i64 {
        (self.video.seconds * 1000.0).round() as i64
    }
}

/// The faces the emulator "finds": two in a landscape clip (the second appears after 1 s), one otherwise.
fn faces_in(video: &MadeVideo) -> Vec<Face> {
    let end = (video.seconds * 1000.0).round() as i64;
    let mut faces = vec![Face { id: "0".into(), start_ms: 0, end_ms: end }];
    if video.aspect.0 > video.aspect.1 {
        faces.push(Face { id: "1".into(), start_ms: 1000.min(end / 2), end_ms: end });
    }
    faces
}

/// The link of a face's picture.
fn face_image(base_url: &str, session: &str, face: &str) -> String {
    format!("{base_url}/media/faces/{session}/{face}.png")
}

/// Checks the body, finds the video, charges the call and opens a session: the answer's `data`.
pub fn identify(shared: &Shared, body: &[u8]) -> Result<Value, ApiError> {
    let body = serde_json::from_slice::<Value>(body).map_err(|e| ApiError::new(1200, format!("the request body is not valid JSON: {e}")))?;
    let input = validate::identify_face(&body)?;
    let mut state = lock(shared);
    state.absorb_saved(); // a video made through the other process's emulator
    let now = now_ms();
    let video = video_input::resolve(&state, &input, now)?;
    let min = if matches!(input, video_input::VideoInput::Url(_)) { MIN_LINK_SECONDS } else { 0.0 };
    video_input::length_within(&video, input.field(), min, MAX_SECONDS)?;
    charge(&mut state)?;
    let id = uuid::Uuid::new_v4().to_string();
    let faces = faces_in(&video);
    let face_data: Vec<Value> =
        faces.iter().map(|f| json!({ "face_id": f.id, "face_image": face_image(&state.base_url, &id, &f.id), "start_time": f.start_ms, "end_time": f.end_ms })).collect();
    state.face_sessions.insert(id.clone(), FaceSession { id: id.clone(), created_ms: now, video, faces });
    tracing::info!(session = %id, faces = face_data.len(), "faces identified");
    Ok(json!({ "session_id": id, "final_unit_deduction": kling_api::pricing::format_units(IDENTIFY_FACE), "face_data": face_data }))
}

fn charge(state: &mut State) -> Result<(), ApiError> {
    let balance = state.config.credits.video_units;
    if balance + 1e-9 < IDENTIFY_FACE {
        return Err(ApiError::new(1102, format!("Resource pack exhausted or expired: the video pack has {balance} units left, identify-face needs {IDENTIFY_FACE}")));
    }
    state.config.credits.video_units -= IDENTIFY_FACE;
    Ok(())
}

/// The picture behind a face link (`faces/<session>/<face>.png`), if that face exists.
pub fn picture(state: &State, rest: &str) -> Option<(String, String)> {
    let (session, file) = rest.split_once('/')?;
    let face = file.strip_suffix(".png")?;
    state.face_sessions.get(session)?.face(face)?;
    Some((session.to_string(), face.to_string()))
}
