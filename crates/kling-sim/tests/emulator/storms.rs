//! Storms: stretches in which the API refuses with 1302 (everything) or 1303 (creates), by turns,
//! counted so a soak can tell they happened.

use crate::common::*;
use kling_sim::SimConfig;
use serde_json::json;
use std::time::Duration;

const COSTS: &str = "/account/costs?start_time=0&end_time=1";

fn code(answer: &(u16, serde_json::Value)) -> (u16, Option<i64>) {
    (answer.0, answer.1["code"].as_i64())
}

/// An emulator whose every request outside a storm sets one off.
async fn stormy(storm_ms: u64) -> Api {
    let mut config = SimConfig::fast(AK, SK);
    config.faults.storm_rate = 1.0;
    config.faults.storm_ms = storm_ms;
    Api::new(config).await
}

#[tokio::test]
async fn storms_refuse_with_1302_then_1303_on_creates_and_end_when_told() {
    let api = stormy(60_000).await; // ended by hand below: nothing here races a clock

    // The first storm refuses every API request.
    assert_eq!(code(&api.get(COSTS).await), (429, Some(1302)));
    assert_eq!(code(&api.get("/v1/videos/text2video").await), (429, Some(1302)));
    assert_eq!(code(&api.post("/v1/videos/text2video", json!({ "prompt": "in the storm" })).await), (429, Some(1302)));
    assert_eq!(api.sim.task_count(), 0);

    // New settings end it; the next storm refuses creates only.
    api.sim.update(|c| c.faults.storm_ms = 60_001);
    assert_eq!(code(&api.get(COSTS).await), (200, Some(0)));
    assert_eq!(code(&api.post("/v1/videos/text2video", json!({ "prompt": "in the storm" })).await), (429, Some(1303)));
    assert_eq!(code(&api.get("/v1/videos/text2video").await), (200, Some(0)));
    assert_eq!(api.sim.task_count(), 0);

    api.sim.update(|c| c.faults.storm_rate = 0.0);
    api.create("/v1/videos/text2video", json!({ "prompt": "after the storm" })).await;
    let counts = api.sim.fault_counts();
    assert_eq!((counts.storms, counts.storm_1302, counts.storm_1303), (2, 3, 1), "{counts:?}");
    assert_eq!((counts.rate_limited, counts.slots_full), (0, 0), "storms are not the account's own limits");
}

#[tokio::test]
async fn a_storm_passes_by_itself() {
    let api = stormy(100).await;
    assert_eq!(code(&api.get(COSTS).await), (429, Some(1302)));
    tokio::time::sleep(Duration::from_millis(150)).await;
    // Past its length: this request makes the next storm due, a 1303 one: queries pass, and it
    // starts at the next create, which it refuses.
    assert_eq!(code(&api.get(COSTS).await), (200, Some(0)));
    assert_eq!(code(&api.get(COSTS).await), (200, Some(0)));
    assert_eq!(api.sim.fault_counts().storms, 1);
    assert_eq!(code(&api.post("/v1/videos/text2video", json!({ "prompt": "in the storm" })).await), (429, Some(1303)));
    assert_eq!(api.sim.fault_counts().storms, 2);
}

#[tokio::test]
async fn storms_are_never_further_apart_than_one_over_the_rate() {
    let mut config = SimConfig::fast(AK, SK);
    config.faults.storm_rate = 0.1;
    config.faults.storm_ms = 1; // a storm refuses only the request that starts it
    config.concurrency.image = 10_000;
    config.credits.image_units = 1e9;
    let api = Api::new(config).await;
    // Queries and creates by turns; the requests refused are where storms began.
    let mut starts = Vec::new();
    for i in 0..120 {
        let answer = if i % 2 == 0 { api.get(COSTS).await } else { api.post("/v1/images/generations", json!({ "prompt": format!("picture {i}") })).await };
        match code(&answer) {
            (200, Some(0)) => {}
            (429, Some(c @ (1302 | 1303))) => starts.push((i, c)),
            other => panic!("request {i}: {other:?}"),
        }
        tokio::time::sleep(Duration::from_millis(3)).await; // each storm is over by the next request
    }
    // Ten requests at most from one storm to the next, one more when a 1303 storm waits for a
    // create; the seeded draws alone leave gaps of twenty and more.
    let gaps: Vec<usize> = starts.windows(2).map(|w| w[1].0 - w[0].0).collect();
    assert!(starts.first().is_some_and(|s| s.0 <= 10) && gaps.iter().all(|&g| g <= 11), "{starts:?}");
    assert!(starts.iter().any(|s| s.1 == 1302) && starts.iter().any(|s| s.1 == 1303), "{starts:?}");
    assert_eq!(api.sim.fault_counts().storms, starts.len() as u64);
}

#[tokio::test]
async fn the_account_limits_are_counted_apart() {
    let mut config = SimConfig::new(AK, SK); // minutes-long tasks: the one slot stays taken
    config.rate_limit_per_sec = Some(2);
    config.concurrency.video = 1;
    let api = Api::new(config).await;
    api.create("/v1/videos/text2video", json!({ "prompt": "one" })).await;
    assert_eq!(code(&api.post("/v1/videos/text2video", json!({ "prompt": "two" })).await), (429, Some(1303)));
    // Two requests a second: a burst meets the limit however slowly this machine runs.
    let mut refused = 0;
    for _ in 0..20 {
        refused += (code(&api.get(COSTS).await) == (429, Some(1302))) as u64;
    }
    let counts = api.sim.fault_counts();
    assert!(refused > 0);
    assert_eq!((counts.rate_limited, counts.slots_full, counts.storms), (refused, 1, 0), "{counts:?}");
}
