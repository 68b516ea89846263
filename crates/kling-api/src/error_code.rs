//! The one list of failure kinds every face shares: the engine stores them with failed jobs, the
//! app sends them to the UI (a string union in the generated bindings), the CLI turns them into
//! exit codes and `--json` words. Sentences are written at each edge from the code and its
//! detail, so wording never freezes in a person's database.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $word:literal,)*) => {
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $word)] $variant,)*
        }

        impl ErrorCode {
            /// Every code, for exhaustive checks (a message and an exit code each).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The stable word stored in the jobs table and printed by `--json`.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $word,)* }
            }
        }

        impl FromStr for ErrorCode {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($word => Ok(ErrorCode::$variant),)*
                    other => Err(format!("unknown error code {other:?}")),
                }
            }
        }
    };
}

error_codes! {
    /// The request breaks one of the API's rules, or a value typed is wrong.
    InvalidInput = "invalid_input",
    /// Kling refused the keys (1000–1004).
    BadKeys = "bad_keys",
    /// No keys were found for this run (environment, session or keychain).
    NoKeys = "no_keys",
    /// No resource pack left (1102).
    NoCredits = "no_credits",
    /// The account is suspended, in arrears, or the address is not allowed (1100, 1101, 1104).
    Account = "account",
    /// The account has no access to this feature or model (1103).
    NoAccess = "no_access",
    /// The prompt or a picture was refused by the content policy (1300, 1301).
    ContentRefused = "content_refused",
    /// Too many requests (1302): tried again after a pause.
    RateLimited = "rate_limited",
    /// Every task slot of the account is in use (1303): waits for one.
    ConcurrencyLimit = "concurrency_limit",
    /// Kling's side failed (5000–5002, HTTP 5xx).
    Server = "server",
    /// The thing asked for does not exist (a task, a job, a library item).
    NotFound = "not_found",
    /// An answer that could not be read (not the API's envelope, or the wrong shape).
    Malformed = "malformed",
    /// The connection failed or broke.
    Network = "network",
    /// No answer in time.
    Timeout = "timeout",
    /// A create's answer was lost and it is unknown whether the task exists.
    Uncertain = "uncertain",
    /// A result file could not be fetched.
    Download = "download",
    /// Kling ran the task and it failed there.
    TaskFailed = "task_failed",
    /// A local file could not be read or written.
    Io = "io",
    /// The client's own settings are wrong (the API host).
    Config = "config",
    /// The library folder cannot be written.
    LibraryUnwritable = "library_unwritable",
    /// The disk is full.
    DiskFull = "disk_full",
    /// The library's index database failed.
    LibraryIndex = "library_index",
    /// A result's sidecar is missing or unreadable.
    Sidecar = "sidecar",
    /// Moving to the trash failed.
    Trash = "trash",
    /// A thumbnail could not be made.
    Thumbnail = "thumbnail",
    /// The job cannot be retried (it has not failed).
    NotRetryable = "not_retryable",
    /// No Secret Service is running, or it is locked.
    KeychainUnavailable = "keychain_unavailable",
    /// The stored keys are unreadable.
    KeychainCorrupt = "keychain_corrupt",
    /// The keychain refused to read or write.
    KeychainRefused = "keychain_refused",
    /// The built-in sandbox (the emulator) could not start.
    Sandbox = "sandbox",
    /// The app is still starting (no session yet).
    Starting = "starting",
    /// No file manager answered a request to show a folder.
    NoFileManager = "no_file_manager",
    /// Waiting was stopped (Ctrl-C): the job goes on later.
    Interrupted = "interrupted",
    /// The app's own plumbing failed (a command called with arguments it cannot read): a bug.
    Internal = "internal",
    /// A failure with no more precise kind (a code written by a newer version, for one).
    Failed = "failed",
}

impl ErrorCode {
    /// A stored word back to its code; words this version does not know read as `Failed`.
    pub fn from_stored(word: &str) -> Self {
        word.parse().unwrap_or(ErrorCode::Failed)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_its_word_and_serde() {
        let mut words = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            assert!(words.insert(code.as_str()), "{code} twice");
            assert_eq!(code.as_str().parse::<ErrorCode>().unwrap(), code);
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(code.as_str()));
            assert_eq!(serde_json::from_value::<ErrorCode>(serde_json::json!(code.as_str())).unwrap(), code);
        }
        assert_eq!(ErrorCode::from_stored("something_new"), ErrorCode::Failed);
        assert!("Bad_Keys".parse::<ErrorCode>().is_err());
    }
}
