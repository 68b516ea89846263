//! The emulator's tasks on disk, for the sandbox: the app and `kling` each start their own
//! emulator on a port of their own, and one that starts again (after a restart mid-task, or
//! `kling --sandbox resume`) must still know the tasks the jobs in the library follow. Tasks are
//! written after each create (temp file, then rename: a crash never leaves half a file), and read
//! at start and whenever a request names a task this emulator does not know, which is how a task
//! made by the other process's emulator is found.

use crate::task::SimTask;
use std::path::Path;
use std::time::SystemTime;

/// What the file looked like when last read or written (modified time and length): lists and
/// unknown ids ask for the file often, and it is read again only when another process changed it.
pub type Stamp = Option<(SystemTime, u64)>;

/// The file's stamp now; None when it is missing or cannot be looked at.
pub fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The newest this many tasks are kept: enough for any session, bounded for a long-lived sandbox.
const KEPT: usize = 2000;

/// The saved tasks; none when there is no file yet, or it cannot be read (logged: the sandbox
/// then starts afresh rather than refusing to start).
pub fn load(path: &Path) -> Vec<SimTask> {
    let text = match std::fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            tracing::warn!("the sandbox's task file {} cannot be read: {e}", path.display());
            return Vec::new();
        }
    };
    serde_json::from_slice(&text).unwrap_or_else(|e| {
        tracing::warn!("the sandbox's task file {} is not readable JSON: {e}", path.display());
        Vec::new()
    })
}

/// Writes the newest tasks atomically. A failure is logged: the emulator keeps answering from
/// memory.
pub fn save(path: &Path, tasks: &[SimTask]) {
    let newest = &tasks[tasks.len().saturating_sub(KEPT)..];
    let written = (|| -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        std::fs::write(&tmp, serde_json::to_vec(newest).map_err(std::io::Error::other)?)?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        tracing::warn!("the sandbox's tasks could not be saved to {}: {e}", path.display());
    }
}
