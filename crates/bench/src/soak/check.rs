//! What a soak must leave behind, whatever the faults and kills: every job finished as planned,
//! one emulator task per job (none twice, none orphaned, none mixed up), each result filed exactly
//! once, an index that agrees with the folder, an empty temp folder, and proof the faults fired.

use super::jobs::PlannedJob;
use super::report::fault_rows;
use super::{Rig, SoakError, RETRYABLE_CODE};
use kling_api::ErrorCode;
use kling_api::TaskKind;
use std::collections::HashMap;
use std::path::Path;
use studio::library::{MediaType, HIDDEN_DIR, INPUTS_DIR};
use studio::{Job, JobState};
use thiserror::Error;

/// The code of a job whose task the emulator failed on purpose.
const TASK_FAILED: ErrorCode = ErrorCode::TaskFailed;

#[derive(Debug, Error, PartialEq)]
pub enum Violation {
    #[error("job {job} ({kind}) never finished: still {state}")]
    Unfinished { job: String, kind: TaskKind, state: JobState },
    #[error("job {job} ({kind}) should have ended {wanted}, but {got}")]
    WrongOutcome { job: String, kind: TaskKind, wanted: &'static str, got: String },
    #[error("job {job} ended done with no task id")]
    NoTask { job: String },
    #[error("job {job} follows task {task}, which the emulator never made")]
    UnknownTask { job: String, task: String },
    #[error("task {task} is followed by {} jobs: {jobs:?}", jobs.len())]
    SharedTask { task: String, jobs: Vec<String> },
    #[error("task {task} ({prompt:?}) was made but no job follows it: a submission went twice")]
    OrphanTask { task: String, prompt: String },
    #[error("{tasks} tasks at the emulator for {jobs} jobs")]
    TaskCount { tasks: usize, jobs: usize },
    #[error("job {job} follows task {task}, made from {task_prompt:?} instead of its own {prompt:?}")]
    WrongTask { job: String, task: String, prompt: String, task_prompt: String },
    #[error("job {job} should have {wanted} files: it names {named}, {indexed} of them indexed, {on_disk} in the folder")]
    Files { job: String, wanted: usize, named: usize, indexed: usize, on_disk: usize },
    #[error("the finished jobs made {wanted} files; the folder holds {on_disk}, the index {indexed} ({rebuilt} after a rebuild)")]
    Library { wanted: usize, on_disk: usize, indexed: u64, rebuilt: u64 },
    #[error("the library's temp folder still holds {0:?}")]
    TmpNotEmpty(Vec<String>),
    #[error("the fault \"{0}\" was on but never fired")]
    SilentFault(&'static str),
}

#[derive(Debug, Default)]
pub struct Checked {
    pub violations: Vec<Violation>,
    /// Jobs that follow a task made from another job's request.
    pub wrong_tasks: usize,
    /// For each job, the index of the planned job whose request made its task.
    pub made_by: Vec<usize>,
}

/// Everything found wrong. Each job is judged by the request that made the task it follows (its
/// own, unless it was mixed up), so one mix-up is reported once and not again as wrong files.
/// Image creates carry no id of ours, so mixed-up image jobs were once a known limitation; the
/// engine now keeps at most one image create in doubt (crates/studio/tests/image_recovery.rs), and
/// a mix-up of any kind is a fault.
pub fn check(rig: &Rig<'_>, planned: &[PlannedJob], jobs: &[Job]) -> Result<Checked, SoakError> {
    let mut found = Checked::default();
    let on_disk = files_on_disk(rig.library.root())?;
    // A task is known by its prompt; a kind without one (try-on) by the external id it was sent with.
    let tasks: HashMap<String, String> =
        rig.sim.tasks().into_iter().map(|t| (t.id, if t.prompt.is_empty() { external_mark(t.external_task_id.as_deref()) } else { t.prompt })).collect();
    let mut by_prompt: HashMap<String, usize> = planned.iter().enumerate().map(|(i, p)| (p.prompt.clone(), i)).collect();
    by_prompt.extend(jobs.iter().enumerate().map(|(i, j)| (external_mark(j.external_task_id.as_deref()), i)));
    let mut followers: HashMap<&str, Vec<String>> = HashMap::new();
    for (own, job) in jobs.iter().enumerate() {
        if let Some(task) = &job.task_id {
            followers.entry(task).or_default().push(job.id.clone());
        }
        let maker = provenance(planned, own, job, &tasks, &by_prompt, &mut found);
        found.violations.extend(outcome(&planned[maker], job));
        if job.state == JobState::Done {
            found.violations.extend(files_of(rig, &planned[maker], job, &on_disk)?);
        }
        found.made_by.push(maker);
    }
    for (task, jobs) in &followers {
        if jobs.len() > 1 {
            found.violations.push(Violation::SharedTask { task: task.to_string(), jobs: jobs.clone() });
        }
    }
    for (task, prompt) in &tasks {
        if !followers.contains_key(task.as_str()) {
            found.violations.push(Violation::OrphanTask { task: task.clone(), prompt: prompt.clone() });
        }
    }
    if rig.sim.task_count() != jobs.len() {
        found.violations.push(Violation::TaskCount { tasks: rig.sim.task_count(), jobs: jobs.len() });
    }
    let wanted = found.made_by.iter().zip(jobs).filter(|(_, j)| j.state == JobState::Done).map(|(p, _)| planned[*p].files).sum();
    found.violations.extend(library_agrees(rig, wanted, &on_disk)?);
    let tmp = leftovers(&rig.library.tmp_dir())?;
    if !tmp.is_empty() {
        found.violations.push(Violation::TmpNotEmpty(tmp));
    }
    let fired = fault_rows(&rig.plan.sim.faults, &rig.sim.fault_counts());
    found.violations.extend(fired.into_iter().filter(|f| f.on && f.fired == 0).map(|f| Violation::SilentFault(f.name)));
    Ok(found)
}

const EXTERNAL: &str = "external id ";

/// How a task without a prompt is named: by the external id its job sent.
fn external_mark(id: Option<&str>) -> String {
    format!("{EXTERNAL}{}", id.unwrap_or("(none)"))
}

/// The planned job whose request made job `own`'s task: its own, or another's after a mix-up
/// (noted in `found`). A job with no task, or one the emulator never made, is judged by its own.
fn provenance(planned: &[PlannedJob], own: usize, job: &Job, tasks: &HashMap<String, String>, by_prompt: &HashMap<String, usize>, found: &mut Checked) -> usize {
    let plan = &planned[own];
    let Some(task) = &job.task_id else {
        if job.state == JobState::Done {
            found.violations.push(Violation::NoTask { job: job.id.clone() });
        }
        return own;
    };
    let Some(task_prompt) = tasks.get(task) else {
        found.violations.push(Violation::UnknownTask { job: job.id.clone(), task: task.clone() });
        return own;
    };
    let own_mark = if task_prompt.starts_with(EXTERNAL) { external_mark(job.external_task_id.as_deref()) } else { plan.prompt.clone() };
    if *task_prompt == own_mark {
        return own;
    }
    let (job, task, prompt, task_prompt) = (job.id.clone(), task.clone(), own_mark, task_prompt.clone());
    let maker = by_prompt.get(&task_prompt).copied().unwrap_or(own);
    found.wrong_tasks += 1;
    found.violations.push(Violation::WrongTask { job, task, prompt, task_prompt });
    maker
}

/// Done as planned, or failed as planned because the emulator failed the task.
fn outcome(plan: &PlannedJob, job: &Job) -> Option<Violation> {
    let (id, kind) = (job.id.clone(), plan.kind);
    if !job.state.is_finished() {
        return Some(Violation::Unfinished { job: id, kind, state: job.state });
    }
    if ended_as_planned(plan, job) {
        return None;
    }
    let wanted = if plan.doomed { "failed by Kling" } else { "done" };
    let got = format!("it ended {} ({}: {})", job.state, job.last_error_code.map_or("", ErrorCode::as_str), job.last_error.as_deref().unwrap_or("no message"));
    Some(Violation::WrongOutcome { job: id, kind, wanted, got })
}

/// Done, or for a doomed job failed because Kling failed its task.
pub fn ended_as_planned(plan: &PlannedJob, job: &Job) -> bool {
    if plan.doomed {
        job.state == JobState::Failed && job.last_error_code == Some(TASK_FAILED)
    } else {
        job.state == JobState::Done
    }
}

/// A done job's files: as many as it asked for, each indexed, each once in the folder.
fn files_of(rig: &Rig<'_>, plan: &PlannedJob, job: &Job, on_disk: &HashMap<String, usize>) -> Result<Option<Violation>, SoakError> {
    let task = job.task_id.clone().unwrap_or_default();
    let mut indexed = 0;
    for id in &job.item_ids {
        match rig.library.get(id) {
            Ok(item) if item.task_id.as_deref() == Some(task.as_str()) && rig.library.absolute(&item.rel_path).is_ok_and(|p| p.is_file()) => indexed += 1,
            Ok(_) | Err(studio::LibraryError::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let disk = on_disk.get(&task).copied().unwrap_or(0);
    let named = job.item_ids.len();
    let held = named == plan.files && indexed == plan.files && disk == plan.files;
    Ok((!held).then(|| Violation::Files { job: job.id.clone(), wanted: plan.files, named, indexed, on_disk: disk }))
}

/// The folder holds exactly the finished jobs' files, and the index agrees, before and after a
/// rebuild from the sidecars.
fn library_agrees(rig: &Rig<'_>, wanted: usize, on_disk: &HashMap<String, usize>) -> Result<Option<Violation>, SoakError> {
    let disk: usize = on_disk.values().sum();
    let indexed = rig.library.count()?;
    rig.library.rebuild()?;
    let rebuilt = rig.library.count()?;
    let held = disk == wanted && indexed == wanted as u64 && rebuilt == indexed;
    Ok((!held).then_some(Violation::Library { wanted, on_disk: disk, indexed, rebuilt }))
}

/// Result files in the library folder, counted by task id (read from the file name,
/// `…_<kind>_<task>_<n>.<ext>`), skipping the hidden folder and the jobs' inputs.
fn files_on_disk(root: &Path) -> Result<HashMap<String, usize>, SoakError> {
    let mut counts = HashMap::new();
    for month in read_dir(root)? {
        let name = month.file_name().to_string_lossy().to_string();
        if name == HIDDEN_DIR || name == INPUTS_DIR || !month.path().is_dir() {
            continue;
        }
        for file in read_dir(&month.path())? {
            let name = file.file_name().to_string_lossy().to_string();
            // Sidecars, and a sound's wav kept beside its mp3 (part of that item).
            if MediaType::of_path(&name).is_none() || studio::library::is_companion(&name) {
                continue;
            }
            let task = name.split('_').nth(3).unwrap_or("").to_string();
            *counts.entry(task).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

fn leftovers(dir: &Path) -> Result<Vec<String>, SoakError> {
    Ok(read_dir(dir)?.into_iter().map(|e| e.file_name().to_string_lossy().to_string()).collect())
}

fn read_dir(dir: &Path) -> Result<Vec<std::fs::DirEntry>, SoakError> {
    let io = |e: std::io::Error| SoakError::Setup(format!("cannot read {}: {e}", dir.display()));
    std::fs::read_dir(dir).map_err(io)?.map(|e| e.map_err(io)).collect()
}

/// Whether a failed job is one the soak retries: a download that kept failing fails clearly, and
/// a person's retry fetches again from the same task.
pub fn clearly_retryable(plan: &PlannedJob, job: &Job) -> bool {
    !plan.doomed && job.state == JobState::Failed && job.last_error_code == Some(RETRYABLE_CODE)
}
