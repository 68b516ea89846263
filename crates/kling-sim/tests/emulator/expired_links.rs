//! Lapsed first links (`Faults::expired_link_rate`): some tasks, drawn with the seed, hand out
//! links that answer 403; queried again they offer fresh links that work.

use crate::common::*;
use kling_sim::SimConfig;
use serde_json::json;

const IMAGES: &str = "/v1/images/generations";

async fn first_url(api: &Api, id: &str) -> String {
    let done = api.wait_status(&format!("{IMAGES}/{id}"), "succeed").await;
    done["task_result"]["images"][0]["url"].as_str().unwrap().to_string()
}

async fn status(url: &str) -> u16 {
    reqwest::get(url).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_lapsed_link_is_replaced_by_a_fresh_one_on_the_next_query() {
    let mut config = SimConfig::fast(AK, SK);
    config.faults.expired_link_rate = 1.0;
    let api = Api::new(config).await;
    let id = api.create(IMAGES, json!({ "prompt": "a short-lived link" })).await;
    let stale = first_url(&api, &id).await;
    assert_eq!(first_url(&api, &id).await, stale, "listed until it is tried");
    assert_eq!(status(&stale).await, 403);
    let fresh = first_url(&api, &id).await;
    assert_ne!(fresh, stale);
    assert_eq!(status(&fresh).await, 200);
    assert_eq!(status(&stale).await, 403, "the lapsed link stays dead");
    assert_eq!(api.sim.fault_counts().expired_links, 2);
}

#[tokio::test]
async fn only_some_tasks_are_hit_and_the_seed_decides_which() {
    let run = |seed: u64| async move {
        let mut config = SimConfig::fast(AK, SK);
        config.concurrency.image = 100;
        config.faults.expired_link_rate = 0.5;
        config.faults.seed = seed;
        let api = Api::new(config).await;
        let mut hit = Vec::new();
        for i in 0..12 {
            let id = api.create(IMAGES, json!({ "prompt": format!("picture {i}") })).await;
            hit.push(status(&first_url(&api, &id).await).await == 403);
        }
        assert_eq!(api.sim.fault_counts().expired_links, hit.iter().filter(|h| **h).count() as u64);
        hit
    };
    let hit = run(3).await;
    assert!(hit.contains(&true) && hit.contains(&false), "some but not all: {hit:?}");
    assert_eq!(hit, run(3).await, "the same seed hits the same tasks");
}
