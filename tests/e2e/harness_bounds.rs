//! The harness itself: a WebDriver that stops answering fails the step within its bound, with a
//! screenshot, and leaves no process behind (a hung `set_window_rect` once held a run forever).

use crate::harness::{serial, World};
use keychain::KeyStore;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
async fn a_hung_webdriver_fails_the_step_and_is_killed() {
    let _one = serial().await;
    let world = World::new().await;
    world.preconfigure();
    let mut app = world.launch().await;
    let before = app.driver_processes();
    assert!(before.iter().any(|p| p.contains("WebKitWebDriver")) && before.iter().any(|p| p.contains("kling-studio")), "driver and app run: {before:?}");
    app.call_bound = Duration::from_secs(5);
    let pid = app.app_pid().expect("the app runs");
    app.freeze_driver();

    // The step runs in its own task so its failure (a panic) can be looked at here.
    let started = Instant::now();
    let step = tokio::spawn(async move {
        app.script("return 1 + 1;").await;
        app
    });
    let outcome = tokio::time::timeout(Duration::from_secs(60), step).await.expect("the step ended by itself, within its bound");
    let failure = match outcome {
        Ok(_) => panic!("a frozen WebDriver answered"),
        Err(e) => e.into_panic(),
    };
    let message = failure.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("did not answer within 5 s") && message.contains("screenshot"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(30), "failed after {:?}", started.elapsed());

    // Nothing of that session is left: not the driver, not WebKitWebDriver, not the app
    // (a killed process may linger a moment as a zombie until it is reaped: that counts as gone).
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let out = std::process::Command::new("ps").args(["-eo", "pid=,stat=,args="]).output().unwrap();
        let alive: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.split_whitespace().nth(1).is_some_and(|stat| !stat.starts_with('Z')))
            .filter(|l| l.contains("WebKitWebDriver") || l.contains(&format!("e2e-tag={}", world.tag)) || l.trim_start().starts_with(&format!("{pid} ")))
            .map(str::to_string)
            .collect();
        if alive.is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "left running after the hung step: {alive:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = world.keychain().delete();
}
