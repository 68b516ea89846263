use crate::api_code::ApiCode;
use crate::error_code::ErrorCode;
use crate::kinds::TaskKind;
use crate::validation::ValidationError;
use std::path::PathBuf;
use thiserror::Error;

/// Everything a call can fail with. No variant ever holds the secret key or a token: requests
/// are described by method, path and `during`, never by their headers.
#[derive(Debug, Error)]
pub enum KlingError {
    /// The request breaks one of the API's rules; nothing was sent.
    #[error("{0}")]
    Validation(ValidationError),
    /// The API answered with a non-zero business code.
    #[error("Kling API error {}: {} ({message})", code.as_i64(), code.description())]
    Api { code: ApiCode, http_status: u16, message: String, request_id: Option<String> },
    /// An answer that is not the API's envelope (a proxy or gateway page): status and a short
    /// snippet (at most 200 characters) of the body.
    #[error("unexpected HTTP {status} answer: {snippet}")]
    Http { status: u16, snippet: String },
    /// The connection failed or broke.
    #[error("network error while {during}: {detail}")]
    Network { during: &'static str, detail: String },
    #[error("no answer in time while {during}")]
    Timeout { during: &'static str },
    /// A 2xx answer whose body is not the envelope, or whose data has the wrong shape.
    #[error("the answer could not be read: {detail}")]
    Malformed { detail: String },
    /// A create's answer was lost and looking the task up could not tell whether it exists:
    /// submitting again might pay twice.
    #[error("the answer to {} request was lost and Kling's task list could not tell whether it was created", kind.with_article())]
    SubmitUncertain { kind: TaskKind },
    /// The same for an element or a voice (`what`): creating it again might make two.
    #[error("the answer to creating {what} was lost and Kling's list could not tell whether it was created")]
    CreateUncertain { what: &'static str },
    /// A result file could not be fetched (expired link, server error, cut transfer).
    #[error("download from {url_host} failed: {detail}")]
    Download { url_host: String, detail: String },
    /// A local file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The client's own settings are wrong (e.g. the API host).
    #[error("{0}")]
    Config(String),
}

impl From<ValidationError> for KlingError {
    fn from(e: ValidationError) -> Self {
        KlingError::Validation(e)
    }
}

impl KlingError {
    /// Whether repeating the same call later may succeed without any change: retryable API
    /// codes (1302, 5000–5002), network failures, timeouts and HTTP 5xx pages. 1303 reports
    /// `false` (see [`ApiCode::is_retryable`]): the caller queues instead of retrying.
    pub fn is_retryable(&self) -> bool {
        match self {
            KlingError::Api { code, .. } => code.is_retryable(),
            KlingError::Network { .. } | KlingError::Timeout { .. } => true,
            KlingError::Http { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// The kind of failure, for UIs and scripts to branch on (and for failed jobs to store).
    pub fn code(&self) -> ErrorCode {
        match self {
            KlingError::Validation(_) => ErrorCode::InvalidInput,
            KlingError::Api { code, .. } => match code {
                ApiCode::AuthFailed | ApiCode::AuthMissing | ApiCode::AuthInvalid | ApiCode::TokenNotYetValid | ApiCode::TokenExpired => ErrorCode::BadKeys,
                ApiCode::NoResourcePack => ErrorCode::NoCredits,
                ApiCode::AccountException | ApiCode::AccountArrears | ApiCode::IpNotAllowed => ErrorCode::Account,
                ApiCode::NoAccess => ErrorCode::NoAccess,
                ApiCode::InvalidParameters | ApiCode::InvalidValue => ErrorCode::InvalidInput,
                ApiCode::PlatformPolicy | ApiCode::ContentRefused => ErrorCode::ContentRefused,
                ApiCode::RateLimited => ErrorCode::RateLimited,
                ApiCode::ConcurrencyLimit => ErrorCode::ConcurrencyLimit,
                ApiCode::ServerError | ApiCode::Unavailable | ApiCode::ServerTimeout | ApiCode::Other(_) => ErrorCode::Server,
                ApiCode::NotFound => ErrorCode::NotFound,
                ApiCode::InvalidMethod => ErrorCode::Malformed,
            },
            KlingError::Http { status, .. } if *status >= 500 => ErrorCode::Server,
            KlingError::Http { .. } | KlingError::Malformed { .. } => ErrorCode::Malformed,
            KlingError::Network { .. } => ErrorCode::Network,
            KlingError::Timeout { .. } => ErrorCode::Timeout,
            KlingError::SubmitUncertain { .. } | KlingError::CreateUncertain { .. } => ErrorCode::Uncertain,
            KlingError::Download { .. } => ErrorCode::Download,
            KlingError::Io { .. } => ErrorCode::Io,
            KlingError::Config(_) => ErrorCode::Config,
        }
    }

    /// One line for a person: what happened and what to do.
    pub fn user_message(&self) -> String {
        match self {
            KlingError::Validation(e) => format!("invalid {}: {}", e.field, e.message),
            KlingError::Api { code, message, .. } => {
                let detail = if message.is_empty() || message.eq_ignore_ascii_case(code.description()) {
                    String::new()
                } else {
                    format!(" ({})", one_line(message, 200))
                };
                format!("Kling API error {}: {}{} — {}", code.as_i64(), code.description(), detail, code.advice())
            }
            KlingError::Http { status, .. } => format!("the server answered HTTP {status}, not a Kling API answer — check the API host setting"),
            KlingError::Network { during, detail } => {
                format!("could not reach the Kling API while {during} ({}) — check the network and the API host setting", one_line(detail, 160))
            }
            KlingError::Timeout { during } => format!("the Kling API did not answer in time while {during} — check the network, then try again"),
            KlingError::Malformed { detail } => format!("the Kling API sent an answer that could not be read ({}) — check the API host setting", one_line(detail, 160)),
            KlingError::SubmitUncertain { .. } => {
                "the answer to a submission was lost and it is unclear whether Kling created the task — check the task list before submitting again".into()
            }
            KlingError::CreateUncertain { what } => {
                format!("the answer to creating {what} was lost and it is unclear whether Kling made it — list them before creating it again")
            }
            KlingError::Download { url_host, detail } => format!("downloading the result from {url_host} failed ({}) — try again", one_line(detail, 160)),
            KlingError::Io { path, source } => format!("{}: {source} — check the folder exists, is writable and the disk has space", path.display()),
            KlingError::Config(message) => message.clone(),
        }
    }
}

fn one_line(text: &str, max: usize) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > max {
        format!("{}…", line.chars().take(max).collect::<String>())
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: i64) -> KlingError {
        KlingError::Api { code: ApiCode::from_i64(code), http_status: 400, message: "server words".into(), request_id: Some("r-1".into()) }
    }

    #[test]
    fn every_code_maps_to_its_stable_kind() {
        let expected: &[(i64, &str, bool)] = &[
            (1000, "bad_keys", false),
            (1001, "bad_keys", false),
            (1002, "bad_keys", false),
            (1003, "bad_keys", false),
            (1004, "bad_keys", false),
            (1100, "account", false),
            (1101, "account", false),
            (1102, "no_credits", false),
            (1103, "no_access", false),
            (1200, "invalid_input", false),
            (1201, "invalid_input", false),
            (1202, "malformed", false),
            (1203, "not_found", false),
            (1300, "content_refused", false),
            (1301, "content_refused", false),
            (1302, "rate_limited", true),
            (1303, "concurrency_limit", false),
            (1304, "account", false),
            (5000, "server", true),
            (5001, "server", true),
            (5002, "server", true),
        ];
        for (code, kind, retryable) in expected {
            let err = api(*code);
            assert_eq!(err.code().as_str(), *kind, "code {code}");
            assert_eq!(err.is_retryable(), *retryable, "code {code}");
            let line = err.user_message();
            assert!(line.starts_with(&format!("Kling API error {code}: ")), "{line}");
            assert!(line.contains("(server words) — "), "{line}");
            assert!(!line.contains('\n'), "{line}");
        }
        assert!(api(1102).user_message().contains("bought separately from website credits"));
        assert!(api(1000).user_message().contains("check the access key and secret key"));
    }

    #[test]
    fn other_failures_have_kinds_too() {
        let cases: Vec<(KlingError, &str, bool)> = vec![
            (KlingError::Validation(ValidationError::new("n", "must be between 1 and 9 (got 12)")), "invalid_input", false),
            (KlingError::Http { status: 502, snippet: "<html>".into() }, "server", true),
            (KlingError::Http { status: 404, snippet: "<html>".into() }, "malformed", false),
            (KlingError::Network { during: "listing tasks", detail: "connection refused".into() }, "network", true),
            (KlingError::Timeout { during: "listing tasks" }, "timeout", true),
            (KlingError::Malformed { detail: "x".into() }, "malformed", false),
            (KlingError::SubmitUncertain { kind: TaskKind::Image }, "uncertain", false),
            (KlingError::Download { url_host: "cdn".into(), detail: "gone".into() }, "download", false),
            (KlingError::Io { path: "/x".into(), source: std::io::Error::other("disk full") }, "io", false),
            (KlingError::Config("bad host".into()), "config", false),
        ];
        for (err, kind, retryable) in cases {
            assert_eq!(err.code().as_str(), kind, "{err:?}");
            assert_eq!(err.is_retryable(), retryable, "{err:?}");
            let line = err.user_message();
            assert!(!line.is_empty() && !line.contains('\n'), "{line}");
        }
        let v = KlingError::Validation(ValidationError::new("n", "must be between 1 and 9 (got 12)"));
        assert_eq!(v.user_message(), "invalid n: must be between 1 and 9 (got 12)");
        assert_eq!(v.to_string(), "n: must be between 1 and 9 (got 12)");
    }

    #[test]
    fn long_server_messages_stay_on_one_short_line() {
        let err = KlingError::Api { code: ApiCode::InvalidValue, http_status: 400, message: "a\nb ".repeat(300), request_id: None };
        let line = err.user_message();
        assert!(!line.contains('\n') && line.chars().count() < 400, "{line}");
    }
}
