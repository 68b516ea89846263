//! Found by the soak (crates/bench/src/soak): when picture creates carried no id of ours, a job
//! left `submitting` by a kill found its task by order, and two lost answers could make two jobs
//! swap tasks. Since 2026 picture creates carry an external id (addendum §4): a lost job finds its
//! own task by it, whatever the order, and picture creates go out in parallel. Leases order the
//! steps here, so no timing decides the outcome.

use kling_api::{ClientConfig, Credentials, ImageRequest, KlingClient, RetryPolicy};
use kling_sim::{Sim, SimConfig};
use std::sync::Arc;
use std::time::Duration;
use studio::{Engine, EngineConfig, JobState, Library, NewJob};

const AK: &str = "recovery-ak";
const SK: &str = "recovery-sk";

/// An engine whose jobs stay its own for `lease`, and whose client, after a lost answer, waits
/// long before looking the task up: the kill below always lands in that wait.
fn engine(sim: &Sim, library: &Arc<Library>, lease: Duration) -> Engine {
    let mut config = ClientConfig::new(sim.url(), Credentials::new(AK, SK));
    config.retry = RetryPolicy { max_retries: 3, base_delay: Duration::from_secs(3), max_delay: Duration::from_secs(3) };
    Engine::new(library.clone(), KlingClient::new(config).unwrap(), EngineConfig { lease, ..EngineConfig::fast() })
}

/// Runs `engine` until the emulator holds `tasks` tasks (the last create's answer is being
/// lost), then kills it.
async fn run_until_tasks_then_kill(engine: Engine, sim: &Sim, tasks: usize) {
    let runner = tokio::spawn(async move { engine.run(std::future::pending()).await });
    for _ in 0..3000 {
        if sim.task_count() >= tasks {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(sim.task_count(), tasks, "the create reached the emulator");
    runner.abort();
    let _ = runner.await;
}

fn image_job(prompt: &str) -> NewJob {
    NewJob::Image { request: ImageRequest::new(prompt), image: None }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn image_jobs_recovered_after_kills_keep_their_own_tasks() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path().join("library")).unwrap());
    let short = Duration::from_millis(300);

    // The older job, held back by its enqueuer's lease while the younger one is sent first.
    let older = engine(&sim, &library, short).enqueue(image_job("the older job's prompt")).unwrap();
    let first = engine(&sim, &library, Duration::from_secs(8));
    let younger = first.enqueue(image_job("the younger job's prompt")).unwrap();
    sim.drop_next_answers(1);
    run_until_tasks_then_kill(first, &sim, 1).await; // the younger job keeps its 8 s lease

    tokio::time::sleep(short * 2).await; // the older job's lease has run out
    sim.drop_next_answers(1);
    run_until_tasks_then_kill(engine(&sim, &library, short), &sim, 2).await;

    // Both jobs are `submitting`, both tasks unknown to the library; the older job recovers first.
    tokio::time::sleep(short * 2).await;
    let last = engine(&sim, &library, short);
    let ids = [older.id.clone(), younger.id.clone()];
    let jobs = tokio::time::timeout(Duration::from_secs(60), last.run_until_finished(&ids)).await.expect("jobs finish").unwrap();
    assert_eq!(sim.task_count(), 2, "nothing was sent twice");
    let tasks = sim.tasks();
    for job in &jobs {
        let task = tasks.iter().find(|t| Some(&t.id) == job.task_id.as_ref()).expect("the job's task exists");
        assert_eq!(task.prompt, job.prompt(), "job {} follows a task made from another prompt", job.id);
    }
}

/// An image job whose create never reached Kling is left in doubt (the network failed); a younger
/// job's create goes out meanwhile (picture creates no longer wait for each other). The older job
/// asks for its task by its own external id, finds none, sends again, and each job ends with its
/// own task.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_picture_in_doubt_finds_its_own_task_by_its_external_id() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path().join("library")).unwrap());
    let quick = RetryPolicy { max_retries: 0, base_delay: Duration::from_millis(10), max_delay: Duration::from_millis(10) };

    // The older job's create fails on the network: whether Kling got it is unknown.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let mut config = ClientConfig::new(format!("http://{closed}"), Credentials::new(AK, SK));
    config.retry = quick.clone();
    let lease = Duration::from_millis(200);
    let config_unreachable = EngineConfig { lease, retry_base: Duration::from_secs(2), retry_max: Duration::from_secs(2), ..EngineConfig::fast() };
    let cut_off = Engine::new(library.clone(), KlingClient::new(config).unwrap(), config_unreachable);
    let older = cut_off.enqueue(image_job("the older job's prompt")).unwrap();
    let runner = tokio::spawn({
        let engine = cut_off.clone();
        async move { engine.run(std::future::pending()).await }
    });
    for _ in 0..500 {
        let job = cut_off.job(&older.id).unwrap();
        if job.state == JobState::Submitting && job.last_error.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    runner.abort();
    let _ = runner.await;
    assert_eq!(cut_off.job(&older.id).unwrap().state, JobState::Submitting, "the older job is in doubt");
    tokio::time::sleep(lease * 2).await;

    let mut config = ClientConfig::new(sim.url(), Credentials::new(AK, SK));
    config.retry = quick;
    let engine = Engine::new(library, KlingClient::new(config).unwrap(), EngineConfig { lease, ..EngineConfig::fast() });
    let younger = engine.enqueue(image_job("the younger job's prompt")).unwrap();
    let ids = [older.id.clone(), younger.id.clone()];
    let jobs = tokio::time::timeout(Duration::from_secs(60), engine.run_until_finished(&ids)).await.expect("jobs finish").unwrap();

    assert_eq!(sim.task_count(), 2, "one task per job");
    let tasks = sim.tasks();
    for job in &jobs {
        assert_eq!(job.state, JobState::Done, "{job:?}");
        let task = tasks.iter().find(|t| Some(&t.id) == job.task_id.as_ref()).expect("the job's task exists");
        assert_eq!(task.prompt, job.prompt(), "job {} follows a task made from another prompt", job.id);
    }
    // The older job asked for its task by its own id before sending again.
    let older_ext = older.external_task_id.clone().expect("pictures carry an external id");
    let asked = sim.requests().iter().any(|r| r.method == "GET" && r.query.as_deref().is_some_and(|q| q.contains(&format!("external_task_id={older_ext}"))));
    assert!(asked, "the look-up named the job's external id");
}
