//! A library written before requests were typed (tests/fixtures/library-v1, made by commit 56e2d9f:
//! see library-v1.md) opens, shows every result with its settings, and finishes its queued jobs.

use kling_api::{AspectRatio, CameraType, ClientConfig, Credentials, ErrorCode, ImageReference, KlingClient, Mode, TaskKind, VideoDuration};
use kling_sim::{Sim, SimConfig};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use studio::{Engine, EngineConfig, JobRequest, JobState, Library, Sidecar};

fn copy_fixture(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library-v1");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn stored_requests(root: &Path) -> Vec<(String, serde_json::Value)> {
    let conn = rusqlite::Connection::open(root.join(".kling-studio/index.sqlite")).unwrap();
    let mut stmt = conn.prepare("SELECT id, request FROM jobs ORDER BY created_at, id").unwrap();
    stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, serde_json::from_str(&r.get::<_, String>(1)?).unwrap()))).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn version_one_sidecars_read_as_typed_requests() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path());
    let library = Library::open(dir.path()).unwrap();
    assert_eq!(library.count().unwrap(), 5, "every result is in the gallery");

    let sidecar = |id: &str| -> Sidecar { library.sidecar(id).unwrap().unwrap_or_else(|| panic!("{id} has its sidecar")) };
    let JobRequest::Image { request, image } = sidecar("image:730191707256760168:1").request else { panic!("an image request") };
    assert_eq!((request.n, request.aspect_ratio, request.negative_prompt.as_deref()), (Some(2), Some(AspectRatio::R1x1), Some("blurry, text, watermark")));
    assert_eq!((request.prompt.as_str(), image), ("a red lighthouse on a cliff at dusk", None));

    let reference = sidecar("image:465580734395440694:0");
    assert_eq!(reference.source_image(), Some("inputs/20c8dddb3fdb5181811b633d.png"));
    let JobRequest::Image { request, .. } = reference.request else { panic!("an image request") };
    assert_eq!((request.model_name.as_str(), request.image_reference), ("kling-v1-5", Some(ImageReference::Subject)));
    assert_eq!((request.image_fidelity, request.human_fidelity), (Some(0.6), Some(0.8)));

    let JobRequest::TextToVideo { request } = sidecar("text2video:105952009025134249:0").request else { panic!("a text2video request") };
    assert_eq!((request.mode, request.duration, request.aspect_ratio), (Some(Mode::Std), Some(VideoDuration::FIVE), Some(AspectRatio::R9x16)));
    assert_eq!((request.cfg_scale, request.camera_control.map(|c| c.kind)), (Some(0.5), Some(CameraType::DownBack)));
    assert_eq!(request.external_task_id.as_deref(), Some("3c6e640b-f350-4141-88c2-3aabc74c7052"));

    let animation = sidecar("image2video:748606211471734281:0");
    assert_eq!(animation.source_image(), Some("inputs/04869bd6c46cc8ca0e836c4f.png"));
    assert_eq!(animation.source_image_tail(), Some("inputs/596f0fb59ff20fae403a57ad.png"));
    assert_eq!(animation.request.prompt(), "the blue sky slowly turns green");
    assert_eq!(animation.version, studio::library::sidecar_version(), "read as today's version");

    // A favourite rewrites the sidecar in today's form, and it reads back the same.
    library.set_favorite("image2video:748606211471734281:0", true).unwrap();
    let rewritten = sidecar("image2video:748606211471734281:0");
    assert!(rewritten.favorite);
    assert_eq!(rewritten.request, animation.request);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn version_one_jobs_are_upgraded_and_the_queued_ones_finish() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path());
    let before = stored_requests(dir.path());
    assert_eq!(before.len(), 8);
    assert!(before.iter().all(|(_, r)| r.get("schema").is_none()), "the fixture is version 1");

    let sim = Sim::start(SimConfig::fast("ak", "sk")).await.unwrap();
    let client = KlingClient::new(ClientConfig::new(sim.url(), Credentials::new("ak", "sk"))).unwrap();
    let library = Arc::new(Library::open(dir.path()).unwrap());
    let engine = Engine::new(library.clone(), client, EngineConfig::fast());

    let after = stored_requests(dir.path());
    assert!(after.iter().all(|(_, r)| r["schema"] == studio::REQUEST_SCHEMA), "every row upgraded: {after:?}");

    let jobs = engine.jobs(100).unwrap();
    assert_eq!(jobs.len(), 8);
    let job = |id: &str| jobs.iter().find(|j| j.id == id).unwrap_or_else(|| panic!("job {id}"));
    let failed = job("e8e21984-16dd-4b0c-9640-df86026328e4");
    assert_eq!((failed.state, failed.last_error_code), (JobState::Failed, Some(ErrorCode::ContentRefused)));
    let detail = failed.last_error.as_deref().unwrap();
    assert!(detail.contains("1301") && detail.contains("the prompt did not pass the check"), "its words are kept: {detail}");
    assert!(!detail.contains("reword the prompt"), "the old advice is left to the faces: {detail}");
    let done = job("f9a7b442-b1dd-458b-9750-907b94fd4bb9");
    assert_eq!((done.state, done.request.image_tail_ref()), (JobState::Done, Some("inputs/596f0fb59ff20fae403a57ad.png")));
    let queued_animation = job("14a759f0-ac2d-4fab-b48a-5813c84f5034");
    assert_eq!(queued_animation.request.image_ref(), Some("inputs/c1fef108914664f28eb5aaea.png"));
    assert_eq!(queued_animation.external_task_id.as_deref(), queued_animation.request.external_task_id());

    let queued = ["f7726a5a-69d3-4470-be08-f5ca43b7b216", "3b77b980-4f30-4e65-a0f7-1051d4146808", "14a759f0-ac2d-4fab-b48a-5813c84f5034"].map(String::from);
    let finished = tokio::time::timeout(Duration::from_secs(30), engine.run_until_finished(&queued)).await.expect("in time").unwrap();
    for job in &finished {
        assert_eq!(job.state, JobState::Done, "{}: {:?}", job.id, job.last_error);
    }
    let kinds: Vec<TaskKind> = finished.iter().map(|j| j.kind).collect();
    assert_eq!(kinds, [TaskKind::Image, TaskKind::TextToVideo, TaskKind::ImageToVideo]);
    // The queued animation went out with its stored picture, as base64.
    let sent = sim.requests().into_iter().filter(|r| r.method == "POST" && r.path.contains("image2video")).filter_map(|r| r.body).collect::<Vec<_>>();
    assert_eq!(sent.len(), 1);
    assert!(sent[0]["image"].as_str().unwrap().len() > 100);
    assert_eq!(sent[0]["prompt"], "the yellow square starts to spin");
    assert_eq!(library.count().unwrap(), 8, "three more results filed beside the old five");
}
