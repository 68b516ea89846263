fn main() {
    // The app's Rust sources live in src-tauri/ while the package root is the repository root,
    // so the capability files are named explicitly.
    let attributes = tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*");
    tauri_build::try_build(attributes).expect("tauri-build failed");
    record_commit();
}

/// The About box names the commit a build came from, so a bug report says what was running.
/// Outside a git checkout (a source tarball) there is none and the box leaves it out.
fn record_commit() {
    let head = std::path::Path::new(".git/logs/HEAD");
    if !head.exists() {
        return;
    }
    // Moves with every commit and checkout, so the recorded commit stays current.
    println!("cargo:rerun-if-changed=.git/logs/HEAD");
    let out = std::process::Command::new("git").args(["rev-parse", "--short=10", "HEAD"]).output().ok();
    if let Some(out) = out.filter(|o| o.status.success()) {
        println!("cargo:rustc-env=KLING_STUDIO_COMMIT={}", String::from_utf8_lossy(&out.stdout).trim());
    }
}
