//! Soak: hundreds of jobs of twelve kinds through the emulator with every fault on, while the
//! engine is killed and restarted at random; then proof that nothing was lost or duplicated.
//!
//! One driver for both versions: `studio-bench soak` (minutes, hundreds of jobs) and the short CI
//! test (`crates/bench/tests/soak.rs`) call `run` with a different `SoakPlan`. It lives in the
//! bench crate's library rather than in `studio` so the product crate carries neither the emulator
//! nor test scaffolding (not even behind a feature a plain `cargo test -p studio` would skip).
//!
//! "Survived" means: every job finishes; each job meant to succeed is done, each meant to fail
//! (its prompt makes the emulator fail the task) is failed with `task_failed`. A job may fail on
//! the way only with the clear, retryable `download` error (links that kept lapsing or breaking
//! through a storm); it is then retried, as a person would, and must end done from the same task.
//! Nothing else counts as surviving, and each fault must have fired at least once.

mod check;
mod churn;
mod jobs;
mod plan;
mod report;

pub use check::Violation;
pub use plan::{SoakPlan, FAILING_WORD};
pub use report::{FaultRow, KindFigures, Report};

use jobs::PlannedJob;
use kling_api::{ClientConfig, Credentials, KlingClient, KlingError};
use kling_sim::Sim;
use std::sync::Arc;
use std::time::{Duration, Instant};
use studio::{Engine, EngineError, Job, JobState, Library, LibraryError};
use thiserror::Error;

/// The only failure a soak job may meet on its way and be retried from.
const RETRYABLE_CODE: kling_api::ErrorCode = kling_api::ErrorCode::Download;
/// Slow answers are late, not lost: well within this.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(20);

/// The soak could not be run (as opposed to `Violation`: it ran and something was lost).
#[derive(Debug, Error)]
pub enum SoakError {
    #[error("cannot start the emulator: {0}")]
    Sim(std::io::Error),
    #[error("cannot set up the soak: {0}")]
    Setup(String),
    #[error(transparent)]
    Library(#[from] LibraryError),
    #[error("the engine stopped: {0}")]
    Engine(#[from] EngineError),
    #[error("cannot make an API client: {0}")]
    Client(#[from] KlingError),
    #[error("{0}")]
    Crashed(String),
}

/// A soak's figures and whatever it found wrong (empty when everything held).
pub struct Outcome {
    pub report: Report,
    pub violations: Vec<Violation>,
}

/// What every part of a soak shares: the plan, the emulator, the library.
pub struct Rig<'a> {
    pub plan: &'a SoakPlan,
    pub sim: Sim,
    pub library: Arc<Library>,
}

impl Rig<'_> {
    /// A new engine with its own client, as a restarted app would have.
    pub fn engine(&self) -> Result<Engine, SoakError> {
        let mut config = ClientConfig::new(self.sim.url(), Credentials::new(&self.plan.sim.access_key, &self.plan.sim.secret_key));
        config.retry = self.plan.client_retry.clone();
        config.timeout = CLIENT_TIMEOUT;
        Ok(Engine::new(self.library.clone(), KlingClient::new(config)?, self.plan.engine.clone()))
    }
}

pub async fn run(plan: &SoakPlan) -> Result<Outcome, SoakError> {
    let started = Instant::now();
    let dir = tempfile::tempdir().map_err(|e| SoakError::Setup(format!("no temporary folder: {e}")))?;
    let sim = Sim::start(plan.sim.clone()).await.map_err(SoakError::Sim)?;
    let rig = Rig { plan, sim, library: Arc::new(Library::open(dir.path().join("library"))?) };
    let planned = Arc::new(jobs::plan_jobs(plan, &jobs::write_stills(dir.path())?));

    let churned = churn::churn(&rig, planned.clone()).await?;
    let engine = &churned.survivor;
    drain(engine, &churned.ids, plan.drain_limit).await?;
    let retried = retry_clear_failures(engine, &churned.ids, &planned, plan).await?;
    let wall = started.elapsed();
    let (most_in_flight, most_unfinished) = churned.sampler.stop();

    let jobs: Vec<Job> = churned.ids.iter().map(|id| engine.job(id)).collect::<Result<_, _>>()?;
    let checked = check::check(&rig, &planned, &jobs)?;
    let requests = rig.sim.requests();
    let media_requests = requests.iter().filter(|r| r.path.starts_with("/media/")).count();
    let report = Report {
        seed: plan.seed,
        kinds: figures(&planned, &checked.made_by, &jobs, &retried),
        wrong_tasks: checked.wrong_tasks,
        faults: report::fault_rows(&plan.sim.faults, &rig.sim.fault_counts()),
        counts: rig.sim.fault_counts(),
        kills: churned.kills,
        wall,
        most_in_flight,
        most_unfinished,
        tasks: rig.sim.task_count(),
        api_requests: requests.iter().filter(|r| !r.path.starts_with("/__sim/")).count() - media_requests,
        media_requests,
    };
    rig.sim.shutdown().await;
    Ok(Outcome { report, violations: checked.violations })
}

/// Runs the survivor until the jobs finish. The limit is a safety net: jobs still unfinished
/// after it are reported by the checks, not waited for.
async fn drain(engine: &Engine, ids: &[String], limit: Duration) -> Result<(), SoakError> {
    match tokio::time::timeout(limit, engine.run_until_finished(ids)).await {
        Ok(Err(e)) => Err(e.into()),
        Ok(Ok(_)) | Err(_) => Ok(()),
    }
}

/// Retries jobs that failed clearly while downloading, a few rounds at most. Returns their ids.
async fn retry_clear_failures(engine: &Engine, ids: &[String], planned: &[PlannedJob], plan: &SoakPlan) -> Result<Vec<String>, SoakError> {
    let mut retried = Vec::new();
    for _ in 0..plan.retry_rounds {
        let mut round = Vec::new();
        for (id, plan) in ids.iter().zip(planned) {
            if check::clearly_retryable(plan, &engine.job(id)?) {
                engine.retry(id)?;
                round.push(id.clone());
            }
        }
        if round.is_empty() {
            break;
        }
        drain(engine, &round, plan.drain_limit).await?;
        retried.extend(round);
    }
    Ok(retried)
}

/// Jobs by kind and end, each judged by the request that made its task (see `check`).
fn figures(planned: &[PlannedJob], made_by: &[usize], jobs: &[Job], retried: &[String]) -> Vec<(kling_api::TaskKind, KindFigures)> {
    jobs::KINDS
        .iter()
        .map(|kind| {
            let mut k = KindFigures::default();
            for (maker, job) in made_by.iter().map(|m| &planned[*m]).zip(jobs).filter(|(p, _)| p.kind == *kind) {
                k.jobs += 1;
                let done = job.state == JobState::Done;
                let failed_as_meant = maker.doomed && check::ended_as_planned(maker, job);
                k.done += done as usize;
                k.failed_as_meant += failed_as_meant as usize;
                k.failed_otherwise += (!done && !failed_as_meant) as usize;
                k.done_after_retry += (done && retried.contains(&job.id)) as usize;
                k.files += if done { job.item_ids.len() } else { 0 };
            }
            (*kind, k)
        })
        .collect()
}
