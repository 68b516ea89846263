//! `studio-bench soak [--jobs N] [--minutes M] [--seed S]`: the long soak, its table on stdout,
//! and a failing exit status when anything was lost, duplicated or left unfinished.

use bench::soak::{self, SoakPlan};

const USAGE: &str = "usage: studio-bench soak [--jobs N] [--minutes M] [--seed S]";

struct Args {
    jobs: usize,
    minutes: f64,
    seed: u64,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args { jobs: 500, minutes: 3.0, seed: 1 };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--jobs" => parsed.jobs = value.parse().map_err(|e| bad(&e))?,
            "--minutes" => parsed.minutes = value.parse().map_err(|e| bad(&e))?,
            "--seed" => parsed.seed = value.parse().map_err(|e| bad(&e))?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    if parsed.jobs == 0 || !(parsed.minutes > 0.0 && parsed.minutes <= 60.0) {
        return Err("--jobs must be at least 1 and --minutes between 0 and 60".into());
    }
    Ok(parsed)
}

pub async fn run(args: impl Iterator<Item = String>) {
    let args = parse(args).unwrap_or_else(|e| {
        eprintln!("{e}\n{USAGE}");
        std::process::exit(2);
    });
    let plan = SoakPlan::long(args.jobs, args.minutes, args.seed);
    println!("soak: {} jobs arriving over {} min, seed {} (release build recommended)", args.jobs, args.minutes, args.seed);
    let outcome = soak::run(&plan).await.unwrap_or_else(|e| {
        eprintln!("soak could not run: {e}");
        std::process::exit(1);
    });
    println!("{}", outcome.report);
    if !outcome.violations.is_empty() {
        eprintln!("\nsoak FAILED: {} problems", outcome.violations.len());
        for v in &outcome.violations {
            eprintln!("- {v}");
        }
        std::process::exit(1);
    }
    println!("\nsoak held: every job finished as planned, one task per job, each result filed once, every fault fired");
}
