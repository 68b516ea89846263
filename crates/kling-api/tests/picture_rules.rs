//! Every kind of file a person can drop on (or pick for) a picture input, through
//! `ImageInput::from_file`, the one check the app, the CLI and the engine share. The rows are the
//! shared catalogue of test pictures (`kling_sim::test_pictures`): what the file is, whether it
//! is accepted, the words the person reads when it is not, and how much memory the check may
//! take (a refusal that needs no pixels must not decode, or even read, the file). Every row also
//! checks that the file was left as it was and nothing was written beside it. Each check runs on
//! a thread of its own with a deadline, so one that blocks (on a pipe, a device) fails instead of
//! stalling the suite.

use kling_api::ImageInput;
use kling_sim::test_pictures::{self, Verdict};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::path::Path;
use std::time::Duration;

/// Counts the bytes allocated by the current thread, so each row can bound what its check took.
struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = LIVE.try_with(|live| {
            live.set(live.get() + layout.size());
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(live.get())));
        });
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(layout.size())));
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A file's state, to prove a check left it alone.
#[derive(Debug, PartialEq)]
struct Snapshot {
    len: u64,
    modified: Option<std::time::SystemTime>,
    permissions: std::fs::Permissions,
    bytes: Option<Vec<u8>>,
}

fn snapshot(path: &Path) -> Option<Snapshot> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    // Only regular files are read back; a pipe or a device is never opened here.
    let bytes = if meta.is_file() { std::fs::read(path).ok() } else { None };
    Some(Snapshot { len: meta.len(), modified: meta.modified().ok(), permissions: meta.permissions(), bytes })
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Runs the check on a thread of its own: the outcome and the most it allocated at once, or
/// None when it did not finish in time.
fn check(path: &Path) -> Option<(Result<ImageInput, kling_api::ValidationError>, usize)> {
    let path = path.to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let base = LIVE.with(Cell::get);
        PEAK.with(|p| p.set(base));
        let result = ImageInput::from_file(&path);
        let peak = PEAK.with(Cell::get) - base;
        let _ = tx.send((result, peak));
    });
    rx.recv_timeout(Duration::from_secs(60)).ok()
}

#[test]
fn every_dropped_file_is_accepted_or_refused_clearly_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let rows = test_pictures::write_all(dir.path());
    let mut failures = Vec::new();
    for row in &rows {
        let before_file = snapshot(&row.path);
        let before_dir = listing(dir.path());
        let Some((result, peak)) = check(&row.path) else {
            failures.push(format!("{}: the check did not finish in 60 s (it must never block on a file)", row.what));
            continue;
        };
        match (row.verdict, &result) {
            (Verdict::Accepted, Ok(ImageInput::Base64(b64))) => {
                use base64::Engine;
                if base64::engine::general_purpose::STANDARD.decode(b64).ok() != std::fs::read(&row.path).ok() {
                    failures.push(format!("{}: the bytes sent are not the file's", row.what));
                }
            }
            (Verdict::Refused(fragment), Err(e)) => {
                if e.field != "image" || !e.message.contains(fragment) {
                    failures.push(format!("{}: {:?} should say {fragment:?}", row.what, e.message));
                }
                if e.message.contains('\n') || e.message.contains("Os {") || e.message.contains("{ ") {
                    failures.push(format!("{}: not one plain line: {:?}", row.what, e.message));
                }
            }
            (Verdict::Accepted, other) => failures.push(format!("{}: should be accepted, got {other:?}", row.what)),
            (Verdict::Refused(fragment), Ok(_)) => failures.push(format!("{}: should be refused ({fragment:?}), was accepted", row.what)),
        }
        if let Some(max) = row.max_alloc {
            if peak > max {
                failures.push(format!("{}: the check allocated {peak} bytes (at most {max}): it read or decoded more than it needed", row.what));
            }
        }
        if snapshot(&row.path) != before_file {
            failures.push(format!("{}: the file was changed", row.what));
        }
        if listing(dir.path()) != before_dir {
            failures.push(format!("{}: files appeared or vanished beside it", row.what));
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
}
