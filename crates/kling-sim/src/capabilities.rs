//! The docs' capability map, as the emulator enforces it (kept apart from the client's copy on
//! purpose: the emulator is the independent check of what the client sends).

pub const IMAGE_MODELS: &[&str] = &["kling-v1", "kling-v1-5", "kling-v2", "kling-v2-new", "kling-v2-1"];
pub const TEXT_TO_VIDEO_MODELS: &[&str] = &["kling-v1", "kling-v1-6", "kling-v2-master", "kling-v2-1-master", "kling-v2-5-turbo"];
pub const IMAGE_TO_VIDEO_MODELS: &[&str] =
    &["kling-v1", "kling-v1-5", "kling-v1-6", "kling-v2-master", "kling-v2-1", "kling-v2-1-master", "kling-v2-5-turbo"];

pub const IMAGE_ASPECTS: &[&str] = &["16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3", "21:9"];
pub const VIDEO_ASPECTS: &[&str] = &["16:9", "9:16", "1:1"];

/// (allowed at all, simple move only)
pub fn camera(image_to_video: bool, model: &str, pro: bool, ten: bool) -> (bool, bool) {
    match (image_to_video, model, pro, ten) {
        (false, "kling-v1", false, false) => (true, false),
        (true, "kling-v1-5", true, false) => (true, true),
        _ => (false, false),
    }
}

pub fn image_tail(model: &str, pro: bool, ten: bool) -> bool {
    match model {
        "kling-v1" => !ten,
        "kling-v1-5" | "kling-v1-6" | "kling-v2-1" | "kling-v2-5-turbo" => pro,
        _ => false,
    }
}

pub fn takes_cfg_scale(model: &str) -> bool {
    !model.starts_with("kling-v2")
}

/// Units a task spends.
pub fn cost(video: bool, pro: bool, ten: bool, n: u32) -> f64 {
    if !video {
        return 0.25 * f64::from(n);
    }
    match (pro, ten) {
        (false, false) => 1.0,
        (false, true) => 2.0,
        (true, false) => 3.5,
        (true, true) => 7.0,
    }
}
