//! Runs against a real Secret Service. The test script starts gnome-keyring in a private D-Bus
//! session and sets KLING_TEST_KEYRING=1; without it these tests say so and do nothing, because a
//! developer's own keyring must never be written by a test.

use keychain::{KeyStore, KeychainError, OsKeychain, StoredKeys};
use secrecy::ExposeSecret;

fn keyring_available() -> bool {
    if std::env::var("KLING_TEST_KEYRING").as_deref() == Ok("1") {
        return true;
    }
    eprintln!("skipped: set KLING_TEST_KEYRING=1 inside a throwaway Secret Service (scripts/test.sh does)");
    false
}

#[test]
fn save_load_replace_delete_round_trip() {
    if !keyring_available() {
        return;
    }
    let store = OsKeychain::with_service(format!("kling-studio-test-{}", std::process::id()));
    assert!(store.load().unwrap().is_none(), "a fresh service holds nothing");

    store.save(&StoredKeys::new("ak-first", "sk-first")).unwrap();
    let got = store.load().unwrap().unwrap();
    assert_eq!(got.access_key, "ak-first");
    assert_eq!(got.secret_key.expose_secret(), "sk-first");

    store.save(&StoredKeys::new("ak-second", "sk-second")).unwrap();
    let got = store.load().unwrap().unwrap();
    assert_eq!(got.access_key, "ak-second");
    assert_eq!(got.secret_key.expose_secret(), "sk-second");

    store.delete().unwrap();
    assert!(store.load().unwrap().is_none());
    store.delete().expect("deleting nothing is fine");
}

#[test]
fn no_session_bus_is_reported_as_unavailable() {
    // With no D-Bus address at all, the Secret Service cannot be reached.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "probe_without_bus", "--nocapture", "--include-ignored"])
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/kling-test-bus")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("PROBE: keychain_unavailable"), "{text}");
}

#[test]
#[ignore = "run by no_session_bus_is_reported_as_unavailable in a child process"]
fn probe_without_bus() {
    let store = OsKeychain::with_service("kling-studio-probe");
    match store.load() {
        Err(e @ KeychainError::Unavailable { .. }) => {
            assert!(e.to_string().contains("KLING_ACCESS_KEY"));
            println!("PROBE: {}", e.code());
        }
        other => println!("PROBE: unexpected {other:?}"),
    }
}
