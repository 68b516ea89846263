//! Injected faults: lost create answers, slow answers, and their reproducibility with a seed.

use crate::common::*;
use kling_sim::{Faults, SimConfig};
use serde_json::json;
use std::time::{Duration, Instant};

/// Sends a create and reads the body: Err when the connection broke.
async fn raw_create(api: &Api, body: serde_json::Value) -> Result<(u16, String), String> {
    let resp = api.http.post(format!("{}/v1/videos/text2video", api.sim.url())).bearer_auth(token()).json(&body).send().await.map_err(|e| e.to_string())?;
    let status = resp.status().as_u16();
    resp.text().await.map(|t| (status, t)).map_err(|e| e.to_string())
}

#[tokio::test]
async fn a_dropped_answer_still_creates_the_task() {
    let mut config = SimConfig::fast(AK, SK);
    config.faults.drop_rate = 1.0;
    let api = Api::new(config).await;
    let result = raw_create(&api, json!({ "prompt": "lost", "external_task_id": "lost-1" })).await;
    assert!(result.is_err(), "the answer must break: {result:?}");
    assert_eq!(api.sim.task_count(), 1, "but the task exists");
    assert_eq!(api.sim.config().credits.video_units, 99.0, "and was paid for");
    // Queries are not dropped, so the client can find it.
    let (status, found) = api.get("/v1/videos/text2video?external_task_id=lost-1").await;
    assert_eq!(status, 200);
    assert_eq!(found["data"]["task_info"]["external_task_id"], "lost-1");
    // Refused creates are answered normally.
    let (status, refused) = api.post("/v1/videos/text2video", json!({ "prompt": "" })).await;
    assert_eq!((status, refused["code"].as_i64()), (400, Some(1201)));
}

#[tokio::test]
async fn drop_next_answers_loses_exactly_the_next_creates() {
    let api = Api::fast().await;
    api.sim.drop_next_answers(1);
    assert_eq!(api.get("/v1/videos/text2video").await.0, 200, "queries are untouched");
    assert!(raw_create(&api, json!({ "prompt": "one" })).await.is_err());
    let (status, text) = raw_create(&api, json!({ "prompt": "two" })).await.unwrap();
    assert_eq!(status, 200, "{text}");
    assert_eq!(api.sim.task_count(), 2);
}

#[tokio::test]
async fn faults_are_reproducible_with_a_seed() {
    let run = |seed: u64| async move {
        let mut config = SimConfig::fast(AK, SK);
        config.faults = Faults { server_error_rate: 0.5, seed, ..Faults::default() };
        let api = Api::new(config).await;
        let mut codes = Vec::new();
        for _ in 0..16 {
            codes.push(api.get("/account/costs?start_time=0&end_time=1").await.1["code"].as_i64().unwrap());
        }
        codes
    };
    let a = run(7).await;
    assert_eq!(a, run(7).await, "same seed, same faults");
    assert_ne!(a, run(8).await, "another seed, other faults");
    assert!(a.contains(&0) && a.iter().any(|c| (5000..=5002).contains(c)), "{a:?}");
}

#[tokio::test]
async fn slow_answers_are_late_but_control_routes_are_not() {
    let mut config = SimConfig::fast(AK, SK);
    config.faults.slow_rate = 1.0;
    config.faults.slow_ms = 600;
    let api = Api::new(config).await;
    let started = Instant::now();
    assert_eq!(api.get("/v1/images/generations").await.0, 200);
    assert!(started.elapsed() >= Duration::from_millis(600));
    let started = Instant::now();
    let health = reqwest::get(format!("{}/__sim/health", api.sim.url())).await.unwrap().text().await.unwrap();
    assert_eq!(health, "ok");
    assert!(started.elapsed() < Duration::from_millis(600));
}
