//! A typed async client for the Kling AI HTTP API.
//!
//! - Requests are checked against the API's own rules (`validate()`) before anything is sent.
//! - Every request is signed with a short-lived HS256 JWT made from the access key and secret
//!   key; the token is cached and re-signed before it expires, and once more after a 1004.
//! - Reads (GET) are retried with exponential backoff and jitter on rate limits (1302), server
//!   errors (5000–5002, HTTP 5xx pages), network failures and timeouts.
//! - Task creation is never blindly repeated: a POST is re-sent only when nothing can have been
//!   created (the server answered with a retryable code, or the connection was never made).
//!   When the answer is lost after sending, the task is looked up first by the
//!   `external_task_id` the client always sends (pictures too: `lost_image` also reads the newest
//!   list page) — and [`KlingError::SubmitUncertain`] is returned when that cannot decide.
//! - 1303 (concurrency over the resource pack's limit) is returned at once, not retried: slots
//!   free only when a running task ends, so the caller keeps the job queued.
//! - The secret key and tokens never appear in `Debug`, `Display`, errors or logs.

mod account;
mod api_code;
mod camera;
pub mod capabilities;
pub mod catalogue;
mod client;
mod clock;
mod credentials;
pub mod download;
mod envelope;
mod error_code;
mod errors;
mod image_input;
mod jpeg_end;
pub mod jwt;
mod kinds;
mod lost_image;
pub mod offer;
mod params;
pub mod picture_limits;
mod picture_source;
pub mod pricing;
mod requests;
pub mod result_links;
mod retry;
mod task;
mod validation;

pub use account::{AccountCosts, ResourcePack};
pub use api_code::ApiCode;
pub use camera::{CameraConfig, CameraControl, CameraType};
pub use client::{is_loopback, is_task_id, AssetKind, ClientConfig, KlingClient, Listing, ASSET_PAGE_SIZE};
pub use clock::now_ms;
pub use credentials::Credentials;
pub use download::{DownloadError, DownloadOptions, Progress};
pub use error_code::ErrorCode;
pub use errors::KlingError;
pub use image_input::{ImageInput, MAX_IMAGE_BYTES, MIN_SIDE};
pub use kinds::TaskKind;
pub use params::{AspectRatio, ElementId, ElementRef, ImageReference, Mode, Resolution, Shot, ShotType, Sound, VideoDuration, VoiceRef, WatermarkInfo};
pub use picture_source::{is_web_address, web_url, PictureSource};
pub use requests::{
    extend_refusal, Auto, CharacterOrientation, CustomElementRequest, CustomVoiceRequest, EffectInput, EffectsRequest, ElementImages, ElementTag, ElementVideos, Face,
    FaceChoice, FrameType, IdentifiedFaces, IdentifyFaceRequest, ImageExpandRequest, ImageRequest, ImageToVideoRequest, LipSyncFacts, LipSyncRequest,
    MotionControlRequest, MultiImage, MultiImageToImageRequest, MultiImageToVideoRequest, OmniImage, OmniImageAspect, OmniImageInput, OmniImageRequest, OmniVideoRef,
    OmniVideoRequest, ReferImage, ReferType, ReferVideo, ReferenceType, ResultType, SeriesAmount, SubjectImage, TextToAudioRequest, TextToVideoRequest, TryOnModel,
    VideoExtendRequest, VideoToAudioRequest, VirtualTryOnRequest, YesNo, COMPOSE_DEFAULT_MODEL, DEFAULT_SERIES_AMOUNT, ELEMENT_REFER_IMAGES, ELEMENT_TAGS,
    ELEMENT_TAG_NAMES, EXTENDABLE_MODELS, MAX_AUDIO_PROMPT_CHARS, MAX_ELEMENT_DESCRIPTION_CHARS, MAX_ELEMENT_NAME_CHARS, MAX_EXPANDED_AREA, MAX_EXPANSION_RATIO,
    MAX_EXTENDED_SECONDS, MAX_LIP_SYNC_AUDIO_MS, MAX_MULTI_IMAGES, MAX_OMNI_ELEMENTS_WITH_FRAME, MAX_OMNI_IMAGE_REFERENCES, MAX_OMNI_REFERENCES,
    MAX_OMNI_REFERENCES_WITH_VIDEO, MAX_PICTURES_ASKED, MAX_SHOTS, MAX_SHOT_PROMPT_CHARS, MAX_SOUND_FILE_BYTES, MAX_SUBJECT_PICTURES, MAX_VOICE_NAME_CHARS, MAX_VOLUME,
    MIN_LIP_SYNC_MS, MOTION_DEFAULT_MODEL, MULTI_IMAGE_DEFAULT_MODEL, OMNI_DEFAULT_MODEL, OMNI_IMAGE_DEFAULT_MODEL, SERIES_AMOUNTS, TEXT_TO_AUDIO_DEFAULT_SECONDS,
    TEXT_TO_AUDIO_SECONDS, VOICE_SECONDS,
};
pub use result_links::{check_audio_results, check_link, check_result_count, RedirectRefused, MAX_AUDIOS_PER_TASK, MAX_PICTURES_PER_TASK, MAX_VIDEOS_PER_TASK};
pub use retry::{backoff, RetryPolicy};
pub use task::{
    AudioResult, ElementImageLinks, ElementInfo, ElementTagInfo, ImageLink, ImageResult, ParentVideo, Task, TaskInfo, TaskResult, TaskStatus, VideoResult, VoiceInfo,
};
pub use validation::{ValidationError, MAX_PROMPT_CHARS};

/// The global host given by the current official docs (older clients use api.klingai.com).
pub const GLOBAL_BASE_URL: &str = "https://api-singapore.klingai.com";
/// The mainland China host.
pub const CHINA_BASE_URL: &str = "https://api-beijing.klingai.com";
