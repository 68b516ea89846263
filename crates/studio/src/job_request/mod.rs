//! What a job asks Kling for, in the one form that is stored (jobs table, sidecars), sent to the
//! UI (generated bindings) and turned into the API call: one variant per kind of task, holding
//! the typed kling-api request and its input pictures as references (a path inside the library,
//! `inputs/…`, or an http(s) URL). Pictures travel as base64 only on the wire.
//!
//! Adding a kind of task: its request type in kling-api, a variant here (and its arm in each
//! match below), an emulator route, a form. See docs/architecture.md.

mod legacy;
mod wire;

pub(crate) use legacy::from_sidecar_params as legacy_sidecar_request;
pub use legacy::LegacyRequestError;
pub use wire::WireRequest;

use kling_api::{
    EffectsRequest, ImageExpandRequest, ImageInput, ImageRequest, ImageToVideoRequest, LipSyncRequest, MotionControlRequest, MultiImageToImageRequest,
    MultiImageToVideoRequest, OmniImageRequest, OmniVideoRequest, TaskKind, TextToAudioRequest, TextToVideoRequest, VideoExtendRequest, VideoToAudioRequest,
    VirtualTryOnRequest,
};
use serde::{Deserialize, Serialize};

/// The stored form's version. 1 was the untyped API body with pictures in separate columns
/// (still read, see `legacy`); 2 is this enum.
pub const REQUEST_SCHEMA: u32 = 2;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum JobRequest {
    /// Text to image, or image to image with a reference picture.
    #[serde(rename = "image")]
    Image {
        request: ImageRequest,
        #[serde(default)]
        image: Option<String>,
    },
    #[serde(rename = "text2video")]
    TextToVideo { request: TextToVideoRequest },
    /// Animate a picture (`image`), optionally ending on another (`image_tail`).
    #[serde(rename = "image2video")]
    ImageToVideo {
        request: ImageToVideoRequest,
        #[serde(default)]
        image: Option<String>,
        #[serde(default)]
        image_tail: Option<String>,
    },
    /// A video from pictures, clips and elements. `images` are the pictures of
    /// `request.image_list`, in order (the request's own are left empty when stored).
    #[serde(rename = "omni-video")]
    OmniVideo {
        request: OmniVideoRequest,
        #[serde(default)]
        images: Vec<String>,
    },
    /// A video from 1 to 4 pictures: `images` fill `request.image_list`, in order.
    #[serde(rename = "multi-image2video")]
    MultiImageToVideo { request: MultiImageToVideoRequest, images: Vec<String> },
    /// More of a clip Kling made, given by its video id in the request.
    #[serde(rename = "video-extend")]
    VideoExtend { request: VideoExtendRequest },
    /// A face speaks. The session and face come from identify-face (sessions last 24 h); the
    /// sound is a Kling audio id in the request or `sound_file`: a library input or a URL.
    #[serde(rename = "lip-sync")]
    LipSync {
        request: LipSyncRequest,
        #[serde(default)]
        sound_file: Option<String>,
    },
    /// A named effect on one picture or two: `images` fill `request.input` (`image`, or
    /// `images` left then right).
    #[serde(rename = "effects")]
    Effects { request: EffectsRequest, images: Vec<String> },
    /// Sound for a clip given by Kling video id or URL in the request.
    #[serde(rename = "video-to-audio")]
    VideoToAudio { request: VideoToAudioRequest },
    /// A character (`images[0]`, filling `request.image_url`) moves as a clip (by URL) does.
    #[serde(rename = "motion-control")]
    MotionControl { request: MotionControlRequest, images: Vec<String> },
    /// A sound described in words.
    #[serde(rename = "text-to-audio")]
    TextToAudio { request: TextToAudioRequest },
    /// A picture grown on its edges: `images[0]` fills `request.image`.
    #[serde(rename = "image-expand")]
    ImageExpand { request: ImageExpandRequest, images: Vec<String> },
    /// Subjects composed into one picture: `images` fill the subjects in order, then the scene
    /// and the style picture where the request has them.
    #[serde(rename = "multi-image2image")]
    MultiImageToImage { request: MultiImageToImageRequest, images: Vec<String> },
    /// A person wearing a garment: `images` are the person and the garment.
    #[serde(rename = "virtual-try-on")]
    VirtualTryOn { request: VirtualTryOnRequest, images: Vec<String> },
    /// Pictures from a prompt referring to pictures and elements: `images` fill `image_list`.
    #[serde(rename = "omni-image")]
    OmniImage { request: OmniImageRequest, images: Vec<String> },
    /// A task found in the account's history by `sync`: Kling does not return a task's prompt or
    /// settings, so it is followed and downloaded but cannot be sent again.
    #[serde(rename = "history")]
    FromHistory { task_kind: TaskKind },
}

/// The stored JSON: the request with its schema version beside the kind tag.
#[derive(Serialize)]
struct Stored<'a> {
    schema: u32,
    #[serde(flatten)]
    request: &'a JobRequest,
}

impl JobRequest {
    pub fn kind(&self) -> TaskKind {
        match self {
            JobRequest::Image { .. } => TaskKind::Image,
            JobRequest::TextToVideo { .. } => TaskKind::TextToVideo,
            JobRequest::ImageToVideo { .. } => TaskKind::ImageToVideo,
            JobRequest::OmniVideo { .. } => TaskKind::OmniVideo,
            JobRequest::MultiImageToVideo { .. } => TaskKind::MultiImageToVideo,
            JobRequest::VideoExtend { .. } => TaskKind::VideoExtend,
            JobRequest::LipSync { .. } => TaskKind::LipSync,
            JobRequest::Effects { .. } => TaskKind::Effects,
            JobRequest::VideoToAudio { .. } => TaskKind::VideoToAudio,
            JobRequest::MotionControl { .. } => TaskKind::MotionControl,
            JobRequest::TextToAudio { .. } => TaskKind::TextToAudio,
            JobRequest::ImageExpand { .. } => TaskKind::ImageExpand,
            JobRequest::MultiImageToImage { .. } => TaskKind::MultiImageToImage,
            JobRequest::VirtualTryOn { .. } => TaskKind::VirtualTryOn,
            JobRequest::OmniImage { .. } => TaskKind::OmniImage,
            JobRequest::FromHistory { task_kind } => *task_kind,
        }
    }

    /// The elements the request names (`element_list`), in its order.
    pub fn element_ids(&self) -> Vec<String> {
        let list = match self {
            JobRequest::Image { request, .. } => &request.element_list,
            JobRequest::ImageToVideo { request, .. } => &request.element_list,
            JobRequest::OmniVideo { request, .. } => &request.element_list,
            JobRequest::MotionControl { request, .. } => &request.element_list,
            JobRequest::OmniImage { request, .. } => &request.element_list,
            _ => return Vec::new(),
        };
        list.iter().flatten().map(|e| e.element_id.to_string()).collect()
    }

    /// The voices the request names (`voice_list`), in its order.
    pub fn voice_ids(&self) -> Vec<String> {
        match self {
            JobRequest::ImageToVideo { request, .. } => request.voice_list.iter().flatten().map(|v| v.voice_id.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// The model asked for ("" for the tools that name none).
    pub fn model(&self) -> &str {
        match self {
            JobRequest::Image { request, .. } => &request.model_name,
            JobRequest::TextToVideo { request } => &request.model_name,
            JobRequest::ImageToVideo { request, .. } => &request.model_name,
            JobRequest::OmniVideo { request, .. } => &request.model_name,
            JobRequest::MultiImageToVideo { request, .. } => &request.model_name,
            JobRequest::MotionControl { request, .. } => &request.model_name,
            JobRequest::MultiImageToImage { request, .. } => &request.model_name,
            JobRequest::VirtualTryOn { request, .. } => request.model_name.as_str(),
            JobRequest::OmniImage { request, .. } => &request.model_name,
            JobRequest::VideoExtend { .. }
            | JobRequest::LipSync { .. }
            | JobRequest::Effects { .. }
            | JobRequest::VideoToAudio { .. }
            | JobRequest::TextToAudio { .. }
            | JobRequest::ImageExpand { .. }
            | JobRequest::FromHistory { .. } => "",
        }
    }

    pub fn prompt(&self) -> &str {
        match self {
            JobRequest::Image { request, .. } => &request.prompt,
            JobRequest::TextToVideo { request } => &request.prompt,
            JobRequest::ImageToVideo { request, .. } => request.prompt.as_deref().unwrap_or(""),
            JobRequest::OmniVideo { request, .. } => &request.prompt,
            JobRequest::MultiImageToVideo { request, .. } => &request.prompt,
            JobRequest::VideoExtend { request } => request.prompt.as_deref().unwrap_or(""),
            JobRequest::MotionControl { request, .. } => request.prompt.as_deref().unwrap_or(""),
            JobRequest::VideoToAudio { request } => request.sound_effect_prompt.as_deref().unwrap_or(""),
            JobRequest::TextToAudio { request } => &request.prompt,
            JobRequest::ImageExpand { request, .. } => request.prompt.as_deref().unwrap_or(""),
            JobRequest::MultiImageToImage { request, .. } => request.prompt.as_deref().unwrap_or(""),
            JobRequest::OmniImage { request, .. } => &request.prompt,
            JobRequest::LipSync { .. } | JobRequest::Effects { .. } | JobRequest::VirtualTryOn { .. } | JobRequest::FromHistory { .. } => "",
        }
    }

    /// The words that describe the result in the gallery and its search: the prompt, or, for a
    /// clip given shot by shot (whose own prompt is empty), its shots' prompts in order; an
    /// effect's scene; a sound's two prompts.
    pub fn description(&self) -> String {
        let shots = match self {
            JobRequest::TextToVideo { request } => request.multi_prompt.as_deref(),
            JobRequest::ImageToVideo { request, .. } => request.multi_prompt.as_deref(),
            JobRequest::OmniVideo { request, .. } => request.multi_prompt.as_deref(),
            JobRequest::Effects { request, .. } => return request.effect_scene.clone(),
            JobRequest::VideoToAudio { request } => {
                let parts: Vec<&str> = [&request.sound_effect_prompt, &request.bgm_prompt].into_iter().flatten().map(|t| t.trim()).filter(|t| !t.is_empty()).collect();
                return parts.join(" / ");
            }
            _ => None,
        };
        match shots {
            Some(shots) if self.prompt().trim().is_empty() && !shots.is_empty() => shots.iter().map(|s| s.prompt.trim()).collect::<Vec<_>>().join(" / "),
            _ => self.prompt().to_string(),
        }
    }

    pub fn negative_prompt(&self) -> &str {
        let negative = match self {
            JobRequest::Image { request, .. } => &request.negative_prompt,
            JobRequest::TextToVideo { request } => &request.negative_prompt,
            JobRequest::ImageToVideo { request, .. } => &request.negative_prompt,
            JobRequest::MultiImageToVideo { request, .. } => &request.negative_prompt,
            JobRequest::VideoExtend { request } => &request.negative_prompt,
            JobRequest::OmniVideo { .. }
            | JobRequest::LipSync { .. }
            | JobRequest::Effects { .. }
            | JobRequest::VideoToAudio { .. }
            | JobRequest::MotionControl { .. }
            | JobRequest::TextToAudio { .. }
            | JobRequest::ImageExpand { .. }
            | JobRequest::MultiImageToImage { .. }
            | JobRequest::VirtualTryOn { .. }
            | JobRequest::OmniImage { .. }
            | JobRequest::FromHistory { .. } => return "",
        };
        negative.as_deref().unwrap_or("")
    }

    /// Slots the task takes at Kling: an image task takes one per picture asked for.
    pub fn slots(&self) -> u32 {
        match self {
            JobRequest::Image { request, .. } => u32::from(request.count()).clamp(1, 9),
            JobRequest::ImageExpand { request, .. } => u32::from(request.n.unwrap_or(1)).clamp(1, 9),
            JobRequest::MultiImageToImage { request, .. } => u32::from(request.n.unwrap_or(1)).clamp(1, 9),
            // A series of `auto` length holds as many as Kling makes: counted as the default series.
            JobRequest::OmniImage { request, .. } => u32::from(request.pictures_asked().unwrap_or(kling_api::DEFAULT_SERIES_AMOUNT)).clamp(1, 9),
            _ => 1,
        }
    }

    /// The id of ours the task is created with, to find it after a lost answer.
    pub fn external_task_id(&self) -> Option<&str> {
        match self {
            JobRequest::FromHistory { .. } => None,
            JobRequest::Image { request, .. } => request.external_task_id.as_deref(),
            JobRequest::TextToVideo { request } => request.external_task_id.as_deref(),
            JobRequest::ImageToVideo { request, .. } => request.external_task_id.as_deref(),
            JobRequest::OmniVideo { request, .. } => request.external_task_id.as_deref(),
            JobRequest::MultiImageToVideo { request, .. } => request.external_task_id.as_deref(),
            JobRequest::VideoExtend { request } => request.external_task_id.as_deref(),
            JobRequest::LipSync { request, .. } => request.external_task_id.as_deref(),
            JobRequest::Effects { request, .. } => request.external_task_id.as_deref(),
            JobRequest::VideoToAudio { request } => request.external_task_id.as_deref(),
            JobRequest::MotionControl { request, .. } => request.external_task_id.as_deref(),
            JobRequest::TextToAudio { request } => request.external_task_id.as_deref(),
            JobRequest::ImageExpand { request, .. } => request.external_task_id.as_deref(),
            JobRequest::MultiImageToImage { request, .. } => request.external_task_id.as_deref(),
            JobRequest::VirtualTryOn { request, .. } => request.external_task_id.as_deref(),
            JobRequest::OmniImage { request, .. } => request.external_task_id.as_deref(),
        }
    }

    /// Gives a request that can carry one a fresh external id (a new submission needs a new one:
    /// the old one may belong to a failed task). Returns the id set, if any.
    pub fn renew_external_task_id(&mut self) -> Option<String> {
        let slot = match self {
            JobRequest::FromHistory { .. } => return None,
            JobRequest::Image { request, .. } => &mut request.external_task_id,
            JobRequest::TextToVideo { request } => &mut request.external_task_id,
            JobRequest::ImageToVideo { request, .. } => &mut request.external_task_id,
            JobRequest::OmniVideo { request, .. } => &mut request.external_task_id,
            JobRequest::MultiImageToVideo { request, .. } => &mut request.external_task_id,
            JobRequest::VideoExtend { request } => &mut request.external_task_id,
            JobRequest::LipSync { request, .. } => &mut request.external_task_id,
            JobRequest::Effects { request, .. } => &mut request.external_task_id,
            JobRequest::VideoToAudio { request } => &mut request.external_task_id,
            JobRequest::MotionControl { request, .. } => &mut request.external_task_id,
            JobRequest::TextToAudio { request } => &mut request.external_task_id,
            JobRequest::ImageExpand { request, .. } => &mut request.external_task_id,
            JobRequest::MultiImageToImage { request, .. } => &mut request.external_task_id,
            JobRequest::VirtualTryOn { request, .. } => &mut request.external_task_id,
            JobRequest::OmniImage { request, .. } => &mut request.external_task_id,
        };
        let id = uuid::Uuid::new_v4().to_string();
        *slot = Some(id.clone());
        Some(id)
    }

    /// The input picture (reference image, or the frame to animate): a library path or a URL.
    pub fn image_ref(&self) -> Option<&str> {
        match self {
            JobRequest::Image { image, .. } | JobRequest::ImageToVideo { image, .. } => image.as_deref(),
            _ => None,
        }
    }

    /// The end frame of an animation.
    pub fn image_tail_ref(&self) -> Option<&str> {
        match self {
            JobRequest::ImageToVideo { image_tail, .. } => image_tail.as_deref(),
            _ => None,
        }
    }

    /// The input pictures of the tools that take a list of them (library paths or URLs), in the
    /// order of the request's picture fields.
    pub fn image_refs(&self) -> &[String] {
        match self {
            JobRequest::OmniVideo { images, .. }
            | JobRequest::MultiImageToVideo { images, .. }
            | JobRequest::Effects { images, .. }
            | JobRequest::MotionControl { images, .. }
            | JobRequest::ImageExpand { images, .. }
            | JobRequest::MultiImageToImage { images, .. }
            | JobRequest::VirtualTryOn { images, .. }
            | JobRequest::OmniImage { images, .. } => images,
            JobRequest::Image { .. }
            | JobRequest::TextToVideo { .. }
            | JobRequest::ImageToVideo { .. }
            | JobRequest::VideoExtend { .. }
            | JobRequest::LipSync { .. }
            | JobRequest::VideoToAudio { .. }
            | JobRequest::TextToAudio { .. }
            | JobRequest::FromHistory { .. } => &[],
        }
    }

    /// The list `image_refs` reads, to fill or prune; None for the kinds without one. Every kind
    /// is named: a new kind with pictures must say where they go.
    pub(crate) fn images_mut(&mut self) -> Option<&mut Vec<String>> {
        match self {
            JobRequest::OmniVideo { images, .. }
            | JobRequest::MultiImageToVideo { images, .. }
            | JobRequest::Effects { images, .. }
            | JobRequest::MotionControl { images, .. }
            | JobRequest::ImageExpand { images, .. }
            | JobRequest::MultiImageToImage { images, .. }
            | JobRequest::VirtualTryOn { images, .. }
            | JobRequest::OmniImage { images, .. } => Some(images),
            JobRequest::Image { .. }
            | JobRequest::TextToVideo { .. }
            | JobRequest::ImageToVideo { .. }
            | JobRequest::VideoExtend { .. }
            | JobRequest::LipSync { .. }
            | JobRequest::VideoToAudio { .. }
            | JobRequest::TextToAudio { .. }
            | JobRequest::FromHistory { .. } => None,
        }
    }

    /// A lip-sync's sound file: a library input or a URL.
    pub fn sound_ref(&self) -> Option<&str> {
        match self {
            JobRequest::LipSync { sound_file, .. } => sound_file.as_deref(),
            _ => None,
        }
    }

    /// Whether a watermarked copy of each result was asked for.
    pub fn wants_watermark(&self) -> bool {
        let info = match self {
            JobRequest::Image { request, .. } => request.watermark_info,
            JobRequest::TextToVideo { request } => request.watermark_info,
            JobRequest::ImageToVideo { request, .. } => request.watermark_info,
            JobRequest::OmniVideo { request, .. } => request.watermark_info,
            JobRequest::MultiImageToVideo { request, .. } => request.watermark_info,
            JobRequest::VideoExtend { request } => request.watermark_info,
            JobRequest::LipSync { request, .. } => request.watermark_info,
            JobRequest::Effects { request, .. } => request.watermark_info,
            JobRequest::MotionControl { request, .. } => request.watermark_info,
            JobRequest::ImageExpand { request, .. } => request.watermark_info,
            JobRequest::MultiImageToImage { request, .. } => request.watermark_info,
            JobRequest::OmniImage { request, .. } => request.watermark_info,
            JobRequest::VideoToAudio { .. } | JobRequest::TextToAudio { .. } | JobRequest::VirtualTryOn { .. } | JobRequest::FromHistory { .. } => None,
        };
        info.is_some_and(|w| w.enabled)
    }

    /// The cost before sending, from the catalogue's price rule (None for a task from history,
    /// and for motion control, billed on the reference clip's length, which the request does
    /// not know).
    pub fn estimate(&self) -> Option<kling_api::pricing::Estimate> {
        let query = match self {
            JobRequest::Image { request, image } => kling_api::pricing::PriceQuery { with_image: image.is_some(), ..request.price_query() },
            JobRequest::TextToVideo { request } => request.price_query(),
            JobRequest::ImageToVideo { request, .. } => request.price_query(),
            JobRequest::OmniVideo { request, images } => kling_api::pricing::PriceQuery { with_image: !images.is_empty(), ..request.price_query() },
            JobRequest::MultiImageToVideo { request, .. } => request.price_query(),
            JobRequest::VideoExtend { request } => request.price_query(),
            JobRequest::LipSync { request, .. } => request.price_query(),
            JobRequest::Effects { request, .. } => request.price_query(),
            JobRequest::VideoToAudio { request } => request.price_query(),
            JobRequest::TextToAudio { request } => request.price_query(),
            JobRequest::ImageExpand { request, .. } => request.price_query(),
            JobRequest::MultiImageToImage { request, .. } => request.price_query(),
            JobRequest::VirtualTryOn { request, .. } => request.price_query(),
            JobRequest::OmniImage { request, images } => kling_api::pricing::PriceQuery { with_image: !images.is_empty(), ..request.price_query() },
            JobRequest::MotionControl { .. } | JobRequest::FromHistory { .. } => return None,
        };
        Some(kling_api::pricing::estimate(&query))
    }

    /// The JSON kept in the jobs table.
    pub fn to_stored_json(&self) -> String {
        serde_json::to_string(&Stored { schema: REQUEST_SCHEMA, request: self }).expect("requests always serialise")
    }

    /// Reads what `to_stored_json` wrote, or a row written before requests were typed (its body,
    /// kind and picture columns). Refuses what a newer version wrote rather than guess.
    pub fn from_stored(kind: TaskKind, json: &str, image_ref: Option<String>, image_tail_ref: Option<String>) -> Result<Self, LegacyRequestError> {
        let mut request = Self::read_stored(kind, json, image_ref, image_tail_ref)?;
        request.check_stored()?;
        Ok(request)
    }

    /// What a stored request may hold, whoever wrote the library: pictures and sounds only as
    /// library inputs or web addresses (none inline in the request), and no `callback_url` (the
    /// app never sets one; a planted one would have Kling report to someone else's server under
    /// the person's keys).
    pub(crate) fn check_stored(&mut self) -> Result<(), LegacyRequestError> {
        let pictures = [self.image_ref(), self.image_tail_ref()].into_iter().flatten().chain(self.image_refs().iter().map(String::as_str));
        for reference in pictures {
            if !crate::library::paths::is_input_reference(reference) {
                let shown: String = reference.chars().take(60).collect();
                return Err(LegacyRequestError::Unreadable(format!("a picture reference that is not a library input or a web address: {shown:?}")));
            }
        }
        if let Some(sound) = self.sound_ref() {
            if !crate::library::paths::is_sound_input_reference(sound) {
                let shown: String = sound.chars().take(60).collect();
                return Err(LegacyRequestError::Unreadable(format!("a sound reference that is not a library input or a web address: {shown:?}")));
            }
        }
        self.strip_inline_inputs();
        match self {
            JobRequest::Image { request, .. } => request.callback_url = None,
            JobRequest::TextToVideo { request } => request.callback_url = None,
            JobRequest::ImageToVideo { request, .. } => request.callback_url = None,
            JobRequest::OmniVideo { request, .. } => request.callback_url = None,
            JobRequest::MultiImageToVideo { request, .. } => request.callback_url = None,
            JobRequest::VideoExtend { request } => request.callback_url = None,
            JobRequest::LipSync { request, .. } => request.callback_url = None,
            JobRequest::Effects { request, .. } => request.callback_url = None,
            JobRequest::VideoToAudio { request } => request.callback_url = None,
            JobRequest::MotionControl { request, .. } => request.callback_url = None,
            JobRequest::TextToAudio { request } => request.callback_url = None,
            JobRequest::ImageExpand { request, .. } => request.callback_url = None,
            JobRequest::MultiImageToImage { request, .. } => request.callback_url = None,
            JobRequest::VirtualTryOn { request, .. } => request.callback_url = None,
            JobRequest::OmniImage { request, .. } => request.callback_url = None,
            JobRequest::FromHistory { .. } => {}
        }
        Ok(())
    }

    /// Empties the request's own picture and sound fields: inputs are stored only as references
    /// beside it, and read back in by `to_wire`.
    pub(crate) fn strip_inline_inputs(&mut self) {
        for (_, slot) in self.picture_slots_mut() {
            *slot = ImageInput::Base64(String::new());
        }
        match self {
            JobRequest::Image { request, .. } => request.image = None,
            JobRequest::ImageToVideo { request, .. } => (request.image, request.image_tail) = (None, None),
            JobRequest::LipSync { request, .. } => request.face_choose.iter_mut().for_each(|f| f.sound_file = None),
            _ => {}
        }
    }

    /// The picture fields of the tools that take a list of pictures, in order, each with the
    /// request field it is reported as.
    pub(crate) fn picture_slots_mut(&mut self) -> Vec<(&'static str, &mut ImageInput)> {
        picture_slots_of(self)
    }

    /// Drops the picture and sound references that are not library inputs or web addresses (a
    /// sidecar keeps its item without them: a description, not a job to run). Returns one line
    /// per reference dropped.
    pub(crate) fn drop_outside_pictures(&mut self) -> Vec<String> {
        let shown = |r: &str| r.chars().take(60).collect::<String>();
        let mut dropped = Vec::new();
        let slots = match self {
            JobRequest::Image { image, .. } => vec![("image", image)],
            JobRequest::ImageToVideo { image, image_tail, .. } => vec![("image", image), ("image_tail", image_tail)],
            _ => Vec::new(),
        };
        for (field, slot) in slots {
            if let Some(reference) = slot.take_if(|r| !crate::library::paths::is_input_reference(r)) {
                dropped.push(format!("refused its {field} {:?} (not a library input or a web address)", shown(&reference)));
            }
        }
        if let Some(images) = self.images_mut() {
            images.retain(|reference| {
                let keep = crate::library::paths::is_input_reference(reference);
                if !keep {
                    dropped.push(format!("refused its image {:?} (not a library input or a web address)", shown(reference)));
                }
                keep
            });
        }
        if let JobRequest::LipSync { sound_file, .. } = self {
            if let Some(reference) = sound_file.take_if(|r| !crate::library::paths::is_sound_input_reference(r)) {
                dropped.push(format!("refused its sound_file {:?} (not a library input or a web address)", shown(&reference)));
            }
        }
        dropped
    }

    fn read_stored(kind: TaskKind, json: &str, image_ref: Option<String>, image_tail_ref: Option<String>) -> Result<Self, LegacyRequestError> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| LegacyRequestError::Unreadable(e.to_string()))?;
        match value.get("schema").and_then(|v| v.as_u64()) {
            None => legacy::from_body(kind, value, image_ref, image_tail_ref),
            Some(v) if v > u64::from(REQUEST_SCHEMA) => Err(LegacyRequestError::Newer(v)),
            Some(_) => {
                let request: JobRequest = serde_json::from_value(value).map_err(|e| LegacyRequestError::Unreadable(e.to_string()))?;
                if request.kind() != kind {
                    return Err(LegacyRequestError::Unreadable(format!("{} request in {} job", request.kind().with_article(), kind.with_article())));
                }
                Ok(request)
            }
        }
    }
}

/// The picture fields of a request that takes a list of pictures (see `JobRequest::picture_slots_mut`).
fn picture_slots_of(request: &mut JobRequest) -> Vec<(&'static str, &mut ImageInput)> {
    match request {
        JobRequest::OmniVideo { request, .. } => request.image_list.iter_mut().flatten().map(|i| ("image_list", &mut i.image_url)).collect(),
        JobRequest::MultiImageToVideo { request, .. } => request.image_list.iter_mut().map(|i| ("image_list", &mut i.image)).collect(),
        JobRequest::Effects { request, .. } => request.input.image.iter_mut().chain(request.input.images.iter_mut().flatten()).map(|i| ("input", i)).collect(),
        JobRequest::MotionControl { request, .. } => vec![("image_url", &mut request.image_url)],
        JobRequest::ImageExpand { request, .. } => vec![("image", &mut request.image)],
        JobRequest::MultiImageToImage { request, .. } => {
            let subjects = request.subject_image_list.iter_mut().map(|s| ("subject_image_list", &mut s.subject_image));
            subjects.chain(request.scene_image.iter_mut().map(|i| ("scene_image", i))).chain(request.style_image.iter_mut().map(|i| ("style_image", i))).collect()
        }
        JobRequest::VirtualTryOn { request, .. } => vec![("human_image", &mut request.human_image), ("cloth_image", &mut request.cloth_image)],
        JobRequest::OmniImage { request, .. } => request.image_list.iter_mut().map(|i| ("image_list", &mut i.image)).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kling_api::{AspectRatio, CameraControl, CharacterOrientation, FaceChoice, FrameType, Mode, OmniImage, VideoDuration};

    pub(crate) fn one_of_each() -> Vec<JobRequest> {
        vec![
            JobRequest::Image {
                request: ImageRequest { n: Some(3), aspect_ratio: Some(AspectRatio::R1x1), image_fidelity: Some(0.25), ..ImageRequest::new("a fox") },
                image: Some("inputs/0123456789abcdef01234567.png".into()),
            },
            JobRequest::TextToVideo {
                request: TextToVideoRequest {
                    mode: Some(Mode::Pro),
                    duration: Some(VideoDuration::TEN),
                    camera_control: Some(CameraControl::parse("simple:zoom=5").unwrap()),
                    external_task_id: Some("ext-1".into()),
                    ..TextToVideoRequest::new("waves")
                },
            },
            JobRequest::ImageToVideo {
                request: ImageToVideoRequest { prompt: Some("turn".into()), cfg_scale: Some(0.3), ..Default::default() },
                image: Some("https://example.com/a.png".into()),
                image_tail: Some("inputs/89abcdef0123456789abcdef.jpg".into()),
            },
            JobRequest::OmniVideo {
                request: OmniVideoRequest {
                    image_list: Some(vec![OmniImage::frame(stripped(), FrameType::FirstFrame)]),
                    external_task_id: Some("ext-omni".into()),
                    ..OmniVideoRequest::new("<<<image_1>>> walks")
                },
                images: vec!["inputs/0123456789abcdef01234567.png".into()],
            },
            JobRequest::MultiImageToVideo {
                request: MultiImageToVideoRequest { negative_prompt: Some("blur".into()), ..MultiImageToVideoRequest::new(vec![stripped(), stripped()], "two cats") },
                images: vec!["inputs/0123456789abcdef01234567.png".into(), "https://example.com/b.jpg".into()],
            },
            JobRequest::VideoExtend { request: VideoExtendRequest { prompt: Some("on and on".into()), ..VideoExtendRequest::new("vid-123") } },
            JobRequest::LipSync {
                request: LipSyncRequest::new(
                    "sess-1",
                    FaceChoice {
                        face_id: "0".into(),
                        audio_id: None,
                        sound_file: None,
                        sound_start_time: 0,
                        sound_end_time: 3_000,
                        sound_insert_time: 500,
                        sound_volume: Some(1.0),
                        original_audio_volume: None,
                    },
                ),
                sound_file: Some("inputs/0123456789abcdef01234567.mp3".into()),
            },
            JobRequest::Effects {
                request: EffectsRequest::dual("hug_pro", stripped(), stripped()),
                images: vec!["inputs/0123456789abcdef01234567.png".into(), "inputs/89abcdef0123456789abcdef.jpg".into()],
            },
            JobRequest::VideoToAudio {
                request: VideoToAudioRequest { sound_effect_prompt: Some("rain".into()), bgm_prompt: Some("calm piano".into()), ..VideoToAudioRequest::by_id("vid-9") },
            },
            JobRequest::MotionControl {
                request: MotionControlRequest::new(stripped(), "https://example.com/dance.mp4", CharacterOrientation::Video, Mode::Std),
                images: vec!["inputs/0123456789abcdef01234567.png".into()],
            },
            JobRequest::TextToAudio { request: kling_api::TextToAudioRequest::new("rain on a tin roof", 4.5) },
            JobRequest::ImageExpand {
                request: ImageExpandRequest { n: Some(2), ..ImageExpandRequest::new(stripped(), [0.5, 0.0, 0.25, 0.25]) },
                images: vec!["inputs/0123456789abcdef01234567.png".into()],
            },
            JobRequest::MultiImageToImage {
                request: MultiImageToImageRequest {
                    prompt: Some("the two at a picnic".into()),
                    scene_image: Some(stripped()),
                    n: Some(2),
                    aspect_ratio: Some(AspectRatio::R4x3),
                    ..MultiImageToImageRequest::new(vec![stripped(), stripped()])
                },
                images: vec!["inputs/0123456789abcdef01234567.png".into(), "https://example.com/dog.png".into(), "inputs/abcdefabcdefabcdefabcdef.png".into()],
            },
            JobRequest::VirtualTryOn {
                request: VirtualTryOnRequest { model_name: kling_api::TryOnModel::V1_5, ..VirtualTryOnRequest::new(stripped(), stripped()) },
                images: vec!["inputs/0123456789abcdef01234567.png".into(), "https://example.com/coat.png".into()],
            },
            JobRequest::OmniImage {
                request: OmniImageRequest {
                    model_name: "kling-v3-omni".into(),
                    image_list: vec![kling_api::OmniImageInput { image: stripped() }],
                    element_list: Some(vec![kling_api::ElementRef { element_id: kling_api::ElementId(829836802793406551) }]),
                    result_type: Some(kling_api::ResultType::Series),
                    series_amount: Some(kling_api::SeriesAmount::Count(5)),
                    resolution: Some(kling_api::Resolution::TwoK),
                    ..OmniImageRequest::new("<<<image_1>>> meets <<<element_1>>> through the seasons")
                },
                images: vec!["inputs/0123456789abcdef01234567.png".into()],
            },
        ]
    }

    /// A picture field as stored: empty, its reference kept beside the request.
    fn stripped() -> ImageInput {
        ImageInput::Base64(String::new())
    }

    #[test]
    fn the_video_tools_read_their_fields() {
        let all = one_of_each();
        let by_kind = |kind: TaskKind| all.iter().find(|r| r.kind() == kind).unwrap().clone();
        let omni = by_kind(TaskKind::OmniVideo);
        assert_eq!((omni.prompt(), omni.external_task_id(), omni.image_refs().len()), ("<<<image_1>>> walks", Some("ext-omni"), 1));
        assert_eq!(by_kind(TaskKind::MultiImageToVideo).negative_prompt(), "blur");
        assert_eq!(by_kind(TaskKind::VideoExtend).prompt(), "on and on");
        assert_eq!(by_kind(TaskKind::Effects).description(), "hug_pro");
        assert_eq!(by_kind(TaskKind::VideoToAudio).description(), "rain / calm piano");
        assert_eq!(by_kind(TaskKind::LipSync).sound_ref(), Some("inputs/0123456789abcdef01234567.mp3"));
        assert!(by_kind(TaskKind::MotionControl).estimate().is_none(), "billed on the clip's length, unknown here");
        assert!(by_kind(TaskKind::LipSync).estimate().is_some());
        for mut request in all {
            let before = request.external_task_id().map(String::from);
            let renewed = request.renew_external_task_id().expect("every tool takes an external id");
            assert_ne!(before, Some(renewed.clone()));
            assert_eq!(request.external_task_id(), Some(renewed.as_str()));
        }
    }

    #[test]
    fn a_planted_input_outside_the_library_is_refused() {
        let all = one_of_each();
        let lip_sync = all.iter().find(|r| r.kind() == TaskKind::LipSync).unwrap();
        let planted = lip_sync.to_stored_json().replace("inputs/0123456789abcdef01234567.mp3", "/home/me/.ssh/id_rsa.mp3");
        let e = JobRequest::from_stored(TaskKind::LipSync, &planted, None, None).unwrap_err();
        assert!(e.to_string().contains("sound reference"), "{e}");
        let picture_as_sound = lip_sync.to_stored_json().replace(".mp3", ".png");
        assert!(JobRequest::from_stored(TaskKind::LipSync, &picture_as_sound, None, None).is_err());
        let effects = all.iter().find(|r| r.kind() == TaskKind::Effects).unwrap();
        let planted = effects.to_stored_json().replace("inputs/89abcdef0123456789abcdef.jpg", "../../secret.jpg");
        assert!(JobRequest::from_stored(TaskKind::Effects, &planted, None, None).unwrap_err().to_string().contains("picture reference"));
        // A sidecar keeps the item without the planted reference.
        let mut described: JobRequest = serde_json::from_str(&planted.replace("\"schema\":2,", "")).unwrap();
        let dropped = described.drop_outside_pictures();
        assert_eq!((dropped.len(), described.image_refs().len()), (1, 1), "{dropped:?}");
    }

    #[test]
    fn inline_inputs_and_callbacks_are_not_kept() {
        let mut lip_sync = one_of_each().into_iter().find(|r| r.kind() == TaskKind::LipSync).unwrap();
        if let JobRequest::LipSync { request, .. } = &mut lip_sync {
            request.face_choose[0].sound_file = Some("QUJD".into());
            request.callback_url = Some("https://evil.test/hook".into());
        }
        let read = JobRequest::from_stored(TaskKind::LipSync, &lip_sync.to_stored_json(), None, None).unwrap();
        let JobRequest::LipSync { request, .. } = &read else { unreachable!() };
        assert_eq!((request.face_choose[0].sound_file.as_deref(), request.callback_url.as_deref()), (None, None));
        let mut omni = one_of_each().into_iter().find(|r| r.kind() == TaskKind::OmniVideo).unwrap();
        for (_, slot) in omni.picture_slots_mut() {
            *slot = ImageInput::Base64("QUJD".into());
        }
        let mut read = JobRequest::from_stored(TaskKind::OmniVideo, &omni.to_stored_json(), None, None).unwrap();
        assert!(read.picture_slots_mut().iter().all(|(_, slot)| **slot == ImageInput::Base64(String::new())));
    }

    #[test]
    fn on_the_wire_each_reference_fills_its_field() {
        let all = one_of_each();
        let effects = all.iter().find(|r| r.kind() == TaskKind::Effects).unwrap();
        let wire = effects.to_wire(|reference, _| Ok(ImageInput::Url(format!("https://x.test/{}", reference.len()))), |_| unreachable!()).unwrap();
        let WireRequest::Effects(request) = wire else { panic!("not effects") };
        assert_eq!(request.input.images.as_ref().map(Vec::len), Some(2));
        let lip_sync = all.iter().find(|r| r.kind() == TaskKind::LipSync).unwrap();
        let WireRequest::LipSync(request) = lip_sync.to_wire(|_, _| unreachable!(), |_| Ok("QUJD".into())).unwrap() else { panic!("not lip-sync") };
        assert_eq!(request.face_choose[0].sound_file.as_deref(), Some("QUJD"));
        let mut short = effects.clone();
        if let JobRequest::Effects { images, .. } = &mut short {
            images.pop();
        }
        let e = short.to_wire(|_, _| Ok(ImageInput::Url("https://x.test/a.png".into())), |_| unreachable!()).err().unwrap();
        assert_eq!(e.field, "input");
        assert!(e.message.contains("2 picture field(s) but 1"), "{}", e.message);
    }

    #[test]
    fn a_clip_given_shot_by_shot_is_described_by_its_shots() {
        use kling_api::{Shot, ShotType};
        let shot = |index, prompt: &str| Shot { index, prompt: prompt.into(), duration: 2 };
        let request = TextToVideoRequest {
            model_name: "kling-v3".into(),
            multi_shot: Some(true),
            shot_type: Some(ShotType::Customize),
            multi_prompt: Some(vec![shot(1, "a lighthouse"), shot(2, " waves ")]),
            ..TextToVideoRequest::new("")
        };
        assert_eq!(JobRequest::TextToVideo { request: request.clone() }.description(), "a lighthouse / waves");
        let prompted = JobRequest::TextToVideo { request: TextToVideoRequest { prompt: "one scene".into(), ..request } };
        assert_eq!(prompted.description(), "one scene");
    }

    #[test]
    fn every_kind_round_trips_through_the_stored_form() {
        for request in one_of_each() {
            let json = request.to_stored_json();
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(value["schema"], REQUEST_SCHEMA);
            assert_eq!(value["kind"], request.kind().as_str());
            assert_eq!(JobRequest::from_stored(request.kind(), &json, None, None).unwrap(), request);
        }
    }

    #[test]
    fn a_newer_or_mismatched_or_broken_row_is_refused() {
        let json = one_of_each()[0].to_stored_json().replace("\"schema\":2", "\"schema\":9");
        assert!(matches!(JobRequest::from_stored(TaskKind::Image, &json, None, None), Err(LegacyRequestError::Newer(9))));
        let json = one_of_each()[1].to_stored_json();
        assert!(JobRequest::from_stored(TaskKind::Image, &json, None, None).unwrap_err().to_string().contains("a text2video request in an image job"));
        assert!(JobRequest::from_stored(TaskKind::Image, "{not json", None, None).is_err());
        assert!(JobRequest::from_stored(TaskKind::Image, r#"{"schema":2,"kind":"image"}"#, None, None).is_err());
    }

    #[test]
    fn accessors_read_the_request() {
        let [image, t2v, i2v] = <[JobRequest; 3]>::try_from(one_of_each()[..3].to_vec()).unwrap();
        assert_eq!((image.prompt(), image.model(), image.slots(), image.image_ref()), ("a fox", "kling-v1", 3, Some("inputs/0123456789abcdef01234567.png")));
        assert_eq!((t2v.external_task_id(), t2v.slots(), t2v.image_ref()), (Some("ext-1"), 1, None));
        assert_eq!((i2v.prompt(), i2v.image_tail_ref()), ("turn", Some("inputs/89abcdef0123456789abcdef.jpg")));
        let mut renewed = t2v.clone();
        let id = renewed.renew_external_task_id().unwrap();
        assert_ne!(Some(id.as_str()), t2v.external_task_id());
        assert_eq!(renewed.external_task_id(), Some(id.as_str()));
        let mut picture = image.clone();
        let id = picture.renew_external_task_id().expect("pictures take an external id since 2026");
        assert_eq!(picture.external_task_id(), Some(id.as_str()));
    }
}
