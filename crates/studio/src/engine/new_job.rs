//! What a caller hands the engine: a typed API request plus, for pictures, where they come from
//! (a file, copied into the library so the job survives restarts, or a URL).

use kling_api::{ImageRequest, ImageToVideoRequest, TaskKind, TextToVideoRequest};
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub enum InputPicture {
    File(PathBuf),
    Url(String),
}

impl InputPicture {
    /// A picture as a person gave it (a path or a web address), read as everywhere else.
    pub fn parse(text: &str) -> Self {
        match kling_api::PictureSource::parse(text) {
            kling_api::PictureSource::Url(url) => InputPicture::Url(url),
            kling_api::PictureSource::Path(path) => InputPicture::File(path),
        }
    }
}

#[derive(Clone, Debug)]
pub enum NewJob {
    /// `request.image` is ignored: give a reference picture as `image`.
    Image {
        request: ImageRequest,
        image: Option<InputPicture>,
    },
    TextToVideo {
        request: TextToVideoRequest,
    },
    /// `request.image`/`image_tail` are ignored: give them as `image`/`image_tail`.
    ImageToVideo {
        request: ImageToVideoRequest,
        image: Option<InputPicture>,
        image_tail: Option<InputPicture>,
    },
}

/// A library item a job is made from that is not one of its input files (those are recognised
/// by themselves, see `NewJob::input_files`): a clip given by its Kling video id, say.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ParentInput {
    /// The parent's library item id.
    pub item_id: String,
    /// The request field it fills ("video", "audio", ...).
    pub role: String,
}

impl NewJob {
    /// The files given as inputs, each with the request field it fills: those inside the library
    /// are recorded as the job's parents. A new kind of input lists its files here.
    pub fn input_files(&self) -> Vec<(&'static str, &std::path::Path)> {
        let pictures: Vec<(&'static str, &Option<InputPicture>)> = match self {
            NewJob::Image { image, .. } => vec![("image", image)],
            NewJob::TextToVideo { .. } => Vec::new(),
            NewJob::ImageToVideo { image, image_tail, .. } => vec![("image", image), ("image_tail", image_tail)],
        };
        pictures
            .into_iter()
            .filter_map(|(role, picture)| match picture {
                Some(InputPicture::File(path)) => Some((role, path.as_path())),
                _ => None,
            })
            .collect()
    }

    pub fn kind(&self) -> TaskKind {
        match self {
            NewJob::Image { .. } => TaskKind::Image,
            NewJob::TextToVideo { .. } => TaskKind::TextToVideo,
            NewJob::ImageToVideo { .. } => TaskKind::ImageToVideo,
        }
    }
}
