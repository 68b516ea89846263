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
