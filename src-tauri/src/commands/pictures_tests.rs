//! The picture tools without the window. Expand: a gallery picture grown on its edges is queued
//! with the picture as its parent; Compose and Try-on: gallery pictures become parents in their roles;
//! a clip, an unknown item or bad input is refused in plain words with nothing queued or sent.

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

/// A Compose form's request: its fields over the default model.
fn compose(mut json: serde_json::Value) -> MultiImageToImageRequest {
    json.as_object_mut().unwrap().entry("model_name").or_insert("kling-v2-1".into());
    serde_json::from_value(json).unwrap()
}

fn try_on_request(model: &str) -> VirtualTryOnRequest {
    serde_json::from_value(serde_json::json!({ "model_name": model })).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compose_and_try_on_queue_gallery_pictures_as_parents_and_refuse_in_plain_words() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path().join("library")).unwrap());
    let engine = Engine::new(library.clone(), KlingClient::new(ClientConfig::new(sim.url(), Credentials::new(AK, SK))).unwrap(), EngineConfig::fast());
    let job = engine.enqueue(NewJob::Image { request: kling_api::ImageRequest { n: Some(2), ..kling_api::ImageRequest::new("a fox and a coat") }, image: None }).unwrap();
    let made = finish(&engine, &job).await.item_ids;
    let file = |id: &str| library.absolute(&library.get(id).unwrap().rel_path).unwrap().display().to_string();
    let (fox, coat) = (file(&made[0]), file(&made[1]));
    let outside = dir.path().join("park.png");
    image::RgbImage::from_pixel(800, 450, image::Rgb([20, 140, 60])).save(&outside).unwrap();
    let park = outside.display().to_string();

    let tasks = sim.task_count();
    refused(compose_job(compose(serde_json::json!({})), &[], &None, &None), "Subjects: give 1 to 4 subject pictures (got 0)");
    refused(compose_job(compose(serde_json::json!({})), &vec![fox.clone(); 5], &None, &None), "Subjects: give 1 to 4 subject pictures (got 5)");
    refused(compose_job(compose(serde_json::json!({})), &[" ".into()], &None, &None), "Subjects: a picture has no file");
    refused(compose_job(compose(serde_json::json!({ "model_name": "kling-v3" })), std::slice::from_ref(&fox), &None, &None), "kling-v2-1, kling-v2");
    refused(compose_job(compose(serde_json::json!({ "n": 10 })), std::slice::from_ref(&fox), &None, &None), "between 1 and 9");
    assert_eq!(check_compose(compose(serde_json::json!({})), vec![], None, None).as_deref(), Some("Subjects: give 1 to 4 subject pictures (got 0)"));
    assert_eq!(check_compose(compose(serde_json::json!({})), vec![fox.clone()], Some(" ".into()), None), None, "a blank scene is none");
    refused(try_on_job(try_on_request("kolors-virtual-try-on-v1"), "", &coat), "Person: give a picture");
    refused(try_on_job(try_on_request("kolors-virtual-try-on-v1"), &fox, " "), "Garment: give a picture");
    assert!(serde_json::from_value::<VirtualTryOnRequest>(serde_json::json!({ "model_name": "kolors-v9" })).is_err(), "an unknown model does not cross IPC");
    assert_eq!(check_try_on(try_on_request("kolors-virtual-try-on-v1-5"), fox.clone(), coat.clone()), None);
    assert!(engine.unfinished().unwrap().is_empty() && sim.task_count() == tasks, "nothing queued or sent");

    let request = compose(serde_json::json!({ "prompt": "the fox in the park", "aspect_ratio": "1:1" }));
    let job = engine.enqueue(compose_job(request, std::slice::from_ref(&fox), &Some(park), &None).unwrap()).unwrap();
    let done = finish(&engine, &job).await;
    assert_eq!((done.state, done.item_ids.len()), (studio::JobState::Done, 1), "{:?}", done.last_error);
    let parents: Vec<(String, String)> = library.sidecar(&done.item_ids[0]).unwrap().unwrap().made_from.into_iter().map(|p| (p.item_id, p.role)).collect();
    assert_eq!(parents, [(made[0].clone(), "subject_image_list".to_string())], "the outside scene is copied in, not a parent");

    let job = engine.enqueue(try_on_job(try_on_request("kolors-virtual-try-on-v1-5"), &fox, &coat).unwrap()).unwrap();
    let done = finish(&engine, &job).await;
    assert_eq!(done.state, studio::JobState::Done, "{:?}", done.last_error);
    let parents: Vec<(String, String)> = library.sidecar(&done.item_ids[0]).unwrap().unwrap().made_from.into_iter().map(|p| (p.item_id, p.role)).collect();
    assert_eq!(parents, [(made[0].clone(), "human_image".to_string()), (made[1].clone(), "cloth_image".to_string())]);
    assert_eq!(library.get(&done.item_ids[0]).unwrap().kind, studio::ItemKind::VirtualTryOn);
}

fn omni_image(json: serde_json::Value) -> OmniImageRequest {
    serde_json::from_value(json).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn omni_image_queues_a_series_from_a_gallery_picture_and_refuses_in_plain_words() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path().join("library")).unwrap());
    let engine = Engine::new(library.clone(), KlingClient::new(ClientConfig::new(sim.url(), Credentials::new(AK, SK))).unwrap(), EngineConfig::fast());
    let job = engine.enqueue(NewJob::Image { request: kling_api::ImageRequest::new("a fox"), image: None }).unwrap();
    let fox_id = finish(&engine, &job).await.item_ids[0].clone();
    let fox = library.absolute(&library.get(&fox_id).unwrap().rel_path).unwrap().display().to_string();

    let tasks = sim.task_count();
    let v3 = |extra: serde_json::Value| {
        let mut json = serde_json::json!({ "model_name": "kling-v3-omni", "prompt": "<<<image_1>>> through the seasons" });
        json.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        omni_image(json)
    };
    refused(omni_image_job(v3(serde_json::json!({})), &[]), "Pictures: the prompt refers to <<<image_1>>> but 0 image(s) are given");
    refused(
        omni_image_job(v3(serde_json::json!({ "result_type": "series", "series_amount": 12 })), std::slice::from_ref(&fox)),
        "Series: must be 2 to 9 or auto (got 12)",
    );
    refused(omni_image_job(v3(serde_json::json!({ "prompt": "a harbour" })), &[]), "choose a ratio");
    refused(omni_image_job(v3(serde_json::json!({})), &[" ".into()]), "Pictures: a picture has no file");
    assert_eq!(check_omni_image(v3(serde_json::json!({ "result_type": "series", "series_amount": "auto" })), vec![fox.clone()]), None);
    assert!(engine.unfinished().unwrap().is_empty() && sim.task_count() == tasks, "nothing queued or sent");

    let job = engine.enqueue(omni_image_job(v3(serde_json::json!({ "result_type": "series", "series_amount": 3 })), std::slice::from_ref(&fox)).unwrap()).unwrap();
    let done = finish(&engine, &job).await;
    assert_eq!((done.state, done.item_ids.len()), (studio::JobState::Done, 3), "{:?}", done.last_error);
    for id in &done.item_ids {
        let item = library.get(id).unwrap();
        assert_eq!((item.kind, item.task_id.as_deref()), (studio::ItemKind::OmniImage, done.task_id.as_deref()), "one task's series, filed together");
        let parents: Vec<(String, String)> = library.sidecar(id).unwrap().unwrap().made_from.into_iter().map(|p| (p.item_id, p.role)).collect();
        assert_eq!(parents, [(fox_id.clone(), "image_list".to_string())]);
    }
    assert_eq!(library.same_task(&done.item_ids[0]).unwrap().len(), 2, "each picture finds the rest of its series");
}
