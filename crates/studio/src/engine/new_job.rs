//! What a caller hands the engine: a typed API request plus, for pictures, where they come from
//! (a file, copied into the library so the job survives restarts, or a URL).

use kling_api::{
    EffectsRequest, ImageExpandRequest, ImageRequest, ImageToVideoRequest, LipSyncRequest, MotionControlRequest, MultiImageToImageRequest, MultiImageToVideoRequest,
    OmniImageRequest, OmniVideoRequest, TaskKind, TextToAudioRequest, TextToVideoRequest, VideoExtendRequest, VideoToAudioRequest, VirtualTryOnRequest,
};
use std::path::PathBuf;

/// A picture (or a lip-sync's sound file) as given: a file or a web address.
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
    /// `images` fill `request.image_list` in order (its own pictures are ignored; give one
    /// entry there per picture, with its frame type). Clips go in `request.video_list` by URL.
    OmniVideo {
        request: OmniVideoRequest,
        images: Vec<InputPicture>,
    },
    /// `images` fill `request.image_list` in order (one entry there per picture).
    MultiImageToVideo {
        request: MultiImageToVideoRequest,
        images: Vec<InputPicture>,
    },
    /// The clip is `request.video_id`, a Kling video id (see `Library::kling_video_id`).
    VideoExtend {
        request: VideoExtendRequest,
    },
    /// `request.session_id` and the face come from `KlingClient::identify_face` (a session lasts
    /// 24 h). The sound is `request.face_choose[0].audio_id`, or `sound_file`: a file (mp3, wav,
    /// m4a or aac, copied into the library) or a URL; the request's own `sound_file` is ignored.
    LipSync {
        request: LipSyncRequest,
        sound_file: Option<InputPicture>,
    },
    /// `images` fill `request.input` in order: one for `EffectsRequest::single`, left then right
    /// for `EffectsRequest::dual`.
    Effects {
        request: EffectsRequest,
        images: Vec<InputPicture>,
    },
    /// The clip is `request.video_id` (a Kling video id) or `request.video_url` (https).
    VideoToAudio {
        request: VideoToAudioRequest,
    },
    /// `image` is the character (fills `request.image_url`); the clip is `request.video_url`.
    MotionControl {
        request: MotionControlRequest,
        image: InputPicture,
    },
    /// A sound from words: no inputs.
    TextToAudio {
        request: TextToAudioRequest,
    },
    /// `image` is the picture to grow (fills `request.image`).
    ImageExpand {
        request: ImageExpandRequest,
        image: InputPicture,
    },
    /// 1–4 `subjects`, an optional `scene` and `style` picture (fill the request's pictures).
    MultiImageToImage {
        request: MultiImageToImageRequest,
        subjects: Vec<InputPicture>,
        scene: Option<InputPicture>,
        style: Option<InputPicture>,
    },
    /// Pictures from a prompt; `images` fill `image_list` in order (`<<<image_N>>>`).
    OmniImage {
        request: OmniImageRequest,
        images: Vec<InputPicture>,
    },
    /// The `person` wearing the `garment` (fill `human_image` and `cloth_image`).
    VirtualTryOn {
        request: VirtualTryOnRequest,
        person: InputPicture,
        garment: InputPicture,
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
    /// are recorded as the job's parents. Every kind is named, so a new kind with inputs must say
    /// which (a forgotten one would lose its links to its parents).
    pub fn input_files(&self) -> Vec<(&'static str, &std::path::Path)> {
        let pictures: Vec<(&'static str, &Option<InputPicture>)> = match self {
            NewJob::Image { image, .. } => vec![("image", image)],
            NewJob::TextToVideo { .. } => Vec::new(),
            NewJob::ImageToVideo { image, image_tail, .. } => vec![("image", image), ("image_tail", image_tail)],
            NewJob::LipSync { sound_file, .. } => vec![("sound_file", sound_file)],
            NewJob::MultiImageToImage { scene, style, .. } => vec![("scene_image", scene), ("style_image", style)],
            NewJob::OmniVideo { .. }
            | NewJob::MultiImageToVideo { .. }
            | NewJob::Effects { .. }
            | NewJob::MotionControl { .. }
            | NewJob::ImageExpand { .. }
            | NewJob::VirtualTryOn { .. }
            | NewJob::OmniImage { .. }
            | NewJob::VideoExtend { .. }
            | NewJob::VideoToAudio { .. }
            | NewJob::TextToAudio { .. } => Vec::new(),
        };
        let listed: Vec<(&'static str, &InputPicture)> = match self {
            NewJob::OmniVideo { images, .. } => images.iter().map(|p| ("image_list", p)).collect(),
            NewJob::MultiImageToVideo { images, .. } => images.iter().map(|p| ("image_list", p)).collect(),
            NewJob::Effects { images, .. } => images.iter().map(|p| ("input", p)).collect(),
            NewJob::MotionControl { image, .. } => vec![("image_url", image)],
            NewJob::ImageExpand { image, .. } => vec![("image", image)],
            NewJob::MultiImageToImage { subjects, .. } => subjects.iter().map(|p| ("subject_image_list", p)).collect(),
            NewJob::VirtualTryOn { person, garment, .. } => vec![("human_image", person), ("cloth_image", garment)],
            NewJob::OmniImage { images, .. } => images.iter().map(|p| ("image_list", p)).collect(),
            NewJob::Image { .. }
            | NewJob::TextToVideo { .. }
            | NewJob::ImageToVideo { .. }
            | NewJob::LipSync { .. }
            | NewJob::VideoExtend { .. }
            | NewJob::VideoToAudio { .. }
            | NewJob::TextToAudio { .. } => Vec::new(),
        };
        pictures
            .into_iter()
            .filter_map(|(role, picture)| picture.as_ref().map(|p| (role, p)))
            .chain(listed)
            .filter_map(|(role, picture)| match picture {
                InputPicture::File(path) => Some((role, path.as_path())),
                InputPicture::Url(_) => None,
            })
            .collect()
    }

    pub fn kind(&self) -> TaskKind {
        match self {
            NewJob::Image { .. } => TaskKind::Image,
            NewJob::TextToVideo { .. } => TaskKind::TextToVideo,
            NewJob::ImageToVideo { .. } => TaskKind::ImageToVideo,
            NewJob::OmniVideo { .. } => TaskKind::OmniVideo,
            NewJob::MultiImageToVideo { .. } => TaskKind::MultiImageToVideo,
            NewJob::VideoExtend { .. } => TaskKind::VideoExtend,
            NewJob::LipSync { .. } => TaskKind::LipSync,
            NewJob::Effects { .. } => TaskKind::Effects,
            NewJob::VideoToAudio { .. } => TaskKind::VideoToAudio,
            NewJob::MotionControl { .. } => TaskKind::MotionControl,
            NewJob::TextToAudio { .. } => TaskKind::TextToAudio,
            NewJob::ImageExpand { .. } => TaskKind::ImageExpand,
            NewJob::MultiImageToImage { .. } => TaskKind::MultiImageToImage,
            NewJob::VirtualTryOn { .. } => TaskKind::VirtualTryOn,
            NewJob::OmniImage { .. } => TaskKind::OmniImage,
        }
    }
}
