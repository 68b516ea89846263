//! Every way a `kling` command can fail, with its exit code and a one-line message that says
//! what to do. The message is the only text a user sees; none contains a secret.

use keychain::KeychainError;
use kling_api::{KlingError, ValidationError};
use std::path::PathBuf;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Kling(#[from] KlingError),
    #[error("no Kling API keys found: run `kling login`, or set KLING_ACCESS_KEY and KLING_SECRET_KEY, or try it without an account with --sandbox")]
    NoKeys,
    #[error("{0} is set but {1} is not: set both, or neither to use the keys stored by `kling login`")]
    HalfKeys(&'static str, &'static str),
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error("the {kind} task {task_id} failed: {reason}")]
    TaskFailed { kind: String, task_id: String, reason: String },
    #[error("{what} {path}: {source}", path = path.display())]
    Io { what: &'static str, path: PathBuf, source: std::io::Error },
    #[error("the built-in sandbox could not start: {0}")]
    Sandbox(String),
    #[error("{0}")]
    NotFound(String),
    #[error("stopped waiting; the task {task_id} keeps running at Kling: fetch it later with `kling task {task_id} --download`")]
    Interrupted { task_id: String },
}

impl From<ValidationError> for CliError {
    fn from(e: ValidationError) -> Self {
        CliError::Kling(KlingError::Validation(e))
    }
}

impl CliError {
    /// Distinct exit codes so scripts can tell bad input from API refusals from a dead network.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Kling(e) => match e {
                KlingError::Validation(_) | KlingError::Config(_) => 2,
                KlingError::Network { .. } | KlingError::Timeout { .. } | KlingError::Download { .. } => 4,
                KlingError::Io { .. } => 7,
                _ => 3,
            },
            CliError::NoKeys | CliError::HalfKeys(..) | CliError::Keychain(_) => 6,
            CliError::TaskFailed { .. } => 5,
            CliError::Io { .. } => 7,
            CliError::Sandbox(_) => 1,
            CliError::NotFound(_) => 3,
            CliError::Interrupted { .. } => 130,
        }
    }

    /// A stable word for `--json` output, so scripts branch on kinds and not on text.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Usage(_) => "invalid_input",
            CliError::Kling(e) => e.kind_code(),
            CliError::NoKeys | CliError::HalfKeys(..) => "no_keys",
            CliError::Keychain(e) => e.code(),
            CliError::TaskFailed { .. } => "task_failed",
            CliError::Io { .. } => "io",
            CliError::Sandbox(_) => "sandbox",
            CliError::NotFound(_) => "not_found",
            CliError::Interrupted { .. } => "interrupted",
        }
    }

    /// The task a failure is about, when there is one.
    pub fn task_id(&self) -> Option<&str> {
        match self {
            CliError::TaskFailed { task_id, .. } | CliError::Interrupted { task_id } => Some(task_id),
            _ => None,
        }
    }

    pub fn message(&self) -> String {
        match self {
            CliError::Kling(e) => e.user_message(),
            other => other.to_string(),
        }
    }
}
