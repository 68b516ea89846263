//! Downloading a large file from the emulator: the client's streaming download against curl.

use crate::time;
use kling_api::{ClientConfig, Credentials, KlingClient};
use kling_sim::{Sim, SimConfig};
use std::process::Command;

pub async fn run(bytes: usize) {
    let sim = Sim::start(SimConfig::new("ak", "sk")).await.unwrap();
    let url = format!("{}/__sim/blob?bytes={bytes}", sim.url());
    let client = KlingClient::new(ClientConfig::new(sim.url(), Credentials::new("ak", "sk"))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut ours = Vec::new();
    let mut curl = Vec::new();
    for round in 0..3 {
        let dest = dir.path().join(format!("ours-{round}"));
        let start = std::time::Instant::now();
        client.download(&url, &dest).await.unwrap();
        ours.push(start.elapsed());
        let dest = dir.path().join(format!("curl-{round}"));
        let url = url.clone();
        let (status, took) = tokio::task::spawn_blocking(move || time(|| Command::new("curl").args(["-s", "-o"]).arg(&dest).arg(&url).status())).await.unwrap();
        if status.map(|s| s.success()).unwrap_or(false) {
            curl.push(took);
        }
    }
    ours.sort();
    curl.sort();
    let mb = bytes as f64 / (1024.0 * 1024.0);
    let rate = |d: std::time::Duration| mb / d.as_secs_f64();
    match curl.get(1) {
        Some(c) => println!(
            "download {mb:.0} MiB from the emulator (median of 3): kling-api {:.0} MiB/s | curl {:.0} MiB/s | ratio {:.2}",
            rate(ours[1]),
            rate(*c),
            rate(ours[1]) / rate(*c)
        ),
        None => println!("download {mb:.0} MiB: kling-api {:.0} MiB/s | curl not available", rate(ours[1])),
    }
}
