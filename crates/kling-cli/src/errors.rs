//! Every way a `kling` command can fail, with its exit code and a one-line message that says
//! what to do. The message is the only text a user sees; none contains a secret.

use keychain::KeychainError;
use kling_api::{KlingError, ValidationError};
use std::path::PathBuf;
use studio::session::{KeysError, SessionError};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Kling(#[from] KlingError),
    #[error("no Kling API keys found: run `kling login`, or set KLING_ACCESS_KEY and KLING_SECRET_KEY, or try it without an account with --sandbox")]
    NoKeys,
    /// Exactly one of the two key variables set (the core's words, the app's too).
    #[error(transparent)]
    HalfKeys(studio::session::KeysError),
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error("{what} {path}: {source}", path = path.display())]
    Io { what: &'static str, path: PathBuf, source: std::io::Error },
    #[error("the built-in sandbox could not start: {0}")]
    Sandbox(String),
    #[error("{0}")]
    NotFound(String),
    #[error("stopped waiting; the job is saved in the library and {} — `kling resume` finishes it", match task_id { Some(id) => format!("its task {id} keeps running at Kling"), None => "was not submitted yet".to_string() })]
    Interrupted { task_id: Option<String> },
    #[error(transparent)]
    Engine(#[from] studio::EngineError),
    /// Already told on stdout; only the exit code is left to give.
    #[error("")]
    Reported(u8),
    #[error("{message}")]
    JobFailed { code: String, message: String, task_id: Option<String> },
}

impl From<SessionError> for CliError {
    fn from(e: SessionError) -> Self {
        match e {
            SessionError::Keys(KeysError::Missing) => CliError::NoKeys,
            SessionError::Keys(KeysError::Keychain(e)) => CliError::Keychain(e),
            SessionError::Keys(half) => CliError::HalfKeys(half),
            SessionError::NoLibraryFolder => CliError::Usage("cannot find your Pictures folder; choose a library with --library DIR".into()),
            unnamed @ SessionError::NoNameForSandbox(_) => CliError::Usage(unnamed.to_string()),
            SessionError::Sandbox(e) => CliError::Sandbox(e.to_string()),
            SessionError::Client(e) => CliError::Kling(e),
        }
    }
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
            CliError::Io { .. } => 7,
            CliError::Sandbox(_) => 1,
            CliError::NotFound(_) => 3,
            CliError::Interrupted { .. } => 130,
            CliError::Reported(code) => *code,
            CliError::Engine(e) => match e.code() {
                "invalid_input" => 2,
                "library_unwritable" | "disk_full" | "io" => 7,
                _ => 1,
            },
            CliError::JobFailed { code, .. } => match code.as_str() {
                "task_failed" => 5,
                "invalid_input" => 2,
                "network" | "timeout" | "download" => 4,
                "library_unwritable" | "disk_full" | "io" => 7,
                _ => 3,
            },
        }
    }

    /// A stable word for `--json` output, so scripts branch on kinds and not on text.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Usage(_) => "invalid_input",
            CliError::Kling(e) => e.kind_code(),
            CliError::NoKeys | CliError::HalfKeys(..) => "no_keys",
            CliError::Keychain(e) => e.code(),
            CliError::Io { .. } => "io",
            CliError::Sandbox(_) => "sandbox",
            CliError::NotFound(_) => "not_found",
            CliError::Interrupted { .. } => "interrupted",
            CliError::Reported(_) => "failed",
            CliError::Engine(e) => e.code(),
            CliError::JobFailed { code, .. } => code_word(code),
        }
    }

    /// The task a failure is about, when there is one.
    pub fn task_id(&self) -> Option<&str> {
        match self {
            CliError::Interrupted { task_id } | CliError::JobFailed { task_id, .. } => task_id.as_deref(),
            _ => None,
        }
    }

    pub fn message(&self) -> String {
        match self {
            CliError::Kling(KlingError::Validation(v)) if v.field == "prompt" => format!("the prompt {}", v.message),
            CliError::Kling(KlingError::Validation(v)) => format!("{}: {}", crate::words::flag_for_field(&v.field), v.message),
            CliError::Kling(e) => e.user_message(),
            other => other.to_string(),
        }
    }
}

/// clap's report of a refused flag (an `error:` line, indented details, a usage block, a hint
/// to try --help) as the one line every other error is: the details joined, the usage and hint
/// left to `kling --help`.
pub fn one_line_usage(rendered: &str) -> String {
    let mut parts = Vec::new();
    for line in rendered.lines().map(str::trim) {
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        if let Some(rest) = line.strip_prefix("error:") {
            parts.push(rest.trim().to_string());
        } else if line.starts_with("tip:") {
            parts.push(format!("({line})"));
        } else if !line.is_empty() {
            parts.push(line.to_string());
        }
    }
    format!("{} — see `kling --help`", parts.join(" ").trim_end_matches(['.', ':']))
}

/// Jobs store their error code as text; this gives back the stable word (unknown ones say \"failed\").
fn code_word(code: &str) -> &'static str {
    const WORDS: &[&str] = &[
        "task_failed", "invalid_input", "bad_keys", "no_credits", "account", "no_access", "content_refused",
        "rate_limited", "concurrency_limit", "server", "network", "timeout", "not_found", "malformed", "io",
        "config", "uncertain", "download", "library_unwritable", "disk_full",
    ];
    WORDS.iter().find(|w| **w == code).copied().unwrap_or("failed")
}
