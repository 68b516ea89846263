//! `POST /v1/images/kolors-virtual-try-on` (addendum §6.7): `human_image` and `cloth_image`
//! required (the current docs; a try-on without a garment has nothing to try on);
//! kolors-virtual-try-on-v1 (default) or -v1-5; no `n`, no watermark. One picture, of the person's
//! shape.

use super::fields::Fields;
use super::{external_id, image_input, tool_model};
use crate::envelope::ApiError;
use crate::task::Accepted;

const MODELS: [&str; 2] = ["kolors-virtual-try-on-v1", "kolors-virtual-try-on-v1-5"];
/// The shape assumed for a person given by link (the emulator fetches nothing): a portrait.
const LINKED_PERSON: (u32, u32) = (768, 1024);

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    let model = tool_model(f, &MODELS)?;
    let person = f.present("human_image").ok_or_else(|| ApiError::new(1200, "human_image is required"))?;
    let aspect = image_input::check("human_image", person)?.unwrap_or(LINKED_PERSON);
    let garment = f.present("cloth_image").ok_or_else(|| ApiError::new(1200, "cloth_image is required"))?;
    image_input::check("cloth_image", garment)?;
    for unsupported in ["watermark_info", "n"] {
        if f.present(unsupported).is_some() {
            return Err(ApiError::new(1201, format!("{unsupported} is not supported by virtual try-on")));
        }
    }
    Ok(Accepted { model: model.to_string(), n: 1, aspect, with_image: true, external_task_id: external_id(f)?, ..Accepted::default() })
}
