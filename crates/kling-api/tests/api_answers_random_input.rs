//! The API's answers under random input (issue 12, item 6): whatever a broken or hostile host
//! sends (arbitrary bytes, JSON no serialiser writes, and real answers with fields flipped, cut,
//! retyped, made huge or nested deep), the client's envelope, task, task-list, lookup and credits
//! parsers and its result download give data or a typed error, promptly, and never panic; the
//! task parser's heap stays proportional to the answer.

mod common;
#[path = "common/random_input.rs"]
mod random_input;

use common::script::{Reply, Script};
use kling_api::*;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use random_input::*;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn task_doc() -> Value {
    json!({
        "task_id": "827574871634235396", "task_status": "succeed", "task_status_msg": "",
        "task_info": { "external_task_id": "53600501-a058-487d-9865-0a2923a50e7b" },
        "created_at": 1796072436895i64, "updated_at": 1796072437528i64, "final_unit_deduction": "6.0",
        "task_result": {
            "images": [{ "index": 1, "url": "https://cdn.example/b.png", "watermark_url": "https://cdn.example/b-wm.png" }, { "index": 0, "url": "https://cdn.example/a.png" }],
            "videos": [{ "id": "v1", "url": "https://cdn.example/v.mp4", "watermark_url": "", "duration": "5.1" }]
        }
    })
}

/// A video-to-audio task: audio files in two formats, the video with its sound, the parent video.
fn audio_task_doc() -> Value {
    json!({
        "task_id": "827574871634235397", "task_status": "succeed",
        "task_info": { "external_task_id": "e-2", "parent_video": { "id": "p1", "url": "https://cdn.example/p.mp4", "duration": "5.0" } },
        "task_result": {
            "videos": [{ "id": "v2", "url": "https://cdn.example/v2.mp4", "duration": "5.0" }],
            "audios": [{ "id": "a1", "url_mp3": "https://cdn.example/a.mp3", "url_wav": "https://cdn.example/a.wav", "duration_mp3": "5.0", "duration_wav": "5.0" }]
        }
    })
}

fn faces_doc() -> Value {
    json!({ "session_id": "s-1", "final_unit_deduction": "0.05",
            "face_data": [{ "face_id": "0", "face_image": "https://cdn.example/f.png", "start_time": 0, "end_time": 5200 }] })
}

fn pack_doc() -> Value {
    json!({ "resource_pack_name": "Video Generation - 10,000 entries", "resource_pack_id": "p1", "resource_pack_type": "decreasing_total",
            "total_quantity": 200.0, "remaining_quantity": 118.5, "purchase_time": 1, "effective_time": 2, "invalid_time": 3, "status": "online" })
}

/// Real answers of each kind the client reads: one task, a list, credits, an error.
fn answer_docs() -> Vec<Value> {
    let envelope = |data: Value| json!({ "code": 0, "message": "SUCCEED", "request_id": "req-1", "data": data });
    vec![
        envelope(task_doc()),
        envelope(json!([task_doc(), task_doc()])),
        envelope(audio_task_doc()),
        envelope(faces_doc()),
        envelope(json!({ "code": 0, "msg": "ok", "resource_pack_subscribe_infos": [pack_doc(), pack_doc()] })),
        json!({ "code": 1303, "message": "parallel task over resource pack limit", "request_id": "req-2", "data": null }),
    ]
}

/// A document from `docs`, edited as JSON, then perhaps as bytes.
fn mutated_doc(docs: Vec<Value>) -> impl Strategy<Value = Vec<u8>> {
    (prop::sample::select(docs), json_edits(), prop::option::of(edits())).prop_map(|(doc, json_edits, byte_edits)| {
        let bytes = serde_json::to_vec(&apply_json(doc, &json_edits)).unwrap();
        match byte_edits {
            Some(byte_edits) => apply(bytes, &byte_edits),
            None => bytes,
        }
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![1 => any_bytes(), 1 => hostile_json_text(), 4 => mutated_doc(answer_docs())]
}

/// One reply of the scripted host.
#[derive(Clone)]
struct Canned {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    /// Announce more (or fewer) bytes than are sent.
    announce: Option<usize>,
}

/// The body as text, so a shrunk failure reads.
impl std::fmt::Debug for Canned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = String::from_utf8_lossy(&self.body);
        f.debug_struct("Canned").field("status", &self.status).field("content_type", &self.content_type).field("body", &body).field("announce", &self.announce).finish()
    }
}

fn canned() -> impl Strategy<Value = Canned> {
    let status = prop::sample::select(vec![200u16, 201, 204, 400, 401, 404, 429, 500, 502, 503]);
    let content_type = prop::sample::select(vec!["application/json", "text/html", "application/octet-stream"]);
    let announce = prop::option::weighted(0.1, prop_oneof![0usize..100_000, Just(usize::MAX / 2), Just(64 * 1024 * 1024)]);
    (status, content_type, body(), announce).prop_map(|(status, content_type, body, announce)| Canned { status, content_type, body, announce })
}

fn scripted(slot: Arc<Mutex<Option<Canned>>>) -> impl Fn(&common::script::Seen, usize) -> Reply + Send + Sync + 'static {
    move |_, _| {
        let canned = slot.lock().unwrap().clone().expect("a reply is set before each request");
        match canned.announce {
            Some(announce) => Reply::Cut { status: canned.status, announce, body: canned.body, headers: vec![] },
            None => Reply::Raw(canned.status, canned.content_type, canned.body, vec![]),
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// A client that tries once and waits little: each case is one answer.
fn one_try_client(url: &str) -> KlingClient {
    let mut config = ClientConfig::new(url, Credentials::new(common::AK, common::SK));
    config.retry = RetryPolicy { max_retries: 0, base_delay: Duration::from_millis(1), max_delay: Duration::from_millis(1) };
    config.timeout = Duration::from_secs(10);
    KlingClient::new(config).unwrap()
}

/// What an error may say about an answer it could not read: a typed kind, and none of the
/// answer's values (a string there may be a signed link, and as long as the answer). A gateway
/// page (`Http`) keeps its short snippet on purpose; the API's own error message is shown as sent.
fn check_error(what: &str, e: &KlingError) {
    let _ = (e.code(), e.user_message());
    if let KlingError::Malformed { detail } = e {
        let shown: String = detail.chars().take(300).collect();
        assert!(!detail.contains("SIGNATURE-0123456789"), "{what}: the error echoes a signed link from the answer: {shown}");
        assert!(detail.chars().count() <= 400, "{what}: the error quotes the answer at length: {shown}…");
    }
}

#[test]
fn any_answer_gives_data_or_a_typed_error_promptly() {
    let rt = runtime();
    let slot = Arc::new(Mutex::new(None));
    let script = rt.block_on(Script::start(scripted(slot.clone())));
    let client = one_try_client(&script.url());
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&canned(), |canned| {
        *slot.lock().unwrap() = Some(canned.clone());
        let client = client.clone();
        rt.block_on(async move {
            let calls = async {
                let task = client.get_task(TaskKind::Image, "827574871634235396").await;
                if let Ok(task) = &task {
                    // What the engine reads of a task it got.
                    let _ = (task.media_urls(), task.watermark_urls(), task.charged_units(), task.is_finished(), is_task_id(&task.task_id));
                }
                let list = client.list_tasks(TaskKind::TextToVideo, 1, 500).await.map(|tasks| tasks.len());
                let found = client.find_by_external_id(TaskKind::ImageToVideo, "53600501-a058-487d-9865-0a2923a50e7b").await.map(|t| t.is_some());
                let costs = client.account_costs(0, 1, Some("Video")).await.map(|c| (c.remaining(), c.packs.iter().filter_map(|p| p.kind_guess()).count()));
                let audio = client.get_task(TaskKind::VideoToAudio, "827574871634235397").await;
                if let Ok(task) = &audio {
                    let _ = (task.audio_urls(), task.video_id(), check_audio_results(TaskKind::VideoToAudio, &task.task_result.audios));
                }
                let faces = client.identify_face(&IdentifyFaceRequest::by_id("v1")).await.map(|f| f.face_data.len());
                (task.map(|_| ()), list.map(|_| ()), found.map(|_| ()), costs.map(|_| ()), audio.map(|_| ()), faces.map(|_| ()))
            };
            let (task, list, found, costs, audio, faces) = tokio::time::timeout(Duration::from_secs(30), calls).await.expect("the client answered within 30 s");
            for (what, result) in [("a task", task), ("a task list", list), ("a lookup", found), ("credits", costs), ("an audio task", audio), ("faces", faces)] {
                if let Err(e) = result {
                    check_error(what, &e);
                }
            }
        });
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// Found by the property above: serde's type errors quote the value they met, so a task whose
/// `task_result` was a signed link put that link (of any length) into the error and the log.
#[test]
fn an_unreadable_answer_is_reported_without_its_values() {
    let rt = runtime();
    let slot = Arc::new(Mutex::new(None));
    let script = rt.block_on(Script::start(scripted(slot.clone())));
    let client = one_try_client(&script.url());
    let link = "https://cdn.example/x.png?sig=SIGNATURE-0123456789";
    let long = "x".repeat(300_000);
    let mut task = task_doc();
    task["task_result"] = json!(link);
    for body in [
        json!({ "code": 0, "message": "SUCCEED", "request_id": "req-1", "data": task }),
        json!({ "code": link }),
        json!({ "code": 0, "data": { "task_id": "1", "task_status": "succeed", "created_at": long } }),
    ] {
        *slot.lock().unwrap() = Some(Canned { status: 200, content_type: "application/json", body: serde_json::to_vec(&body).unwrap(), announce: None });
        let err = rt.block_on(client.get_task(TaskKind::Image, "827574871634235396")).unwrap_err();
        assert!(matches!(err, KlingError::Malformed { .. }), "{err:?}");
        check_error("a task", &err);
    }
}

/// The task parsers on their own, heap measured: Task and a list of them, and the credits.
#[test]
fn task_and_credit_documents_parse_within_a_heap_proportional_to_them() {
    let docs = vec![task_doc(), json!([task_doc(), task_doc(), task_doc()]), json!({ "packs": [pack_doc(), pack_doc()] }), audio_task_doc(), faces_doc()];
    let input = prop_oneof![1 => any_bytes(), 1 => hostile_json_text(), 4 => mutated_doc(docs)];
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&input, |bytes| {
        let len = bytes.len();
        let (_, cost) = bounded("task parsers", move || {
            if let Ok(task) = serde_json::from_slice::<Task>(&bytes) {
                let _ = (task.media_urls(), task.watermark_urls(), task.charged_units(), task.audio_urls(), task.video_id());
                let _ = check_audio_results(TaskKind::VideoToAudio, &task.task_result.audios);
            }
            if let Ok(faces) = serde_json::from_slice::<IdentifiedFaces>(&bytes) {
                let _ = faces.face("0");
            }
            if let Ok(tasks) = serde_json::from_slice::<Vec<Task>>(&bytes) {
                let _ = tasks.iter().map(|t| t.media_urls().len()).sum::<usize>();
            }
            if let Ok(costs) = serde_json::from_slice::<AccountCosts>(&bytes) {
                let _ = (costs.remaining(), costs.packs.iter().filter_map(|p| p.kind_guess()).count());
            }
            let _ = serde_json::from_slice::<TaskStatus>(&bytes);
        });
        // serde_json's Value-free parse holds the strings it keeps and little else.
        assert_heap_within("task parsers", cost, len, 8, MIB);
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

/// A result download meets any status, label, length and body: it ends promptly with the file
/// (never over the limit) or a typed error, and a refused file leaves nothing but a part kept
/// for a resume.
#[test]
fn any_file_answer_is_downloaded_within_the_limit_or_refused() {
    let rt = runtime();
    let slot = Arc::new(Mutex::new(None));
    let script = rt.block_on(Script::start(scripted(slot.clone())));
    let client = one_try_client(&script.url());
    let dir = tempfile::tempdir().unwrap();
    let media = prop_oneof![any_bytes(), mutated_doc(vec![json!({ "code": 0 })]), prop::collection::vec(any::<u8>(), 0..20_000)];
    let status = prop::sample::select(vec![200u16, 206, 403, 404, 410, 416, 429, 500, 302]);
    let content_type =
        prop::sample::select(vec!["image/png", "video/mp4", "application/octet-stream", "text/html; charset=utf-8", "application/json", "application/problem+json"]);
    let announce = prop::option::weighted(0.2, prop_oneof![0usize..30_000, Just(usize::MAX / 2)]);
    let max_bytes = prop_oneof![Just(10_000u64), Just(50 * MIB)];
    let input = (status, content_type, media, announce, max_bytes);
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&input, |(status, content_type, body, announce, max_bytes)| {
        *slot.lock().unwrap() = Some(Canned { status, content_type, body: body.clone(), announce });
        let part = dir.path().join("result.part");
        let _ = std::fs::remove_file(&part);
        let url = format!("{}/media/result.png?sig=SIGNATURE-0123456789", script.url());
        let options = DownloadOptions::new(max_bytes);
        let fetched = rt.block_on(async {
            tokio::time::timeout(Duration::from_secs(30), client.fetch_to_part(&url, &part, &options, |_| {})).await.expect("the download ended within 30 s")
        });
        match fetched {
            Ok(len) => {
                let on_disk = std::fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
                prop_assert_eq!(len, on_disk, "the length returned is the file's");
                prop_assert!(len <= max_bytes, "{} bytes kept over the {} limit", len, max_bytes);
            }
            Err(e) => {
                prop_assert!(!e.to_string().contains("SIGNATURE"), "the error names the signed link: {}", e);
                if matches!(e, DownloadError::TooLarge { .. } | DownloadError::NotMedia { .. }) {
                    prop_assert!(std::fs::metadata(&part).map(|m| m.len()).unwrap_or(0) <= max_bytes);
                }
            }
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
