//! `kling audio "rain on a tin roof" --duration 5`: a sound from words (text-to-audio), filed in
//! the library as an mp3 with its wav beside it.

use super::super::generate::{check_out, run};
use super::super::{Globals, Session};
use crate::cli::AudioArgs;
use crate::errors::CliError;
use kling_api::TextToAudioRequest;
use studio::NewJob;

pub fn audio_job(args: &AudioArgs) -> Result<NewJob, CliError> {
    let request = TextToAudioRequest::new(args.prompt.clone(), args.duration);
    request.validate()?;
    Ok(NewJob::TextToAudio { request })
}

pub async fn audio(globals: &Globals, args: &AudioArgs) -> Result<(), CliError> {
    // Checked before the keys or the library are touched: a typo costs nothing.
    let job = audio_job(args)?;
    check_out(&args.wait)?;
    run(&Session::open(globals).await?, job, &args.wait).await
}
