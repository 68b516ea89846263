//! The result files: pictures drawn from the prompt, real H.264 clips, and sounds.

pub mod audio;
pub mod picture;
pub mod video_fixtures;
