//! The sandbox keeps its tasks in a file beside the sandbox library: an emulator started again
//! (the app after a restart mid-task, `kling --sandbox resume`) still answers for them, and two
//! running at once (the app and `kling`) find each other's.

use crate::common::*;
use kling_sim::SimConfig;
use serde_json::json;

fn keeping_tasks_in(file: &std::path::Path) -> SimConfig {
    let mut config = SimConfig::sandbox_keeping_tasks_in(file.to_path_buf());
    config.access_key = AK.into();
    config.secret_key = SK.into();
    config.timing.image_submitted = std::time::Duration::ZERO;
    config.timing.image_processing = std::time::Duration::ZERO;
    config
}

#[tokio::test]
async fn tasks_outlive_their_emulator_and_are_shared_with_another() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(".kling-studio").join("sandbox-tasks.json");
    let first = Api::new(keeping_tasks_in(&file)).await;
    let other = Api::new(keeping_tasks_in(&file)).await; // running at the same time
    let (_, created) = first.post("/v1/images/generations", json!({ "prompt": "kept for later" })).await;
    let id = created["data"]["task_id"].as_str().unwrap().to_string();
    assert!(file.is_file(), "written on create");

    // The other emulator did not know it when it started, and finds it when asked.
    let (status, found) = other.get(&format!("/v1/images/generations/{id}")).await;
    assert_eq!((status, found["data"]["task_id"].as_str()), (200, Some(id.as_str())), "{found}");
    let url = found["data"]["task_result"]["images"][0]["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&other.sim.url()), "its links lead to the emulator asked: {url}");
    let picture = other.http.get(&url).send().await.unwrap();
    assert_eq!(picture.status().as_u16(), 200);

    // A new emulator after the first one stopped still answers for it, and keeps the other's.
    let (_, theirs) = other.post("/v1/images/generations", json!({ "prompt": "made by the other" })).await;
    let their_id = theirs["data"]["task_id"].as_str().unwrap().to_string();
    first.sim.shutdown().await;
    let again = Api::new(keeping_tasks_in(&file)).await;
    for wanted in [&id, &their_id] {
        let (status, body) = again.get(&format!("/v1/images/generations/{wanted}")).await;
        assert_eq!(status, 200, "task {wanted} was lost: {body}");
    }
    let (_, list) = again.get("/v1/images/generations?pageNum=1&pageSize=30").await;
    assert_eq!(list["data"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_damaged_task_file_starts_the_sandbox_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sandbox-tasks.json");
    std::fs::write(&file, b"{ not json").unwrap();
    let api = Api::new(keeping_tasks_in(&file)).await;
    let (status, _) = api.post("/v1/images/generations", json!({ "prompt": "still works" })).await;
    assert_eq!(status, 200);
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(saved.as_array().unwrap().len(), 1, "rewritten whole");
}
