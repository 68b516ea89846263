//! A stored request made ready to send: pictures read back in, then the create call of its kind.

use super::JobRequest;
use kling_api::{ImageInput, ImageRequest, ImageToVideoRequest, KlingClient, KlingError, Task, TextToVideoRequest, ValidationError};

pub enum WireRequest {
    Image(ImageRequest),
    TextToVideo(TextToVideoRequest),
    ImageToVideo(ImageToVideoRequest),
}

impl JobRequest {
    /// The API request with its pictures loaded by `load` (a reference and the field it fills).
    pub fn to_wire(&self, load: impl Fn(&str, &str) -> Result<ImageInput, ValidationError>) -> Result<WireRequest, ValidationError> {
        let load = |reference: &Option<String>, field: &str| reference.as_deref().map(|r| load(r, field)).transpose();
        Ok(match self {
            JobRequest::Image { request, image } => WireRequest::Image(ImageRequest { image: load(image, "image")?, ..request.clone() }),
            JobRequest::TextToVideo { request } => WireRequest::TextToVideo(request.clone()),
            JobRequest::ImageToVideo { request, image, image_tail } => {
                WireRequest::ImageToVideo(ImageToVideoRequest { image: load(image, "image")?, image_tail: load(image_tail, "image_tail")?, ..request.clone() })
            }
            JobRequest::FromHistory { .. } => {
                return Err(ValidationError::new("request", "this task was found in the account's history; its settings are unknown, so it cannot be sent again"));
            }
        })
    }
}

impl WireRequest {
    /// Checks the API's rules, pictures included.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self {
            WireRequest::Image(r) => r.validate(),
            WireRequest::TextToVideo(r) => r.validate(),
            WireRequest::ImageToVideo(r) => r.validate(),
        }
    }

    pub async fn create(&self, client: &KlingClient) -> Result<Task, KlingError> {
        match self {
            WireRequest::Image(r) => client.create_image(r).await,
            WireRequest::TextToVideo(r) => client.create_text_to_video(r).await,
            WireRequest::ImageToVideo(r) => client.create_image_to_video(r).await,
        }
    }
}
