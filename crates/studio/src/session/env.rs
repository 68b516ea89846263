//! The environment a session reads, as a value: the faces read the process once, tests build
//! one by hand and never touch the process environment.

use secrecy::{ExposeSecret, SecretString};
use std::path::PathBuf;
use std::sync::OnceLock;

pub const LIBRARY_VAR: &str = "KLING_LIBRARY";
pub const ACCESS_KEY_VAR: &str = "KLING_ACCESS_KEY";
pub const SECRET_KEY_VAR: &str = "KLING_SECRET_KEY";

/// What a session takes from its surroundings. Values are `None` when unset or blank; keys are
/// trimmed (a pasted key often ends in a newline). Debug never shows the secret key.
#[derive(Clone, Debug, Default)]
pub struct SessionEnv {
    /// KLING_LIBRARY.
    pub library: Option<PathBuf>,
    /// KLING_ACCESS_KEY.
    pub access_key: Option<String>,
    /// KLING_SECRET_KEY.
    pub secret_key: Option<SecretString>,
    /// "Kling Studio" in the user's Pictures folder, when there is one.
    pub default_library: Option<PathBuf>,
}

/// KLING_ACCESS_KEY and KLING_SECRET_KEY as this process found them, once they are taken out of
/// its environment. Debug never shows the secret key.
#[derive(Debug)]
pub struct CapturedKeys {
    pub access_key: Option<String>,
    pub secret_key: Option<SecretString>,
}

static CAPTURED_KEYS: OnceLock<CapturedKeys> = OnceLock::new();

/// Takes KLING_ACCESS_KEY and KLING_SECRET_KEY out of this process's environment and keeps their
/// values for [`SessionEnv::from_process`], so that no child process (a file manager, `xdg-open`,
/// a file dialog, WebKit's helpers) inherits a key. Both faces call it first thing in `main`,
/// before any thread starts: changing the environment while another thread reads it is unsafe.
/// Later calls return what the first one took.
pub fn capture_process_keys() -> &'static CapturedKeys {
    CAPTURED_KEYS.get_or_init(|| {
        let keys = CapturedKeys { access_key: std::env::var(ACCESS_KEY_VAR).ok(), secret_key: std::env::var(SECRET_KEY_VAR).ok().map(SecretString::from) };
        std::env::remove_var(ACCESS_KEY_VAR);
        std::env::remove_var(SECRET_KEY_VAR);
        keys
    })
}

impl SessionEnv {
    /// This process's environment, with the keys [`capture_process_keys`] took out of it (taken
    /// now if `main` did not).
    pub fn from_process() -> Self {
        let keys = capture_process_keys();
        let var = |name: &str| match name {
            ACCESS_KEY_VAR => keys.access_key.clone(),
            SECRET_KEY_VAR => keys.secret_key.as_ref().map(|s| s.expose_secret().to_string()),
            _ => std::env::var(name).ok(),
        };
        Self::from_vars(var, crate::default_library_root())
    }

    /// The environment `var` describes, with `default_library` as the folder used when none is chosen.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>, default_library: Option<PathBuf>) -> Self {
        let key = |name: &str| var(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        Self {
            library: var(LIBRARY_VAR).filter(|v| !v.trim().is_empty()).map(PathBuf::from),
            access_key: key(ACCESS_KEY_VAR),
            secret_key: key(SECRET_KEY_VAR).map(SecretString::from),
            default_library,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_count_as_unset_and_keys_are_trimmed() {
        let vars = |name: &str| match name {
            LIBRARY_VAR => Some("  ".to_string()),
            ACCESS_KEY_VAR => Some(" ak-1\n".to_string()),
            SECRET_KEY_VAR => Some("sk-very-secret\n".to_string()),
            _ => None,
        };
        let env = SessionEnv::from_vars(vars, Some(PathBuf::from("/p/Kling Studio")));
        assert_eq!(env.library, None);
        assert_eq!(env.access_key.as_deref(), Some("ak-1"));
        assert_eq!(env.secret_key.as_ref().map(|s| s.expose_secret().to_string()).as_deref(), Some("sk-very-secret"));
        assert!(!format!("{env:?}").contains("sk-very-secret"), "Debug shows the secret key");

        let env = SessionEnv::from_vars(|name| (name == SECRET_KEY_VAR).then(|| "   ".to_string()), None);
        assert!(env.secret_key.is_none() && env.access_key.is_none());
    }
}
