//! `studio-bench library|thumbnails|download|polling|burst|soak|all`: measurements for BENCHMARKS.md.
//! Build with --release; scripts/bench.sh installs the peers (vipsthumbnail, curl) and runs all.

mod app;
mod burst;
mod download;
mod library;
mod polling;
mod soak_command;
mod thumbnails;

use std::time::{Duration, Instant};

pub fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let all = what == "all";
    if all || what == "library" {
        library::run(10_000);
        library::run(100_000);
    }
    if all || what == "thumbnails" {
        thumbnails::run(1000);
    }
    if all || what == "download" {
        download::run(200 * 1024 * 1024).await;
    }
    if all || what == "polling" {
        polling::run(20).await;
    }
    if all || what == "burst" {
        burst::run(12).await;
    }
    // `studio-bench soak [--jobs N] [--minutes M] [--seed S]`: minutes of jobs, faults and kills.
    if all || what == "soak" {
        soak_command::run(std::env::args().skip(2)).await;
    }
    // `studio-bench app STUDIO_BINARY HELLO_BINARY`: needs a display (scripts/bench.sh app).
    if what == "app" {
        let mut args = std::env::args().skip(2).map(std::path::PathBuf::from);
        let (studio, hello) = (args.next().expect("the Kling Studio binary"), args.next().expect("the hello-world binary"));
        tokio::task::spawn_blocking(move || app::run(studio, hello, 5)).await.unwrap();
    }
}
