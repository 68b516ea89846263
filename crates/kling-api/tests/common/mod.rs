//! Shared helpers for the integration tests: the emulator, clients with fast retries, a raw
//! request sender for what the client refuses to send, and a scripted HTTP server for failures
//! the emulator cannot stage.

#![allow(dead_code)]

pub mod script;

use kling_api::*;
use kling_sim::{Sim, SimConfig};
use std::time::Duration;

pub const AK: &str = "it-access-key";
pub const SK: &str = "it-secret-key-DO-NOT-PRINT";

pub async fn sim() -> Sim {
    Sim::start(SimConfig::fast(AK, SK)).await.unwrap()
}

/// Retries every few milliseconds, so tests that exhaust them stay quick.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy { max_retries: 4, base_delay: Duration::from_millis(10), max_delay: Duration::from_millis(40) }
}

pub fn client_for(url: &str, ak: &str, sk: &str) -> KlingClient {
    let mut config = ClientConfig::new(url, Credentials::new(ak, sk));
    config.retry = fast_retry();
    config.timeout = Duration::from_secs(10);
    KlingClient::new(config).unwrap()
}

pub fn client(sim: &Sim) -> KlingClient {
    client_for(&sim.url(), AK, SK)
}

/// API requests (not media, not control) with this method whose path starts with `prefix`.
pub fn count(sim: &Sim, method: &str, prefix: &str) -> usize {
    sim.requests().iter().filter(|r| r.method == method && r.path.starts_with(prefix)).count()
}

pub async fn until_done(client: &KlingClient, kind: TaskKind, id: &str) -> Task {
    for _ in 0..300 {
        let task = client.get_task(kind, id).await.unwrap();
        if task.is_finished() {
            return task;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("task {id} never finished");
}

/// The API error's (code, http status, kind_code), or a panic naming what came instead.
pub fn api_error<T: std::fmt::Debug>(result: Result<T, KlingError>) -> (i64, u16, &'static str) {
    match result {
        Err(e @ KlingError::Api { .. }) => {
            let kind = e.code().as_str();
            let KlingError::Api { code, http_status, .. } = e else { unreachable!() };
            (code.as_i64(), http_status, kind)
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

pub fn png_bytes(w: u32, h: u32) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

pub fn png_input(w: u32, h: u32) -> ImageInput {
    ImageInput::from_bytes(&png_bytes(w, h), "test picture").unwrap()
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

/// A request the client would refuse to make, sent as is: (HTTP status, code, message).
pub async fn raw(sim: &Sim, method: reqwest::Method, path_and_query: &str, token: Option<&str>, body: Option<serde_json::Value>) -> (u16, i64, String) {
    let mut req = reqwest::Client::new().request(method, format!("{}{path_and_query}", sim.url()));
    if let Some(token) = token {
        req = req.header(reqwest::header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let body: serde_json::Value = resp.json().await.unwrap();
    (status, body["code"].as_i64().unwrap(), body["message"].as_str().unwrap_or_default().to_string())
}

pub fn good_token() -> String {
    jwt::sign_at(&Credentials::new(AK, SK), now_secs())
}
