//! `kling task ID`: one task's state, and its results with --download.

use super::Session;
use crate::cli::TaskArgs;
use crate::errors::CliError;
use crate::output::{download_results, Outcome};
use kling_api::{ApiCode, KlingError, TaskKind, TaskStatus};

pub async fn show(session: &Session, args: &TaskArgs) -> Result<(), CliError> {
    // Kling scopes task ids by kind; without --kind, ask each kind's path in turn.
    let kinds: Vec<TaskKind> = match args.kind {
        Some(kind) => vec![kind.into()],
        None => TaskKind::ALL.to_vec(),
    };
    for kind in kinds {
        let task = match session.client.get_task(kind, &args.id).await {
            Ok(task) => task,
            Err(KlingError::Api { code: ApiCode::NotFound, .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        let mut files = Vec::new();
        if args.download && task.task_status == TaskStatus::Succeeded {
            files = download_results(&session.client, kind, &task, &args.out).await?;
        }
        Outcome::new(kind, &task, files).print(session.json, &task.task_status);
        // Asked to download, a script must tell from the exit status that nothing came.
        return match task.task_status {
            TaskStatus::Succeeded => Ok(()),
            _ if !args.download => Ok(()),
            TaskStatus::Failed => Err(CliError::Reported(5)),
            _ => {
                eprintln!("not finished yet, so nothing to download; try again in a moment");
                Err(CliError::Reported(8))
            }
        };
    }
    Err(CliError::NotFound(format!(
        "no task {:?} found{}; check the id (it is printed when a task is submitted) and the account's keys",
        args.id,
        if args.kind.is_some() { " of that kind" } else { " among every kind of task" }
    )))
}
