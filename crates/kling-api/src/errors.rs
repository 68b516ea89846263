use crate::api_code::ApiCode;
use crate::kinds::TaskKind;
use crate::validation::ValidationError;
use std::path::PathBuf;
use thiserror::Error;

/// Everything a call can fail with. Messages never contain the secret key or a token.
#[derive(Debug, Error)]
pub enum KlingError {
    #[error("{0}")]
    Validation(ValidationError),
    #[error("Kling API error {}: {} ({message})", code.as_i64(), code.description())]
    Api { code: ApiCode, http_status: u16, message: String, request_id: Option<String> },
    #[error("unexpected HTTP {status} answer: {snippet}")]
    Http { status: u16, snippet: String },
    #[error("network error while {during}: {detail}")]
    Network { during: &'static str, detail: String },
    #[error("no answer in time while {during}")]
    Timeout { during: &'static str },
    #[error("the answer could not be read: {detail}")]
    Malformed { detail: String },
    #[error("the answer to a {kind} request was lost and Kling's task list could not tell whether it was created")]
    SubmitUncertain { kind: TaskKind },
    #[error("download from {url_host} failed: {detail}")]
    Download { url_host: String, detail: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Config(String),
}

impl From<ValidationError> for KlingError {
    fn from(e: ValidationError) -> Self {
        KlingError::Validation(e)
    }
}

impl KlingError {
    pub fn is_retryable(&self) -> bool {
        match self {
            KlingError::Api { code, .. } => code.is_retryable(),
            KlingError::Network { .. } | KlingError::Timeout { .. } => true,
            KlingError::Http { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// A stable word per kind of failure, for UIs and scripts to branch on.
    pub fn kind_code(&self) -> &'static str {
        match self {
            KlingError::Validation(_) => "invalid_input",
            KlingError::Api { code, .. } => match code {
                ApiCode::AuthFailed | ApiCode::AuthMissing | ApiCode::AuthInvalid | ApiCode::TokenNotYetValid | ApiCode::TokenExpired => "bad_keys",
                ApiCode::NoResourcePack => "no_credits",
                ApiCode::AccountException | ApiCode::AccountArrears | ApiCode::IpNotAllowed => "account",
                ApiCode::NoAccess => "no_access",
                ApiCode::InvalidParameters | ApiCode::InvalidValue => "invalid_input",
                ApiCode::PlatformPolicy | ApiCode::ContentRefused => "content_refused",
                ApiCode::RateLimited => "rate_limited",
                ApiCode::ConcurrencyLimit => "concurrency_limit",
                ApiCode::ServerError | ApiCode::Unavailable | ApiCode::ServerTimeout | ApiCode::Other(_) => "server",
                ApiCode::NotFound => "not_found",
                ApiCode::InvalidMethod => "malformed",
            },
            KlingError::Http { status, .. } if *status >= 500 => "server",
            KlingError::Http { .. } | KlingError::Malformed { .. } => "malformed",
            KlingError::Network { .. } => "network",
            KlingError::Timeout { .. } => "timeout",
            KlingError::SubmitUncertain { .. } => "uncertain",
            KlingError::Download { .. } => "download",
            KlingError::Io { .. } => "io",
            KlingError::Config(_) => "config",
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
            KlingError::Network { during, detail } => format!("could not reach the Kling API while {during} ({}) — check the network and the API host setting", one_line(detail, 160)),
            KlingError::Timeout { during } => format!("the Kling API did not answer in time while {during} — check the network, then try again"),
            KlingError::Malformed { detail } => format!("the Kling API sent an answer that could not be read ({}) — check the API host setting", one_line(detail, 160)),
            KlingError::SubmitUncertain { .. } => "the answer to a submission was lost and it is unclear whether Kling created the task — look at `kling tasks` before submitting again".into(),
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
