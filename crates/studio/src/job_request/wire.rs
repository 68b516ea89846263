//! A stored request made ready to send: pictures and sounds read back in, then the create call
//! of its kind.

use super::JobRequest;
use kling_api::{
    EffectsRequest, ImageExpandRequest, ImageInput, ImageRequest, ImageToVideoRequest, KlingClient, KlingError, LipSyncRequest, MotionControlRequest,
    MultiImageToImageRequest, MultiImageToVideoRequest, OmniImageRequest, OmniVideoRequest, Task, TextToAudioRequest, TextToVideoRequest, ValidationError,
    VideoExtendRequest, VideoToAudioRequest, VirtualTryOnRequest,
};

pub enum WireRequest {
    Image(ImageRequest),
    TextToVideo(TextToVideoRequest),
    ImageToVideo(ImageToVideoRequest),
    OmniVideo(OmniVideoRequest),
    MultiImageToVideo(MultiImageToVideoRequest),
    VideoExtend(VideoExtendRequest),
    LipSync(LipSyncRequest),
    Effects(EffectsRequest),
    VideoToAudio(VideoToAudioRequest),
    MotionControl(MotionControlRequest),
    TextToAudio(TextToAudioRequest),
    ImageExpand(ImageExpandRequest),
    MultiImageToImage(MultiImageToImageRequest),
    VirtualTryOn(VirtualTryOnRequest),
    OmniImage(OmniImageRequest),
}

impl JobRequest {
    /// The API request with its pictures loaded by `load` (a reference and the field it fills)
    /// and its sound file by `load_sound` (a reference; answers a URL or raw base64).
    pub fn to_wire(
        &self,
        load: impl Fn(&str, &str) -> Result<ImageInput, ValidationError>,
        load_sound: impl Fn(&str) -> Result<String, ValidationError>,
    ) -> Result<WireRequest, ValidationError> {
        let load_one = |reference: &Option<String>, field: &str| reference.as_deref().map(|r| load(r, field)).transpose();
        // The tools taking a list of pictures: each reference fills the request's next picture field.
        let mut filled = self.clone();
        let references = self.image_refs();
        let slots = filled.picture_slots_mut();
        if slots.len() != references.len() {
            let field = slots.first().map_or("images", |(field, _)| *field);
            return Err(ValidationError::new(field, format!("the request has {} picture field(s) but {} picture(s) were given", slots.len(), references.len())));
        }
        for ((field, slot), reference) in slots.into_iter().zip(references) {
            *slot = load(reference, field)?;
        }
        Ok(match filled {
            JobRequest::Image { request, image } => WireRequest::Image(ImageRequest { image: load_one(&image, "image")?, ..request }),
            JobRequest::TextToVideo { request } => WireRequest::TextToVideo(request),
            JobRequest::ImageToVideo { request, image, image_tail } => {
                WireRequest::ImageToVideo(ImageToVideoRequest { image: load_one(&image, "image")?, image_tail: load_one(&image_tail, "image_tail")?, ..request })
            }
            JobRequest::OmniVideo { request, .. } => WireRequest::OmniVideo(request),
            JobRequest::MultiImageToVideo { request, .. } => WireRequest::MultiImageToVideo(request),
            JobRequest::VideoExtend { request } => WireRequest::VideoExtend(request),
            JobRequest::LipSync { mut request, sound_file } => {
                if let Some(reference) = sound_file.as_deref() {
                    let sound = load_sound(reference)?;
                    request.face_choose.iter_mut().for_each(|face| face.sound_file = Some(sound.clone()));
                }
                WireRequest::LipSync(request)
            }
            JobRequest::Effects { request, .. } => WireRequest::Effects(request),
            JobRequest::VideoToAudio { request } => WireRequest::VideoToAudio(request),
            JobRequest::MotionControl { request, .. } => WireRequest::MotionControl(request),
            JobRequest::TextToAudio { request } => WireRequest::TextToAudio(request),
            JobRequest::ImageExpand { request, .. } => WireRequest::ImageExpand(request),
            JobRequest::MultiImageToImage { request, .. } => WireRequest::MultiImageToImage(request),
            JobRequest::VirtualTryOn { request, .. } => WireRequest::VirtualTryOn(request),
            JobRequest::OmniImage { request, .. } => WireRequest::OmniImage(request),
            JobRequest::FromHistory { .. } => {
                return Err(ValidationError::new("request", "this task was found in the account's history; its settings are unknown, so it cannot be sent again"));
            }
        })
    }
}

impl JobRequest {
    /// Checks the API's rules on the request as it is, inputs included (before they are stripped
    /// for storage).
    pub(crate) fn validate_inline(&self) -> Result<(), ValidationError> {
        match self {
            JobRequest::Image { request, .. } => request.validate(),
            JobRequest::TextToVideo { request } => request.validate(),
            JobRequest::ImageToVideo { request, .. } => request.validate(),
            JobRequest::OmniVideo { request, .. } => request.validate(),
            JobRequest::MultiImageToVideo { request, .. } => request.validate(),
            JobRequest::VideoExtend { request } => request.validate(),
            JobRequest::LipSync { request, .. } => request.validate(),
            JobRequest::Effects { request, .. } => request.validate(),
            JobRequest::VideoToAudio { request } => request.validate(),
            JobRequest::MotionControl { request, .. } => request.validate(),
            JobRequest::TextToAudio { request } => request.validate(),
            JobRequest::ImageExpand { request, .. } => request.validate(),
            JobRequest::MultiImageToImage { request, .. } => request.validate(),
            JobRequest::VirtualTryOn { request, .. } => request.validate(),
            JobRequest::OmniImage { request, .. } => request.validate(),
            JobRequest::FromHistory { .. } => Ok(()),
        }
    }
}

impl WireRequest {
    /// Checks the API's rules, pictures included.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self {
            WireRequest::Image(r) => r.validate(),
            WireRequest::TextToVideo(r) => r.validate(),
            WireRequest::ImageToVideo(r) => r.validate(),
            WireRequest::OmniVideo(r) => r.validate(),
            WireRequest::MultiImageToVideo(r) => r.validate(),
            WireRequest::VideoExtend(r) => r.validate(),
            WireRequest::LipSync(r) => r.validate(),
            WireRequest::Effects(r) => r.validate(),
            WireRequest::VideoToAudio(r) => r.validate(),
            WireRequest::MotionControl(r) => r.validate(),
            WireRequest::TextToAudio(r) => r.validate(),
            WireRequest::ImageExpand(r) => r.validate(),
            WireRequest::MultiImageToImage(r) => r.validate(),
            WireRequest::VirtualTryOn(r) => r.validate(),
            WireRequest::OmniImage(r) => r.validate(),
        }
    }

    pub async fn create(&self, client: &KlingClient) -> Result<Task, KlingError> {
        match self {
            WireRequest::Image(r) => client.create_image(r).await,
            WireRequest::TextToVideo(r) => client.create_text_to_video(r).await,
            WireRequest::ImageToVideo(r) => client.create_image_to_video(r).await,
            WireRequest::OmniVideo(r) => client.create_omni_video(r).await,
            WireRequest::MultiImageToVideo(r) => client.create_multi_image_to_video(r).await,
            WireRequest::VideoExtend(r) => client.create_video_extend(r).await,
            WireRequest::LipSync(r) => client.create_lip_sync(r).await,
            WireRequest::Effects(r) => client.create_effects(r).await,
            WireRequest::VideoToAudio(r) => client.create_video_to_audio(r).await,
            WireRequest::MotionControl(r) => client.create_motion_control(r).await,
            WireRequest::TextToAudio(r) => client.create_text_to_audio(r).await,
            WireRequest::ImageExpand(r) => client.create_image_expand(r).await,
            WireRequest::MultiImageToImage(r) => client.create_multi_image_to_image(r).await,
            WireRequest::VirtualTryOn(r) => client.create_virtual_try_on(r).await,
            WireRequest::OmniImage(r) => client.create_omni_image(r).await,
        }
    }
}
