//! The docs' capability map and price list, as the emulator enforces them (kept apart from the
//! client's copy on purpose: the emulator is the independent check of what the client sends).

pub const IMAGE_MODELS: &[&str] = &["kling-v1", "kling-v1-5", "kling-v2", "kling-v2-new", "kling-v2-1"];
pub const TEXT_TO_VIDEO_MODELS: &[&str] = &["kling-v1", "kling-v1-6", "kling-v2-master", "kling-v2-1-master", "kling-v2-5-turbo"];
pub const IMAGE_TO_VIDEO_MODELS: &[&str] = &["kling-v1", "kling-v1-5", "kling-v1-6", "kling-v2-master", "kling-v2-1", "kling-v2-1-master", "kling-v2-5-turbo"];

pub const IMAGE_ASPECTS: &[&str] = &["16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3", "21:9"];
pub const VIDEO_ASPECTS: &[&str] = &["16:9", "9:16", "1:1"];

/// Camera control: (allowed at all, `simple` only). Text-to-video kling-v1 std 5 s takes every
/// type; image-to-video kling-v1-5 pro 5 s takes `simple` only; nothing else takes any.
pub fn camera(image_to_video: bool, model: &str, pro: bool, ten: bool) -> (bool, bool) {
    match (image_to_video, model, pro, ten) {
        (false, "kling-v1", false, false) => (true, false),
        (true, "kling-v1-5", true, false) => (true, true),
        _ => (false, false),
    }
}

/// End frame (`image_tail`) together with a start frame.
pub fn image_tail(model: &str, pro: bool, ten: bool) -> bool {
    match model {
        "kling-v1" => !ten,
        "kling-v1-5" | "kling-v1-6" | "kling-v2-1" | "kling-v2-5-turbo" => pro,
        // kling-v2-master, kling-v2-1-master: no extras at all.
        _ => false,
    }
}

/// End frame without a start frame ("end-frame only" in the map).
pub fn image_tail_alone(model: &str, pro: bool) -> bool {
    matches!(model, "kling-v1-5" | "kling-v1-6") && pro
}

/// Motion brush (`static_mask` / `dynamic_masks`).
pub fn motion_brush(model: &str, pro: bool, ten: bool) -> bool {
    match model {
        "kling-v1" => !ten,
        "kling-v1-5" => pro && !ten,
        _ => false,
    }
}

/// kling-v2.x models take no `cfg_scale`.
pub fn takes_cfg_scale(model: &str) -> bool {
    !model.starts_with("kling-v2")
}

/// kling-v2-new only restyles a given picture.
pub fn needs_reference_image(model: &str) -> bool {
    model == "kling-v2-new"
}

/// Units a task spends: videos by mode and length, pictures 0.25 each.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map() {
        assert_eq!(camera(false, "kling-v1", false, false), (true, false));
        assert_eq!(camera(false, "kling-v1", true, false), (false, false));
        assert_eq!(camera(false, "kling-v1", false, true), (false, false));
        assert_eq!(camera(true, "kling-v1-5", true, false), (true, true));
        assert_eq!(camera(true, "kling-v1-6", true, false), (false, false));
        assert!(image_tail("kling-v1", false, false) && image_tail("kling-v1", true, false) && !image_tail("kling-v1", false, true));
        assert!(image_tail("kling-v1-6", true, true) && !image_tail("kling-v1-6", false, false));
        assert!(!image_tail("kling-v2-master", true, false) && !image_tail("kling-v2-1-master", true, false));
        assert!(image_tail_alone("kling-v1-5", true) && !image_tail_alone("kling-v1", false));
        assert!(motion_brush("kling-v1", true, false) && !motion_brush("kling-v1-5", false, false) && !motion_brush("kling-v1-6", true, false));
        assert!(!takes_cfg_scale("kling-v2-5-turbo") && takes_cfg_scale("kling-v1-6"));
        assert_eq!([cost(true, false, false, 1), cost(true, false, true, 1), cost(true, true, false, 1), cost(true, true, true, 1)], [1.0, 2.0, 3.5, 7.0]);
        assert_eq!(cost(false, true, true, 9), 2.25);
    }
}
