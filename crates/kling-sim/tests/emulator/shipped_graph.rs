//! The fault machinery stays out of what ships: the app (`kling-studio`) and `kling` (`kling-cli`)
//! depend on this crate without its `faults` feature. Asked of cargo itself (`cargo tree` over the
//! normal edges, as a release build of each package resolves them), so a manifest that turns the
//! feature on again, directly or through another crate, fails here.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Resolving the graph reads manifests only (no build); on a cold cache it may fetch them.
const PATIENCE: Duration = Duration::from_secs(300);

/// The kling-sim lines of `cargo tree -p package -e features,normal`: the crate itself and each
/// of its features the package's normal build turns on.
fn kling_sim_lines(package: &str) -> Vec<String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| env!("CARGO").into());
    let mut child = Command::new(cargo)
        .args(["tree", "--locked", "--prefix", "none", "-e", "features,normal", "-p", package, "--manifest-path"])
        .arg(&workspace)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cargo runs");
    // Read both pipes on their own threads, so a full pipe cannot stall cargo while we wait.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let (stdout, stderr) = (drain(Box::new(child.stdout.take().unwrap())), drain(Box::new(child.stderr.take().unwrap())));
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().expect("cargo tree can be waited for") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("cargo tree -p {package} took longer than {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    assert!(status.success(), "cargo tree -p {package} failed: {stderr}");
    let mut lines: Vec<String> = stdout.lines().filter(|l| l.starts_with("kling-sim ")).map(String::from).collect();
    lines.sort();
    lines.dedup();
    lines
}

fn has_feature(lines: &[String], feature: &str) -> bool {
    lines.iter().any(|l| l == &format!("kling-sim feature \"{feature}\""))
}

#[test]
fn the_app_and_kling_ship_the_emulator_without_its_faults() {
    for package in ["kling-studio", "kling-cli"] {
        let lines = kling_sim_lines(package);
        assert!(lines.iter().any(|l| l.starts_with("kling-sim v")), "{package} ships the sandbox's emulator: {lines:?}");
        assert!(!has_feature(&lines, "faults"), "{package}'s release build turns kling-sim's faults on: {lines:?}");
        assert!(!has_feature(&lines, "default"), "{package} takes kling-sim's default features, faults among them: {lines:?}");
    }
    // The same question answers yes where the feature is on (the benchmarks' soak), so the
    // answers above are not an artefact of how the tree is read.
    assert!(has_feature(&kling_sim_lines("bench"), "faults"));
}
