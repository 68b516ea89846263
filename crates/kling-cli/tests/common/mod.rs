//! What the `kling` tests share: the real binary with a clean environment, a throwaway library
//! per run, and the emulator on loopback.
#![allow(dead_code)] // each test binary uses its own share of these

use kling_sim::{Sim, SimConfig};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const AK: &str = "test-access-key";
pub const SK: &str = "test-secret-key-do-not-leak";

pub async fn sim() -> Sim {
    Sim::start(SimConfig::fast(AK, SK)).await.expect("emulator starts")
}

/// `kling` with keys in the environment, pointed at the emulator, polling quickly.
pub fn kling(sim: &Sim) -> Command {
    let mut cmd = bare_kling();
    cmd.env("KLING_API_BASE", sim.url()).env("KLING_ACCESS_KEY", AK).env("KLING_SECRET_KEY", SK);
    cmd
}

/// `kling` with none of the user's KLING_* settings and a throwaway keychain entry name.
pub fn bare_kling() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kling"));
    for (key, _) in std::env::vars() {
        if key.starts_with("KLING_") && key != "KLING_TEST_KEYRING" {
            cmd.env_remove(key);
        }
    }
    cmd.env("KLING_POLL_INTERVAL_MS", "40")
        .env("KLING_KEYCHAIN_SERVICE", format!("kling-cli-test-{}", std::process::id()))
        .env("KLING_LIBRARY", fresh_library())
        .stdin(Stdio::null());
    cmd
}

/// A library folder of its own for each run, so tests never touch a person's Pictures folder.
pub fn fresh_library() -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("kling-cli-test-{}", std::process::id())).join(format!("library-{n}"))
}

pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("kling runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains(SK) && !String::from_utf8_lossy(&out.stdout).contains(SK), "secret key leaked");
    out
}

pub fn json_of(out: &Output) -> Value {
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or_else(|| panic!("no stdout; stderr: {}", String::from_utf8_lossy(&out.stderr)));
    assert!(lines.next().is_none(), "--json prints exactly one object: {text}");
    serde_json::from_str(first).expect("stdout is JSON")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn write_png(dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
    let path = dir.join(name);
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])).save(&path).unwrap();
    path
}

pub fn files_of(v: &Value) -> Vec<PathBuf> {
    v["files"].as_array().expect("files array").iter().map(|f| PathBuf::from(f.as_str().unwrap())).collect()
}

pub fn create_posts(sim: &Sim) -> usize {
    sim.requests().iter().filter(|r| r.method == "POST").count()
}

/// Like `run`, but a run that takes longer than `limit` is killed and fails the test.
pub fn run_within(cmd: &mut Command, limit: std::time::Duration) -> Output {
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("kling starts");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(limit) {
        Ok(out) => out.expect("kling runs"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("kling did not finish within {limit:?}");
        }
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains(SK) && !String::from_utf8_lossy(&out.stdout).contains(SK), "secret key leaked");
    out
}

/// `kling` on the emulator, every command of a test on the same library.
pub fn kling_in(sim: &Sim, library: &Path) -> Command {
    let mut cmd = kling(sim);
    cmd.env("KLING_LIBRARY", library);
    cmd
}

/// The JSON a successful run printed; a failure shows its exit code and stderr.
#[track_caller]
pub fn ok(out: Output) -> Value {
    assert!(out.status.success(), "exit {:?}: {}", out.status.code(), stderr(&out));
    json_of(&out)
}

/// Runs each command line and expects it refused (exit 2) with a message holding its words; then
/// that nothing was sent to the emulator and nothing was queued in `library`.
pub fn each_refused_with_nothing_sent(sim: &Sim, library: &Path, cases: &[(Vec<&str>, Vec<&str>)]) {
    let limit = std::time::Duration::from_secs(90);
    for (args, says) in cases {
        let out = run_within(kling_in(sim, library).args(args), limit);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let message = stderr(&out);
        for words in says {
            assert!(message.contains(words), "{args:?}: {message:?} should say {words:?}");
        }
    }
    assert_eq!(create_posts(sim), 0, "nothing sent");
    let v = ok(run_within(kling_in(sim, library).args(["--json", "resume"]), limit));
    assert_eq!(v["jobs"], serde_json::json!([]), "nothing queued: {v}");
}
