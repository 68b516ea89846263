//! The client against the emulator: every endpoint, every business code provoked for real,
//! token expiry, retries and lost answers.

use kling_api::*;
use kling_sim::{AccountState, Sim, SimConfig};
use std::time::Duration;

const AK: &str = "it-access-key";
const SK: &str = "it-secret-key";

async fn sim() -> Sim {
    Sim::start(SimConfig::fast(AK, SK)).await.unwrap()
}

fn client_with(sim: &Sim, sk: &str) -> KlingClient {
    let mut config = ClientConfig::new(sim.url(), Credentials::new(AK, sk));
    config.retry = RetryPolicy { max_retries: 4, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20) };
    KlingClient::new(config).unwrap()
}

fn client(sim: &Sim) -> KlingClient {
    client_with(sim, SK)
}

fn count(sim: &Sim, method: &str, path_prefix: &str) -> usize {
    sim.requests().iter().filter(|r| r.method == method && r.path.starts_with(path_prefix)).count()
}

async fn until_done(client: &KlingClient, kind: TaskKind, id: &str) -> Task {
    for _ in 0..200 {
        let task = client.get_task(kind, id).await.unwrap();
        if task.is_finished() {
            return task;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("task {id} never finished");
}

fn api_code(result: Result<impl std::fmt::Debug, KlingError>) -> (i64, &'static str) {
    match result {
        Err(e @ KlingError::Api { .. }) => {
            let KlingError::Api { code, .. } = &e else { unreachable!() };
            (code.as_i64(), e.kind_code())
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn png_base64(w: u32, h: u32) -> ImageInput {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(w, h, image::Rgb([200, 100, 50])).write_to(&mut out, image::ImageFormat::Png).unwrap();
    ImageInput::from_bytes(&out.into_inner(), "test picture").unwrap()
}

#[tokio::test]
async fn image_create_poll_download_every_picture() {
    let sim = sim().await;
    let c = client(&sim);
    let mut req = ImageRequest::new("a lighthouse at dusk");
    req.n = Some(2);
    req.aspect_ratio = Some(AspectRatio::R9x16);
    let task = c.create_image(&req).await.unwrap();
    assert_eq!(task.task_status, TaskStatus::Submitted);
    assert_eq!(task.task_id.len(), 18);
    let done = until_done(&c, TaskKind::Image, &task.task_id).await;
    assert_eq!(done.task_status, TaskStatus::Succeeded);
    let urls = done.media_urls();
    assert_eq!(urls.len(), 2);
    let dir = tempfile::tempdir().unwrap();
    for (i, url) in urls.iter().enumerate() {
        let dest = dir.path().join(format!("{i}.png"));
        let bytes = c.download(url, &dest).await.unwrap();
        assert_eq!(bytes, std::fs::metadata(&dest).unwrap().len());
        let picture = image::open(&dest).unwrap();
        assert_eq!((picture.width() * 16) / picture.height(), 9, "9:16 asked for");
    }
    let media_requests: Vec<_> = sim.requests().into_iter().filter(|r| r.path.starts_with("/media/")).collect();
    assert!(media_requests.iter().all(|r| r.authorization.is_none()), "downloads carry no token");
}

#[tokio::test]
async fn video_kinds_external_ids_and_cross_kind_lookups() {
    let sim = sim().await;
    let c = client(&sim);
    let mut t2v = TextToVideoRequest::new("waves");
    t2v.external_task_id = Some("my-own-id".into());
    t2v.duration = Some(VideoDuration::Ten);
    let task = c.create_text_to_video(&t2v).await.unwrap();
    assert_eq!(task.task_info.external_task_id.as_deref(), Some("my-own-id"));
    let found = c.find_by_external_id(TaskKind::TextToVideo, "my-own-id").await.unwrap().unwrap();
    assert_eq!(found.task_id, task.task_id);
    assert!(c.find_by_external_id(TaskKind::TextToVideo, "nobody").await.unwrap().is_none());
    // Ids are scoped by kind: the same id on another kind's path is not found.
    assert_eq!(api_code(c.get_task(TaskKind::ImageToVideo, &task.task_id).await), (1203, "not_found"));
    // Reusing an external id is refused by the API.
    assert_eq!(api_code(c.create_text_to_video(&t2v).await), (1201, "invalid_input"));

    let mut i2v = ImageToVideoRequest::new(png_base64(640, 480));
    i2v.prompt = Some("the leaves move".into());
    let task = c.create_image_to_video(&i2v).await.unwrap();
    assert!(task.task_info.external_task_id.is_some(), "the client always sends one");
    let done = until_done(&c, TaskKind::ImageToVideo, &task.task_id).await;
    let video = &done.task_result.videos[0];
    assert_eq!(video.duration.as_deref(), Some("5.1"));
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("clip.mp4");
    c.download(&video.url, &dest).await.unwrap();
    assert_eq!(&std::fs::read(&dest).unwrap()[4..8], b"ftyp");
}

#[tokio::test]
async fn list_pages_newest_first_and_checks_bounds() {
    let sim = sim().await;
    let c = client(&sim);
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(c.create_image(&ImageRequest::new(format!("picture {i}"))).await.unwrap().task_id);
    }
    let first = c.list_tasks(TaskKind::Image, 1, 2).await.unwrap();
    let second = c.list_tasks(TaskKind::Image, 2, 2).await.unwrap();
    assert_eq!(first.iter().map(|t| t.task_id.clone()).collect::<Vec<_>>(), vec![ids[2].clone(), ids[1].clone()]);
    assert_eq!(second.iter().map(|t| t.task_id.clone()).collect::<Vec<_>>(), vec![ids[0].clone()]);
    assert!(c.list_tasks(TaskKind::TextToVideo, 1, 30).await.unwrap().is_empty());
    assert!(matches!(c.list_tasks(TaskKind::Image, 0, 30).await, Err(KlingError::Validation(_))));
    assert!(matches!(c.list_tasks(TaskKind::Image, 1, 501).await, Err(KlingError::Validation(_))));
}

#[tokio::test]
async fn account_costs_show_what_tasks_spend() {
    let sim = sim().await;
    let c = client(&sim);
    assert_eq!(c.account_costs(0, 1, None).await.unwrap().packs.len(), 2, "a video and an image pack");
    let before = c.account_costs(0, 1, Some("Video Generation Pack")).await.unwrap();
    assert_eq!(before.packs.len(), 1, "the name filter is applied");
    let mut req = TextToVideoRequest::new("a pro clip");
    req.mode = Some(Mode::Pro);
    c.create_text_to_video(&req).await.unwrap();
    let after = c.account_costs(0, 1, Some("Video Generation Pack")).await.unwrap();
    let spent = before.remaining() - after.remaining();
    assert!((spent - pricing::estimate_units(TaskKind::TextToVideo, Mode::Pro, VideoDuration::Five, 1)).abs() < 1e-9, "{spent}");
}

#[tokio::test]
async fn authentication_codes_1000_to_1004() {
    let sim = sim().await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/images/generations?pageNum=1&pageSize=1", sim.url());
    let code = |resp: reqwest::Response| async move {
        let status = resp.status().as_u16();
        let body: serde_json::Value = resp.json().await.unwrap();
        (status, body["code"].as_i64().unwrap())
    };
    let creds = Credentials::new(AK, SK);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert_eq!(code(http.get(&url).send().await.unwrap()).await, (401, 1001));
    assert_eq!(code(http.get(&url).bearer_auth("not.a.jwt").send().await.unwrap()).await, (401, 1002));
    assert_eq!(code(http.get(&url).bearer_auth(jwt::sign_at(&creds, now + 3600)).send().await.unwrap()).await, (401, 1003));
    assert_eq!(code(http.get(&url).bearer_auth(jwt::sign_at(&creds, now - 3600)).send().await.unwrap()).await, (401, 1004));
    assert_eq!(code(http.get(&url).bearer_auth(jwt::sign_at(&creds, now)).send().await.unwrap()).await, (200, 0));
    let stranger = Credentials::new("someone-else", SK);
    assert_eq!(code(http.get(&url).bearer_auth(jwt::sign_at(&stranger, now)).send().await.unwrap()).await, (401, 1000));

    let wrong = client_with(&sim, "not-the-secret");
    let err = wrong.account_costs(0, 1, None).await.unwrap_err();
    assert_eq!(err.kind_code(), "bad_keys");
    assert!(!format!("{err} {err:?} {}", err.user_message()).contains("not-the-secret"), "no secret in errors");
    assert!(!format!("{wrong:?}").contains("not-the-secret"));
}

#[tokio::test]
async fn an_expired_token_is_re_signed_and_retried_exactly_once() {
    let sim = sim().await;
    let c = client(&sim);
    sim.inject_error(1004, 1);
    c.list_tasks(TaskKind::Image, 1, 10).await.unwrap();
    assert_eq!(count(&sim, "GET", "/v1/images"), 2);
    sim.clear_requests();
    sim.inject_error(1004, 2);
    assert_eq!(api_code(c.list_tasks(TaskKind::Image, 1, 10).await), (1004, "bad_keys"));
    assert_eq!(count(&sim, "GET", "/v1/images"), 2, "one re-signed retry, no more");
}

#[tokio::test]
async fn account_states_and_access_codes() {
    let sim = sim().await;
    let c = client(&sim);
    for (state, expected) in [(AccountState::Exception, 1100), (AccountState::Arrears, 1101), (AccountState::IpDenied, 1304)] {
        sim.update(|cfg| cfg.account = state);
        assert_eq!(api_code(c.account_costs(0, 1, None).await), (expected, "account"));
    }
    sim.update(|cfg| {
        cfg.account = AccountState::Normal;
        cfg.denied_models = vec!["kling-v1-6".into()];
        cfg.credits.video_units = 0.0;
    });
    let mut req = TextToVideoRequest::new("x");
    req.model_name = "kling-v1-6".into();
    assert_eq!(api_code(c.create_text_to_video(&req).await), (1103, "no_access"));
    let err = c.create_text_to_video(&TextToVideoRequest::new("x")).await.unwrap_err();
    assert_eq!(err.kind_code(), "no_credits");
    assert!(err.user_message().contains("bought separately from website credits"), "{}", err.user_message());
    assert_eq!(sim.task_count(), 0);
}

#[tokio::test]
async fn parameter_and_path_errors_1200_to_1203() {
    let sim = sim().await;
    let http = reqwest::Client::new();
    let token = jwt::sign_at(&Credentials::new(AK, SK), std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs());
    let send = |method: reqwest::Method, path: &str, body: Option<serde_json::Value>| {
        let mut req = http.request(method, format!("{}{path}", sim.url())).bearer_auth(&token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        async move {
            let resp = req.send().await.unwrap();
            let status = resp.status().as_u16();
            let body: serde_json::Value = resp.json().await.unwrap();
            (status, body["code"].as_i64().unwrap(), body["message"].as_str().unwrap().to_string())
        }
    };
    let (status, code, message) = send(reqwest::Method::POST, "/v1/images/generations", Some(serde_json::json!({ "n": 2 }))).await;
    assert_eq!((status, code), (400, 1200));
    assert!(message.contains("prompt"), "{message}");
    let (status, code, message) = send(reqwest::Method::POST, "/v1/images/generations", Some(serde_json::json!({ "prompt": "x", "n": 20 }))).await;
    assert_eq!((status, code), (400, 1201));
    assert!(message.contains("n must be between 1 and 9"), "{message}");
    let (_, code, message) = send(reqwest::Method::POST, "/v1/videos/text2video", Some(serde_json::json!({ "prompt": "x", "duration": 5 }))).await;
    assert_eq!(code, 1200, "duration must be a string");
    assert!(message.contains("duration"));
    let (status, code, _) = send(reqwest::Method::DELETE, "/v1/images/generations", None).await;
    assert_eq!((status, code), (404, 1202));
    let c = client(&sim);
    assert_eq!(api_code(c.get_task(TaskKind::Image, "123456789012345678").await), (1203, "not_found"));
    assert!(matches!(c.get_task(TaskKind::Image, "../../etc").await, Err(KlingError::Validation(_))), "ids never reach a path unchecked");
}

#[tokio::test]
async fn content_policy_1300_and_1301() {
    let sim = sim().await;
    sim.update(|cfg| {
        cfg.policy_word = Some("policy".into());
        cfg.refused_word = Some("forbidden".into());
    });
    let c = client(&sim);
    assert_eq!(api_code(c.create_image(&ImageRequest::new("trip the POLICY")).await), (1300, "content_refused"));
    assert_eq!(api_code(c.create_image(&ImageRequest::new("something forbidden")).await), (1301, "content_refused"));
    assert_eq!(sim.task_count(), 0);
}

#[tokio::test]
async fn rate_limits_are_retried_with_backoff_and_concurrency_is_not() {
    let sim = sim().await;
    let c = client(&sim);
    sim.inject_error(1302, 2);
    c.create_image(&ImageRequest::new("third time lucky")).await.unwrap();
    assert_eq!(count(&sim, "POST", "/v1/images"), 3);
    assert_eq!(sim.task_count(), 1);

    sim.update(|cfg| cfg.concurrency.video = 1);
    c.create_text_to_video(&TextToVideoRequest::new("one")).await.unwrap();
    sim.clear_requests();
    assert_eq!(api_code(c.create_text_to_video(&TextToVideoRequest::new("two")).await), (1303, "concurrency_limit"));
    assert_eq!(count(&sim, "POST", "/v1/videos"), 1, "1303 is left to the caller's queue");

    // A real rate limit from the emulator's own counter.
    sim.update(|cfg| cfg.rate_limit_per_sec = Some(1));
    let patient = {
        let mut config = ClientConfig::new(sim.url(), Credentials::new(AK, SK));
        config.retry = RetryPolicy { max_retries: 4, base_delay: Duration::from_millis(400), max_delay: Duration::from_secs(1) };
        KlingClient::new(config).unwrap()
    };
    let results = futures_util::future::join_all((0..2).map(|_| patient.account_costs(0, 1, None))).await;
    assert!(results.iter().all(|r| r.is_ok()), "backoff rides out a 1 request/s limit: {results:?}");
}

#[tokio::test]
async fn server_errors_are_retried_then_reported() {
    let sim = sim().await;
    let c = client(&sim);
    for code in [5000, 5001, 5002] {
        sim.clear_requests();
        sim.inject_error(code, 2);
        c.account_costs(0, 1, None).await.unwrap();
        assert_eq!(count(&sim, "GET", "/account"), 3, "code {code}");
    }
    sim.clear_requests();
    sim.inject_error(5001, 10);
    let err = c.account_costs(0, 1, None).await.unwrap_err();
    assert_eq!(err.kind_code(), "server");
    assert!(err.is_retryable());
    assert_eq!(count(&sim, "GET", "/account"), 5, "1 try + 4 retries");
}

#[tokio::test]
async fn a_lost_answer_never_creates_a_second_task() {
    let sim = sim().await;
    let c = client(&sim);
    sim.drop_next_answers(1);
    let task = c.create_text_to_video(&TextToVideoRequest::new("lost then found")).await.unwrap();
    assert_eq!(sim.task_count(), 1);
    assert_eq!(count(&sim, "POST", "/v1/videos"), 1, "looked up by external id, not re-sent");
    assert_eq!(c.get_task(TaskKind::TextToVideo, &task.task_id).await.unwrap().task_id, task.task_id);

    sim.drop_next_answers(1);
    let image = c.create_image(&ImageRequest::new("lost image")).await.unwrap();
    assert_eq!(sim.task_count(), 2);
    assert_eq!(count(&sim, "POST", "/v1/images"), 1, "found on the newest page");
    assert!(c.get_task(TaskKind::Image, &image.task_id).await.is_ok());
}

#[tokio::test]
async fn downloads_resume_after_a_cut_and_report_expired_links() {
    let sim = sim().await;
    let c = client(&sim);
    let task = c.create_text_to_video(&TextToVideoRequest::new("resume me")).await.unwrap();
    let done = until_done(&c, TaskKind::TextToVideo, &task.task_id).await;
    let url = done.media_urls()[0].clone();
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.mp4");
    c.download(&url, &whole).await.unwrap();

    sim.truncate_next_downloads(1);
    sim.clear_requests();
    let resumed = dir.path().join("resumed.mp4");
    c.download(&url, &resumed).await.unwrap();
    assert_eq!(std::fs::read(&resumed).unwrap(), std::fs::read(&whole).unwrap());
    assert_eq!(count(&sim, "GET", "/media/"), 2, "one cut, one resume");
    assert!(!dir.path().join("resumed.mp4.part").exists());

    sim.update(|cfg| cfg.url_ttl = Duration::ZERO);
    tokio::time::sleep(Duration::from_millis(5)).await;
    let gone = dir.path().join("gone.mp4");
    let err = c.download(&url, &gone).await.unwrap_err();
    assert_eq!(err.kind_code(), "download");
    assert!(err.user_message().contains("expired"), "{}", err.user_message());
    assert!(!gone.exists() && !dir.path().join("gone.mp4.part").exists(), "nothing partial left behind");
}

#[tokio::test]
async fn invalid_requests_never_reach_the_api() {
    let sim = sim().await;
    let c = client(&sim);
    let mut bad = ImageRequest::new("ok");
    bad.n = Some(10);
    assert!(matches!(c.create_image(&bad).await, Err(KlingError::Validation(e)) if e.field == "n"));
    assert!(matches!(c.create_image(&ImageRequest::new("")).await, Err(KlingError::Validation(e)) if e.field == "prompt"));
    let mut cam = TextToVideoRequest::new("x");
    cam.mode = Some(Mode::Pro);
    cam.camera_control = Some(CameraControl::preset(CameraType::DownBack));
    assert!(matches!(c.create_text_to_video(&cam).await, Err(KlingError::Validation(e)) if e.field == "camera_control"));
    assert!(sim.requests().is_empty());
    assert!(matches!(KlingClient::new(ClientConfig::new("ftp://x", Credentials::new("a", "b"))), Err(KlingError::Config(_))));
    assert!(matches!(KlingClient::new(ClientConfig::new("not a url", Credentials::new("a", "b"))), Err(KlingError::Config(_))));
}
