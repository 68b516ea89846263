//! `kling omni-image PROMPT [--image FILE]... [--element ID]... [--model M] [--resolution R]
//! [--aspect RATIO|auto] [-n N | --series N|auto]`: pictures from a prompt that refers to its
//! inputs as <<<image_1>>>, <<<element_1>>>; all of one task filed together, library pictures as
//! their parents.

use super::super::generate::{aspect, check_out, elements, run, warn_if_unknown};
use super::super::{Globals, Session};
use super::pictures;
use crate::cli::OmniImageArgs;
use crate::errors::CliError;
use kling_api::{Auto, OmniImageAspect, OmniImageInput, OmniImageRequest, Resolution, ResultType, SeriesAmount, TaskKind, WatermarkInfo};
use studio::NewJob;

fn series_amount(text: &str) -> Result<SeriesAmount, CliError> {
    if text.trim().eq_ignore_ascii_case("auto") {
        return Ok(SeriesAmount::Auto(Auto::Auto));
    }
    text.trim().parse::<u8>().map(SeriesAmount::Count).map_err(|_| CliError::Usage(format!("--series {text:?}: give a number of pictures (2 to 9) or auto")))
}

fn shape(text: &str) -> Result<OmniImageAspect, CliError> {
    if text.trim().eq_ignore_ascii_case("auto") {
        return Ok(OmniImageAspect::Auto(Auto::Auto));
    }
    aspect(text).map(OmniImageAspect::Ratio).map_err(|_| CliError::Usage(format!("--aspect {text:?}: use auto or one of 16:9, 9:16, 1:1, 4:3, 3:4, 3:2, 2:3, 21:9")))
}

pub fn omni_image_job(args: &OmniImageArgs) -> Result<NewJob, CliError> {
    let (inputs, images) = pictures(&args.images, "image_list")?;
    let resolution = args.resolution.as_deref().map(|r| r.parse::<Resolution>().map_err(|e| CliError::Usage(format!("--resolution: {e}")))).transpose()?;
    let series = args.series.as_deref().map(series_amount).transpose()?;
    let request = OmniImageRequest {
        model_name: args.model.clone(),
        image_list: inputs.into_iter().map(|image| OmniImageInput { image }).collect(),
        element_list: elements(&args.elements),
        resolution,
        result_type: series.map(|_| ResultType::Series),
        n: args.n,
        series_amount: series,
        aspect_ratio: args.aspect.as_deref().map(shape).transpose()?,
        watermark_info: args.watermark.then_some(WatermarkInfo { enabled: true }),
        ..OmniImageRequest::new(args.prompt.clone())
    };
    let mut request = request;
    // Kling's default shape is `auto` (the pictures'); a model that cannot take it from text alone
    // gets a square rather than a refusal, unless `auto` was asked for by name.
    let auto_from_text = kling_api::catalogue::entry(TaskKind::OmniImage, &request.model_name).is_none_or(|e| e.auto_aspect_from_text);
    if request.aspect_ratio.is_none() && request.image_list.is_empty() && !auto_from_text {
        request.aspect_ratio = Some(OmniImageAspect::Ratio(kling_api::AspectRatio::R1x1));
    }
    warn_if_unknown(TaskKind::OmniImage, &request.model_name);
    request.validate()?;
    Ok(NewJob::OmniImage { request, images })
}

pub async fn omni_image(globals: &Globals, args: &OmniImageArgs) -> Result<(), CliError> {
    // Checked before the keys or the library are touched: a mistake costs nothing.
    let job = omni_image_job(args)?;
    check_out(&args.wait)?;
    run(&Session::open(globals).await?, job, &args.wait).await
}
