//! What a soak does: how many jobs, how fast they arrive, how often the engine dies, and which
//! faults the emulator injects. Two presets: a short one for CI and a long one for the bench.

use kling_api::RetryPolicy;
use kling_sim::{Faults, SimConfig, Timing};
use std::ops::Range;
use std::time::Duration;
use studio::EngineConfig;

/// A prompt containing it makes the emulator fail the task: those jobs must end failed, clearly.
pub const FAILING_WORD: &str = "failme";

#[derive(Clone, Debug)]
pub struct SoakPlan {
    pub jobs: usize,
    /// One job in this many is meant to fail at Kling, of each kind in turn (0: none). A multiple
    /// of the number of kinds, so that each block dooms another kind.
    pub doomed_every: usize,
    /// Jobs arrive spread over this long (with the engine dying and coming back meanwhile).
    pub arrivals: Duration,
    /// Engines are killed and restarted until this long after the start; then one runs to the end.
    pub churn: Duration,
    /// How long each engine lives before it is killed, drawn from this range (ms).
    pub engine_life_ms: Range<u64>,
    /// Seeds the job mix, the kill times and the emulator's faults.
    pub seed: u64,
    pub sim: SimConfig,
    pub engine: EngineConfig,
    pub client_retry: RetryPolicy,
    /// A safety net only, never the thing tested: a job still unfinished after this is reported.
    pub drain_limit: Duration,
    /// Rounds of retrying jobs that failed with a clear, retryable download error.
    pub retry_rounds: u32,
}

impl SoakPlan {
    /// The CI version: a few dozen jobs, every fault, several kills, seconds of work.
    pub fn short(seed: u64) -> Self {
        let mut sim = soak_sim(seed, 0.25);
        // A few hundred API requests in all: rates high enough that every fault fires.
        sim.faults.drop_rate = 0.15;
        sim.faults.truncate_rate = 0.15;
        sim.faults.storm_rate = 0.03;
        sim.faults.storm_ms = 250;
        Self {
            jobs: 144,
            doomed_every: 12,
            arrivals: Duration::from_secs(4),
            churn: Duration::from_secs(5),
            engine_life_ms: 150..900,
            seed,
            sim,
            engine: EngineConfig { concurrency: 12, lease: Duration::from_millis(400), ..EngineConfig::fast() },
            client_retry: quick_retry(),
            drain_limit: Duration::from_secs(180),
            retry_rounds: 3,
        }
    }

    /// The bench version: `jobs` jobs arriving over `minutes`, kills every few seconds.
    pub fn long(jobs: usize, minutes: f64, seed: u64) -> Self {
        let arrivals = Duration::from_secs_f64(minutes.max(0.1) * 60.0);
        // Four times slower tasks than the short plan: the account's slots (5 videos, 9 pictures)
        // become the bottleneck, so jobs queue, 1303s come from real limits too, many are in flight.
        let mut sim = soak_sim(seed, 1.0);
        sim.faults.storm_rate = 0.005;
        sim.faults.storm_ms = 800;
        Self {
            jobs,
            doomed_every: 24,
            arrivals,
            churn: arrivals + Duration::from_secs(5),
            engine_life_ms: 500..6_000,
            sim,
            drain_limit: Duration::from_secs(600),
            ..Self::short(seed)
        }
    }
}

/// The emulator for both: a clock scaled down (at `pace` 1, pictures take 1.2 s and videos 2.8 s
/// where the real API takes ~8 s and ~45 s), the account's real limits (slots, a rate limit),
/// ample credits, and every fault on. Storms are set by each preset (their share is per request).
fn soak_sim(seed: u64, pace: f64) -> SimConfig {
    let mut sim = SimConfig::fast("soak-ak", "soak-sk");
    let ms = |ms: f64| Duration::from_secs_f64(ms * pace / 1000.0);
    sim.timing = Timing { image_submitted: ms(200.0), image_processing: ms(1_000.0), video_submitted: ms(300.0), video_processing: ms(2_500.0) };
    sim.concurrency.video = 5;
    sim.concurrency.image = 9;
    sim.rate_limit_per_sec = Some(60);
    sim.credits.video_units = 1e9;
    sim.credits.image_units = 1e9;
    sim.credits.try_on_units = 1e9;
    sim.failing_word = Some(FAILING_WORD.into());
    sim.faults = Faults {
        server_error_rate: 0.05,
        slow_rate: 0.05,
        slow_ms: 150,
        drop_rate: 0.1,
        truncate_rate: 0.1,
        expired_link_rate: 0.2,
        seed,
        ..Faults::default()
    };
    sim
}

/// Retries on a scaled-down clock, like the engine's own fast settings.
fn quick_retry() -> RetryPolicy {
    RetryPolicy { max_retries: 3, base_delay: Duration::from_millis(10), max_delay: Duration::from_millis(60) }
}
