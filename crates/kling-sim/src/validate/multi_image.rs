//! `POST /v1/videos/multi-image2video` (addendum §6.1): kling-v1-6 only; 1–4 pictures in
//! `image_list[].image` (pre-cropped: the API crops nothing), a required prompt, std or pro, 5 or 10 s,
//! 16:9, 9:16 or 1:1.

use super::fields::Fields;
use super::{external_id, image_input, one_of, ratio, seconds, text, tool_mode, tool_model, watermark_asked};
use crate::envelope::ApiError;
use crate::task::Accepted;
use kling_api::Mode;

const MODELS: [&str; 1] = ["kling-v1-6"];
const MAX_PICTURES: usize = 4;

pub fn check(f: &Fields) -> Result<Accepted, ApiError> {
    let model = tool_model(f, &MODELS)?;
    image_input::check_list(f, "image_list", "image", (1, MAX_PICTURES))?;
    let prompt = text(f, "prompt", true)?;
    text(f, "negative_prompt", false)?;
    let mode = tool_mode(f, &[Mode::Std, Mode::Pro], model)?.unwrap_or(Mode::Std);
    let seconds = seconds(f, &[5, 10], "\"5\" or \"10\"")?.unwrap_or(5);
    let aspect = one_of(f, "aspect_ratio", &["16:9", "9:16", "1:1"])?.unwrap_or("16:9");
    Ok(Accepted {
        model: model.to_string(),
        prompt,
        n: 1,
        aspect: ratio(aspect),
        mode: Some(mode),
        seconds,
        watermark: watermark_asked(f)?,
        with_image: true,
        external_task_id: external_id(f)?,
        ..Accepted::default()
    })
}
