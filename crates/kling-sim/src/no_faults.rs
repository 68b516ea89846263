//! The request pipeline's fault hooks without the `faults` feature (the build the app and `kling`
//! ship for their sandbox): every answer is the honest one. Same names and signatures as in
//! `faults.rs`, so the pipeline reads the same in both builds.

use crate::envelope::ApiError;
use crate::state::{Shared, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use serde_json::Value;

pub fn slow(_: &mut State, _path: &str) -> Option<u64> {
    None
}

pub fn server_error(_: &mut State) -> Option<ApiError> {
    None
}

pub fn refusal(_: &mut State) -> Option<i64> {
    None
}

pub fn rate_limited(_: &mut State) {}

pub fn storm_refuses_create(_: &mut State) -> bool {
    false
}

pub fn slots_full(_: &mut State) {}

pub fn task_id(_: &mut State) -> Option<String> {
    None
}

pub fn lapsed_links(_: &mut State, _tokens: impl FnOnce() -> Vec<String>) -> Vec<String> {
    Vec::new()
}

pub fn lose_answer(_: &mut State, _data: &Value) -> Option<Response> {
    None
}

pub fn query_answer(_: &Shared, _: &Method) -> Option<Response> {
    None
}

pub fn disguise_links(_: &Shared, data: Value) -> Value {
    data
}

pub fn real_media_path(rest: &str) -> String {
    rest.to_string()
}

pub fn lapsed_link(_: &mut State) {}

pub fn media_answer(_: &Shared, _video: bool, _rest: &str) -> Option<Response> {
    None
}

pub fn cut_download(_: &Shared, _: &Method, _: StatusCode, _content_type: &str, _body: &Bytes, _content_range: Option<&str>) -> Option<Response> {
    None
}
