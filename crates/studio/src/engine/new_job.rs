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

impl NewJob {
    pub fn kind(&self) -> TaskKind {
        match self {
            NewJob::Image { .. } => TaskKind::Image,
            NewJob::TextToVideo { .. } => TaskKind::TextToVideo,
            NewJob::ImageToVideo { .. } => TaskKind::ImageToVideo,
        }
    }
}
