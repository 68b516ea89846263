//! Running the engine from the command line: progress from its events, Ctrl-C that leaves the
//! job saved, `kling resume` and `kling sync`.

use super::Session;
use crate::errors::CliError;
use crate::output::Outcome;
use crate::progress::Progress;
use crate::words::kind_word;
use kling_api::TaskStatus;
use std::path::{Path, PathBuf};
use std::time::Duration;
use studio::{Engine, EngineEvent, Job, JobState};

/// Runs until every job in `ids` is done or failed, showing what happens.
pub async fn run_with_progress(engine: &Engine, ids: &[String], progress: &mut Progress) -> Result<Vec<Job>, CliError> {
    let mut events = engine.subscribe();
    let runner = engine.run_until_finished(ids);
    tokio::pin!(runner);
    loop {
        tokio::select! {
            result = &mut runner => return Ok(result?),
            event = events.recv() => {
                if let Ok(event) = event {
                    if let Some(line) = describe(&event, ids) {
                        progress.set(line);
                    }
                }
            }
            _ = tokio::signal::ctrl_c() => {
                let task_id = ids.first().and_then(|id| engine.job(id).ok()).and_then(|j| j.task_id);
                let _ = engine.release_leases(); // the app or `kling resume` may carry on at once
                return Err(CliError::Interrupted { task_id });
            }
        }
    }
}

/// Runs until Kling has accepted the job (it has a task id) or it failed.
pub async fn until_submitted(engine: &Engine, id: &str, progress: &mut Progress) -> Result<Job, CliError> {
    progress.set("submitting");
    loop {
        let wait = engine.tick().await?;
        let job = engine.job(id)?;
        if job.state == JobState::Failed {
            return Err(failure(&job));
        }
        if job.task_id.is_some() && job.state != JobState::Submitting {
            return Ok(job);
        }
        if let Some(reason) = waiting_reason(&job) {
            progress.set(format!("waiting: {reason}"));
        }
        tokio::select! {
            _ = tokio::time::sleep(wait.unwrap_or(Duration::from_millis(200)).min(Duration::from_secs(2))) => {}
            _ = tokio::signal::ctrl_c() => {
                let _ = engine.release_leases();
                return Err(CliError::Interrupted { task_id: None });
            }
        }
    }
}

/// A finished job, or the error it ended with.
pub fn succeeded(job: Job) -> Result<Job, CliError> {
    if job.state == JobState::Done {
        Ok(job)
    } else {
        Err(failure(&job))
    }
}

/// Why a job not yet sent is waiting, in a few words.
fn waiting_reason(job: &Job) -> Option<String> {
    match job.last_error_code? {
        kling_api::ErrorCode::ConcurrencyLimit => Some("the account's task slots are all in use at Kling".into()),
        _ => job.last_error.clone(),
    }
}

fn failure(job: &Job) -> CliError {
    CliError::JobFailed {
        kind: kind_word(job.kind),
        code: job.last_error_code.unwrap_or(kling_api::ErrorCode::Failed),
        detail: job.last_error.clone().unwrap_or_default(),
        task_id: job.task_id.clone(),
    }
}

/// The job's files in the library, copied into `out` as well when asked.
pub fn files_of(engine: &Engine, job: &Job, out: Option<&Path>) -> Result<Vec<PathBuf>, CliError> {
    let library = engine.library();
    let mut files = Vec::new();
    for id in &job.item_ids {
        let item = library.get(id).map_err(studio::EngineError::from)?;
        files.push(library.absolute(&item.rel_path).map_err(studio::EngineError::from)?);
    }
    let Some(out) = out else { return Ok(files) };
    std::fs::create_dir_all(out).map_err(|source| CliError::Io { what: "cannot create the output folder", path: out.to_path_buf(), source })?;
    // A name already in `out` (a file, a planted link) is never replaced or written through.
    files.iter().map(|file| Ok(studio::library::export::copy_to_free_name(file, out).map_err(studio::EngineError::from)?)).collect()
}

fn describe(event: &EngineEvent, ids: &[String]) -> Option<String> {
    match event {
        EngineEvent::JobChanged { job } if ids.contains(&job.id) => {
            let what = match job.state {
                JobState::Queued => match waiting_reason(job) {
                    Some(reason) => format!("waiting ({reason})"),
                    None => "queued".into(),
                },
                JobState::Submitting => "submitting".into(),
                JobState::Submitted => "queued at Kling".into(),
                JobState::Processing => "generating".into(),
                JobState::Downloading => "downloading".into(),
                JobState::Done => "done".into(),
                JobState::Failed => "failed".into(),
            };
            let task = job.task_id.as_deref().map(|t| format!(" {t}")).unwrap_or_default();
            Some(format!("{} task{task} {what}", kind_word(job.kind)))
        }
        EngineEvent::DownloadProgress { job_id, received, total, .. } if ids.contains(job_id) => Some(match total {
            Some(total) if *total > 0 => format!("downloading {}%", received * 100 / total),
            _ => format!("downloading {} KB", received / 1024),
        }),
        _ => None,
    }
}

pub async fn resume(session: &Session) -> Result<(), CliError> {
    let engine = session.engine()?;
    let ids: Vec<String> = engine.unfinished()?.into_iter().map(|j| j.id).collect();
    if ids.is_empty() {
        if session.json {
            println!("{}", serde_json::json!({ "jobs": [] }));
        } else {
            eprintln!("nothing to resume: every job in {} is finished", engine.library().root().display());
        }
        return Ok(());
    }
    let mut progress = Progress::new(session.json);
    let jobs = run_with_progress(&engine, &ids, &mut progress).await?;
    progress.finish();
    report(&engine, jobs, session.json)
}

pub async fn sync(session: &Session) -> Result<(), CliError> {
    let engine = session.engine()?;
    let report_counts = engine.sync().await?;
    if !session.json {
        eprintln!(
            "{} tasks at Kling: {} new, {} already in the library, {} failed ones skipped",
            report_counts.seen, report_counts.imported, report_counts.already_present, report_counts.skipped_failed
        );
    }
    let ids: Vec<String> = engine.unfinished()?.into_iter().map(|j| j.id).collect();
    let mut progress = Progress::new(session.json);
    let jobs = run_with_progress(&engine, &ids, &mut progress).await?;
    progress.finish();
    report(&engine, jobs, session.json)
}

/// One line (or object) per job; the first failure decides the exit code.
fn report(engine: &Engine, jobs: Vec<Job>, json: bool) -> Result<(), CliError> {
    let mut outcomes = Vec::new();
    let mut first_failure = None;
    for job in jobs {
        match succeeded(job.clone()) {
            Ok(job) => {
                let files = files_of(engine, &job, None)?;
                if !json {
                    Outcome::from_job(&job, files.clone()).print(false, &TaskStatus::Succeeded);
                }
                outcomes.push(serde_json::to_value(Outcome::from_job(&job, files)).unwrap_or_default());
            }
            Err(e) => {
                if !json {
                    eprintln!("{}", e.message());
                }
                outcomes.push(serde_json::json!({ "task_id": job.task_id, "kind": job.kind, "status": "failed", "error": { "code": e.code(), "message": e.message() } }));
                first_failure.get_or_insert(e);
            }
        }
    }
    if json {
        println!("{}", serde_json::json!({ "jobs": outcomes }));
    }
    match first_failure {
        // In --json mode the failure is already in the one object printed.
        Some(e) if json => Err(CliError::Reported(e.exit_code())),
        Some(e) => Err(e),
        None => Ok(()),
    }
}
