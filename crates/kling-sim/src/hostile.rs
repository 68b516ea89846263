//! Hostile answers, on purpose (`SimConfig::hostile`): what a wrong API host, a compromised proxy
//! or a broken file server could send a client. Unlike the faults, which a good client rides out,
//! these must be refused: names that climb out of folders, links to local files, bodies without
//! end or far over any size, web pages where a file belongs, files of the wrong kind. Each mode
//! holds for every answer it applies to while it is set.

use crate::media::{picture, video_fixtures};
use crate::state::{lock, Shared, State};
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hostile {
    /// New tasks get ids that are paths (`../../escape-…`); the create answer names them so.
    PathTaskIds,
    /// Result links whose file name climbs out of any folder (`..%2F..%2F..%2Fescape%2F…`); the
    /// files behind them are fine.
    PathFileNames,
    /// Result links to a local file (`file:///etc/passwd`).
    FileLinks,
    /// Result links in plain http to another machine (`http://results.example.invalid/…`).
    PlainHttpLinks,
    /// Result links answering with a redirect to this machine (the same file, from this emulator
    /// again): the first link may be here (the sandbox), a redirect may not.
    LoopbackRedirect,
    /// Result links answering with a redirect to the cloud metadata address (https://169.254.169.254).
    MetadataRedirect,
    /// Each finished task lists twelve results, more than any task makes.
    ManyResults,
    /// Result files sent without a length and without end.
    EndlessMedia,
    /// Result files announcing 3 GiB, more than any result may be.
    HugeMedia,
    /// Result links answering 200 with a web page (`text/html`) instead of the file.
    WebPageMedia,
    /// A file of the other kind behind each link: a picture (labelled `video/mp4`) for a video
    /// task, a clip (labelled `image/png`) for a picture task.
    WrongKindMedia,
    /// Picture results that claim far more pixels than they hold: a progressive JPEG declaring
    /// 65,000 × 65,000, a PNG bomb declaring 30,000 × 30,000, a WebP canvas of 16,383 × 16,383
    /// ([`crate::test_pictures::bombs`], in that order). Video tasks get their real files.
    JpegBomb,
    PngBomb,
    WebpBomb,
    /// Task queries and lists answered with a JSON body without end.
    EndlessJson,
    /// Task queries and lists answered with a body announcing 1 GiB.
    HugeJson,
    /// Task queries and lists answered 200 with a web page, not JSON.
    NotJson,
}

/// Where "without end" stops after all: far past every limit a client should have, yet a bound
/// on what a client without limits costs the machine running the tests.
const ENDLESS_BYTES: u64 = 256 * 1024 * 1024;
const CHUNK: usize = 64 * 1024;
/// What `PathFileNames` puts before each result's file name.
const CLIMB: &str = "..%2F..%2F..%2Fescape%2F";
/// What `LoopbackRedirect` puts before the token of the link it redirects to, which serves the file.
const REDIRECTED: &str = "redirected-";
/// How many results `ManyResults` lists.
const MANY: usize = 12;

fn mode(shared: &Shared) -> Option<Hostile> {
    lock(shared).config.hostile
}

/// The id for a new task: a path under `PathTaskIds`, else None (a normal id).
pub fn task_id(state: &mut State) -> Option<String> {
    (state.config.hostile == Some(Hostile::PathTaskIds)).then(|| format!("../../escape-{}", state.new_task_id()))
}

/// A task query's (or list's) answer in place of the real one, for the modes that corrupt it.
pub fn query_answer(shared: &Shared, method: &Method) -> Option<Response> {
    if *method != Method::GET {
        return None;
    }
    let start = Bytes::from_static(br#"{"code":0,"message":"SUCCEED","request_id":"hostile","data":["#);
    let item = Bytes::from(r#"{"task_id":"1","task_status":"processing"},"#.repeat(CHUNK / 44));
    match mode(shared)? {
        Hostile::EndlessJson => Some(stream("application/json", start, item, None)),
        Hostile::HugeJson => Some(stream("application/json", start, item, Some(1024 * 1024 * 1024))),
        Hostile::NotJson => Some((StatusCode::OK, [(header::CONTENT_TYPE, "text/html")], "<html><body>Welcome! Sign in to continue.</body></html>").into_response()),
        _ => None,
    }
}

/// A successful answer's data with its result links disguised, for the modes that do that.
pub fn disguise_links(shared: &Shared, mut data: Value) -> Value {
    let rewrite: fn(&str) -> String = match mode(shared) {
        Some(Hostile::PathFileNames) => |url| match url.rsplit_once('/') {
            Some((dir, file)) => format!("{dir}/{CLIMB}{file}"),
            None => url.to_string(),
        },
        Some(Hostile::FileLinks) => |_| "file:///etc/passwd".to_string(),
        Some(Hostile::PlainHttpLinks) => |url| match url.split_once("/media/") {
            Some((_, rest)) => format!("http://results.example.invalid/media/{rest}"),
            None => url.to_string(),
        },
        Some(Hostile::ManyResults) => return many_results(data),
        _ => return data,
    };
    let tasks: Vec<&mut Value> = match &mut data {
        Value::Array(tasks) => tasks.iter_mut().collect(),
        task => vec![task],
    };
    for task in tasks {
        for (list, key) in [("images", "url"), ("videos", "url"), ("audios", "url_mp3"), ("audios", "url_wav")] {
            // `get_mut`, not indexing: indexing would add the missing lists as nulls.
            let results = task.get_mut("task_result").and_then(|r| r.get_mut(list)).and_then(Value::as_array_mut);
            for url in results.into_iter().flatten().filter_map(|r| r.get_mut(key)) {
                if let Some(text) = url.as_str() {
                    *url = rewrite(text).into();
                }
            }
        }
    }
    data
}

/// Each task's first result, listed [`MANY`] times.
fn many_results(mut data: Value) -> Value {
    let tasks: Vec<&mut Value> = match &mut data {
        Value::Array(tasks) => tasks.iter_mut().collect(),
        task => vec![task],
    };
    for task in tasks {
        for list in ["images", "videos"] {
            if let Some(results) = task.get_mut("task_result").and_then(|r| r.get_mut(list)).and_then(Value::as_array_mut) {
                if let Some(first) = results.first().cloned() {
                    results.resize(MANY, first);
                }
            }
        }
    }
    data
}

/// `token/file` as the media route knows it, from a link `disguise_links` or a redirect made.
pub fn real_media_path(rest: &str) -> String {
    let rest = rest.strip_prefix(REDIRECTED).unwrap_or(rest);
    rest.replacen(CLIMB, "", 1)
}

/// A media answer in place of the real file, for the modes that corrupt it; `rest` is the link's
/// path after `/media/`.
pub fn media_answer(shared: &Shared, video: bool, rest: &str) -> Option<Response> {
    let png_start = Bytes::from_static(b"\x89PNG\r\n\x1a\n");
    let zeros = Bytes::from(vec![0u8; CHUNK]);
    let redirect = |to: String| (StatusCode::FOUND, [(header::LOCATION, to)]).into_response();
    match mode(shared)? {
        // The link a redirect leads to serves the file: a client that follows gets it.
        Hostile::LoopbackRedirect if rest.starts_with(REDIRECTED) => None,
        Hostile::LoopbackRedirect => Some(redirect(format!("{}/media/{REDIRECTED}{rest}", lock(shared).base_url))),
        Hostile::MetadataRedirect => Some(redirect("https://169.254.169.254/latest/meta-data/iam/security-credentials/".into())),
        Hostile::EndlessMedia => Some(stream("image/png", png_start, zeros, None)),
        Hostile::HugeMedia => Some(stream("video/mp4", png_start, zeros, Some(3 * 1024 * 1024 * 1024))),
        Hostile::WebPageMedia => {
            Some((StatusCode::OK, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], "<html><body><h1>Access denied</h1></body></html>").into_response())
        }
        Hostile::WrongKindMedia if video => Some(file("video/mp4", picture::draw("not a video", 0, (16, 9)).into())),
        Hostile::WrongKindMedia => Some(file("image/png", Bytes::from_static(video_fixtures::clip((16, 9), 5, false)))),
        Hostile::JpegBomb | Hostile::PngBomb | Hostile::WebpBomb if !video => {
            let (content_type, which) = match mode(shared)? {
                Hostile::JpegBomb => ("image/jpeg", 0),
                Hostile::PngBomb => ("image/png", 1),
                _ => ("image/webp", 2),
            };
            Some(file(content_type, crate::test_pictures::bombs().swap_remove(which).1.into()))
        }
        _ => None,
    }
}

fn file(content_type: &'static str, bytes: Bytes) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], bytes).into_response()
}

/// `first`, then `then` over and over until [`ENDLESS_BYTES`], announcing `length` if given.
fn stream(content_type: &'static str, first: Bytes, then: Bytes, length: Option<u64>) -> Response {
    let chunks = futures_util::stream::unfold((first, 0u64), move |(next, sent)| {
        let then = then.clone();
        async move {
            if sent >= ENDLESS_BYTES {
                return None;
            }
            let len = next.len() as u64;
            Some((Ok::<Bytes, std::io::Error>(next), (then, sent + len)))
        }
    });
    let mut builder = Response::builder().status(StatusCode::OK).header(header::CONTENT_TYPE, content_type);
    if let Some(length) = length {
        builder = builder.header(header::CONTENT_LENGTH, length);
    }
    builder.body(Body::from_stream(chunks)).expect("static headers are valid")
}
