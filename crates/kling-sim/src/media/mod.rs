pub mod picture;
pub mod video_fixtures;
