//! The client against a scripted server, for what the emulator cannot stage: a create that dies
//! before the task exists, ambiguous task lists, gateway pages, silence, refused connections,
//! and downloads from servers that mishandle ranges.

mod common;

use common::script::{task_json, Reply, Script};
use common::*;
use kling_api::now_ms;
use kling_api::*;
use std::time::Duration;

fn tight(url: &str, timeout: Duration) -> KlingClient {
    let mut config = ClientConfig::new(url, Credentials::new(AK, SK));
    config.timeout = timeout;
    config.retry = RetryPolicy { max_retries: 2, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(10) };
    KlingClient::new(config).unwrap()
}

#[tokio::test]
async fn every_request_carries_the_documented_headers() {
    let script = Script::start(|_, _| Reply::Ok(serde_json::json!([]))).await;
    let c = client_for(&script.url(), AK, SK);
    c.list_tasks(TaskKind::Image, 1, 1).await.unwrap();
    let seen = &script.seen()[0];
    assert_eq!(seen.target, "/v1/images/generations?pageNum=1&pageSize=1");
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert!(seen.header("user-agent").unwrap().starts_with("kling-studio/"), "{:?}", seen.header("user-agent"));
    let auth = seen.header("authorization").unwrap();
    assert!(auth.starts_with("Bearer ") && auth.split('.').count() == 3, "{auth}");
}

#[tokio::test]
async fn a_video_create_lost_before_the_task_existed_is_sent_again() {
    // 1st POST: the connection dies, nothing made. The lookup says 1203. 2nd POST succeeds.
    let script = Script::start(|seen, _| match (seen.method.as_str(), seen.target.contains("external_task_id")) {
        ("POST", _) if seen.json()["prompt"] == "x" && COUNT.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 => Reply::Close,
        ("POST", _) => Reply::Ok(task_json("42", now_ms(), seen.json()["external_task_id"].as_str())),
        ("GET", true) => Reply::Error(404, 1203),
        _ => Reply::Error(404, 1202),
    })
    .await;
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let c = tight(&script.url(), Duration::from_secs(5));
    let task = c.create_text_to_video(&TextToVideoRequest::new("x")).await.unwrap();
    assert_eq!(task.task_id, "42");
    let seen = script.seen();
    let methods: Vec<&str> = seen.iter().map(|s| s.method.as_str()).collect();
    assert_eq!(methods, ["POST", "GET", "POST"]);
    assert_eq!(seen[0].json()["external_task_id"], seen[2].json()["external_task_id"], "the same external id both times");
    assert!(seen[1].target.ends_with(&format!("external_task_id={}", seen[0].json()["external_task_id"].as_str().unwrap())));
}

#[tokio::test]
async fn a_resend_refused_for_a_taken_external_id_returns_the_late_task() {
    // The first send lands only after our lookup: the re-send is refused (1201), and the task
    // found by the second lookup is ours.
    let script = Script::start(|seen, i| match (seen.method.as_str(), i) {
        ("POST", 0) => Reply::Close,
        ("GET", 1) => Reply::Error(404, 1203),
        ("POST", 2) => Reply::Error(400, 1201),
        ("GET", _) => Reply::Ok(task_json("77", now_ms(), seen.target.split('=').nth(1))),
        _ => Reply::Error(500, 5000),
    })
    .await;
    let c = tight(&script.url(), Duration::from_secs(5));
    let task = c.create_image_to_video(&ImageToVideoRequest::new(ImageInput::Url("https://example.com/a.png".into()))).await.unwrap();
    assert_eq!(task.task_id, "77");
    assert_eq!(script.count("POST"), 2);
}

#[tokio::test]
async fn a_lost_image_create_with_an_ambiguous_list_is_uncertain() {
    let sent = now_ms();
    let script = Script::start(move |seen, _| match seen.method.as_str() {
        "POST" => Reply::Close,
        _ => Reply::Ok(serde_json::json!([task_json("2", sent + 50, None), task_json("1", sent + 20, None), task_json("0", sent - 60_000, None)])),
    })
    .await;
    let c = tight(&script.url(), Duration::from_secs(5));
    let err = c.create_image(&ImageRequest::new("x")).await.unwrap_err();
    assert!(matches!(err, KlingError::SubmitUncertain { kind: TaskKind::Image }), "{err:?}");
    assert_eq!(err.code().as_str(), "uncertain");
    assert!(err.user_message().contains("before submitting again"), "{}", err.user_message());
    assert_eq!(script.count("POST"), 1, "never re-sent when unsure");
}

#[tokio::test]
async fn a_lost_image_create_with_no_new_task_is_sent_again() {
    let sent = now_ms();
    let script = Script::start(move |seen, i| match (seen.method.as_str(), i) {
        ("POST", 0) => Reply::Close,
        // Only an old task: ours was not made.
        ("GET", _) => Reply::Ok(serde_json::json!([task_json("0", sent - 60_000, None)])),
        _ => Reply::Ok(task_json("9", now_ms(), None)),
    })
    .await;
    let c = tight(&script.url(), Duration::from_secs(5));
    assert_eq!(c.create_image(&ImageRequest::new("x")).await.unwrap().task_id, "9");
    assert_eq!(script.count("POST"), 2);
}

/// Kling has no answer for the external id itself (404/1203) but lists it on the newest page:
/// that task is ours, however many others are new (addendum §4).
#[tokio::test]
async fn a_lost_image_create_is_found_on_the_newest_page_by_its_external_id() {
    let sent = now_ms();
    let script = Script::start(move |seen, _| match seen.method.as_str() {
        "POST" => Reply::Close,
        _ if seen.target.contains("external_task_id=") => Reply::Error(404, 1203),
        _ => Reply::Ok(serde_json::json!([task_json("2", sent + 50, Some("someone-else")), task_json("1", sent + 20, Some("ours-1"))])),
    })
    .await;
    let c = tight(&script.url(), Duration::from_secs(5));
    let task = c.create_image(&ImageRequest { external_task_id: Some("ours-1".into()), ..ImageRequest::new("x") }).await.unwrap();
    assert_eq!(task.task_id, "1");
    assert_eq!(script.count("POST"), 1, "found, not re-sent");
}

/// The newest page names its tasks' external ids and none is ours: no task was made, so the
/// create is sent again (the new tasks are other clients').
#[tokio::test]
async fn a_lost_image_create_absent_from_a_page_of_named_tasks_is_sent_again() {
    let sent = now_ms();
    let script = Script::start(move |seen, i| match (seen.method.as_str(), i) {
        ("POST", 0) => Reply::Close,
        ("GET", _) if seen.target.contains("external_task_id=") => Reply::Error(404, 1203),
        ("GET", _) => Reply::Ok(serde_json::json!([task_json("2", sent + 50, Some("someone-else"))])),
        _ => Reply::Ok(task_json("9", now_ms(), Some("ours-2"))),
    })
    .await;
    let c = tight(&script.url(), Duration::from_secs(5));
    let task = c.create_image(&ImageRequest { external_task_id: Some("ours-2".into()), ..ImageRequest::new("x") }).await.unwrap();
    assert_eq!(task.task_id, "9");
    assert_eq!(script.count("POST"), 2);
}

#[tokio::test]
async fn a_lost_create_whose_lookup_fails_is_uncertain() {
    let script = Script::start(|seen, _| if seen.method == "POST" { Reply::Close } else { Reply::Error(500, 5000) }).await;
    let c = tight(&script.url(), Duration::from_secs(5));
    let err = c.create_text_to_video(&TextToVideoRequest::new("x")).await.unwrap_err();
    assert!(matches!(err, KlingError::SubmitUncertain { kind: TaskKind::TextToVideo }), "{err:?}");
    assert_eq!(script.count("POST"), 1);
    assert_eq!(script.count("GET"), 3, "the lookup itself was retried");
}

#[tokio::test]
async fn gateway_pages_and_foreign_bodies() {
    // A GET answered by a proxy's 502 page twice, then by the API.
    let script = Script::start(|_, i| {
        if i < 2 {
            Reply::Raw(502, "text/html", b"<html><body>502 Bad Gateway</body></html>".to_vec(), vec![])
        } else {
            Reply::Ok(serde_json::json!({ "task_id": "5", "task_status": "succeeded", "task_result": {}, "watermark_info": { "enabled": false } }))
        }
    })
    .await;
    let c = tight(&script.url(), Duration::from_secs(5));
    let task = c.get_task(TaskKind::Image, "5").await.unwrap();
    assert_eq!(task.task_status, TaskStatus::Succeeded, "both spellings of success");
    assert_eq!(script.count("GET"), 3);

    // Always a gateway page: reported as HTTP with a short snippet.
    let page = format!("<html>{}</html>", "x".repeat(5000));
    let script = Script::start(move |_, _| Reply::Raw(503, "text/html", page.clone().into_bytes(), vec![])).await;
    let c = tight(&script.url(), Duration::from_secs(5));
    match c.get_task(TaskKind::Image, "5").await.unwrap_err() {
        e @ KlingError::Http { status: 503, .. } => {
            let KlingError::Http { snippet, .. } = &e else { unreachable!() };
            assert!(snippet.chars().count() <= 200);
            assert_eq!(e.code().as_str(), "server");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(script.count("GET"), 3);

    // A login page with 200: malformed, not retried. A 404 page: HTTP, not retried.
    let script = Script::start(|seen, _| {
        if seen.target.contains("images") {
            Reply::Raw(200, "text/html", b"<html>please log in</html>".to_vec(), vec![])
        } else {
            Reply::Raw(404, "text/plain", b"no such route".to_vec(), vec![])
        }
    })
    .await;
    let c = tight(&script.url(), Duration::from_secs(5));
    assert_eq!(c.list_tasks(TaskKind::Image, 1, 1).await.unwrap_err().code().as_str(), "malformed");
    assert!(matches!(c.list_tasks(TaskKind::TextToVideo, 1, 1).await, Err(KlingError::Http { status: 404, .. })));
    assert_eq!(script.seen().len(), 2);

    // A create answered by a 502 page may have been handled: looked up before re-sending.
    let script = Script::start(|seen, _| match seen.method.as_str() {
        "POST" => Reply::Raw(502, "text/html", b"<html>bad gateway</html>".to_vec(), vec![]),
        _ => Reply::Ok(task_json("8", now_ms(), seen.target.split('=').nth(1))),
    })
    .await;
    let c = tight(&script.url(), Duration::from_secs(5));
    assert_eq!(c.create_text_to_video(&TextToVideoRequest::new("x")).await.unwrap().task_id, "8");
    assert_eq!(script.count("POST"), 1);
}

#[tokio::test]
async fn silence_times_out_and_refused_connections_are_network_errors() {
    let script = Script::start(|_, _| Reply::Hang).await;
    let c = tight(&script.url(), Duration::from_millis(200));
    let err = c.get_task(TaskKind::TextToVideo, "1").await.unwrap_err();
    assert!(matches!(err, KlingError::Timeout { .. }), "{err:?}");
    assert_eq!((err.code().as_str(), err.is_retryable()), ("timeout", true));
    assert_eq!(script.seen().len(), 3, "1 try + 2 retries");

    // A port nobody listens on: nothing was sent, so even a create is simply retried.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let c = tight(&format!("http://127.0.0.1:{port}"), Duration::from_secs(2));
    let err = c.create_image(&ImageRequest::new("x")).await.unwrap_err();
    assert!(matches!(err, KlingError::Network { .. }), "{err:?}");
    assert_eq!(err.code().as_str(), "network");
    assert!(!err.user_message().contains(SK));
}

#[tokio::test]
async fn lookups_by_external_id_accept_a_task_or_a_list() {
    let script = Script::start(|seen, _| {
        if seen.target.contains("external_task_id=listed") {
            Reply::Ok(serde_json::json!([task_json("1", 1, Some("other")), task_json("2", 1, Some("listed"))]))
        } else if seen.target.contains("external_task_id=foreign") {
            Reply::Ok(task_json("3", 1, Some("someone-else")))
        } else {
            Reply::Ok(serde_json::Value::Null)
        }
    })
    .await;
    let c = tight(&script.url(), Duration::from_secs(5));
    assert_eq!(c.find_by_external_id(TaskKind::TextToVideo, "listed").await.unwrap().unwrap().task_id, "2");
    assert!(c.find_by_external_id(TaskKind::TextToVideo, "foreign").await.unwrap().is_none());
    assert!(c.find_by_external_id(TaskKind::ImageToVideo, "none").await.unwrap().is_none());
    assert!(script.seen().iter().all(|s| s.target.starts_with("/v1/videos/")));
}

fn blob() -> Vec<u8> {
    (0..100_000u32).map(|i| (i % 251) as u8).collect()
}

#[tokio::test]
async fn downloads_survive_servers_that_ignore_or_botch_ranges() {
    let data = blob();
    // Cut at first; then the server ignores Range and sends everything again with 200.
    let d = data.clone();
    let script = Script::start(move |_, i| match i {
        0 => Reply::Cut { status: 200, announce: d.len(), body: d[..30_000].to_vec(), headers: vec![] },
        _ => Reply::Raw(200, "application/octet-stream", d.clone(), vec![]),
    })
    .await;
    let c = tight(&script.url(), Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("a.bin");
    assert_eq!(c.download(&format!("{}/media/a.bin", script.url()), &dest).await.unwrap(), data.len() as u64);
    assert_eq!(std::fs::read(&dest).unwrap(), data);
    let seen = script.seen();
    assert_eq!(seen[1].header("range"), Some("bytes=30000-"));
    assert!(seen.iter().all(|s| s.header("authorization").is_none()), "no token on downloads");

    // Cut; then a 206 that starts at the wrong place: start over from zero.
    let d = data.clone();
    let script = Script::start(move |seen, i| match i {
        0 => Reply::Cut { status: 200, announce: d.len(), body: d[..40_000].to_vec(), headers: vec![] },
        1 => Reply::Raw(206, "application/octet-stream", d[10..].to_vec(), vec![("content-range", format!("bytes 10-{}/{}", d.len() - 1, d.len()))]),
        _ if seen.header("range").is_none() => Reply::Raw(200, "application/octet-stream", d.clone(), vec![]),
        _ => Reply::Raw(500, "text/plain", b"unexpected".to_vec(), vec![]),
    })
    .await;
    let dest = dir.path().join("b.bin");
    c.download(&format!("{}/b.bin", script.url()), &dest).await.unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), data);

    // A proper resume with 206 and Content-Range.
    let d = data.clone();
    let script = Script::start(move |seen, _| match seen.header("range") {
        None => Reply::Cut { status: 200, announce: d.len(), body: d[..12_345].to_vec(), headers: vec![] },
        Some(range) => {
            let start: usize = range.trim_start_matches("bytes=").trim_end_matches('-').parse().unwrap();
            Reply::Raw(206, "application/octet-stream", d[start..].to_vec(), vec![("content-range", format!("bytes {start}-{}/{}", d.len() - 1, d.len()))])
        }
    })
    .await;
    let dest = dir.path().join("c.bin");
    c.download(&format!("{}/c.bin", script.url()), &dest).await.unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), data);
    assert_eq!(script.seen().len(), 2);
}

#[tokio::test]
async fn downloads_that_never_complete_leave_nothing_behind() {
    let data = blob();
    let script = Script::start(move |_, _| Reply::Cut { status: 200, announce: data.len(), body: data[..100].to_vec(), headers: vec![] }).await;
    let c = tight(&script.url(), Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("never.bin");
    let err = c.download(&format!("{}/never.bin", script.url()), &dest).await.unwrap_err();
    assert_eq!(err.code().as_str(), "download");
    let tries = script.seen().len();
    assert!((2..=10).contains(&tries), "bounded resumes: {tries}");
    assert!(!dest.exists() && !dir.path().join("never.bin.part").exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    // Gone links are not retried.
    let script = Script::start(|_, _| Reply::Raw(404, "text/plain", b"gone".to_vec(), vec![])).await;
    let err = c.download(&format!("{}/gone.bin", script.url()), &dest).await.unwrap_err();
    assert!(err.user_message().contains("expired"), "{}", err.user_message());
    assert_eq!(script.seen().len(), 1);

    // A destination in a folder that does not exist: an I/O error naming it.
    let script = Script::start(|_, _| Reply::Raw(200, "application/octet-stream", b"data".to_vec(), vec![])).await;
    let nowhere = dir.path().join("missing-folder").join("x.bin");
    let err = c.download(&format!("{}/x.bin", script.url()), &nowhere).await.unwrap_err();
    assert_eq!(err.code().as_str(), "io");
    assert!(err.to_string().contains("missing-folder"), "{err}");
}
