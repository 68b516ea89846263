//! The words the CLI uses for kinds and states.

use kling_api::{TaskKind, TaskStatus};

pub fn kind_word(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Image => "image",
        TaskKind::TextToVideo => "video",
        TaskKind::ImageToVideo => "animate",
    }
}

pub fn status_word(status: &TaskStatus) -> String {
    match status {
        TaskStatus::Submitted => "queued at Kling".into(),
        TaskStatus::Processing => "generating".into(),
        TaskStatus::Succeeded => "succeeded".into(),
        TaskStatus::Failed => "failed".into(),
        TaskStatus::Unknown(s) => format!("in state \"{s}\""),
    }
}
