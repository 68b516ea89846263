//! `/media/{token}/{file}`: result files, like the CDN links of the real API. No auth, no rate
//! limit; `Range: bytes=…` answers 206 (for resumable downloads); links expire (403) `url_ttl`
//! after the task finished (or at once, for a task's lapsed first links); the truncate fault
//! announces the full length and stops half-way. Faces found by identify-face are served under
//! `/media/faces/{session}/{face}.png` while their session is known.

use crate::faults;
use crate::media::{audio, picture, video_fixtures};
use crate::state::{lock, now_ms, Shared};
use crate::task::Status;
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

pub async fn serve(shared: &Shared, method: &Method, link: &str, range: Option<&str>) -> Response {
    if *method != Method::GET && *method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response();
    }
    if let Some(face) = link.strip_prefix("faces/") {
        return face_picture(shared, method, face, range).await;
    }
    let rest = faults::real_media_path(link);
    let (token, file) = rest.split_once('/').unwrap_or((&rest, ""));
    let (entry, task) = {
        let mut state = lock(shared);
        if !state.media.contains_key(token) {
            state.absorb_saved(); // a link handed out by the other process's emulator
        }
        let Some(entry) = state.media.get(token).cloned() else { return StatusCode::NOT_FOUND.into_response() };
        let task = state.tasks[entry.task_index].clone();
        let now = now_ms();
        if file != task.media_file(entry.item as usize, entry.watermarked) || task.status_at(now) != Status::Succeed {
            return StatusCode::NOT_FOUND.into_response();
        }
        if entry.stale {
            // The task offers fresh links from now on; this one stays dead.
            state.tasks[entry.task_index].stale_tokens.clear();
            faults::lapsed_link(&mut state);
            return (StatusCode::FORBIDDEN, "this link has expired").into_response();
        }
        if now > task.finished_ms() + state.config.url_ttl.as_millis() as i64 {
            return (StatusCode::FORBIDDEN, "this link has expired").into_response();
        }
        (entry, task)
    };
    if let Some(answer) = faults::media_answer(shared, task.kind.is_video(), link) {
        return answer;
    }
    let bytes = match entry.bytes {
        Some(bytes) => bytes,
        None => {
            // Made at the first fetch, outside the lock, then kept.
            let accepted = &task.accepted;
            let made = if file.ends_with(".mp3") {
                Bytes::from(audio::mp3(accepted.result_seconds()))
            } else if file.ends_with(".wav") {
                Bytes::from(audio::wav(accepted.result_seconds()))
            } else if task.kind.is_video() {
                let clip = video_fixtures::clip(accepted.aspect, accepted.seconds, accepted.sound);
                if entry.watermarked {
                    Bytes::from(video_fixtures::watermarked(clip))
                } else {
                    Bytes::from_static(clip)
                }
            } else {
                let prompt = accepted.prompt.clone();
                let (item, aspect, watermarked) = (entry.item, accepted.aspect, entry.watermarked);
                let draw = move || if watermarked { picture::draw_watermarked(&prompt, item, aspect) } else { picture::draw(&prompt, item, aspect) };
                Bytes::from(tokio::task::spawn_blocking(draw).await.unwrap_or_default())
            };
            if let Some(e) = lock(shared).media.get_mut(token) {
                e.bytes = Some(made.clone());
            }
            made
        }
    };
    send(shared, method, bytes, content_type(file), range)
}

/// The type of a result file, by its name (each task names its files).
fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next() {
        Some("mp4") => "video/mp4",
        Some("mp3") => "audio/mpeg",
        Some("wav") => "audio/wav",
        _ => "image/png",
    }
}

/// A face's picture: drawn from the session and face ids, so the same face looks the same.
async fn face_picture(shared: &Shared, method: &Method, rest: &str, range: Option<&str>) -> Response {
    let Some((session, face)) = crate::faces::picture(&lock(shared), rest) else { return StatusCode::NOT_FOUND.into_response() };
    let draw = move || picture::draw(&format!("face {face} of {session}"), 0, (1, 1));
    let bytes = Bytes::from(tokio::task::spawn_blocking(draw).await.unwrap_or_default());
    send(shared, method, bytes, "image/png", range)
}

/// An element's picture or a voice's trial sound (see `assets::media`), or 404.
pub fn send_made(shared: &Shared, method: &Method, made: Result<(Bytes, &'static str), ()>, range: Option<&str>) -> Response {
    if *method != Method::GET && *method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response();
    }
    match made {
        Ok((bytes, content_type)) => send(shared, method, bytes, content_type, range),
        Err(()) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The file, whole or the asked range, as GET or HEAD.
fn send(shared: &Shared, method: &Method, bytes: Bytes, content_type: &'static str, range: Option<&str>) -> Response {
    let len = bytes.len();
    let (status, body, content_range) = match parse_range(range, len) {
        Ask::Whole => (StatusCode::OK, bytes, None),
        Ask::Part(start, end) => (StatusCode::PARTIAL_CONTENT, bytes.slice(start..=end), Some(format!("bytes {start}-{end}/{len}"))),
        Ask::Unsatisfiable => {
            return (StatusCode::RANGE_NOT_SATISFIABLE, [(header::CONTENT_RANGE, format!("bytes */{len}"))]).into_response();
        }
    };
    if let Some(cut) = faults::cut_download(shared, method, status, content_type, &body, content_range.as_deref()) {
        return cut;
    }
    let mut builder =
        Response::builder().status(status).header(header::CONTENT_TYPE, content_type).header(header::CONTENT_LENGTH, body.len()).header(header::ACCEPT_RANGES, "bytes");
    if let Some(range) = content_range {
        builder = builder.header(header::CONTENT_RANGE, range);
    }
    let body = if *method == Method::HEAD { Body::empty() } else { Body::from(body) };
    builder.body(body).expect("static headers")
}

#[derive(Debug, PartialEq)]
enum Ask {
    Whole,
    /// Inclusive byte positions.
    Part(usize, usize),
    Unsatisfiable,
}

/// One `bytes=` range (`N-`, `N-M` or `-S`); anything else, several ranges included, is ignored
/// and the whole file is sent, as RFC 9110 allows.
fn parse_range(header: Option<&str>, len: usize) -> Ask {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else { return Ask::Whole };
    if spec.contains(',') {
        return Ask::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else { return Ask::Whole };
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        // The last S bytes.
        return match last.parse::<usize>() {
            Ok(0) => Ask::Unsatisfiable,
            Ok(suffix) if len > 0 => Ask::Part(len - suffix.min(len), len - 1),
            Ok(_) => Ask::Unsatisfiable,
            Err(_) => Ask::Whole,
        };
    }
    let Ok(start) = first.parse::<usize>() else { return Ask::Whole };
    let end = if last.is_empty() {
        usize::MAX
    } else {
        match last.parse::<usize>() {
            Ok(end) if end >= start => end,
            _ => return Ask::Whole,
        }
    };
    if start >= len {
        return Ask::Unsatisfiable;
    }
    Ask::Part(start, end.min(len - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_range(None, 10), Ask::Whole);
        assert_eq!(parse_range(Some("bytes=3-"), 10), Ask::Part(3, 9));
        assert_eq!(parse_range(Some("bytes=3-5"), 10), Ask::Part(3, 5));
        assert_eq!(parse_range(Some("bytes=3-50"), 10), Ask::Part(3, 9));
        assert_eq!(parse_range(Some("bytes=-4"), 10), Ask::Part(6, 9));
        assert_eq!(parse_range(Some("bytes=-40"), 10), Ask::Part(0, 9));
        assert_eq!(parse_range(Some("bytes=10-"), 10), Ask::Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=-0"), 10), Ask::Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=5-3"), 10), Ask::Whole);
        assert_eq!(parse_range(Some("bytes=0-1,4-5"), 10), Ask::Whole);
        assert_eq!(parse_range(Some("items=0-1"), 10), Ask::Whole);
    }
}
