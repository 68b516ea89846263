//! One session setup, two faces: the same environment given to the real `kling` binary and to
//! the core function the desktop app opens its session from (`PlanInputs::app` →
//! `SessionPlan::resolve`) must lead to the same library folder and the same keys verdict.

use keychain::{KeyStore, MemoryKeyStore, StoredKeys};
use kling_api::GLOBAL_BASE_URL;
use std::path::{Path, PathBuf};
use std::time::Duration;
use studio::session::{PlanInputs, SandboxReason, SessionEnv, SessionPlan, ACCESS_KEY_VAR, LIBRARY_VAR};

mod common;

use common::*;

/// The app's plan for `vars` (the process environment it would see) and its saved settings.
fn app_plan(vars: &[(&str, &str)], default_library: &Path, sandbox_setting: bool, keychain: &dyn KeyStore) -> SessionPlan {
    let env = SessionEnv::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()), Some(default_library.to_path_buf()));
    // The app's defaults: no library folder chosen in Settings, the global host, 4 jobs at once.
    SessionPlan::resolve(&PlanInputs::app(env, None, sandbox_setting, GLOBAL_BASE_URL.into(), 4, None), keychain).expect("the app always gets a session")
}

#[test]
fn the_sandbox_library_is_the_same_folder_for_kling_and_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("Shared Library");
    let expected = dir.path().join("Shared Library (sandbox)");

    // `kling --sandbox` with KLING_LIBRARY: its built-in emulator, a real picture filed away.
    let out = run_within(bare_kling().env("KLING_LIBRARY", &chosen).args(["--sandbox", "--json", "image", "a fox", "--model", "kling-v1"]), Duration::from_secs(120));
    assert!(out.status.success(), "{}", stderr(&out));
    let cli_files = files_of(&json_of(&out));
    assert_eq!(cli_files.len(), 1, "{cli_files:?}");

    // The app with the same environment, sandbox chosen in Settings, and with no keys at all.
    let vars = [(LIBRARY_VAR, chosen.to_str().unwrap())];
    let default = dir.path().join("Pictures/Kling Studio");
    let chosen_plan = app_plan(&vars, &default, true, &MemoryKeyStore::new());
    let no_keys_plan = app_plan(&vars, &default, false, &MemoryKeyStore::new());
    assert_eq!(chosen_plan.sandbox, Some(SandboxReason::Chosen));
    assert_eq!(no_keys_plan.sandbox, Some(SandboxReason::NoKeys));

    for (what, plan) in [("sandbox chosen", &chosen_plan), ("no keys", &no_keys_plan)] {
        assert_eq!(plan.library_root, expected, "the app ({what})");
        for file in &cli_files {
            assert!(file.starts_with(&plan.library_root), "kling filed {} outside the app's sandbox library {} ({what})", file.display(), plan.library_root.display());
        }
    }
    assert!(studio::sandbox_task_file(&expected).is_file(), "kling's emulator kept its tasks where the app's looks for them");
    assert!(!chosen.exists(), "the sandbox wrote into the real library {}", chosen.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_key_variable_alone_is_refused_by_kling_and_by_the_app() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("Library");

    for json in [false, true] {
        let mut cmd = bare_kling();
        cmd.env("KLING_LIBRARY", &chosen).env("KLING_API_BASE", sim.url()).env(ACCESS_KEY_VAR, AK);
        if json {
            cmd.arg("--json");
        }
        let out = run_within(cmd.args(["image", "a fox"]), Duration::from_secs(60));
        assert_eq!(out.status.code(), Some(6), "the keys exit code: {}", stderr(&out));
        let cli_message = if json {
            let v = json_of(&out);
            assert_eq!(v["error"]["code"], "no_keys");
            v["error"]["message"].as_str().unwrap().to_string()
        } else {
            stderr(&out).trim().strip_prefix("error: ").expect("one error line").to_string()
        };

        // The app, same environment, good keys in its keychain: not used; the same words, sandbox until fixed.
        let keychain = MemoryKeyStore::new();
        keychain.save(&StoredKeys::new("AK-OTHER-ACCOUNT", "SK-OTHER-ACCOUNT")).unwrap();
        let plan = app_plan(&[(LIBRARY_VAR, chosen.to_str().unwrap()), (ACCESS_KEY_VAR, AK)], &dir.path().join("Pictures/Kling Studio"), false, &keychain);
        assert!(plan.keys.is_none(), "another account's keys were taken: {:?}", plan.keys);
        assert_eq!(plan.sandbox, Some(SandboxReason::NoKeys));
        let problem = plan.keys_problem.expect("the app names the problem");
        assert_eq!(problem.code(), kling_api::ErrorCode::NoKeys);
        assert_eq!(problem.to_string(), cli_message);
        assert!(cli_message.starts_with("KLING_ACCESS_KEY is set but KLING_SECRET_KEY is not: set both, or neither"), "{cli_message}");
        assert_eq!(plan.library_root, PathBuf::from(format!("{} (sandbox)", chosen.display())));
    }
    assert!(sim.requests().is_empty(), "kling called the API with half a key pair");
    assert!(!chosen.exists(), "kling touched the library before refusing");
}
