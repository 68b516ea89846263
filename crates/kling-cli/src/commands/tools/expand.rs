//! `kling expand PICTURE --up R --down R --left R --right R [--prompt P] [-n N]`: the picture
//! grown outward on its edges (outpainting). A library picture becomes the results' parent.

use super::super::generate::{check_out, run};
use super::super::{Globals, Session};
use super::{pictures, renamed};
use crate::cli::ExpandArgs;
use crate::errors::CliError;
use kling_api::ImageExpandRequest;
use studio::NewJob;

const PICTURE: &[(&str, &str)] = &[("image", "PICTURE")];

pub fn expand_job(args: &ExpandArgs) -> Result<NewJob, CliError> {
    // The picture is the command's first argument, not an --image flag.
    let (mut inputs, mut images) = pictures(std::slice::from_ref(&args.picture), "image").map_err(|e| match e {
        CliError::Kling(kling_api::KlingError::Validation(e)) => CliError::from(renamed(e, PICTURE)),
        other => other,
    })?;
    let mut request = ImageExpandRequest::new(inputs.remove(0), [args.up, args.down, args.left, args.right]);
    request.prompt = args.prompt.clone();
    request.n = args.n;
    request.validate().map_err(|e| renamed(e, PICTURE))?;
    Ok(NewJob::ImageExpand { request, image: images.remove(0) })
}

pub async fn expand(globals: &Globals, args: &ExpandArgs) -> Result<(), CliError> {
    // Checked before the keys or the library are touched: a mistake costs nothing.
    let job = expand_job(args)?;
    check_out(&args.wait)?;
    run(&Session::open(globals).await?, job, &args.wait).await
}
