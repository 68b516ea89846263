//! The short soak, in CI: a few dozen jobs of twelve kinds through the emulator with every
//! fault on while the engine is killed and restarted at random; nothing may be lost, duplicated,
//! mixed up (image jobs included: crates/studio/tests/image_recovery.rs) or left behind, and every
//! fault must really have fired. The long version is `studio-bench soak` (the same driver).

use bench::soak::{self, SoakPlan};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_survive_faults_and_kills_and_land_exactly_once() {
    // Another seed replays another mix of jobs, faults and kills: KLING_SOAK_SEED=7 cargo test …
    let seed = std::env::var("KLING_SOAK_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(42);
    let outcome = soak::run(&SoakPlan::short(seed)).await.expect("the soak runs");
    let report = &outcome.report;
    println!("{report}");
    let problems: Vec<String> = outcome.violations.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));

    // The checks above only bite if the soak really was hard: faults on and firing, kills, all kinds.
    assert_eq!(report.faults.len(), 7, "5xx, slow, dropped, truncated, 1302 and 1303 storms, expired links");
    for fault in &report.faults {
        assert!(fault.on && fault.fired > 0, "{}: on {}, fired {}", fault.name, fault.on, fault.fired);
    }
    assert!(report.kills >= 3, "only {} engine kills", report.kills);
    for (kind, figures) in &report.kinds {
        assert!(figures.done > 0 && figures.failed_as_meant > 0, "{kind}: {figures:?}");
    }
    assert_eq!(report.tasks, report.jobs(), "one emulator task per job");
}
