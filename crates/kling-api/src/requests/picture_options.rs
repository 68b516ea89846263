//! `n`, the pictures asked of one task: 1 to 9 wherever it is taken (§5.2, §6.5, §6.6), and the
//! options the picture tools check alike.

use crate::image_input::ImageInput;
use crate::validation::ValidationError;

pub const MAX_PICTURES_ASKED: u8 = 9;

/// A required picture not yet given: a request from a form arrives without its pictures (they
/// travel beside it over IPC) and the engine fills them in; until then it is refused as empty.
pub(crate) fn unfilled() -> ImageInput {
    ImageInput::Base64(String::new())
}

pub(crate) fn check_n(n: Option<u8>) -> Result<(), ValidationError> {
    match n {
        Some(n) if !(1..=MAX_PICTURES_ASKED).contains(&n) => Err(ValidationError::new("n", format!("must be between 1 and {MAX_PICTURES_ASKED} (got {n})"))),
        _ => Ok(()),
    }
}

/// What the picture tools take alike after their pictures: an optional prompt (≤ 2500), `n`,
/// and the callback and external ids every create takes.
pub(crate) fn check_prompt_n_and_ids(prompt: Option<&str>, n: Option<u8>, callback_url: Option<&str>, external_task_id: Option<&str>) -> Result<(), ValidationError> {
    if let Some(prompt) = prompt {
        crate::validation::check_prompt("prompt", prompt, false)?;
    }
    check_n(n)?;
    crate::validation::check_callback_url(callback_url)?;
    crate::validation::check_external_id(external_task_id)
}
