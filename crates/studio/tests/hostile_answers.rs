//! Malicious or broken answers from the API host and the file server (the emulator's `Hostile`
//! modes), through the whole engine: submit, poll, download, file. Each row is one hostile mode,
//! the job it meets, and how the job must end: filed as usual (the hostile part did not matter),
//! failed for good with a clear code and words, or kept and retried (the task at Kling is never
//! abandoned) with the error shown. Every row also checks that nothing was written outside the
//! library, no partial download was left, exactly one task was created, and that nothing was
//! lost: once the server is honest again, the same job (retried by the person, if it had failed)
//! ends with its files filed under its own prompt.

use kling_api::{ClientConfig, Credentials, ImageRequest, KlingClient, RetryPolicy, TextToVideoRequest};
use kling_sim::{Hostile, Sim, SimConfig};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use studio::{Engine, EngineConfig, Job, JobState, Library, NewJob};

const AK: &str = "hostile-ak";
const SK: &str = "hostile-sk-never-shown";

#[derive(Clone, Copy, Debug)]
enum Outcome {
    /// Filed as usual.
    Done,
    /// Failed for good (until the person retries it), with this code and these words.
    Failed(&'static str, &'static str),
    /// Still following its task, retrying, with this code and these words shown.
    Retrying(&'static str, &'static str),
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Two pictures.
    Image,
    Video,
}

struct Row {
    mode: Hostile,
    kind: Kind,
    outcome: Outcome,
}

fn rows() -> Vec<Row> {
    use Outcome::*;
    let row = |mode, kind, outcome| Row { mode, kind, outcome };
    vec![
        row(Hostile::PathTaskIds, Kind::Image, Failed("malformed", "not a task id")),
        row(Hostile::PathFileNames, Kind::Image, Done),
        row(Hostile::PathFileNames, Kind::Video, Done),
        row(Hostile::FileLinks, Kind::Video, Failed("malformed", "a result link is not an http(s) address")),
        row(Hostile::PlainHttpLinks, Kind::Image, Failed("malformed", "a result link uses plain http to another machine")),
        row(Hostile::LoopbackRedirect, Kind::Image, Failed("download", "the file server redirected to this machine, which is not followed")),
        row(Hostile::MetadataRedirect, Kind::Video, Failed("download", "the file server redirected to a local-network, link-local or reserved address")),
        row(Hostile::ManyResults, Kind::Image, Failed("malformed", "the task lists 12 results, but a task makes at most 9 pictures")),
        row(Hostile::ManyResults, Kind::Video, Failed("malformed", "the task lists 12 results, but a task makes at most 1 video")),
        row(Hostile::EndlessMedia, Kind::Image, Failed("download", "the file is larger than 50 MB")),
        row(Hostile::HugeMedia, Kind::Video, Failed("download", "the file is larger than 2048 MB")),
        row(Hostile::WebPageMedia, Kind::Video, Failed("download", "sent a text/html page instead of the picture or video")),
        row(Hostile::WrongKindMedia, Kind::Video, Failed("download", "sent a picture where a video was expected")),
        row(Hostile::WrongKindMedia, Kind::Image, Failed("download", "sent a video where a picture was expected")),
        // Picture bombs are refused from their headers, before anything decodes them.
        row(Hostile::JpegBomb, Kind::Image, Failed("download", "the picture is 65000×65000 px, more than a picture may have")),
        row(Hostile::PngBomb, Kind::Image, Failed("download", "the picture is 30000×30000 px, more than a picture may have")),
        row(Hostile::WebpBomb, Kind::Image, Failed("download", "the picture does not open")),
        row(Hostile::EndlessJson, Kind::Video, Retrying("malformed", "the answer is larger than 16 MB")),
        row(Hostile::HugeJson, Kind::Image, Retrying("malformed", "the answer is larger than 16 MB")),
        row(Hostile::NotJson, Kind::Video, Retrying("malformed", "not a Kling API answer")),
    ]
}

fn new_job(kind: Kind, prompt: &str) -> NewJob {
    match kind {
        Kind::Image => NewJob::Image { request: ImageRequest { n: Some(2), ..ImageRequest::new(prompt) }, image: None },
        Kind::Video => NewJob::TextToVideo { request: TextToVideoRequest::new(prompt) },
    }
}

fn engine(sim: &Sim, library: Arc<Library>) -> Engine {
    let mut config = ClientConfig::new(sim.url(), Credentials::new(AK, SK));
    config.retry = RetryPolicy { max_retries: 2, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20) };
    Engine::new(library, KlingClient::new(config).unwrap(), EngineConfig::fast())
}

/// Drives the engine until `done` holds for the job (or a generous deadline: the machine is shared).
async fn drive(engine: &Engine, id: &str, done: impl Fn(&Job) -> bool) -> Job {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let wait = engine.tick().await.unwrap();
        let job = engine.job(id).unwrap();
        if done(&job) || Instant::now() > deadline {
            return job;
        }
        tokio::time::sleep(wait.unwrap_or(Duration::from_millis(20)).clamp(Duration::from_millis(5), Duration::from_millis(100))).await;
    }
}

/// Every file and folder below `dir`, but the library's hidden folder.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == studio::library::HIDDEN_DIR) {
                continue;
            }
            if path.is_dir() {
                stack.push(path.clone());
            }
            found.push(path);
        }
    }
    found.sort();
    found
}

fn escapes_in_temp() -> Vec<PathBuf> {
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("escape")))
        .collect()
}

/// Runs one row; returns what went wrong, if anything.
async fn check(row: &Row) -> Vec<String> {
    let mut failures = Vec::new();
    let mut config = SimConfig::fast(AK, SK);
    config.hostile = Some(row.mode);
    let sim = Sim::start(config).await.unwrap();
    let parent = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(parent.path().join("library")).unwrap());
    let engine = engine(&sim, library.clone());
    let prompt = format!("{:?} meets a {:?} job", row.mode, row.kind);
    let id = engine.enqueue(new_job(row.kind, &prompt)).unwrap().id;

    let job = drive(&engine, &id, |job| match row.outcome {
        Outcome::Done | Outcome::Failed(..) => job.state.is_finished(),
        Outcome::Retrying(code, _) => job.last_error_code.map(kling_api::ErrorCode::as_str) == Some(code) || job.state.is_finished(),
    })
    .await;
    let shown = job.last_error.clone().unwrap_or_default();
    match row.outcome {
        Outcome::Done => {
            if job.state != JobState::Done {
                failures.push(format!("should be filed, is {} ({shown})", job.state));
            }
        }
        Outcome::Failed(code, says) | Outcome::Retrying(code, says) => {
            let retrying = matches!(row.outcome, Outcome::Retrying(..));
            let state_ok = if retrying { matches!(job.state, JobState::Submitted | JobState::Processing) } else { job.state == JobState::Failed };
            if !state_ok {
                failures.push(format!("should be {}, is {} ({shown})", if retrying { "still followed" } else { "failed" }, job.state));
            }
            if job.last_error_code.map(kling_api::ErrorCode::as_str) != Some(code) || !shown.contains(says) {
                failures.push(format!("shows {:?} {shown:?}; expected {code:?} saying {says:?}", job.last_error_code));
            }
            if shown.contains('\n') || shown.contains("{ ") || shown.contains(SK) {
                failures.push(format!("the message is not one plain, secret-free line: {shown:?}"));
            }
            if !library.query(&Default::default()).unwrap().items.is_empty() {
                failures.push("something was filed in the library".into());
            }
        }
    }
    // Nothing outside the library, nothing half-downloaded, one task only.
    let beside: Vec<_> = std::fs::read_dir(parent.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    if beside != ["library"] {
        failures.push(format!("files beside the library: {beside:?}"));
    }
    let stray: Vec<_> =
        files_below(library.root()).into_iter().filter(|p| p.to_string_lossy().contains("escape") || p.extension().is_some_and(|e| e == "part")).collect();
    if !stray.is_empty() {
        failures.push(format!("stray files in the library: {stray:?}"));
    }
    if job.state.is_finished() && std::fs::read_dir(library.tmp_dir()).unwrap().next().is_some() {
        failures.push("partial files left in the library's tmp folder".into());
    }
    if sim.task_count() != 1 {
        failures.push(format!("{} tasks were created, not 1", sim.task_count()));
    }

    // Loses nothing: an honest server again, and the same job ends filed under its own prompt.
    sim.update(|c| c.hostile = None);
    if job.state == JobState::Failed {
        engine.retry(&id).unwrap();
    }
    let job = drive(&engine, &id, |job| job.state.is_finished()).await;
    let expected = match row.kind {
        Kind::Image => 2,
        Kind::Video => 1,
    };
    if job.state != JobState::Done || job.item_ids.len() != expected {
        failures.push(format!("once the server is honest the job should be filed, is {} with {} items ({:?})", job.state, job.item_ids.len(), job.last_error));
    }
    for item in &job.item_ids {
        let item = library.get(item).unwrap();
        let inside = library.absolute(&item.rel_path).is_ok_and(|path| path.starts_with(library.root()) && path.is_file());
        if item.prompt != prompt || !inside || item.rel_path.contains("escape") {
            failures.push(format!("filed as {:?} with prompt {:?}", item.rel_path, item.prompt));
        }
    }
    if std::fs::read_dir(library.tmp_dir()).unwrap().next().is_some() {
        failures.push("partial files left once filed".into());
    }
    failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_answers_are_refused_clearly_and_lose_nothing() {
    let escapes_before = escapes_in_temp();
    let rows = rows();
    let mut failures = Vec::new();
    for row in &rows {
        for failure in check(row).await {
            failures.push(format!("{:?} / {:?} job: {failure}", row.mode, row.kind));
        }
    }
    assert_eq!(escapes_in_temp(), escapes_before, "a hostile name climbed out into the temp folder");
    assert!(failures.is_empty(), "{} problems in {} rows:\n{}", failures.len(), rows.len(), failures.join("\n"));
}
