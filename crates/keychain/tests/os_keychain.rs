//! Runs against a real Secret Service. The test script starts gnome-keyring in a private D-Bus
//! session, sets KLING_TEST_KEYRING=1 and runs the ignored `keyring_` tests; run elsewhere they
//! fail rather than write to a developer's own keyring.

use keychain::{KeyStore, KeychainError, OsKeychain, StoredKeys};
use secrecy::ExposeSecret;

fn require_throwaway_keyring() {
    let ok = std::env::var("KLING_TEST_KEYRING").as_deref() == Ok("1");
    assert!(ok, "needs a throwaway Secret Service with KLING_TEST_KEYRING=1: scripts/test.sh starts one and runs this test");
}

#[test]
#[ignore = "needs a throwaway Secret Service (gnome-keyring in a private D-Bus session): run by scripts/test.sh"]
fn keyring_save_load_replace_delete_round_trip() {
    require_throwaway_keyring();
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
