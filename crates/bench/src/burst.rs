//! Picture creates in a burst: N picture jobs at once, each create answered after a delay (a
//! loaded API). Until picture creates carried an external id, a lost answer could only be found by
//! time, so the client sent one picture create at a time; now each is found by its own id and they
//! go out together. Side by side on one emulator: the same creates one after another (the old
//! way), all at once through the client, and through the engine (queued to all submitted).

use kling_api::{ClientConfig, Credentials, ImageRequest, KlingClient};
use kling_sim::{Sim, SimConfig};
use std::sync::Arc;
use std::time::{Duration, Instant};
use studio::{Engine, EngineConfig, JobState, Library, NewJob};

const LATENCY_MS: u64 = 250;

async fn slow_sim() -> Sim {
    let mut config = SimConfig::fast("ak", "sk");
    config.concurrency.image = 1000;
    config.credits.image_units = 1e9;
    // Every API answer takes LATENCY_MS (the emulator's "slow answer" fault, always on).
    config.faults.slow_rate = 1.0;
    config.faults.slow_ms = LATENCY_MS;
    Sim::start(config).await.unwrap()
}

fn picture(i: usize) -> ImageRequest {
    ImageRequest { model_name: "kling-v3".into(), ..ImageRequest::new(format!("picture {i}")) }
}

pub async fn run(n: usize) {
    let sim = slow_sim().await;
    let client = KlingClient::new(ClientConfig::new(sim.url(), Credentials::new("ak", "sk"))).unwrap();
    let start = Instant::now();
    for i in 0..n {
        client.create_image(&picture(i)).await.unwrap();
    }
    let one_at_a_time = start.elapsed();

    let start = Instant::now();
    let creates = (0..n).map(|i| {
        let client = client.clone();
        tokio::spawn(async move { client.create_image(&picture(n + i)).await.unwrap() })
    });
    for create in creates.collect::<Vec<_>>() {
        create.await.unwrap();
    }
    let together = start.elapsed();

    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path()).unwrap());
    let engine = Engine::new(library, client.clone(), EngineConfig { concurrency: (n * 2) as u32, ..EngineConfig::fast() });
    let ids: Vec<String> = (0..n).map(|i| engine.enqueue(NewJob::Image { request: picture(2 * n + i), image: None }).unwrap().id).collect();
    let start = Instant::now();
    let runner = tokio::spawn({
        let engine = engine.clone();
        async move { engine.run(std::future::pending()).await }
    });
    while ids.iter().any(|id| engine.job(id).unwrap().task_id.is_none()) {
        assert!(start.elapsed() < Duration::from_secs(120), "the engine's burst did not finish");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let engine_burst = start.elapsed();
    runner.abort();
    let _ = runner.await;
    let states: Vec<JobState> = ids.iter().map(|id| engine.job(id).unwrap().state).collect();
    assert!(states.iter().all(|s| *s != JobState::Failed), "{states:?}");

    let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
    println!("burst: {n} picture creates, each answered after {LATENCY_MS} ms");
    println!("| | time until every create is answered |");
    println!("|---|---|");
    println!("| one at a time (the client before picture external ids) | {} |", ms(one_at_a_time));
    println!("| all at once (the client now) | {} |", ms(together));
    println!("| through the engine, queued to all submitted (now) | {} |", ms(engine_burst));
}
