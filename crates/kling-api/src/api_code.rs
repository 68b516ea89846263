//! The API's business codes (the `code` field of every answer), in plain English, with what the
//! person should do about each.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiCode {
    AuthFailed,
    AuthMissing,
    AuthInvalid,
    TokenNotYetValid,
    TokenExpired,
    AccountException,
    AccountArrears,
    NoResourcePack,
    NoAccess,
    InvalidParameters,
    InvalidValue,
    InvalidMethod,
    NotFound,
    PlatformPolicy,
    ContentRefused,
    RateLimited,
    ConcurrencyLimit,
    IpNotAllowed,
    ServerError,
    Unavailable,
    ServerTimeout,
    Other(i64),
}

const TABLE: &[(i64, ApiCode)] = &[
    (1000, ApiCode::AuthFailed),
    (1001, ApiCode::AuthMissing),
    (1002, ApiCode::AuthInvalid),
    (1003, ApiCode::TokenNotYetValid),
    (1004, ApiCode::TokenExpired),
    (1100, ApiCode::AccountException),
    (1101, ApiCode::AccountArrears),
    (1102, ApiCode::NoResourcePack),
    (1103, ApiCode::NoAccess),
    (1200, ApiCode::InvalidParameters),
    (1201, ApiCode::InvalidValue),
    (1202, ApiCode::InvalidMethod),
    (1203, ApiCode::NotFound),
    (1300, ApiCode::PlatformPolicy),
    (1301, ApiCode::ContentRefused),
    (1302, ApiCode::RateLimited),
    (1303, ApiCode::ConcurrencyLimit),
    (1304, ApiCode::IpNotAllowed),
    (5000, ApiCode::ServerError),
    (5001, ApiCode::Unavailable),
    (5002, ApiCode::ServerTimeout),
];

impl ApiCode {
    pub fn from_i64(code: i64) -> Self {
        TABLE.iter().find(|(c, _)| *c == code).map(|(_, k)| *k).unwrap_or(ApiCode::Other(code))
    }

    pub fn as_i64(&self) -> i64 {
        match self {
            ApiCode::Other(code) => *code,
            known => TABLE.iter().find(|(_, k)| k == known).map(|(c, _)| *c).unwrap_or(0),
        }
    }

    pub fn description(&self) -> &'static str {
        match self {
            ApiCode::AuthFailed => "authentication failed",
            ApiCode::AuthMissing => "the request carried no Authorization header",
            ApiCode::AuthInvalid => "the Authorization token is invalid",
            ApiCode::TokenNotYetValid => "the token is not valid yet",
            ApiCode::TokenExpired => "the token has expired",
            ApiCode::AccountException => "the account has a problem",
            ApiCode::AccountArrears => "the account is in arrears",
            ApiCode::NoResourcePack => "resource pack used up or expired",
            ApiCode::NoAccess => "the account has no access to this resource or model",
            ApiCode::InvalidParameters => "the request parameters are invalid",
            ApiCode::InvalidValue => "a parameter value is invalid",
            ApiCode::InvalidMethod => "the request method or path is invalid",
            ApiCode::NotFound => "the resource does not exist",
            ApiCode::PlatformPolicy => "a platform policy was triggered",
            ApiCode::ContentRefused => "the content safety check refused the prompt or picture",
            ApiCode::RateLimited => "requests are coming too fast",
            ApiCode::ConcurrencyLimit => "too many tasks are running for the account's resource pack",
            ApiCode::IpNotAllowed => "this IP address is not on the account's allow-list",
            ApiCode::ServerError => "Kling had an internal error",
            ApiCode::Unavailable => "the service is temporarily unavailable",
            ApiCode::ServerTimeout => "Kling timed out internally",
            ApiCode::Other(_) => "an unlisted error",
        }
    }

    /// What the person should do about it.
    pub fn advice(&self) -> &'static str {
        match self {
            ApiCode::AuthFailed | ApiCode::AuthInvalid => "check the access key and secret key",
            ApiCode::AuthMissing | ApiCode::InvalidMethod => "this is a bug in Kling Studio; please report it",
            ApiCode::TokenNotYetValid => "check that this computer's clock is right",
            ApiCode::TokenExpired => "check that this computer's clock is right, then try again",
            ApiCode::AccountException | ApiCode::AccountArrears => "check the account in the Kling developer console",
            ApiCode::NoResourcePack => "API resource packs are bought separately from website credits: buy or renew one in the Kling developer console",
            ApiCode::NoAccess => "choose another model, or ask Kling for access to this one",
            ApiCode::InvalidParameters | ApiCode::InvalidValue => "change the setting named in the message",
            ApiCode::NotFound => "check the id or model name",
            ApiCode::PlatformPolicy | ApiCode::ContentRefused => "reword the prompt or use another picture",
            ApiCode::RateLimited => "wait a moment; it is retried automatically",
            ApiCode::ConcurrencyLimit => "the task waits until one of the running ones finishes",
            ApiCode::IpNotAllowed => "add this IP address to the allow-list in the Kling developer console",
            ApiCode::ServerError | ApiCode::Unavailable | ApiCode::ServerTimeout => "try again in a little while",
            ApiCode::Other(_) => "try again; if it persists, check the Kling status page",
        }
    }

    /// The HTTP status the docs pair with this code.
    pub fn documented_http_status(&self) -> Option<u16> {
        Some(match self.as_i64() {
            1000..=1004 => 401,
            1100..=1102 | 1302..=1304 => 429,
            1103 => 403,
            1200 | 1201 | 1300 | 1301 => 400,
            1202 | 1203 => 404,
            5000 => 500,
            5001 => 503,
            5002 => 504,
            _ => return None,
        })
    }

    /// Worth repeating the same request after a short wait: 1302 (rate limit) and 5000–5002.
    ///
    /// 1303 (concurrency over the resource pack's limit) is deliberately *not* retryable here,
    /// although the condition is temporary: a slot frees only when one of the account's running
    /// tasks ends, which takes minutes, so the client does not spin on it. The caller keeps the
    /// job queued and submits again when a task finishes. 1004 (token expired) is handled apart:
    /// the client re-signs and repeats once.
    pub fn is_retryable(&self) -> bool {
        matches!(self, ApiCode::RateLimited | ApiCode::ServerError | ApiCode::Unavailable | ApiCode::ServerTimeout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_round_trips_and_has_words() {
        for (code, kind) in TABLE {
            assert_eq!(ApiCode::from_i64(*code), *kind);
            assert_eq!(kind.as_i64(), *code);
            assert!(!kind.description().is_empty() && !kind.advice().is_empty());
        }
        assert_eq!(ApiCode::from_i64(4242), ApiCode::Other(4242));
        assert_eq!(ApiCode::Other(4242).as_i64(), 4242);
    }

    #[test]
    fn only_rate_limits_and_server_errors_are_retryable() {
        let retryable: Vec<i64> = TABLE.iter().filter(|(_, k)| k.is_retryable()).map(|(c, _)| *c).collect();
        assert_eq!(retryable, vec![1302, 5000, 5001, 5002]);
        assert!(!ApiCode::ConcurrencyLimit.is_retryable() && !ApiCode::TokenExpired.is_retryable());
        assert!(!ApiCode::Other(9999).is_retryable());
    }

    #[test]
    fn documented_statuses() {
        let expected = [
            (1000, 401),
            (1001, 401),
            (1002, 401),
            (1003, 401),
            (1004, 401),
            (1100, 429),
            (1101, 429),
            (1102, 429),
            (1103, 403),
            (1200, 400),
            (1201, 400),
            (1202, 404),
            (1203, 404),
            (1300, 400),
            (1301, 400),
            (1302, 429),
            (1303, 429),
            (1304, 429),
            (5000, 500),
            (5001, 503),
            (5002, 504),
        ];
        assert_eq!(expected.len(), TABLE.len());
        for (code, status) in expected {
            assert_eq!(ApiCode::from_i64(code).documented_http_status(), Some(status), "{code}");
        }
        assert_eq!(ApiCode::Other(7).documented_http_status(), None);
    }

    #[test]
    fn the_credits_advice_explains_api_packs_are_separate() {
        assert!(ApiCode::NoResourcePack.advice().contains("bought separately from website credits"));
        assert!(ApiCode::IpNotAllowed.advice().contains("allow-list"));
        assert!(ApiCode::TokenNotYetValid.advice().contains("clock"));
    }
}
