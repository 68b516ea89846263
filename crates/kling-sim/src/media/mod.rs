//! The result files: pictures drawn from the prompt, and real H.264 clips.

pub mod picture;
pub mod video_fixtures;
