//! The client against the emulator: every endpoint, end to end (create, poll, list, look up,
//! credits, download), and what goes over the wire.

mod common;

use common::*;
use kling_api::*;
use std::time::Duration;

#[tokio::test]
async fn image_create_poll_and_download_every_picture() {
    let sim = sim().await;
    let c = client(&sim);
    let req = ImageRequest { n: Some(2), aspect_ratio: Some(AspectRatio::R9x16), negative_prompt: Some("blur".into()), ..ImageRequest::new("a lighthouse at dusk") };
    let task = c.create_image(&req).await.unwrap();
    assert_eq!(task.task_status, TaskStatus::Submitted);
    assert!(!task.task_id.is_empty() && task.task_id.chars().all(|c| c.is_ascii_digit()), "{}", task.task_id);
    assert!(task.created_at > 0);
    let done = until_done(&c, TaskKind::Image, &task.task_id).await;
    assert_eq!(done.task_status, TaskStatus::Succeeded);
    assert_eq!(done.final_unit_deduction.as_deref(), Some("0.5"));
    let urls = done.media_urls();
    assert_eq!(urls.len(), 2);
    assert_eq!(done.task_result.images.iter().map(|i| i.index).collect::<Vec<_>>(), [0, 1]);
    let dir = tempfile::tempdir().unwrap();
    for (i, url) in urls.iter().enumerate() {
        let dest = dir.path().join(format!("{i}.png"));
        let bytes = c.download(url, &dest).await.unwrap();
        assert_eq!(bytes, std::fs::metadata(&dest).unwrap().len());
        let picture = image::open(&dest).unwrap();
        assert_eq!((picture.width() * 16) / picture.height(), 9, "9:16 asked for");
        assert!(!dir.path().join(format!("{i}.png.part")).exists());
    }
    let media: Vec<_> = sim.requests().into_iter().filter(|r| r.path.starts_with("/media/")).collect();
    assert_eq!(media.len(), 2);
    assert!(media.iter().all(|r| r.authorization.is_none()), "downloads carry no token");
}

#[tokio::test]
async fn what_goes_over_the_wire() {
    let sim = sim().await;
    let c = client(&sim);
    let req = TextToVideoRequest { duration: Some(VideoDuration::TEN), mode: Some(Mode::Std), ..TextToVideoRequest::new("waves") };
    c.create_text_to_video(&req).await.unwrap();
    let post = sim.requests().into_iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(post.path, "/v1/videos/text2video");
    let body = post.body.unwrap();
    assert_eq!(body["duration"], "10", "duration is a string");
    assert_eq!(body["model_name"], "kling-v1");
    assert!(body.as_object().unwrap().values().all(|v| !v.is_null()), "no nulls: {body}");
    assert!(body.get("cfg_scale").is_none() && body.get("camera_control").is_none());
    let external = body["external_task_id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(external).is_ok(), "a generated uuid: {external}");
    // The bearer token is the documented JWT for our access key.
    let auth = post.authorization.unwrap();
    let token = auth.strip_prefix("Bearer ").unwrap();
    let header = jsonwebtoken::decode_header(token).unwrap();
    assert_eq!((header.alg, header.typ.as_deref()), (jsonwebtoken::Algorithm::HS256, Some("JWT")));
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_issuer(&[AK]);
    let claims = jsonwebtoken::decode::<jwt::Claims>(token, &jsonwebtoken::DecodingKey::from_secret(SK.as_bytes()), &validation).unwrap().claims;
    assert_eq!(claims.exp - claims.nbf, 1805);
    // One token serves many requests.
    c.list_tasks(TaskKind::TextToVideo, 1, 5).await.unwrap();
    let auths: std::collections::HashSet<_> = sim.requests().into_iter().filter_map(|r| r.authorization).collect();
    assert_eq!(auths.len(), 1);
}

#[tokio::test]
async fn text_to_video_external_ids_and_kind_scoped_ids() {
    let sim = sim().await;
    let c = client(&sim);
    let t2v = TextToVideoRequest { external_task_id: Some("my-own-id".into()), ..TextToVideoRequest::new("waves") };
    let task = c.create_text_to_video(&t2v).await.unwrap();
    assert_eq!(task.task_info.external_task_id.as_deref(), Some("my-own-id"));
    let found = c.find_by_external_id(TaskKind::TextToVideo, "my-own-id").await.unwrap().unwrap();
    assert_eq!(found.task_id, task.task_id);
    let lookup = sim.requests().into_iter().rfind(|r| r.method == "GET").unwrap();
    assert_eq!((lookup.path.as_str(), lookup.query.as_deref()), ("/v1/videos/text2video", Some("external_task_id=my-own-id")));
    assert!(c.find_by_external_id(TaskKind::TextToVideo, "nobody").await.unwrap().is_none(), "1203 means none");
    assert!(c.find_by_external_id(TaskKind::ImageToVideo, "my-own-id").await.unwrap().is_none(), "scoped by kind");
    // Ids are scoped by kind: the same id on another kind's path is not found.
    assert_eq!(api_error(c.get_task(TaskKind::ImageToVideo, &task.task_id).await), (1203, 404, "not_found"));
    let done = until_done(&c, TaskKind::TextToVideo, &task.task_id).await;
    assert_eq!(done.task_result.videos[0].duration.as_deref(), Some("5.1"));
    assert_eq!(done.final_unit_deduction.as_deref(), Some("1"));
}

#[tokio::test]
async fn image_to_video_from_a_local_file_end_to_end() {
    let sim = sim().await;
    let c = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("still.png");
    std::fs::write(&path, png_bytes(640, 480)).unwrap();
    let input = ImageInput::from_file(&path).unwrap();
    let req = ImageToVideoRequest { prompt: Some("the leaves move".into()), ..ImageToVideoRequest::new(input) };
    let task = c.create_image_to_video(&req).await.unwrap();
    assert!(task.task_info.external_task_id.is_some(), "the client always sends one");
    let body = sim.requests().into_iter().find(|r| r.method == "POST").unwrap().body.unwrap();
    let sent = body["image"].as_str().unwrap();
    assert!(!sent.starts_with("data:"));
    use base64::Engine;
    assert_eq!(base64::engine::general_purpose::STANDARD.decode(sent).unwrap(), std::fs::read(&path).unwrap());
    assert!(body.get("aspect_ratio").is_none(), "image-to-video follows the picture");

    let done = until_done(&c, TaskKind::ImageToVideo, &task.task_id).await;
    let video = &done.task_result.videos[0];
    let dest = dir.path().join("clip.mp4");
    let n = c.download(&video.url, &dest).await.unwrap();
    assert!(n > 1000);
    assert_eq!(&std::fs::read(&dest).unwrap()[4..8], b"ftyp");
}

#[tokio::test]
async fn the_capability_map_agrees_with_the_emulator() {
    let sim = sim().await;
    // Seven video tasks run at once here: more than the emulator's default 5 video slots.
    sim.update(|cfg| cfg.concurrency.video = 20);
    let c = client(&sim);
    // Camera presets on kling-v1 std 5 s text-to-video.
    let cam = TextToVideoRequest { camera_control: Some(CameraControl::parse("down_back").unwrap()), ..TextToVideoRequest::new("a street") };
    c.create_text_to_video(&cam).await.unwrap();
    let simple = TextToVideoRequest { camera_control: Some(CameraControl::parse("simple:zoom=-4").unwrap()), ..TextToVideoRequest::new("a street") };
    c.create_text_to_video(&simple).await.unwrap();
    // Simple camera on kling-v1-5 pro 5 s image-to-video.
    let i2v_cam = ImageToVideoRequest {
        model_name: "kling-v1-5".into(),
        mode: Some(Mode::Pro),
        camera_control: Some(CameraControl::simple("pan", 3.0).unwrap()),
        ..ImageToVideoRequest::new(png_input(400, 400))
    };
    c.create_image_to_video(&i2v_cam).await.unwrap();
    // Start and end frames on kling-v1 std 5 s, and an end frame alone on kling-v1-6 pro.
    let frames = ImageToVideoRequest { image_tail: Some(png_input(400, 400)), ..ImageToVideoRequest::new(png_input(400, 400)) };
    c.create_image_to_video(&frames).await.unwrap();
    let tail_only =
        ImageToVideoRequest { model_name: "kling-v1-6".into(), mode: Some(Mode::Pro), image_tail: Some(png_input(400, 300)), image: None, ..Default::default() };
    c.create_image_to_video(&tail_only).await.unwrap();
    // Subject reference on kling-v1-5, 21:9 there, cfg on v1-6, URLs as inputs.
    let reference = ImageRequest {
        model_name: "kling-v1-5".into(),
        image: Some(png_input(300, 300)),
        image_reference: Some(ImageReference::Subject),
        human_fidelity: Some(0.6),
        image_fidelity: Some(0.2),
        aspect_ratio: Some(AspectRatio::R21x9),
        resolution: Some(Resolution::OneK),
        ..ImageRequest::new("the same person on a beach")
    };
    c.create_image(&reference).await.unwrap();
    let cfg = TextToVideoRequest { model_name: "kling-v1-6".into(), cfg_scale: Some(0.8), aspect_ratio: Some(AspectRatio::R1x1), ..TextToVideoRequest::new("x") };
    c.create_text_to_video(&cfg).await.unwrap();
    let url = ImageToVideoRequest::new(ImageInput::from_url("https://example.com/a.jpg").unwrap());
    c.create_image_to_video(&url).await.unwrap();
    assert_eq!(sim.task_count(), 8);
}

#[tokio::test]
async fn a_task_that_fails_at_kling_reports_its_reason() {
    let sim = sim().await;
    sim.update(|cfg| cfg.failing_word = Some("doomed".into()));
    let c = client(&sim);
    let task = c.create_text_to_video(&TextToVideoRequest::new("a doomed ship")).await.unwrap();
    let done = until_done(&c, TaskKind::TextToVideo, &task.task_id).await;
    assert_eq!(done.task_status, TaskStatus::Failed);
    assert!(done.task_status_msg.as_deref().unwrap_or_default().contains("risk control"), "{:?}", done.task_status_msg);
    assert!(done.media_urls().is_empty());
    // Failed tasks answer with empty task_info, yet the external-id lookup still finds them.
    let ext = sim.requests().into_iter().find(|r| r.method == "POST").unwrap().body.unwrap()["external_task_id"].as_str().unwrap().to_string();
    assert_eq!(c.find_by_external_id(TaskKind::TextToVideo, &ext).await.unwrap().unwrap().task_id, task.task_id);
}

#[tokio::test]
async fn list_pages_newest_first_and_checks_bounds() {
    let sim = sim().await;
    let c = client(&sim);
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(c.create_image(&ImageRequest::new(format!("picture {i}"))).await.unwrap().task_id);
    }
    let ids_of = |tasks: Vec<Task>| tasks.into_iter().map(|t| t.task_id).collect::<Vec<_>>();
    assert_eq!(ids_of(c.list_tasks(TaskKind::Image, 1, 2).await.unwrap()), vec![ids[2].clone(), ids[1].clone()]);
    assert_eq!(ids_of(c.list_tasks(TaskKind::Image, 2, 2).await.unwrap()), vec![ids[0].clone()]);
    assert!(c.list_tasks(TaskKind::Image, 3, 2).await.unwrap().is_empty());
    assert_eq!(c.list_tasks(TaskKind::Image, 1, 500).await.unwrap().len(), 3);
    assert!(c.list_tasks(TaskKind::TextToVideo, 1, 30).await.unwrap().is_empty());
    let list = sim.requests().into_iter().rfind(|r| r.method == "GET").unwrap();
    assert_eq!(list.query.as_deref(), Some("pageNum=1&pageSize=30"));
    sim.clear_requests();
    for (page, size) in [(0, 30), (1001, 30), (1, 0), (1, 501)] {
        assert!(matches!(c.list_tasks(TaskKind::Image, page, size).await, Err(KlingError::Validation(_))), "{page} {size}");
    }
    assert!(sim.requests().is_empty(), "refused before sending");
}

#[tokio::test]
async fn account_costs_show_what_tasks_spend() {
    let sim = sim().await;
    let c = client(&sim);
    let now = kling_api::now_ms();
    let before = c.account_costs(now - 86_400_000, now, None).await.unwrap();
    assert_eq!(before.packs.len(), 3, "video, image and try-on");
    assert!(before.packs.iter().all(|p| p.status == "online" && p.total_quantity >= p.remaining_quantity && p.invalid_time > p.effective_time));
    let video_before = c.account_costs(0, now, Some("Video Generation Pack")).await.unwrap();
    assert_eq!(video_before.packs.len(), 1);
    assert_eq!(video_before.packs[0].pack_type, "decreasing_total");
    let costs = sim.requests().into_iter().rfind(|r| r.path == "/account/costs").unwrap();
    assert!(costs.query.unwrap().contains("resource_pack_name=Video+Generation+Pack"));

    let req = TextToVideoRequest { mode: Some(Mode::Pro), ..TextToVideoRequest::new("a pro clip") };
    c.create_text_to_video(&req).await.unwrap();
    c.create_image(&ImageRequest { n: Some(4), ..ImageRequest::new("four") }).await.unwrap();
    let after = c.account_costs(0, now, None).await.unwrap();
    let spent = before.remaining() - after.remaining();
    // The emulator's made-up charge for models without a published price (kling-v1): pro 5 s 3.5
    // video units, pictures 0.25 image units each. Priced models: see the next test.
    let expected = 3.5 + 0.25 * 4.0;
    assert!((spent - expected).abs() < 1e-9, "{spent} vs {expected}");
    let video_after = c.account_costs(0, now, Some("Video Generation Pack")).await.unwrap();
    assert!((video_before.remaining() - video_after.remaining() - 3.5).abs() < 1e-9);
}

/// A create request of any kind, for tables of cases.
enum Sent {
    Text(TextToVideoRequest),
    Animate(ImageToVideoRequest),
    Picture(ImageRequest),
}

impl Sent {
    fn price_query(&self) -> pricing::PriceQuery<'_> {
        match self {
            Sent::Text(r) => r.price_query(),
            Sent::Animate(r) => r.price_query(),
            Sent::Picture(r) => r.price_query(),
        }
    }

    async fn create(&self, c: &KlingClient) -> Task {
        match self {
            Sent::Text(r) => c.create_text_to_video(r).await,
            Sent::Animate(r) => c.create_image_to_video(r).await,
            Sent::Picture(r) => c.create_image(r).await,
        }
        .unwrap()
    }
}

/// What the emulator charges a priced model is the catalogue's price (addendum §7.2, §7.3): the
/// same figure as `pricing::estimate`, as `final_unit_deduction` on the task and off the right pack.
#[tokio::test]
async fn the_emulator_charges_the_catalogue_price() {
    let sim = sim().await;
    let c = client(&sim);
    let seconds = VideoDuration::new;
    let video = |model: &str, mode, duration, sound| {
        Sent::Text(TextToVideoRequest { model_name: model.into(), mode: Some(mode), duration, sound, ..TextToVideoRequest::new("priced") })
    };
    let voiced = ImageToVideoRequest {
        model_name: "kling-v2-6".into(),
        mode: Some(Mode::Pro),
        sound: Some(Sound::On),
        prompt: Some("<<<voice_1>>> says hello".into()),
        voice_list: Some(vec![VoiceRef { voice_id: "v-1".into() }]),
        ..ImageToVideoRequest::new(ImageInput::Url("https://example.com/a.png".into()))
    };
    let (videos, pictures) = ("Video Generation Pack", "Image Generation Pack");
    // (what, what is sent, the addendum's figure, the pack it comes from)
    let cases = [
        ("kling-v2-5-turbo pro 5 s", video("kling-v2-5-turbo", Mode::Pro, None, None), 2.5, videos),
        ("kling-v2-5-turbo std 10 s", video("kling-v2-5-turbo", Mode::Std, seconds(10), None), 3.0, videos),
        ("kling-v3 pro 5 s sound on", video("kling-v3", Mode::Pro, None, Some(Sound::On)), 6.0, videos),
        ("kling-v3 4k 7 s", video("kling-v3", Mode::FourK, seconds(7), None), 21.0, videos),
        ("kling-v2-6 pro 5 s with a voice", Sent::Animate(voiced), 6.0, videos),
        ("kling-v2-1 text-to-image n=2", Sent::Picture(ImageRequest { model_name: "kling-v2-1".into(), n: Some(2), ..ImageRequest::new("two") }), 8.0, pictures),
    ];
    for (what, sent, figure, pack) in cases {
        let query = sent.price_query();
        assert_eq!(pricing::estimate(&query).units, Some(figure), "{what}: the catalogue's price");
        let left = || async { c.account_costs(0, kling_api::now_ms(), Some(pack)).await.unwrap().remaining() };
        let before = left().await;
        let task = sent.create(&c).await;
        let done = until_done(&c, query.kind, &task.task_id).await;
        assert_eq!(done.final_unit_deduction.as_deref(), Some(pricing::format_units(figure).as_str()), "{what}");
        let spent = before - left().await;
        assert!((spent - figure).abs() < 1e-9, "{what}: {pack} went down by {spent}, not {figure}");
    }
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
    let size = c.download(&url, &whole).await.unwrap();

    sim.truncate_next_downloads(1);
    sim.clear_requests();
    let resumed = dir.path().join("resumed.mp4");
    assert_eq!(c.download(&url, &resumed).await.unwrap(), size);
    assert_eq!(std::fs::read(&resumed).unwrap(), std::fs::read(&whole).unwrap());
    let media: Vec<_> = sim.requests().into_iter().filter(|r| r.path.starts_with("/media/")).collect();
    assert_eq!(media.len(), 2, "one cut, one resume");
    assert!(!dir.path().join("resumed.mp4.part").exists());

    // An existing destination is replaced whole, never appended to.
    std::fs::write(dir.path().join("again.mp4"), b"old").unwrap();
    c.download(&url, &dir.path().join("again.mp4")).await.unwrap();
    assert_eq!(std::fs::read(dir.path().join("again.mp4")).unwrap(), std::fs::read(&whole).unwrap());

    sim.update(|cfg| cfg.url_ttl = Duration::ZERO);
    tokio::time::sleep(Duration::from_millis(5)).await;
    let gone = dir.path().join("gone.mp4");
    let err = c.download(&url, &gone).await.unwrap_err();
    assert_eq!(err.code().as_str(), "download");
    assert!(matches!(&err, KlingError::Download { url_host, .. } if url_host == "127.0.0.1"), "{err:?}");
    assert!(err.user_message().contains("expired"), "{}", err.user_message());
    assert!(!gone.exists() && !dir.path().join("gone.mp4.part").exists(), "nothing partial left behind");
}

#[tokio::test]
async fn invalid_requests_never_reach_the_api() {
    let sim = sim().await;
    let c = client(&sim);
    let bad = ImageRequest { n: Some(10), ..ImageRequest::new("ok") };
    assert!(matches!(c.create_image(&bad).await, Err(KlingError::Validation(e)) if e.field == "n"));
    assert!(matches!(c.create_image(&ImageRequest::new("")).await, Err(KlingError::Validation(e)) if e.field == "prompt"));
    let cam = TextToVideoRequest { mode: Some(Mode::Pro), camera_control: Some(CameraControl::parse("down_back").unwrap()), ..TextToVideoRequest::new("x") };
    assert!(matches!(c.create_text_to_video(&cam).await, Err(KlingError::Validation(e)) if e.field == "camera_control"));
    let i2v = ImageToVideoRequest::default();
    let err = c.create_image_to_video(&i2v).await.unwrap_err();
    assert_eq!(err.code().as_str(), "invalid_input");
    assert!(matches!(c.get_task(TaskKind::Image, "../../etc").await, Err(KlingError::Validation(_))), "ids never reach a path unchecked");
    assert!(matches!(c.find_by_external_id(TaskKind::TextToVideo, "").await, Err(KlingError::Validation(_))));
    assert!(sim.requests().is_empty());
    for bad in ["ftp://x", "not a url", ""] {
        assert!(matches!(KlingClient::new(ClientConfig::new(bad, Credentials::new("a", "b"))), Err(KlingError::Config(_))), "{bad}");
    }
}
