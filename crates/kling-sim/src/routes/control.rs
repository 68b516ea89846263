//! `/__sim/…`: the emulator's own routes for process-level tests and benchmarks (not part of the
//! Kling API; no auth, no faults).

use super::query_pairs;
use crate::state::{lock, Shared};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub fn answer(shared: &Shared, what: &str, query: Option<&str>) -> Response {
    match what {
        "health" => (StatusCode::OK, "ok").into_response(),
        // Every request received, in order, as JSON (the same as `Sim::requests`).
        "requests" => {
            let requests = lock(shared).requests.clone();
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], serde_json::to_string(&requests).unwrap_or_default()).into_response()
        }
        // A large file for download benchmarks: `?bytes=N` of a repeating pattern.
        "blob" => {
            let size = query_pairs(query).into_iter().find(|(k, _)| k == "bytes").and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(1 << 20);
            let body: Vec<u8> = (0..size.min(1 << 30)).map(|i| (i % 251) as u8).collect();
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/octet-stream")], body).into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
