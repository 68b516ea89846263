//! The engine's hard life: jobs arrive while engines are started and killed at random moments (a
//! task aborted at whatever await point it had reached, as a crash or a closed laptop would), each
//! new engine resuming what the dead one left in the same library. Meanwhile a sampler notes how
//! many jobs were in flight.

use super::jobs::PlannedJob;
use super::{Rig, SoakError};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use studio::{Engine, JobState};
use tokio::sync::watch;

/// How often the sampler looks at the queue.
const SAMPLE_EVERY: Duration = Duration::from_millis(50);

/// What the churn left: the jobs (in plan order), the engine that is to finish them, and counts.
pub struct Churned {
    pub ids: Vec<String>,
    pub survivor: Engine,
    pub kills: u32,
    pub sampler: Sampler,
}

pub async fn churn(rig: &Rig<'_>, planned: Arc<Vec<PlannedJob>>) -> Result<Churned, SoakError> {
    let started = Instant::now();
    let (current, newest) = watch::channel(rig.engine()?);
    let sampler = Sampler::start(rig.engine()?);
    let producer = tokio::spawn(produce(newest, planned, rig.plan.arrivals));
    let mut rng = fastrand::Rng::with_seed(rig.plan.seed.wrapping_add(1));
    let mut kills = 0;
    while started.elapsed() < rig.plan.churn {
        let engine = rig.engine()?;
        current.send_replace(engine.clone());
        let runner = tokio::spawn(async move { engine.run(std::future::pending()).await });
        tokio::time::sleep(Duration::from_millis(rng.u64(rig.plan.engine_life_ms.clone()))).await;
        runner.abort();
        match runner.await {
            Ok(Err(e)) => return Err(SoakError::Engine(e)),
            Err(e) if e.is_panic() => return Err(SoakError::Crashed(format!("an engine panicked: {e}"))),
            _ => kills += 1,
        }
    }
    // The survivor takes new jobs at once; jobs still arriving wait for its run.
    let survivor = rig.engine()?;
    current.send_replace(survivor.clone());
    let ids = producer.await.map_err(|e| SoakError::Crashed(format!("the job producer stopped: {e}")))??;
    Ok(Churned { ids, survivor, kills, sampler })
}

/// Enqueues the planned jobs evenly over `arrivals`, each on the newest engine (a dead one
/// included: its lease runs out and the next engine takes the job, as after a crash).
async fn produce(newest: watch::Receiver<Engine>, planned: Arc<Vec<PlannedJob>>, arrivals: Duration) -> Result<Vec<String>, SoakError> {
    let started = tokio::time::Instant::now();
    let gap = arrivals / planned.len().max(1) as u32;
    let mut ids = Vec::with_capacity(planned.len());
    for (i, job) in planned.iter().enumerate() {
        tokio::time::sleep_until(started + gap * i as u32).await;
        let engine = newest.borrow().clone();
        ids.push(engine.enqueue(job.new_job())?.id);
    }
    Ok(ids)
}

/// Watches the queue from its own engine handle (never run), for the report's load figures.
pub struct Sampler {
    most_in_flight: Arc<AtomicUsize>,
    most_waiting: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Sampler {
    fn start(observer: Engine) -> Self {
        let (most_in_flight, most_waiting) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (in_flight, waiting) = (most_in_flight.clone(), most_waiting.clone());
        let task = tokio::spawn(async move {
            loop {
                if let Ok(jobs) = observer.unfinished() {
                    let flying = jobs.iter().filter(|j| j.state != JobState::Queued).count();
                    in_flight.fetch_max(flying, Ordering::Relaxed);
                    waiting.fetch_max(jobs.len(), Ordering::Relaxed);
                }
                tokio::time::sleep(SAMPLE_EVERY).await;
            }
        });
        Self { most_in_flight, most_waiting, task }
    }

    /// Stops sampling: (most jobs in flight at once, most jobs unfinished at once).
    pub fn stop(self) -> (usize, usize) {
        self.task.abort();
        (self.most_in_flight.load(Ordering::Relaxed), self.most_waiting.load(Ordering::Relaxed))
    }
}
