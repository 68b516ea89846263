//! Every way a `kling` command can fail, with its exit code and a one-line message that says
//! what to do. The message is the only text a user sees; none contains a secret.

use keychain::KeychainError;
use kling_api::{ErrorCode, KlingError, ValidationError};
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
    /// A job ended failed: its stored code and detail, worded here.
    #[error("the {kind} job failed: {}", job_message(*code, detail))]
    JobFailed { kind: &'static str, code: ErrorCode, detail: String, task_id: Option<String> },
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

impl From<studio::assets::AssetError> for CliError {
    fn from(e: studio::assets::AssetError) -> Self {
        use studio::assets::AssetError;
        match e {
            AssetError::Kling(e) => CliError::Kling(e),
            AssetError::Io { what, path, source } => CliError::Io { what, path, source },
            AssetError::NotFound { .. } => CliError::NotFound(e.to_string()),
            AssetError::Invalid { .. } | AssetError::Preset(_) => CliError::Usage(e.to_string()),
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
            CliError::Reported(code) => *code,
            other => exit_code(other.code()),
        }
    }

    /// The kind of failure, printed by `--json` so scripts branch on kinds and not on text.
    pub fn code(&self) -> ErrorCode {
        match self {
            CliError::Usage(_) => ErrorCode::InvalidInput,
            CliError::Kling(e) => e.code(),
            CliError::NoKeys | CliError::HalfKeys(..) => ErrorCode::NoKeys,
            CliError::Keychain(e) => e.code(),
            CliError::Io { .. } => ErrorCode::Io,
            CliError::Sandbox(_) => ErrorCode::Sandbox,
            CliError::NotFound(_) => ErrorCode::NotFound,
            CliError::Interrupted { .. } => ErrorCode::Interrupted,
            CliError::Reported(_) => ErrorCode::Failed,
            CliError::Engine(e) => e.code(),
            CliError::JobFailed { code, .. } => *code,
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
            // "the prompt must not be empty", but "the prompt: say where the voice speaks…".
            CliError::Kling(KlingError::Validation(v)) if v.field == "prompt" && (v.message.starts_with("must") || v.message.starts_with("contains")) => {
                format!("the prompt {}", v.message)
            }
            CliError::Kling(KlingError::Validation(v)) if v.field == "prompt" => format!("the prompt: {}", v.message),
            CliError::Kling(KlingError::Validation(v)) => format!("{}: {}", crate::words::flag_for_field(&v.field), v.message),
            // The core's words are the same for both faces; the terminal's own remedy is added here.
            CliError::Kling(e) if e.code() == ErrorCode::BadKeys => format!("{} (`kling login` stores new ones)", e.user_message()),
            CliError::Kling(e) => e.user_message(),
            CliError::Keychain(KeychainError::Corrupt) => format!("{self}: run `kling login`"),
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

/// Every code's exit status, in one place (the README's table lists them).
pub fn exit_code(code: ErrorCode) -> u8 {
    use ErrorCode::*;
    match code {
        InvalidInput | Config | NotRetryable => 2,
        BadKeys | NoCredits | Account | NoAccess | ContentRefused | RateLimited | ConcurrencyLimit | Server | NotFound | Malformed | Uncertain => 3,
        Network | Timeout | Download => 4,
        TaskFailed => 5,
        NoKeys | KeychainUnavailable | KeychainCorrupt | KeychainRefused => 6,
        Io | LibraryUnwritable | DiskFull | LibraryIndex | Sidecar | Trash | Thumbnail | NoFileManager => 7,
        Interrupted => 130,
        Sandbox | Starting | Internal | Failed => 1,
    }
}

/// What a person at a terminal can do about a failed job, by its code.
fn advice(code: ErrorCode) -> &'static str {
    use ErrorCode::*;
    match code {
        InvalidInput => "change the flag named and run it again",
        BadKeys => "check the keys (`kling login`, or KLING_ACCESS_KEY and KLING_SECRET_KEY) and this computer's clock",
        NoKeys => "run `kling login`, or set KLING_ACCESS_KEY and KLING_SECRET_KEY",
        NoCredits => "buy or renew an API resource pack in the Kling developer console (website credits do not count)",
        Account => "check the account in the Kling developer console",
        NoAccess => "choose another model with --model, or ask Kling for access",
        ContentRefused => "reword the prompt or use another picture",
        RateLimited | ConcurrencyLimit | Server | Network | Timeout | Download => "run `kling resume` to try again",
        NotFound => "check the id with `kling tasks`",
        Malformed | Config => "check the API host (--base-url or KLING_BASE_URL)",
        Uncertain => "look at `kling tasks` before submitting again: it may have been made",
        TaskFailed => "try again, perhaps with another prompt or picture",
        Io | LibraryUnwritable => "check the library folder (KLING_LIBRARY) exists and is writable",
        DiskFull => "free some disk space, then run `kling resume`",
        LibraryIndex | Sidecar | Thumbnail => "the library's files are intact; run `kling sync` to rebuild what it knows",
        Trash => "delete the file by hand",
        NotRetryable => "only a failed job can be retried",
        KeychainUnavailable | KeychainRefused => "start or unlock your keyring, or set KLING_ACCESS_KEY and KLING_SECRET_KEY",
        KeychainCorrupt => "run `kling login` to store the keys again",
        Sandbox | Internal => "try again; if it persists, report it",
        Starting | Failed => "run it again; if it persists, look at `kling jobs`",
        NoFileManager => "open the folder by hand",
        Interrupted => "`kling resume` finishes it",
    }
}

/// A failed job's stored code and detail as one line for the terminal.
pub fn job_message(code: ErrorCode, detail: &str) -> String {
    let detail = if detail.trim().is_empty() { "no reason recorded" } else { detail };
    match code {
        ErrorCode::TaskFailed => format!("Kling could not generate it ({detail}) — {}", advice(code)),
        _ => format!("{detail} — {}", advice(code)),
    }
}

#[cfg(test)]
mod code_tests {
    use super::*;

    #[test]
    fn every_code_has_an_exit_status_and_advice() {
        for &code in ErrorCode::ALL {
            assert_ne!(exit_code(code), 0, "{code} must not exit 0");
            assert!(!advice(code).is_empty(), "{code}");
            let line = job_message(code, "what broke");
            assert!(line.contains("what broke") && !line.contains('\n'), "{line}");
        }
        assert_eq!(exit_code(ErrorCode::TaskFailed), 5);
        assert_eq!(exit_code(ErrorCode::InvalidInput), 2);
        assert_eq!(exit_code(ErrorCode::Network), 4);
        assert_eq!(exit_code(ErrorCode::NoKeys), 6);
        assert_eq!(exit_code(ErrorCode::DiskFull), 7);
        assert!(job_message(ErrorCode::TaskFailed, "").contains("no reason recorded"));
    }

    #[test]
    fn the_user_guide_explains_every_code() {
        let guide = include_str!("../../../docs/user-guide.md");
        for &code in ErrorCode::ALL {
            assert!(guide.contains(&format!("| `{code}` |")), "docs/user-guide.md has no row for `{code}`");
        }
    }
}
