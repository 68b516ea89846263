//! HTTP requests per finished task with N video tasks in flight: the engine (adaptive polling,
//! list endpoint) against naive polling of each task every 2 seconds. Both run on the same
//! emulator clock scaled down 20× (a 45 s video takes 2.25 s; "every 2 s" becomes every 100 ms).

use kling_api::{ClientConfig, Credentials, KlingClient, TaskKind, TextToVideoRequest};
use kling_sim::{Sim, SimConfig};
use std::sync::Arc;
use std::time::Duration;
use studio::{Engine, EngineConfig, Library, NewJob};

const SCALE: f64 = 0.05;

fn api_requests(sim: &Sim) -> usize {
    sim.requests().iter().filter(|r| !r.path.starts_with("/media/")).count()
}

async fn scaled_sim() -> Sim {
    let mut config = SimConfig::new("ak", "sk");
    config.concurrency.video = 100;
    config.credits.video_units = 10_000.0;
    config.timing.video_submitted = config.timing.video_submitted.mul_f64(SCALE);
    config.timing.video_processing = config.timing.video_processing.mul_f64(SCALE);
    Sim::start(config).await.unwrap()
}

pub async fn run(n: usize) {
    // The engine.
    let sim = scaled_sim().await;
    let client = KlingClient::new(ClientConfig::new(sim.url(), Credentials::new("ak", "sk"))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path()).unwrap());
    let config = EngineConfig { concurrency: n as u32, poll: studio::engine::PollPolicy::scaled(SCALE), ..EngineConfig::default() };
    let engine = Engine::new(library, client.clone(), config);
    let ids: Vec<String> = (0..n).map(|i| engine.enqueue(NewJob::TextToVideo { request: TextToVideoRequest::new(format!("clip {i}")) }).unwrap().id).collect();
    engine.run_until_finished(&ids).await.unwrap();
    let engine_requests = api_requests(&sim);

    // Naive: every task on its own, every 2 s (scaled).
    let sim = scaled_sim().await;
    let client = KlingClient::new(ClientConfig::new(sim.url(), Credentials::new("ak", "sk"))).unwrap();
    let mut tasks = Vec::new();
    for i in 0..n {
        tasks.push(client.create_text_to_video(&TextToVideoRequest::new(format!("clip {i}"))).await.unwrap().task_id);
    }
    let polls: Vec<_> = tasks
        .into_iter()
        .map(|id| {
            let client = client.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_secs(2).mul_f64(SCALE)).await;
                    if client.get_task(TaskKind::TextToVideo, &id).await.unwrap().is_finished() {
                        break;
                    }
                }
            })
        })
        .collect();
    for poll in polls {
        poll.await.unwrap();
    }
    let naive_requests = api_requests(&sim);
    println!(
        "polling {n} videos in flight (~45 s each, clock scaled {}x): engine {:.2} requests/task | naive 2 s polling {:.2} requests/task | ratio {:.2}",
        (1.0 / SCALE) as u32,
        engine_requests as f64 / n as f64,
        naive_requests as f64 / n as f64,
        engine_requests as f64 / naive_requests as f64
    );
}
