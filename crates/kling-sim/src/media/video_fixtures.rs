//! Real H.264 clips (see fixtures/README.md for how they were made), one per video aspect ratio
//! and duration, silent and with an AAC sound track (for sound-on tasks).

static CLIP_16X9_5: &[u8] = include_bytes!("../../fixtures/clip-16x9-5s.mp4");
static CLIP_16X9_10: &[u8] = include_bytes!("../../fixtures/clip-16x9-10s.mp4");
static CLIP_9X16_5: &[u8] = include_bytes!("../../fixtures/clip-9x16-5s.mp4");
static CLIP_9X16_10: &[u8] = include_bytes!("../../fixtures/clip-9x16-10s.mp4");
static CLIP_1X1_5: &[u8] = include_bytes!("../../fixtures/clip-1x1-5s.mp4");
static CLIP_1X1_10: &[u8] = include_bytes!("../../fixtures/clip-1x1-10s.mp4");
static SOUND_16X9_5: &[u8] = include_bytes!("../../fixtures/clip-16x9-5s-sound.mp4");
static SOUND_16X9_10: &[u8] = include_bytes!("../../fixtures/clip-16x9-10s-sound.mp4");
static SOUND_9X16_5: &[u8] = include_bytes!("../../fixtures/clip-9x16-5s-sound.mp4");
static SOUND_9X16_10: &[u8] = include_bytes!("../../fixtures/clip-9x16-10s-sound.mp4");
static SOUND_1X1_5: &[u8] = include_bytes!("../../fixtures/clip-1x1-5s-sound.mp4");
static SOUND_1X1_10: &[u8] = include_bytes!("../../fixtures/clip-1x1-10s-sound.mp4");

/// The clip served for a video of `seconds`: the 5 s one up to 7 s, the 10 s one from 8 s (a
/// fixture per length 3–15 would weigh megabytes; the task's `duration` still says what was asked).
pub fn clip(aspect: (u32, u32), seconds: u32, sound: bool) -> &'static [u8] {
    let (w, h) = aspect;
    let long = seconds >= 8;
    let [short_clip, long_clip] = match (w.cmp(&h), sound) {
        (std::cmp::Ordering::Greater, false) => [CLIP_16X9_5, CLIP_16X9_10],
        (std::cmp::Ordering::Greater, true) => [SOUND_16X9_5, SOUND_16X9_10],
        (std::cmp::Ordering::Less, false) => [CLIP_9X16_5, CLIP_9X16_10],
        (std::cmp::Ordering::Less, true) => [SOUND_9X16_5, SOUND_9X16_10],
        (_, false) => [CLIP_1X1_5, CLIP_1X1_10],
        (_, true) => [SOUND_1X1_5, SOUND_1X1_10],
    };
    if long {
        long_clip
    } else {
        short_clip
    }
}

/// What the watermarked copy's bytes end with: a top-level `free` box, which players skip (the
/// `moov` box comes first, so the clip still streams). The picture is the clean clip's: the copy is
/// told apart by its own link and these bytes, not by a visible mark.
pub const WATERMARK_NOTE: &[u8] = b"kling-sim watermarked copy";

pub fn watermarked(clip: &[u8]) -> Vec<u8> {
    let size = u32::try_from(8 + WATERMARK_NOTE.len()).expect("a short note");
    let mut out = Vec::with_capacity(clip.len() + size as usize);
    out.extend_from_slice(clip);
    out.extend_from_slice(&size.to_be_bytes());
    out.extend_from_slice(b"free");
    out.extend_from_slice(WATERMARK_NOTE);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(bytes: &[u8], needle: &[u8]) -> bool {
        bytes.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn sound_clips_have_an_aac_track_and_silent_ones_none() {
        for aspect in [(16, 9), (9, 16), (1, 1)] {
            for seconds in [3, 5, 7, 8, 10, 15] {
                assert!(has(clip(aspect, seconds, true), b"mp4a"), "{aspect:?} {seconds} s with sound");
                assert!(!has(clip(aspect, seconds, false), b"mp4a"), "{aspect:?} {seconds} s silent");
            }
        }
        assert_eq!(clip((16, 9), 7, true), SOUND_16X9_5);
        assert_eq!(clip((16, 9), 8, false), CLIP_16X9_10);
    }

    #[test]
    fn the_watermarked_copy_is_the_clip_and_one_free_box() {
        let marked = watermarked(CLIP_1X1_5);
        assert_eq!(&marked[..CLIP_1X1_5.len()], CLIP_1X1_5);
        let tail = &marked[CLIP_1X1_5.len()..];
        assert_eq!(u32::from_be_bytes(tail[..4].try_into().unwrap()) as usize, tail.len());
        assert_eq!(&tail[4..8], b"free");
    }
}
