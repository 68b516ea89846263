//! `kling compose --subject A [--subject B …] [--scene S] [--style S] [-p P] [-n N] [--aspect R]`:
//! the subjects of 1–4 pictures composed into one (multi-image to image). Library pictures
//! become the results' parents.

use super::super::generate::{aspect, check_out, run};
use super::super::{Globals, Session};
use super::pictures;
use crate::cli::ComposeArgs;
use crate::errors::CliError;
use kling_api::{MultiImageToImageRequest, WatermarkInfo};
use studio::{InputPicture, NewJob};

/// One optional picture flag, read and checked now.
fn optional_picture(text: &Option<String>, field: &str) -> Result<Option<(kling_api::ImageInput, InputPicture)>, CliError> {
    let Some(text) = text else { return Ok(None) };
    let (mut inputs, mut pictures) = pictures(std::slice::from_ref(text), field)?;
    Ok(Some((inputs.remove(0), pictures.remove(0))))
}

pub fn compose_job(args: &ComposeArgs) -> Result<NewJob, CliError> {
    let (inputs, subjects) = pictures(&args.subjects, "subject_image_list")?;
    let scene = optional_picture(&args.scene, "scene_image")?;
    let style = optional_picture(&args.style, "style_image")?;
    let request = MultiImageToImageRequest {
        model_name: args.model.clone(),
        prompt: args.prompt.clone(),
        scene_image: scene.as_ref().map(|(input, _)| input.clone()),
        style_image: style.as_ref().map(|(input, _)| input.clone()),
        n: args.n,
        aspect_ratio: args.aspect.as_deref().map(aspect).transpose()?,
        watermark_info: args.watermark.then_some(WatermarkInfo { enabled: true }),
        ..MultiImageToImageRequest::new(inputs)
    };
    request.validate()?;
    Ok(NewJob::MultiImageToImage { request, subjects, scene: scene.map(|(_, p)| p), style: style.map(|(_, p)| p) })
}

pub async fn compose(globals: &Globals, args: &ComposeArgs) -> Result<(), CliError> {
    // Checked before the keys or the library are touched: a mistake costs nothing.
    let job = compose_job(args)?;
    check_out(&args.wait)?;
    run(&Session::open(globals).await?, job, &args.wait).await
}
