//! The tools' subcommands, one file each. They go through the same engine as `kling image`
//! (`generate::run_made_from`): queued in the library, waited for with progress, filed there,
//! copied with --out, printed with --json. What they share is here: pictures as typed, a clip
//! resolved against the library, and the API's field names worded as the flags a person typed.

mod audio;
mod clip;
mod compose;
mod effect;
mod expand;
mod extend;
mod lipsync;
mod motion;
mod multi;
mod omni;
mod omni_image;
mod sound;
mod tryon;

pub use audio::audio;
pub use compose::compose;
pub use effect::effect;
pub use expand::expand;
pub use extend::extend;
pub use lipsync::lipsync;
pub use motion::motion;
pub use multi::multi;
pub use omni::omni;
pub use omni_image::omni_image;
pub use sound::sound;
pub use tryon::tryon;

use super::generate::{aspect, check_out, mode, run_made_from, MadeFrom};
use super::{Globals, Session};
use crate::cli::{Shape, WaitArgs};
use crate::errors::CliError;
use clip::{ClipArg, Takes};
use kling_api::{AspectRatio, ImageInput, Mode, ValidationError};
use studio::{InputPicture, NewJob};

/// Pictures as typed: each read and checked now (a refusal names `field` and which picture),
/// and kept as the engine stores them.
fn pictures(texts: &[String], field: &str) -> Result<(Vec<ImageInput>, Vec<InputPicture>), CliError> {
    let mut inputs = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let input = ImageInput::from_path_or_url(text).map_err(|e| {
            let which = if texts.len() > 1 { format!("picture {} ({text}): ", i + 1) } else { String::new() };
            ValidationError::new(field, format!("{which}{}", e.message))
        })?;
        inputs.push(input);
    }
    Ok((inputs, texts.iter().map(|t| InputPicture::parse(t)).collect()))
}

/// The mode and aspect ratio typed (the duration is taken as parsed).
fn shape(s: &Shape) -> Result<(Option<Mode>, Option<AspectRatio>), CliError> {
    Ok((s.mode.map(mode), s.aspect.as_deref().map(aspect).transpose()?))
}

/// A refusal about an API field the tool gives under another name (the clip argument, say).
fn renamed(e: ValidationError, names: &[(&str, &str)]) -> ValidationError {
    match names.iter().find(|(field, _)| *field == e.field) {
        Some((_, name)) => ValidationError::new(*name, e.message),
        None => e,
    }
}

/// What a clip's API fields are called on the command line.
const CLIP_NAMES: &[(&str, &str)] = &[("video_id", "the clip"), ("video_url", "the clip")];

/// Opens the session and resolves the clip typed as `text` against its library: the tools that
/// take a clip need the library before the request can be built.
async fn with_clip(globals: &Globals, text: &str, tool: &str, takes: Takes) -> Result<(Session, studio::Engine, clip::Clip), CliError> {
    let session = Session::open(globals).await?;
    let engine = session.engine()?;
    let clip = clip::resolve(engine.library(), &ClipArg::parse(text), tool, takes)?;
    Ok((session, engine, clip))
}

/// Queues and runs a tool's job as `kling image` does, recording the clip as its parent when it
/// is a library item (its length prices the tools billed on it).
async fn queue(session: &Session, engine: studio::Engine, job: NewJob, clip: &clip::Clip, wait: &WaitArgs) -> Result<(), CliError> {
    check_out(wait)?;
    run_made_from(engine, job, MadeFrom { parents: clip.parent.as_slice(), clip_seconds: clip.seconds }, session.json, wait).await
}
