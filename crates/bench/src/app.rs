//! The desktop app against a bare Tauri hello-world built the same way: time from launch to the
//! first interactive frame (both print READY from their page's second animation frame), and idle
//! memory (proportional set size of the app and its WebKit processes) five seconds later.
//! Runs on the current DISPLAY (scripts/bench.sh starts Xvfb); each run starts with empty
//! settings and library (Kling Studio as a newcomer sees it: sandbox, empty library) and warm
//! font/WebKit caches (after one uncounted run).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Sample {
    ready: Duration,
    pss_kib: u64,
}

fn descendants(pid: u32) -> Vec<u32> {
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() {
        let parent = all[i];
        if let Ok(entries) = std::fs::read_dir("/proc") {
            for entry in entries.flatten() {
                let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
                let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
                // The parent pid is the second field after the parenthesised command name.
                let ppid = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)).and_then(|p| p.parse::<u32>().ok());
                if ppid == Some(parent) && !all.contains(&child) {
                    all.push(child);
                }
            }
        }
        i += 1;
    }
    all
}

fn pss_kib(pid: u32) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    text.lines().find(|l| l.starts_with("Pss:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn run_once(binary: &Path, scratch: &Path) -> Sample {
    // Settings, data and library start empty every run (a newcomer's first start); home and
    // caches (fonts, WebKit) are kept, warm after the uncounted first run, as on a desktop.
    for sub in ["config", "data", "library"] {
        let _ = std::fs::remove_dir_all(scratch.join(sub));
    }
    for sub in ["home", "config", "data", "cache", "library"] {
        std::fs::create_dir_all(scratch.join(sub)).unwrap();
    }
    let start = Instant::now();
    let mut child = Command::new(binary)
        .env("KLING_BENCH", "1")
        .env("HOME", scratch.join("home"))
        .env("XDG_CONFIG_HOME", scratch.join("config"))
        .env("XDG_DATA_HOME", scratch.join("data"))
        .env("XDG_CACHE_HOME", scratch.join("cache"))
        .env("KLING_LIBRARY", scratch.join("library"))
        .env("KLING_KEYCHAIN_SERVICE", "kling-studio-bench")
        .env_remove("KLING_ACCESS_KEY")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
    let stdout = child.stdout.take().unwrap();
    let mut ready = None;
    for line in BufReader::new(stdout).lines() {
        if line.map(|l| l.trim() == "READY").unwrap_or(false) {
            ready = Some(start.elapsed());
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    let ready = ready.unwrap_or_else(|| panic!("{} never printed READY", binary.display()));
    std::thread::sleep(Duration::from_secs(5));
    let pids = descendants(child.id());
    let pss = pids.iter().map(|p| pss_kib(*p)).sum();
    for pid in pids.iter().rev() {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
    let _ = child.wait();
    std::thread::sleep(Duration::from_millis(500));
    Sample { ready, pss_kib: pss }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

pub fn run(studio: PathBuf, hello: PathBuf, runs: usize) {
    let scratch = std::env::temp_dir().join(format!("kling-bench-app-{}", std::process::id()));
    let mut results: Vec<(&str, Vec<Sample>)> = vec![("Kling Studio", Vec::new()), ("hello-world", Vec::new())];
    // One uncounted run each warms the caches; then interleaved, so both see the same machine.
    run_once(&studio, &scratch.join("studio"));
    run_once(&hello, &scratch.join("hello"));
    for _ in 0..runs {
        results[0].1.push(run_once(&studio, &scratch.join("studio")));
        results[1].1.push(run_once(&hello, &scratch.join("hello")));
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!("\n## App start-up and idle memory ({runs} interleaved runs, medians)\n");
    println!("| app | launch → first interactive frame | idle PSS, app + WebKit processes |");
    println!("|---|---|---|");
    let mut figures = Vec::new();
    for (name, samples) in &results {
        let ready = median(samples.iter().map(|s| s.ready.as_secs_f64() * 1000.0).collect());
        let pss = median(samples.iter().map(|s| s.pss_kib as f64 / 1024.0).collect());
        println!("| {name} | {ready:.0} ms | {pss:.1} MiB |");
        figures.push((ready, pss));
    }
    println!("\nratio (Kling Studio / hello-world): start-up {:.2}, memory {:.2}", figures[0].0 / figures[1].0, figures[0].1 / figures[1].1);
}
