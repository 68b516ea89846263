//! `kling tasks`: recent tasks, newest first.

use super::Session;
use crate::cli::TasksArgs;
use crate::errors::CliError;
use crate::output::status_key;
use crate::words::kind_word;
use kling_api::TaskKind;

pub async fn list(session: &Session, args: &TasksArgs) -> Result<(), CliError> {
    let kinds: Vec<TaskKind> = match args.kind {
        Some(kind) => vec![kind.into()],
        None => TaskKind::ALL.to_vec(),
    };
    let mut rows = Vec::new();
    for kind in kinds {
        for task in session.client.list_tasks(kind, args.page, args.page_size).await? {
            rows.push((kind, task));
        }
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.1.created_at));

    if session.json {
        let tasks: Vec<_> = rows
            .iter()
            .map(|(kind, task)| {
                serde_json::json!({
                    "task_id": task.task_id,
                    "kind": kind,
                    "status": status_key(&task.task_status),
                    "status_message": task.task_status_msg,
                    "created_at": task.created_at,
                    "urls": task.media_urls(),
                })
            })
            .collect();
        println!("{}", serde_json::json!({ "tasks": tasks }));
        return Ok(());
    }
    if rows.is_empty() {
        eprintln!("no tasks on this page");
        return Ok(());
    }
    println!("{:<20} {:<8} {:<11} {:<17} RESULTS", "TASK", "KIND", "STATUS", "CREATED");
    for (kind, task) in &rows {
        println!("{:<20} {:<8} {:<11} {:<17} {}", task.task_id, kind_word(*kind), status_key(&task.task_status), local_time(task.created_at), task.media_urls().len());
    }
    Ok(())
}

pub fn local_time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "-".into())
}
