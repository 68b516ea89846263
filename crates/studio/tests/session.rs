//! The session setup both faces share, opened for real: the sandbox emulator filing into the
//! library beside the chosen one, real keys reaching their host, credits asked at most once a
//! few seconds.

use keychain::MemoryKeyStore;
use kling_api::ImageRequest;
use kling_sim::{Sim, SimConfig};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use studio::session::{CreditsCache, PlanInputs, SandboxReason, Session, SessionEnv, SessionPlan};
use studio::{Library, NewJob};

const AK: &str = "session-ak";
const SK: &str = "session-sk-do-not-leak";

fn env_with_library(library: PathBuf) -> SessionEnv {
    SessionEnv { library: Some(library), default_library: Some(PathBuf::from("/nowhere/Kling Studio")), ..SessionEnv::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_files_results_beside_the_chosen_library_never_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = dir.path().join("My Library");
    let plan =
        SessionPlan::resolve(&PlanInputs::app(env_with_library(chosen.clone()), None, true, "https://unused.example".into(), 4, None), &MemoryKeyStore::new()).unwrap();
    assert_eq!(plan.sandbox, Some(SandboxReason::Chosen));
    let session = Session::open(&plan).await.unwrap();
    assert_eq!(session.library_root(), dir.path().join("My Library (sandbox)"));
    assert!(session.api_base().starts_with("http://127.0.0.1:"), "the emulator on loopback: {}", session.api_base());

    let library = Arc::new(Library::open(session.library_root()).unwrap());
    let engine = session.engine(library.clone(), session.engine_config());
    let job = engine.enqueue(NewJob::Image { request: ImageRequest::new("a fox in the snow"), image: None }).unwrap();
    let done =
        tokio::time::timeout(Duration::from_secs(60), engine.run_until_finished(std::slice::from_ref(&job.id))).await.expect("the sandbox job finishes in time").unwrap();
    assert_eq!(done[0].state, studio::JobState::Done, "{:?}", done[0]);
    let files: Vec<_> = walkdir(session.library_root()).into_iter().filter(|p| p.extension().is_some_and(|x| x == "png")).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(studio::sandbox_task_file(session.library_root()).is_file(), "the emulator keeps its tasks beside the sandbox library");
    assert!(!chosen.exists(), "nothing was written into the real library");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_keys_reach_their_host_and_credits_are_asked_once_while_fresh() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let env = SessionEnv { access_key: Some(AK.into()), secret_key: Some(SK.to_string().into()), ..env_with_library(dir.path().join("lib")) };
    let plan = SessionPlan::resolve(&PlanInputs::cli(env, None, false, sim.url()), &MemoryKeyStore::new()).unwrap();
    let session = Session::open(&plan).await.unwrap();
    assert_eq!(session.sandbox(), None);
    assert_eq!(session.library_root(), dir.path().join("lib"));
    let costs_calls = || sim.requests().iter().filter(|r| r.path.contains("/account/costs")).count();

    let first = session.credits().get().await.unwrap();
    let second = session.credits().clone().get().await.unwrap();
    assert_eq!(first, second);
    assert_eq!(costs_calls(), 1, "the second ask was answered from the cache");

    // Answers older than the cache's freshness are asked again; failures are never kept.
    let stale = CreditsCache::new(session.client().clone(), Duration::ZERO);
    stale.get().await.unwrap();
    stale.get().await.unwrap();
    assert_eq!(costs_calls(), 3);
    sim.update(|c| c.secret_key = "another-secret".into());
    let fresh = CreditsCache::new(session.client().clone(), Duration::from_secs(60));
    let e = fresh.get().await.unwrap_err();
    assert_eq!(e.code().as_str(), "bad_keys", "{e:?}");
    assert!(!format!("{e:?}{e}").contains(SK));
    sim.update(|c| c.secret_key = SK.into());
    fresh.get().await.expect("the failure was not kept");
}

fn walkdir(root: &std::path::Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(walkdir(&path));
        } else {
            found.push(path);
        }
    }
    found
}
