//! A typed async client for the Kling AI HTTP API.
//!
//! Requests are checked against the API's own rules before anything is sent; every request is
//! signed with a short-lived JWT made from the access key and secret key; retryable failures
//! are retried with backoff, and task creation is never blindly repeated after a lost answer.

mod account;
mod api_code;
pub mod capabilities;
mod camera;
mod client;
mod credentials;
mod download;
mod envelope;
mod errors;
mod image_input;
pub mod jwt;
mod kinds;
mod params;
pub mod pricing;
mod requests;
mod retry;
mod task;
mod validation;

pub use account::{AccountCosts, ResourcePack};
pub use api_code::ApiCode;
pub use camera::{CameraConfig, CameraControl, CameraType};
pub use client::{ClientConfig, KlingClient};
pub use credentials::Credentials;
pub use errors::KlingError;
pub use image_input::ImageInput;
pub use kinds::TaskKind;
pub use params::{AspectRatio, ImageReference, Mode, Resolution, VideoDuration};
pub use requests::{ImageRequest, ImageToVideoRequest, TextToVideoRequest};
pub use retry::RetryPolicy;
pub use task::{ImageResult, Task, TaskInfo, TaskResult, TaskStatus, VideoResult};
pub use validation::ValidationError;

/// The global host given by the current official docs (older clients use api.klingai.com).
pub const GLOBAL_BASE_URL: &str = "https://api-singapore.klingai.com";
/// The mainland China host.
pub const CHINA_BASE_URL: &str = "https://api-beijing.klingai.com";
