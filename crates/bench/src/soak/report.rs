//! The soak's figures: jobs by kind and how they ended, each fault and how often it fired, the
//! kills, and the load (wall time, throughput, jobs in flight). Printed as Markdown tables, so a
//! run can go into BENCHMARKS.md as it is.

use kling_api::TaskKind;
use kling_sim::{FaultCounts, Faults};
use std::fmt;
use std::time::Duration;

#[derive(Clone, Debug, Default)]
pub struct KindFigures {
    pub jobs: usize,
    pub done: usize,
    /// Failed as planned: the emulator failed their task.
    pub failed_as_meant: usize,
    /// Any other end (the checks list them).
    pub failed_otherwise: usize,
    /// Failed clearly while downloading, then done after a retry.
    pub done_after_retry: usize,
    pub files: usize,
}

/// One kind of fault: whether the plan turned it on, and how often the emulator injected it.
#[derive(Clone, Debug)]
pub struct FaultRow {
    pub name: &'static str,
    pub on: bool,
    pub fired: u64,
}

/// Every fault the soak injects, in one list for the report and for the check that each fired.
pub fn fault_rows(faults: &Faults, counts: &FaultCounts) -> Vec<FaultRow> {
    let storms = faults.storm_rate > 0.0 && faults.storm_ms > 0;
    let row = |name, on, fired| FaultRow { name, on, fired };
    vec![
        row("5xx server errors", faults.server_error_rate > 0.0, counts.server_errors),
        row("slow answers", faults.slow_rate > 0.0 && faults.slow_ms > 0, counts.slow),
        row("dropped connections (create answers lost)", faults.drop_rate > 0.0, counts.dropped),
        row("truncated downloads", faults.truncate_rate > 0.0, counts.truncated),
        row("1302 storm refusals", storms, counts.storm_1302),
        row("1303 storm refusals", storms, counts.storm_1303),
        row("expired links fetched", faults.expired_link_rate > 0.0, counts.expired_links),
    ]
}

#[derive(Clone, Debug)]
pub struct Report {
    pub seed: u64,
    pub kinds: Vec<(TaskKind, KindFigures)>,
    pub faults: Vec<FaultRow>,
    pub counts: FaultCounts,
    pub kills: u32,
    /// Jobs that followed a task made from another job's request.
    pub wrong_tasks: usize,
    pub wall: Duration,
    pub most_in_flight: usize,
    pub most_unfinished: usize,
    pub tasks: usize,
    pub api_requests: usize,
    pub media_requests: usize,
}

impl Report {
    pub fn jobs(&self) -> usize {
        self.kinds.iter().map(|(_, k)| k.jobs).sum()
    }

    pub fn jobs_per_minute(&self) -> f64 {
        self.jobs() as f64 / self.wall.as_secs_f64().max(1e-9) * 60.0
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "soak: {} jobs, seed {}\n", self.jobs(), self.seed)?;
        writeln!(f, "| kind | jobs | done | failed as meant | failed otherwise | done after a retry | files |")?;
        writeln!(f, "|---|---|---|---|---|---|---|")?;
        for (kind, k) in &self.kinds {
            writeln!(f, "| {} | {} | {} | {} | {} | {} | {} |", kind.as_str(), k.jobs, k.done, k.failed_as_meant, k.failed_otherwise, k.done_after_retry, k.files)?;
        }
        writeln!(f, "\n| fault | injected |\n|---|---|")?;
        for row in &self.faults {
            writeln!(f, "| {} | {} |", row.name, if row.on { row.fired.to_string() } else { "off".into() })?;
        }
        writeln!(f, "| storms | {} |", self.counts.storms)?;
        writeln!(f, "| (the account's own limits) 1302 rate limit / 1303 slots full | {} / {} |", self.counts.rate_limited, self.counts.slots_full)?;
        writeln!(f, "\n| load | |\n|---|---|")?;
        writeln!(f, "| engine kills | {} |", self.kills)?;
        writeln!(f, "| jobs that followed another job's task | {} |", self.wrong_tasks)?;
        writeln!(f, "| wall time | {:.1} s |", self.wall.as_secs_f64())?;
        writeln!(f, "| throughput | {:.1} jobs/min |", self.jobs_per_minute())?;
        writeln!(f, "| most jobs in flight / unfinished at once | {} / {} |", self.most_in_flight, self.most_unfinished)?;
        writeln!(f, "| emulator tasks | {} |", self.tasks)?;
        write!(f, "| API requests / media requests | {} / {} |", self.api_requests, self.media_requests)
    }
}
