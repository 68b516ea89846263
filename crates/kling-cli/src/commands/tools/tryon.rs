//! `kling tryon PERSON GARMENT [--model v1|v1-5]`: the person of one picture wearing the garment
//! of another (Kolors virtual try-on, on the try-on pack). Library pictures become the result's
//! parents.

use super::super::generate::{check_out, run};
use super::super::{Globals, Session};
use super::{pictures, renamed};
use crate::cli::TryOnArgs;
use crate::errors::CliError;
use kling_api::{TryOnModel, VirtualTryOnRequest};
use studio::NewJob;

const NAMES: &[(&str, &str)] = &[("human_image", "PERSON"), ("cloth_image", "GARMENT")];

pub fn tryon_job(args: &TryOnArgs) -> Result<NewJob, CliError> {
    let model: TryOnModel = args.model.parse().map_err(|e: String| CliError::Usage(format!("--model: {e}")))?;
    let read = |text: &String, field| {
        pictures(std::slice::from_ref(text), field).map_err(|e| match e {
            CliError::Kling(kling_api::KlingError::Validation(e)) => CliError::from(renamed(e, NAMES)),
            other => other,
        })
    };
    let (mut person_input, mut person) = read(&args.person, "human_image")?;
    let (mut garment_input, mut garment) = read(&args.garment, "cloth_image")?;
    let request = VirtualTryOnRequest { model_name: model, ..VirtualTryOnRequest::new(person_input.remove(0), garment_input.remove(0)) };
    request.validate().map_err(|e| renamed(e, NAMES))?;
    Ok(NewJob::VirtualTryOn { request, person: person.remove(0), garment: garment.remove(0) })
}

pub async fn tryon(globals: &Globals, args: &TryOnArgs) -> Result<(), CliError> {
    // Checked before the keys or the library are touched: a mistake costs nothing.
    let job = tryon_job(args)?;
    check_out(&args.wait)?;
    run(&Session::open(globals).await?, job, &args.wait).await
}
