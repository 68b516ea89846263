//! One entry point for every request, so that each goes through the same pipeline as at the real
//! API: record → faults (slow, server error) → auth → account state → injected errors → rate
//! limit → route → validation → model access → content policy → credits → concurrency → create.
//! Media (`/media/…`) and control (`/__sim/…`) requests are recorded but skip the API checks.
//! The faults are hooks in `faults` that do nothing without the `faults` feature.

mod account;
mod assets;
mod control;
mod media;
mod tasks;

use crate::auth;
use crate::config::AccountState;
use crate::envelope::{success_body, ApiError};
use crate::faults;
use crate::state::{lock, now_ms, RecordedRequest, Shared};
use crate::task::Kind;
use axum::body::to_bytes;
use axum::extract::{Request, State as AxumState};
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::Value;
use std::time::Duration;

/// Two inline pictures of 10 MB each, in base64, fit with room to spare.
const MAX_BODY: usize = 64 * 1024 * 1024;

pub fn router(shared: Shared) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

async fn handle(AxumState(shared): AxumState<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, MAX_BODY).await;
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(String::from);
    let header = |name: header::HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(String::from);
    let authorization = header(header::AUTHORIZATION);
    let range = header(header::RANGE);
    let slow = {
        let mut state = lock(&shared);
        if state.config.test_hooks {
            state.requests.push(RecordedRequest {
                method: parts.method.to_string(),
                path: path.clone(),
                query: query.clone(),
                authorization: authorization.clone(),
                body: bytes.as_ref().ok().and_then(|b| serde_json::from_slice(b).ok()),
                at_ms: now_ms(),
            });
        }
        faults::slow(&mut state, &path)
    };
    let Ok(bytes) = bytes else {
        return ApiError::new(1200, "the request body is too large").into_response();
    };
    if let Some(what) = path.strip_prefix("/__sim/") {
        if !lock(&shared).config.test_hooks {
            return StatusCode::NOT_FOUND.into_response();
        }
        return control::answer(&shared, what, query.as_deref());
    }
    if let Some(ms) = slow {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if let Some(rest) = path.strip_prefix("/media/") {
        if let Some(made) = assets::media(&shared, rest).await {
            return media::send_made(&shared, &parts.method, made, range.as_deref());
        }
        return media::serve(&shared, &parts.method, rest, range.as_deref()).await;
    }
    let response = api(&shared, &parts.method, &path, query.as_deref(), authorization.as_deref(), &bytes);
    tracing::debug!(method = %parts.method, %path, status = response.status().as_u16(), "api request");
    response
}

/// Where an API request goes, found from method and path alone.
enum Route {
    Create(Kind),
    Get(Kind, String),
    List(Kind),
    Costs,
    /// `POST /v1/videos/identify-face`, answered at once (no task).
    IdentifyFace,
    /// Elements and voices (addendum §6.10).
    Asset(assets::AssetRoute),
}

fn resolve(method: &Method, path: &str) -> Result<Route, ApiError> {
    let path = path.trim_end_matches('/');
    let bad_route = || ApiError::new(1202, format!("Invalid request method or path: {method} {path}"));
    if path == "/account/costs" {
        return if method == Method::GET { Ok(Route::Costs) } else { Err(bad_route()) };
    }
    let rest = path.strip_prefix("/v1/").ok_or_else(bad_route)?;
    if rest == "videos/identify-face" {
        return if method == Method::POST { Ok(Route::IdentifyFace) } else { Err(bad_route()) };
    }
    if let Some(asset) = assets::resolve(method, rest) {
        return asset.map(Route::Asset).map_err(|()| bad_route());
    }
    for kind in Kind::ALL {
        if rest == kind.path() {
            return match *method {
                Method::POST => Ok(Route::Create(kind)),
                Method::GET => Ok(Route::List(kind)),
                _ => Err(bad_route()),
            };
        }
        if let Some(id) = rest.strip_prefix(kind.path()).and_then(|r| r.strip_prefix('/')) {
            return if id.is_empty() || id.contains('/') || *method != Method::GET { Err(bad_route()) } else { Ok(Route::Get(kind, id.to_string())) };
        }
    }
    Err(bad_route())
}

/// The checks every API request passes before its route runs. Nothing here changes state but
/// the faults' (generator, injected-error queue, storm) and the rate window.
fn gate(shared: &Shared, authorization: Option<&str>) -> Result<(), ApiError> {
    let mut state = lock(shared);
    if let Some(error) = faults::server_error(&mut state) {
        return Err(error);
    }
    auth::check(authorization, &state.config, (now_ms() / 1000) as u64)?;
    let account = match state.config.account {
        AccountState::Normal => None,
        AccountState::Exception => Some(1100),
        AccountState::Arrears => Some(1101),
        AccountState::IpDenied => Some(1304),
    };
    if let Some(code) = account.or_else(|| faults::refusal(&mut state)) {
        return Err(ApiError::code(code));
    }
    if !state.admit_rate() {
        faults::rate_limited(&mut state);
        return Err(ApiError::code(1302));
    }
    Ok(())
}

fn api(shared: &Shared, method: &Method, path: &str, query: Option<&str>, authorization: Option<&str>, body: &[u8]) -> Response {
    if let Err(e) = gate(shared, authorization) {
        return e.into_response();
    }
    if let Some(answer) = faults::query_answer(shared, method) {
        return answer;
    }
    let answer = match resolve(method, path) {
        Err(e) => Err(e),
        Ok(Route::Create(kind)) => return tasks::create(shared, kind, body),
        Ok(Route::Get(kind, id)) => {
            let mut state = lock(shared);
            state.absorb_if_unknown(kind, &id);
            tasks::get(&state, kind, &id, query)
        }
        Ok(Route::List(kind)) => {
            let mut state = lock(shared);
            state.absorb_saved(); // a list shows every task of the account, the other process's too
            tasks::list(&state, kind, query)
        }
        Ok(Route::Costs) => account::costs(&lock(shared), query),
        Ok(Route::IdentifyFace) => crate::faces::identify(shared, body),
        Ok(Route::Asset(route)) => return assets::answer(shared, route, query, body),
    };
    match answer {
        Ok(data) => ok(faults::disguise_links(shared, data)),
        Err(e) => e.into_response(),
    }
}

fn ok(data: Value) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], success_body(data)).into_response()
}

/// The key=value pairs of a query string, decoded.
fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.unwrap_or("").as_bytes()).into_owned().collect()
}

/// `pageNum` (1–1000, default 1) and `pageSize` (1–`max_size`, default 30).
fn paging(pairs: &[(String, String)], max_size: usize) -> Result<(usize, usize), ApiError> {
    let number = |key: &str, default: usize, max: usize| -> Result<usize, ApiError> {
        match query_value(pairs, key) {
            None => Ok(default),
            Some(text) => match text.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::new(1201, format!("{key} must be an integer between 1 and {max}, got {text}"))),
            },
        }
    };
    Ok((number("pageNum", 1, 1000)?, number("pageSize", 30, max_size)?))
}

fn query_value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_resolve_by_method_and_path() {
        assert!(matches!(resolve(&Method::POST, "/v1/images/generations"), Ok(Route::Create(Kind::Image))));
        assert!(matches!(resolve(&Method::GET, "/v1/videos/text2video/"), Ok(Route::List(Kind::TextToVideo))));
        assert!(matches!(resolve(&Method::GET, "/v1/videos/image2video/42"), Ok(Route::Get(Kind::ImageToVideo, id)) if id == "42"));
        assert!(matches!(resolve(&Method::GET, "/account/costs"), Ok(Route::Costs)));
        assert!(matches!(resolve(&Method::POST, "/v1/videos/identify-face"), Ok(Route::IdentifyFace)));
        assert!(matches!(resolve(&Method::POST, "/v1/audio/video-to-audio"), Ok(Route::Create(Kind::VideoToAudio))));
        assert!(matches!(resolve(&Method::GET, "/v1/videos/advanced-lip-sync/7"), Ok(Route::Get(Kind::LipSync, id)) if id == "7"));
        assert!(matches!(resolve(&Method::GET, "/v1/videos/omni-video"), Ok(Route::List(Kind::OmniVideo))));
        for (method, path) in [
            (Method::POST, "/account/costs"),
            (Method::DELETE, "/v1/images/generations"),
            (Method::POST, "/v1/images/generations/42"),
            (Method::GET, "/v1/videos/text2video/42/x"),
            (Method::GET, "/v1/image-to-video"),
            (Method::GET, "/v1/videos/identify-face"),
            (Method::POST, "/v1/videos/lip-sync"),
            (Method::GET, "/"),
        ] {
            assert_eq!(resolve(&method, path).err().map(|e| e.code), Some(1202), "{method} {path}");
        }
    }
}
