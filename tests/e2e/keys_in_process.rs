//! Keys given in the environment stay in the app's process: the programs it starts (the file
//! manager through `xdg-open`, WebKit's own processes) do not inherit them.

use crate::harness::{serial, World, AK, SK};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
async fn keys_from_the_environment_reach_no_child_process() {
    let _one = serial().await;
    let mut world = World::new().await;
    world.env_keys = true;
    let dump = world.with_fake_opener();
    world.point_at_sim();
    let app = world.launch().await;

    // The keys from the environment are the ones in use…
    app.click("nav-settings").await;
    app.wait_until(
        "keys from the environment",
        "const s = document.querySelector('[data-testid=keys-status]'); return s && s.innerText.includes('e2e-ac') && s.innerText.includes('from KLING_ACCESS_KEY');",
        20,
    )
    .await;

    // …but the file manager the app opens sees none of them.
    app.click("open-library-folder").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    while !dump.exists() {
        if Instant::now() > deadline {
            let shot = app.screenshot("no-opener").await;
            panic!("the app did not start xdg-open within 15 s (screenshot: {})", shot.display());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let seen = std::fs::read_to_string(&dump).unwrap();
    assert!(seen.contains("KLING_LIBRARY="), "the dump is the app's environment: {seen}");
    assert!(!seen.lines().any(|l| l.starts_with("KLING_ACCESS_KEY=") || l.starts_with("KLING_SECRET_KEY=")), "a child inherited a key variable");
    assert!(!seen.contains(SK) && !seen.contains(AK), "a child's environment holds a key");

    // WebKit's processes, which the app starts for its window, hold no key either.
    let pid = app.app_pid().expect("the app runs");
    let children = std::process::Command::new("pgrep").args(["-P", &pid.to_string()]).output().unwrap();
    let children: Vec<String> = String::from_utf8_lossy(&children.stdout).lines().map(str::to_string).collect();
    assert!(!children.is_empty(), "the app runs WebKit's processes");
    for child in &children {
        let environ = std::fs::read(format!("/proc/{child}/environ")).unwrap_or_default();
        let environ = String::from_utf8_lossy(&environ);
        assert!(!environ.is_empty() && !environ.contains(SK), "the app's child {child} holds the secret key (or its environment is unreadable)");
    }

    // And the keys still work: a picture made with them.
    app.click("nav-create").await;
    app.fill("prompt", "a lighthouse at dusk").await;
    app.click("generate").await;
    app.newest_job_reaches("done", 60).await;
    app.close().await;
    assert!(app_left_no_key(&world), "settings or library hold the secret key");
}

/// Nothing the app wrote holds the secret key.
fn app_left_no_key(world: &World) -> bool {
    fn walk(dir: &std::path::Path) -> bool {
        std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(Result::ok).all(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        walk(&p)
                    } else {
                        !std::fs::read(&p).unwrap_or_default().windows(SK.len()).any(|w| w == SK.as_bytes())
                    }
                })
            })
            .unwrap_or(true)
    }
    walk(world.dir.path())
}
