//! The other video tools that name a model: omni-video (addendum §1.3, §5.1), multi-image2video
//! (§6.1) and motion control (§6.9), with their §7.2 prices.

use super::video::{base, v2, V3_DURATIONS, V3_SOUND};
use super::{any, rate, rate_with_video, Entry, PriceRule, VideoRate};
use crate::kinds::TaskKind::{MotionControl, MultiImageToVideo, OmniVideo};
use crate::params::AspectRatio;
use crate::params::Mode::{FourK, Pro, Std};
use crate::params::VideoDuration;

/// kling-video-o1: 3 to 10 s (§1.3).
const O1_DURATIONS: &[VideoDuration] = V3_DURATIONS.split_at(8).0;
const FIVE_TEN: &[VideoDuration] = &[VideoDuration::FIVE, VideoDuration::TEN];

/// §7.2 kling-v3-omni: sound on costs more without a video; with a video sound is off.
const V3_OMNI_PRICE: &[VideoRate] = &[
    rate(Std, false, false, 0.6),
    rate(Pro, false, false, 0.8),
    rate(FourK, false, false, 3.0),
    rate(Std, true, false, 0.8),
    rate(Pro, true, false, 1.0),
    rate(FourK, true, false, 3.0),
    rate_with_video(Std, 0.9),
    rate_with_video(Pro, 1.2),
    rate_with_video(FourK, 3.0),
];
/// §7.2 kling-video-o1: silent; a video input costs more.
const O1_PRICE: &[VideoRate] = &[rate(Std, false, false, 0.6), rate(Pro, false, false, 0.8), rate_with_video(Std, 0.9), rate_with_video(Pro, 1.2)];
/// §7.2 "motion control" rows: per second of output (its length follows the reference video).
const V3_MOTION_PRICE: &[VideoRate] = &[rate(Std, false, false, 0.9), rate(Pro, false, false, 1.2)];
const V2_6_MOTION_PRICE: &[VideoRate] = &[rate(Std, false, false, 0.5), rate(Pro, false, false, 0.8)];

/// Omni (§1.3, §5.1): no cfg_scale or negative prompt (negative text goes in the prompt), the
/// three video ratios, up to 7 pictures and elements together. Start + end frames in every mode;
/// the omni request checks the finer rules (O1: none with elements or > 2 pictures).
const fn omni(model: &'static str) -> Entry {
    Entry { negative_prompt: false, aspect_ratios: &AspectRatio::VIDEO, max_elements: 7, ..v2(OmniVideo, model) }
}

/// Today's model first (the forms' and the CLI's default).
pub(super) const ENTRIES: &[Entry] = &[
    // omni-video (§1.3): kling-v3-omni std/pro/4k 3–15 s with sound and multi-shot; O1 std/pro 3–10 s silent.
    Entry {
        modes: &[Std, Pro, FourK],
        durations: V3_DURATIONS,
        sound: V3_SOUND,
        multi_shot: true,
        start_end_frame: &[any(Std), any(Pro), any(FourK)],
        price: PriceRule::VideoPerSecond(V3_OMNI_PRICE),
        ..omni("kling-v3-omni")
    },
    Entry { durations: O1_DURATIONS, start_end_frame: &[any(Std), any(Pro)], price: PriceRule::VideoPerSecond(O1_PRICE), ..omni("kling-video-o1") },
    // multi-image2video (§6.1): kling-v1-6 only, std/pro, 5 or 10 s, the video ratios; price not published.
    Entry { durations: FIVE_TEN, aspect_ratios: &AspectRatio::VIDEO, ..base(MultiImageToVideo, "kling-v1-6") },
    // motion-control (§6.9): kling-v3 (since 2026-03-04) and kling-v2-6 (the API's default), std/pro,
    // length from the reference video (3–30 s), one element, no sound setting (keep_original_sound instead).
    Entry { max_elements: 1, durations: V3_DURATIONS, price: PriceRule::VideoPerSecond(V3_MOTION_PRICE), ..v2(MotionControl, "kling-v3") },
    Entry { max_elements: 1, durations: V3_DURATIONS, price: PriceRule::VideoPerSecond(V2_6_MOTION_PRICE), ..v2(MotionControl, "kling-v2-6") },
];
