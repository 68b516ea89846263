//! Real H.264 clips (see fixtures/README.md for how they were made), one per video aspect ratio
//! and duration.

static CLIP_16X9_5: &[u8] = include_bytes!("../../fixtures/clip-16x9-5s.mp4");
static CLIP_16X9_10: &[u8] = include_bytes!("../../fixtures/clip-16x9-10s.mp4");
static CLIP_9X16_5: &[u8] = include_bytes!("../../fixtures/clip-9x16-5s.mp4");
static CLIP_9X16_10: &[u8] = include_bytes!("../../fixtures/clip-9x16-10s.mp4");
static CLIP_1X1_5: &[u8] = include_bytes!("../../fixtures/clip-1x1-5s.mp4");
static CLIP_1X1_10: &[u8] = include_bytes!("../../fixtures/clip-1x1-10s.mp4");

pub fn clip(aspect: (u32, u32), ten_seconds: bool) -> &'static [u8] {
    let (w, h) = aspect;
    match (w.cmp(&h), ten_seconds) {
        (std::cmp::Ordering::Greater, false) => CLIP_16X9_5,
        (std::cmp::Ordering::Greater, true) => CLIP_16X9_10,
        (std::cmp::Ordering::Less, false) => CLIP_9X16_5,
        (std::cmp::Ordering::Less, true) => CLIP_9X16_10,
        (_, false) => CLIP_1X1_5,
        (_, true) => CLIP_1X1_10,
    }
}
