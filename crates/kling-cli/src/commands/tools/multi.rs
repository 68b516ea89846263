//! `kling multi PROMPT --image a.png --image b.png`: one video from 1 to 4 pictures.

use super::super::generate::{run, warn_if_unknown};
use super::super::{Globals, Session};
use super::{pictures, shape};
use crate::cli::MultiArgs;
use crate::errors::CliError;
use kling_api::{MultiImageToVideoRequest, TaskKind};
use studio::NewJob;

pub fn multi_job(args: &MultiArgs) -> Result<NewJob, CliError> {
    let (inputs, images) = pictures(&args.images, "image_list")?;
    let mut request = MultiImageToVideoRequest::new(inputs, args.prompt.clone());
    request.model_name = args.model.clone();
    request.negative_prompt = args.negative.clone();
    (request.mode, request.aspect_ratio) = shape(&args.shape)?;
    request.duration = args.shape.duration;
    request.validate()?;
    warn_if_unknown(TaskKind::MultiImageToVideo, &request.model_name);
    Ok(NewJob::MultiImageToVideo { request, images })
}

pub async fn multi(globals: &Globals, args: &MultiArgs) -> Result<(), CliError> {
    // Bad input is reported before anything else happens: no keys, network or library needed.
    let job = multi_job(args)?;
    super::super::generate::check_out(&args.wait)?;
    run(&Session::open(globals).await?, job, &args.wait).await
}
