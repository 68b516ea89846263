//! Keys stay in the process (issue 12, item 4): KLING_ACCESS_KEY and KLING_SECRET_KEY are taken
//! out of the environment when the app or `kling` starts, so a child process (a file manager,
//! `xdg-open`, a dialog) sees no key, while the session still uses them, first as before.
//!
//! Changing a test process's environment would race the other tests' threads, so the test runs
//! this same binary again with the keys set, as `main` would start: there it captures the keys,
//! starts a child, and reports what the child saw.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use studio::session::{capture_process_keys, find_keys, KeySource, SessionEnv};

const CHILD: &str = "KLING_KEYS_TEST_CHILD";
const AK: &str = "ak-stays-inside";
const SK: &str = "sk-stays-inside-never-inherited";

#[test]
fn a_child_started_after_capture_sees_no_key() {
    if std::env::var_os(CHILD).is_some() {
        return child_side();
    }
    let me = std::env::current_exe().unwrap();
    let mut run = Command::new(me)
        .args(["--exact", "a_child_started_after_capture_sees_no_key", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env("KLING_ACCESS_KEY", AK)
        .env("KLING_SECRET_KEY", SK)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = run.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = run.kill();
            panic!("the re-run did not end within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = run.wait_with_output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(status.success(), "{said}");
    assert!(said.contains("child saw: [unset] [unset]"), "the child inherited a key: {said}");
    assert!(said.contains("the session uses the keys from the environment"), "{said}");
}

/// The re-run: what `main` does first, then a child, as the app starts `xdg-open`.
fn child_side() {
    capture_process_keys();
    assert!(std::env::var_os("KLING_ACCESS_KEY").is_none() && std::env::var_os("KLING_SECRET_KEY").is_none(), "gone from this process's environment");
    let child =
        Command::new("sh").args(["-c", r#"echo "child saw: [${KLING_ACCESS_KEY-unset}] [${KLING_SECRET_KEY-unset}]"; env"#]).stdin(Stdio::null()).output().unwrap();
    let seen = String::from_utf8_lossy(&child.stdout);
    assert!(!seen.contains(SK) && !seen.contains(AK), "the child's environment holds a key: {seen}");
    println!("{}", seen.lines().next().unwrap_or_default());

    // The session still takes them from the environment, first, and whole.
    let env = SessionEnv::from_process();
    assert_eq!(env.access_key.as_deref(), Some(AK));
    let found = find_keys(&env, None, &keychain::MemoryKeyStore::new()).unwrap().unwrap();
    assert_eq!(found.source, KeySource::Environment);
    assert_eq!(found.keys.access_key, AK);
    assert_eq!(secrecy::ExposeSecret::expose_secret(&found.keys.secret_key), SK);
    // A second capture (the session reads again later) still has them.
    assert!(capture_process_keys().secret_key.is_some());
    println!("the session uses the keys from the environment");
}
