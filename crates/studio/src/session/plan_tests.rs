use super::*;
use crate::session::{KeySource, SessionError};
use keychain::KeychainError;
use secrecy::{ExposeSecret, SecretString};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A keychain that counts its reads, holding keys, nothing, or not answering.
struct Keyring {
    keys: Option<StoredKeys>,
    unavailable: bool,
    reads: AtomicUsize,
}

impl Keyring {
    fn new(state: Ring) -> Self {
        let keys = (state == Ring::HasKeys).then(|| StoredKeys::new("AK-KEYCHAIN", "SK-KEYCHAIN"));
        Self { keys, unavailable: state == Ring::Unavailable, reads: AtomicUsize::new(0) }
    }
}

impl KeyStore for Keyring {
    fn load(&self) -> Result<Option<StoredKeys>, KeychainError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        if self.unavailable {
            return Err(KeychainError::Unavailable { detail: "no Secret Service".into() });
        }
        Ok(self.keys.clone())
    }
    fn save(&self, _: &StoredKeys) -> Result<(), KeychainError> {
        unreachable!("a plan never writes keys")
    }
    fn delete(&self) -> Result<(), KeychainError> {
        unreachable!("a plan never deletes keys")
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Ring {
    HasKeys,
    Empty,
    Unavailable,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Vars {
    Both,
    AccessOnly,
    SecretOnly,
    Neither,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Face {
    App,
    Cli,
}

const DEFAULT: &str = "/home/a/Pictures/Kling Studio";
const ENV_LIBRARY: &str = "/env/Library";
/// The face's own library choice: the app's setting, the CLI's --library.
const OWN_CHOICE: &str = "/own/Choice";

fn env(vars: Vars, library: bool) -> SessionEnv {
    let (ak, sk) = match vars {
        Vars::Both => (true, true),
        Vars::AccessOnly => (true, false),
        Vars::SecretOnly => (false, true),
        Vars::Neither => (false, false),
    };
    SessionEnv {
        library: library.then(|| PathBuf::from(ENV_LIBRARY)),
        access_key: ak.then(|| "AK-ENV".to_string()),
        secret_key: sk.then(|| SecretString::from("SK-ENV")),
        default_library: Some(PathBuf::from(DEFAULT)),
    }
}

fn inputs(face: Face, env: SessionEnv, own_choice: bool, sandbox: bool) -> PlanInputs {
    let choice = own_choice.then(|| PathBuf::from(OWN_CHOICE));
    match face {
        Face::App => PlanInputs::app(env, choice, sandbox, "https://api.example".into(), 6, None),
        Face::Cli => PlanInputs::cli(env, choice, sandbox, "https://api.example".into()),
    }
}

/// What the rules say, written from the decisions rather than from the code.
#[derive(Debug, PartialEq)]
enum Expected {
    Plan { root: PathBuf, sandbox: Option<SandboxReason>, keys: Option<(&'static str, KeySource)>, problem: Option<&'static str>, keychain_read: bool },
    Refused { code: &'static str, says: &'static str },
}

fn expected(face: Face, vars: Vars, ring: Ring, sandbox: bool, env_library: bool, own_choice: bool) -> Expected {
    // The CLI with --sandbox looks up no key at all; otherwise both variables, or neither (then the keychain), or a refusal.
    let looked_up = !(face == Face::Cli && sandbox);
    let (keys, problem, keychain_read) = match (looked_up, vars, ring) {
        (false, ..) => (None, None, false),
        (true, Vars::Both, _) => (Some(("AK-ENV", KeySource::Environment)), None, false),
        (true, Vars::AccessOnly, _) => (None, Some("KLING_ACCESS_KEY is set but KLING_SECRET_KEY is not"), false),
        (true, Vars::SecretOnly, _) => (None, Some("KLING_SECRET_KEY is set but KLING_ACCESS_KEY is not"), false),
        (true, Vars::Neither, Ring::HasKeys) => (Some(("AK-KEYCHAIN", KeySource::Keychain)), None, true),
        (true, Vars::Neither, Ring::Empty) => (None, None, true),
        (true, Vars::Neither, Ring::Unavailable) => (None, Some("the system keychain is not available"), true),
    };
    let reason = if sandbox {
        Some(SandboxReason::Chosen)
    } else if keys.is_some() {
        None
    } else if face == Face::App {
        Some(SandboxReason::NoKeys)
    } else {
        let (code, says) = match problem {
            Some(p) if p.contains("keychain") => ("keychain_unavailable", p),
            Some(p) => ("no_keys", p),
            None => ("no_keys", "no Kling API keys found"),
        };
        return Expected::Refused { code, says };
    };
    let real = match face {
        Face::Cli if own_choice => OWN_CHOICE,
        _ if env_library => ENV_LIBRARY,
        Face::App if own_choice => OWN_CHOICE,
        _ => DEFAULT,
    };
    let root = if reason.is_some() { PathBuf::from(format!("{real} (sandbox)")) } else { PathBuf::from(real) };
    Expected::Plan { root, sandbox: reason, keys, problem, keychain_read }
}

#[test]
fn every_combination_of_library_sandbox_and_keys_in_both_faces() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for face in [Face::App, Face::Cli] {
        for vars in [Vars::Both, Vars::AccessOnly, Vars::SecretOnly, Vars::Neither] {
            for ring in [Ring::HasKeys, Ring::Empty, Ring::Unavailable] {
                for sandbox in [true, false] {
                    for env_library in [true, false] {
                        for own_choice in [true, false] {
                            cases += 1;
                            let keyring = Keyring::new(ring);
                            let result = SessionPlan::resolve(&inputs(face, env(vars, env_library), own_choice, sandbox), &keyring);
                            let read = keyring.reads.load(Ordering::SeqCst) > 0;
                            let got = match &result {
                                Ok(plan) => Expected::Plan {
                                    root: plan.library_root.clone(),
                                    sandbox: plan.sandbox,
                                    keys: plan.keys.as_ref().map(|k| (if k.keys.access_key == "AK-ENV" { "AK-ENV" } else { "AK-KEYCHAIN" }, k.source)),
                                    problem: plan.keys_problem.as_ref().map(|p| {
                                        let text = p.to_string();
                                        [
                                            "KLING_ACCESS_KEY is set but KLING_SECRET_KEY is not",
                                            "KLING_SECRET_KEY is set but KLING_ACCESS_KEY is not",
                                            "the system keychain is not available",
                                        ]
                                        .into_iter()
                                        .find(|s| text.starts_with(s))
                                        .unwrap_or("an unexpected problem")
                                    }),
                                    keychain_read: read,
                                },
                                Err(SessionError::Keys(e)) => {
                                    let text = e.to_string();
                                    let says = [
                                        "KLING_ACCESS_KEY is set but KLING_SECRET_KEY is not",
                                        "KLING_SECRET_KEY is set but KLING_ACCESS_KEY is not",
                                        "the system keychain is not available",
                                        "no Kling API keys found",
                                    ]
                                    .into_iter()
                                    .find(|s| text.starts_with(s))
                                    .unwrap_or("an unexpected message");
                                    Expected::Refused { code: e.code().as_str(), says }
                                }
                                Err(other) => {
                                    failures.push(format!("{face:?} {vars:?} {ring:?} sandbox={sandbox} KLING_LIBRARY={env_library} own={own_choice}: {other:?}"));
                                    continue;
                                }
                            };
                            let want = expected(face, vars, ring, sandbox, env_library, own_choice);
                            if got != want {
                                failures.push(format!(
                                    "{face:?} {vars:?} {ring:?} sandbox={sandbox} KLING_LIBRARY={env_library} own={own_choice}:\n   got {got:?}\n  want {want:?}"
                                ));
                            }
                            if let Ok(plan) = &result {
                                let scaled = plan.sandbox.is_some();
                                if (plan.engine.poll.video_first < EngineConfig::default().poll.video_first) != scaled {
                                    failures
                                        .push(format!("{face:?} {vars:?} {ring:?} sandbox={sandbox}: polls as {:?} with sandbox {:?}", plan.engine.poll, plan.sandbox));
                                }
                                let concurrency = if face == Face::App { 6 } else { EngineConfig::default().concurrency };
                                if plan.engine.concurrency != concurrency {
                                    failures.push(format!("{face:?}: concurrency {}", plan.engine.concurrency));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(cases, 192);
    assert!(failures.is_empty(), "{} of {cases} combinations differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn half_set_variables_never_fall_back_to_other_keys() {
    // Session-only keys and keychain keys are both there; one variable set still uses neither.
    let keyring = Keyring::new(Ring::HasKeys);
    let mut inputs = PlanInputs::app(env(Vars::AccessOnly, false), None, false, "https://api.example".into(), 4, Some(StoredKeys::new("AK-SESSION", "SK-SESSION")));
    let plan = SessionPlan::resolve(&inputs, &keyring).unwrap();
    assert!(plan.keys.is_none(), "{:?}", plan.keys);
    assert_eq!(plan.sandbox, Some(SandboxReason::NoKeys));
    assert_eq!(plan.keys_problem.as_ref().map(KeysError::code), Some(kling_api::ErrorCode::NoKeys));
    assert_eq!(keyring.reads.load(Ordering::SeqCst), 0, "the keychain was read");
    assert!(plan.library_root.ends_with("Kling Studio (sandbox)"));

    // Without the variables, the session-only keys come before the keychain's.
    inputs.env = env(Vars::Neither, false);
    let plan = SessionPlan::resolve(&inputs, &keyring).unwrap();
    let found = plan.keys.expect("session keys");
    assert_eq!((found.keys.access_key.as_str(), found.source), ("AK-SESSION", KeySource::Session));
    assert_eq!(found.keys.secret_key.expose_secret(), "SK-SESSION");
    assert_eq!(plan.sandbox, None);
    assert_eq!(plan.library_root, Path::new(DEFAULT));

    // Both variables beat both.
    inputs.env = env(Vars::Both, false);
    let found = SessionPlan::resolve(&inputs, &keyring).unwrap().keys.expect("environment keys");
    assert_eq!((found.keys.access_key.as_str(), found.source), ("AK-ENV", KeySource::Environment));
}

#[test]
fn no_folder_at_all_is_an_error_and_the_plan_shows_no_secret() {
    let mut bare = env(Vars::Both, false);
    bare.default_library = None;
    bare.access_key = Some("AK-ENV-LONG-ID".into());
    let e = SessionPlan::resolve(&PlanInputs::cli(bare.clone(), None, false, "https://api.example".into()), &Keyring::new(Ring::Empty)).unwrap_err();
    assert!(matches!(e, SessionError::NoLibraryFolder), "{e:?}");
    assert_eq!(e.code(), kling_api::ErrorCode::LibraryUnwritable);

    let plan = SessionPlan::resolve(&PlanInputs::cli(bare, Some("/x/lib".into()), false, "https://api.example".into()), &Keyring::new(Ring::Empty)).unwrap();
    let shown = format!("{plan:?}");
    assert!(!shown.contains("SK-ENV") && !shown.contains("AK-ENV-LONG-ID") && shown.contains("AK-ENV…"), "{shown}");
}
