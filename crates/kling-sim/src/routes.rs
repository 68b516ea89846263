//! One entry point for every request, so that each goes through the same pipeline as at the real
//! API: record → faults → auth → account → injected errors → rate limit → route → validation →
//! model access → content policy → credits → concurrency → create.

use crate::auth;
use crate::capabilities;
use crate::envelope::{default_message, success_body, ApiError};
use crate::faults::broken_body;
use crate::media::{picture, video_fixtures};
use crate::state::{now_ms, Kind, MediaEntry, RecordedRequest, SimTask, State, Status};
use crate::validate;
use crate::config::AccountState;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State as AxumState};
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

type Shared = Arc<Mutex<State>>;

const MAX_BODY: usize = 16 * 1024 * 1024;
const KINDS: [(&str, Kind); 3] =
    [("images/generations", Kind::Image), ("videos/text2video", Kind::TextToVideo), ("videos/image2video", Kind::ImageToVideo)];

pub fn router(shared: Shared) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared.lock().unwrap_or_else(|p| p.into_inner())
}

async fn handle(AxumState(shared): AxumState<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return ApiError::new(1200, "the request body is too large").into_response();
    };
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(String::from);
    let authorization = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(String::from);
    let range = parts.headers.get(header::RANGE).and_then(|v| v.to_str().ok()).map(String::from);
    let slow = {
        let mut state = lock(&shared);
        state.requests.push(RecordedRequest {
            method: parts.method.to_string(),
            path: path.clone(),
            query: query.clone(),
            authorization: authorization.clone(),
            body: serde_json::from_slice(&bytes).ok(),
            at_ms: now_ms(),
        });
        let rate = state.config.faults.slow_rate;
        state.roll(rate).then_some(state.config.faults.slow_ms)
    };
    if let Some(ms) = slow {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if path.starts_with("/media/") {
        return media(&shared, &parts.method, &path, range.as_deref()).await;
    }
    if let Some(what) = path.strip_prefix("/__sim/") {
        return control(&shared, what, query.as_deref());
    }
    api(&shared, &parts.method, &path, query.as_deref(), authorization.as_deref(), &bytes)
}

fn api(shared: &Shared, method: &Method, path: &str, query: Option<&str>, authorization: Option<&str>, body: &[u8]) -> Response {
    let mut state = lock(shared);
    let error_rate = state.config.faults.server_error_rate;
    if state.roll(error_rate) {
        let code = [5000, 5001, 5002][state.rng.usize(..3)];
        return ApiError::new(code, default_message(code)).into_response();
    }
    if let Err(e) = auth::check(authorization, &state.config, (now_ms() / 1000) as u64) {
        return e.into_response();
    }
    let account = match state.config.account {
        AccountState::Normal => None,
        AccountState::Exception => Some(1100),
        AccountState::Arrears => Some(1101),
        AccountState::IpDenied => Some(1304),
    };
    if let Some(code) = account.or_else(|| state.injected.pop_front()) {
        return ApiError::new(code, default_message(code)).into_response();
    }
    if let Some(limit) = state.config.rate_limit_per_sec {
        let now = Instant::now();
        while state.recent.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1)) {
            state.recent.pop_front();
        }
        if state.recent.len() >= limit as usize {
            return ApiError::new(1302, default_message(1302)).into_response();
        }
        state.recent.push_back(now);
    }
    match route(&mut state, method, path, query, body) {
        Ok(data) => {
            let body = success_body(data);
            let drop_rate = state.config.faults.drop_rate;
            let forced = state.drop_next > 0;
            if forced {
                state.drop_next -= 1;
            }
            if forced || state.roll(drop_rate) {
                let half = body[..body.len() / 2].to_vec();
                return broken_body(StatusCode::OK, "application/json", half, None);
            }
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Err(e) => e.into_response(),
    }
}

fn route(state: &mut State, method: &Method, path: &str, query: Option<&str>, body: &[u8]) -> Result<Value, ApiError> {
    let path = path.trim_end_matches('/');
    let bad_route = || ApiError::new(1202, format!("Invalid request method or path: {method} {path}"));
    if path == "/account/costs" {
        return if method == Method::GET { account_costs(state, query) } else { Err(bad_route()) };
    }
    let rest = path.strip_prefix("/v1/").ok_or_else(bad_route)?;
    for (segment, kind) in KINDS {
        if rest == segment {
            return match *method {
                Method::POST => create(state, kind, body),
                Method::GET => list(state, kind, query),
                _ => Err(bad_route()),
            };
        }
        if let Some(id) = rest.strip_prefix(segment).and_then(|r| r.strip_prefix('/')) {
            if id.contains('/') || *method != Method::GET {
                return Err(bad_route());
            }
            let now = now_ms();
            let task = state.find(kind, id).or_else(|| if kind.is_video() { state.find_external(kind, id) } else { None });
            return task.map(|t| t.to_json(now, &state.base_url)).ok_or_else(|| ApiError::new(1203, format!("task {id} does not exist")));
        }
    }
    Err(bad_route())
}

fn create(state: &mut State, kind: Kind, body: &[u8]) -> Result<Value, ApiError> {
    let body: Value = serde_json::from_slice(body).map_err(|_| ApiError::new(1200, "the request body is not valid JSON"))?;
    let accepted = validate::create(kind, &body)?;
    let config = &state.config;
    if config.denied_models.contains(&accepted.model) {
        return Err(ApiError::new(1103, format!("this account has no access to {}", accepted.model)));
    }
    let prompt = accepted.prompt.to_lowercase();
    let contains = |word: &Option<String>| word.as_ref().is_some_and(|w| !w.is_empty() && prompt.contains(&w.to_lowercase()));
    if contains(&config.policy_word) {
        return Err(ApiError::new(1300, default_message(1300)));
    }
    if contains(&config.refused_word) {
        return Err(ApiError::new(1301, "Risk control: the prompt did not pass the content security check"));
    }
    let fails = contains(&config.failing_word);
    if let Some(ext) = &accepted.external_task_id {
        if state.find_external(kind, ext).is_some() {
            return Err(ApiError::new(1201, format!("external_task_id {ext} already exists")));
        }
    }
    let video = kind.is_video();
    let cost = capabilities::cost(video, accepted.pro, accepted.ten_seconds, accepted.n);
    let balance = if video { state.config.credits.video_units } else { state.config.credits.image_units };
    if balance + 1e-9 < cost {
        return Err(ApiError::new(1102, default_message(1102)));
    }
    let now = now_ms();
    let slots = if video { 1 } else { accepted.n };
    let limit = if video { state.config.concurrency.video } else { state.config.concurrency.image };
    if state.slots_in_use(video, now) + slots > limit {
        return Err(ApiError::new(1303, "parallel task over resource pack limit"));
    }
    if video {
        state.config.credits.video_units -= cost;
    } else {
        state.config.credits.image_units -= cost;
    }
    let timing = &state.config.timing;
    let mut factor = 1.0;
    if accepted.pro {
        factor *= 1.5;
    }
    if accepted.ten_seconds {
        factor *= 1.5;
    }
    let (submitted_for, processing_for) = if video {
        (timing.video_submitted, timing.video_processing.mul_f64(factor))
    } else {
        (timing.image_submitted, timing.image_processing)
    };
    let id = state.new_task_id();
    let task_index = state.tasks.len();
    let tokens: Vec<String> = (0..if video { 1 } else { accepted.n }).map(|_| uuid::Uuid::new_v4().simple().to_string()).collect();
    for (item, token) in tokens.iter().enumerate() {
        state.media.insert(token.clone(), MediaEntry { task_index, item: item as u32, bytes: None });
    }
    let task = SimTask { id: id.clone(), kind, accepted, created_ms: now, submitted_for, processing_for, fails, cost, media_tokens: tokens };
    let json = task.to_json(now, &state.base_url);
    state.by_id.insert((kind, id), task_index);
    state.tasks.push(task);
    Ok(json)
}

fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned().collect()
}

fn list(state: &State, kind: Kind, query: Option<&str>) -> Result<Value, ApiError> {
    let pairs = query_pairs(query);
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let now = now_ms();
    if let Some(ext) = get("external_task_id") {
        return state
            .find_external(kind, ext)
            .map(|t| t.to_json(now, &state.base_url))
            .ok_or_else(|| ApiError::new(1203, format!("no task with external_task_id {ext}")));
    }
    let number = |key: &str, default: u32, max: u32| -> Result<u32, ApiError> {
        match get(key) {
            None => Ok(default),
            Some(text) => match text.parse::<u32>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::new(1201, format!("{key} must be between 1 and {max}, got {text}"))),
            },
        }
    };
    let page = number("pageNum", 1, 1000)? as usize;
    let size = number("pageSize", 30, 500)? as usize;
    let mut tasks: Vec<&SimTask> = state.tasks.iter().filter(|t| t.kind == kind).collect();
    tasks.reverse(); // newest first
    Ok(Value::Array(tasks.into_iter().skip((page - 1) * size).take(size).map(|t| t.to_json(now, &state.base_url)).collect()))
}

fn account_costs(state: &State, query: Option<&str>) -> Result<Value, ApiError> {
    let pairs = query_pairs(query);
    let time = |key: &str| pairs.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.parse::<i64>().ok());
    if time("start_time").is_none() || time("end_time").is_none() {
        return Err(ApiError::new(1200, "start_time and end_time are required (milliseconds)"));
    }
    let day = 24 * 3600 * 1000;
    let pack = |name: &str, id: &str, total: f64, remaining: f64| {
        json!({
            "resource_pack_name": name, "resource_pack_id": id, "resource_pack_type": "decreasing_total",
            "total_quantity": total, "remaining_quantity": remaining.max(0.0),
            "purchase_time": state.started_ms - day, "effective_time": state.started_ms - day, "invalid_time": state.started_ms + 365 * day,
            "status": if remaining <= 1e-9 { "runOut" } else { "online" },
        })
    };
    Ok(json!({
        "code": 0, "msg": "success",
        "resource_pack_subscribe_infos": [
            pack("Video Generation Pack", "sim-video-pack", state.video_total, state.config.credits.video_units),
            pack("Image Generation Pack", "sim-image-pack", state.image_total, state.config.credits.image_units),
        ]
    }))
}

async fn media(shared: &Shared, method: &Method, path: &str, range: Option<&str>) -> Response {
    if *method != Method::GET && *method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let token = path.trim_start_matches("/media/").split('/').next().unwrap_or_default().to_string();
    let (entry, task) = {
        let state = lock(shared);
        let Some(entry) = state.media.get(&token).cloned() else { return StatusCode::NOT_FOUND.into_response() };
        let task = state.tasks[entry.task_index].clone();
        let now = now_ms();
        if task.status_at(now) != Status::Succeed {
            return StatusCode::NOT_FOUND.into_response();
        }
        if now > task.finished_ms() + state.config.url_ttl.as_millis() as i64 {
            return (StatusCode::FORBIDDEN, "this link has expired").into_response();
        }
        (entry, task)
    };
    let bytes = match entry.bytes {
        Some(bytes) => bytes,
        None => {
            // Drawn outside the lock, then kept.
            let made = if task.kind.is_video() {
                Arc::new(video_fixtures::clip(task.accepted.aspect, task.accepted.ten_seconds).to_vec())
            } else {
                let prompt = task.accepted.prompt.clone();
                let (item, aspect) = (entry.item, task.accepted.aspect);
                Arc::new(tokio::task::spawn_blocking(move || picture::draw(&prompt, item, aspect)).await.unwrap_or_default())
            };
            if let Some(e) = lock(shared).media.get_mut(&token) {
                e.bytes = Some(made.clone());
            }
            made
        }
    };
    let content_type = if task.kind.is_video() { "video/mp4" } else { "image/png" };
    let len = bytes.len();
    let start = range.and_then(|r| r.strip_prefix("bytes=")).and_then(|r| r.split('-').next()).and_then(|s| s.parse::<usize>().ok());
    let (status, body, content_range) = match start {
        Some(start) if start >= len => {
            return Response::builder()
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(header::CONTENT_RANGE, format!("bytes */{len}"))
                .body(Body::empty())
                .expect("static headers");
        }
        Some(start) => (StatusCode::PARTIAL_CONTENT, bytes[start..].to_vec(), Some(format!("bytes {start}-{}/{len}", len - 1))),
        None => (StatusCode::OK, bytes.to_vec(), None),
    };
    let truncate = {
        let mut state = lock(shared);
        let rate = state.config.faults.truncate_rate;
        if state.truncate_next > 0 {
            state.truncate_next -= 1;
            true
        } else {
            state.roll(rate)
        }
    };
    if truncate && body.len() > 1 {
        let announced = body.len();
        let part = body[..announced / 2].to_vec();
        let mut response = broken_body(status, content_type, part, Some(announced));
        if let Some(range) = content_range {
            response.headers_mut().insert(header::CONTENT_RANGE, range.parse().expect("ascii"));
        }
        return response;
    }
    let mut builder = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::ACCEPT_RANGES, "bytes");
    if let Some(range) = content_range {
        builder = builder.header(header::CONTENT_RANGE, range);
    }
    let body = if *method == Method::HEAD { Body::empty() } else { Body::from(body) };
    builder.body(body).expect("static headers")
}

fn control(shared: &Shared, what: &str, query: Option<&str>) -> Response {
    match what {
        // A large file for download benchmarks: `?bytes=N` of a repeating pattern.
        "blob" => {
            let size = query_pairs(query).into_iter().find(|(k, _)| k == "bytes").and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(1 << 20);
            let body: Vec<u8> = (0..size.min(1 << 30)).map(|i| (i % 251) as u8).collect();
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/octet-stream")], body).into_response()
        }
        "health" => (StatusCode::OK, "ok").into_response(),
        "requests" => {
            let requests = lock(shared).requests.clone();
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], serde_json::to_string(&requests).unwrap_or_default()).into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
