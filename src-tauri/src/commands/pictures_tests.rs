//! Expand without the window: a gallery picture grown on its edges is queued with the picture as
//! its parent; a clip, an unknown item or bad ratios are refused in plain words with nothing
//! queued or sent.

use super::*;
use kling_api::{ClientConfig, Credentials, KlingClient};
use kling_sim::{Sim, SimConfig};
use std::time::Duration;
use studio::{Engine, EngineConfig};

const AK: &str = "pictures-ak";
const SK: &str = "pictures-sk-never-shown";

async fn finish(engine: &Engine, job: &Job) -> Job {
    let jobs = tokio::time::timeout(Duration::from_secs(30), engine.run_until_finished(std::slice::from_ref(&job.id))).await.expect("the job finishes in time").unwrap();
    jobs.into_iter().next().unwrap()
}

#[track_caller]
fn refused(made: AppResult<NewJob>, words: &str) {
    let e = made.err().unwrap_or_else(|| panic!("expected a refusal with {words:?}"));
    assert_eq!(e.code, kling_api::ErrorCode::InvalidInput, "{}", e.message);
    assert!(e.message.contains(words), "{:?} should contain {words:?}", e.message);
    assert!(!e.message.contains('{') && !e.message.contains("Validation"), "plain words: {}", e.message);
}

fn ratios(up: f64, down: f64, left: f64, right: f64) -> ImageExpandRequest {
    serde_json::from_value(serde_json::json!({ "up_expansion_ratio": up, "down_expansion_ratio": down, "left_expansion_ratio": left, "right_expansion_ratio": right }))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expand_queues_a_gallery_picture_and_refuses_the_rest() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path().join("library")).unwrap());
    let engine = Engine::new(library.clone(), KlingClient::new(ClientConfig::new(sim.url(), Credentials::new(AK, SK))).unwrap(), EngineConfig::fast());
    let picture_id = {
        let job = engine.enqueue(NewJob::Image { request: kling_api::ImageRequest::new("a cup on a table"), image: None }).unwrap();
        finish(&engine, &job).await.item_ids[0].clone()
    };
    let clip_id = {
        let job = engine.enqueue(NewJob::TextToVideo { request: kling_api::TextToVideoRequest::new("waves") }).unwrap();
        finish(&engine, &job).await.item_ids[0].clone()
    };
    let tasks = sim.task_count();
    refused(expand_job(&library, &clip_id, ratios(0.5, 0.0, 0.0, 0.0)), "not a picture");
    let e = expand_job(&library, "image:nope:0", ratios(0.5, 0.0, 0.0, 0.0)).expect_err("an unknown item is refused");
    assert_eq!(e.code, kling_api::ErrorCode::NotFound, "{}", e.message);
    refused(expand_job(&library, &picture_id, ratios(0.0, 0.0, 0.0, 0.0)), "expand at least one edge");
    refused(expand_job(&library, &picture_id, ratios(1.0, 0.0, 0.6, 0.0)), "3.20×");
    refused(expand_job(&library, &picture_id, ratios(0.0, 0.0, 2.5, 0.0)), "between 0 and 2");
    assert!(engine.unfinished().unwrap().is_empty() && sim.task_count() == tasks, "nothing queued or sent");

    let request = ImageExpandRequest { prompt: Some("the rest of the kitchen".into()), n: Some(2), ..ratios(0.25, 0.25, 0.5, 0.5) };
    let job = engine.enqueue(expand_job(&library, &picture_id, request).unwrap()).unwrap();
    let job = finish(&engine, &job).await;
    assert_eq!((job.state, job.item_ids.len()), (studio::JobState::Done, 2), "{:?}", job.last_error);
    for id in &job.item_ids {
        let sidecar = library.sidecar(id).unwrap().unwrap();
        let parents: Vec<(&str, &str)> = sidecar.made_from.iter().map(|p| (p.item_id.as_str(), p.role.as_str())).collect();
        assert_eq!(parents, [(picture_id.as_str(), "image")]);
        assert_eq!(library.get(id).unwrap().prompt, "the rest of the kitchen");
    }
}
