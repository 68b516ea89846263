//! The rules shared by every request, and the error that names the field and the rule broken.

use std::fmt;

/// A request that breaks one of the API's rules, found before anything was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// The API field (or input) at fault, e.g. `prompt`, `image_tail`, `camera_control`.
    pub field: String,
    /// The rule broken, in words a person understands.
    pub message: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ValidationError {}

pub const MAX_PROMPT_CHARS: usize = 2500;

pub(crate) fn check_prompt(field: &str, text: &str, required: bool) -> Result<(), ValidationError> {
    if required && is_blank(text) {
        return Err(ValidationError::new(field, "must not be empty: describe what to generate"));
    }
    let count = text.chars().count();
    if count > MAX_PROMPT_CHARS {
        return Err(ValidationError::new(field, format!("must be at most {MAX_PROMPT_CHARS} characters (got {count})")));
    }
    // Line breaks and tabs are text; NUL, escape, bell and the other C0/C1 controls are not (they
    // come from pasting binary or terminal output). Refused, not stripped: the person sees what
    // is sent. Right-to-left scripts, emoji and other marks are ordinary characters.
    if let Some((at, c)) = text.chars().enumerate().find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(ValidationError::new(field, format!("contains control characters (U+{:04X} at character {}); remove them", u32::from(c), at + 1)));
    }
    Ok(())
}

/// Nothing a model could read: spaces, and the invisible characters that paste along with text
/// (zero-width space and joiners, word joiner, byte-order mark, soft hyphen, Mongolian vowel
/// separator). Inside real text they are kept: a joiner can be part of an emoji.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'))
}

pub(crate) fn check_unit(field: &str, value: Option<f64>) -> Result<(), ValidationError> {
    match value {
        Some(v) if !(0.0..=1.0).contains(&v) || v.is_nan() => Err(ValidationError::new(field, format!("must be between 0 and 1 (got {v})"))),
        _ => Ok(()),
    }
}

/// A webhook address must be an absolute http(s) URL.
pub(crate) fn check_callback_url(value: Option<&str>) -> Result<(), ValidationError> {
    let Some(url) = value else { return Ok(()) };
    match crate::web_url(url) {
        Some(_) => Ok(()),
        None => Err(ValidationError::new("callback_url", format!("must be an http(s) URL (got {:?})", crate::validation::short(url)))),
    }
}

/// A value quoted in a message, cut short so a pasted blob does not flood the screen.
pub(crate) fn short(text: &str) -> String {
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(59).collect::<String>())
    } else {
        text.to_string()
    }
}

pub(crate) fn check_external_id(value: Option<&str>) -> Result<(), ValidationError> {
    match value {
        Some(id) if id.trim().is_empty() => Err(ValidationError::new("external_task_id", "must not be empty when given")),
        Some(id) if id.len() > 256 => Err(ValidationError::new("external_task_id", "must be at most 256 characters")),
        _ => Ok(()),
    }
}
