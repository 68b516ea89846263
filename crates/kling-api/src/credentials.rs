use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// An access key (public id) and its secret key. The secret is only ever used to sign; Debug
/// and every error leave it out.
#[derive(Clone)]
pub struct Credentials {
    access_key: String,
    secret_key: SecretString,
}

impl Credentials {
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self { access_key: access_key.into(), secret_key: SecretString::from(secret_key.into()) }
    }

    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    pub(crate) fn secret(&self) -> &str {
        self.secret_key.expose_secret()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hint: String = self.access_key.chars().take(4).collect();
        f.debug_struct("Credentials").field("access_key", &format!("{hint}…")).field("secret_key", &"<redacted>").finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiCode, ClientConfig, KlingClient, KlingError, TaskKind, ValidationError};

    const SK: &str = "sk-Hush-0123456789";

    #[test]
    fn the_secret_stays_out_of_every_debug_display_and_message() {
        let creds = Credentials::new("AKID-public", SK);
        assert_eq!(creds.access_key(), "AKID-public");
        assert_eq!(creds.secret(), SK);
        let config = ClientConfig::new(crate::GLOBAL_BASE_URL, creds.clone());
        let client = KlingClient::new(config.clone()).unwrap();
        let signer = crate::jwt::TokenSigner::new(creds.clone());
        let token = signer.token();
        let errors = [
            KlingError::Validation(ValidationError::new("prompt", "must not be empty")),
            KlingError::Api { code: ApiCode::AuthFailed, http_status: 401, message: "Authentication failed".into(), request_id: Some("r".into()) },
            KlingError::Api { code: ApiCode::Other(77), http_status: 400, message: String::new(), request_id: None },
            KlingError::Http { status: 502, snippet: "<html>".into() },
            KlingError::Network { during: "submitting a task", detail: "connection refused".into() },
            KlingError::Timeout { during: "listing tasks" },
            KlingError::Malformed { detail: "x".into() },
            KlingError::SubmitUncertain { kind: TaskKind::Image },
            KlingError::Download { url_host: "cdn".into(), detail: "gone".into() },
            KlingError::Io { path: "/tmp/x".into(), source: std::io::Error::other("disk full") },
            KlingError::Config("bad host".into()),
        ];
        let mut shown = vec![format!("{creds:?}"), format!("{creds:#?}"), format!("{config:?}"), format!("{client:?}"), format!("{signer:?}")];
        for e in &errors {
            shown.extend([e.to_string(), format!("{e:?}"), e.user_message(), e.code().as_str().to_string()]);
        }
        for text in &shown {
            assert!(!text.contains(SK) && !text.contains("Hush"), "secret in {text}");
            assert!(!text.contains(&token), "token in {text}");
        }
        assert!(shown[0].contains("<redacted>") && shown[0].contains("AKID"), "{}", shown[0]);
    }
}
