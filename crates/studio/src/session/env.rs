//! The environment a session reads, as a value: the faces read the process once, tests build
//! one by hand and never touch the process environment.

use secrecy::SecretString;
use std::path::PathBuf;

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

impl SessionEnv {
    /// This process's environment.
    pub fn from_process() -> Self {
        Self::from_vars(|name| std::env::var(name).ok(), crate::default_library_root())
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
    use secrecy::ExposeSecret;

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
