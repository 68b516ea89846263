//! text2video and image2video entries: addendum §1.1 (model lists), §1.2 (capability table), §7.2 (prices).

use super::{any, cell, rate, CameraSupport, Cell, Entry, PriceRule, ReferenceRule, SoundOffer, VideoRate};
use crate::kinds::TaskKind::{self, ImageToVideo, TextToVideo};
use crate::params::AspectRatio;
use crate::params::Mode::{self, FourK, Pro, Std};
use crate::params::VideoDuration;

const STD_PRO: &[Mode] = &[Std, Pro];
const FIVE: VideoDuration = VideoDuration::FIVE;
const TEN: VideoDuration = VideoDuration::TEN;
const FIVE_TEN: &[VideoDuration] = &[FIVE, TEN];
const PRO_FIVE_TEN: &[Cell] = &[cell(Pro, FIVE), cell(Pro, TEN)];
const NONE: &[Cell] = &[];

/// What every video entry shares unless it says otherwise: a silent std/pro 5/10 s model with
/// cfg_scale and negative prompt, and no frame, camera, sound, voice, shot or element options.
pub(super) const fn base(kind: TaskKind, model: &'static str) -> Entry {
    Entry {
        kind,
        model,
        modes: STD_PRO,
        durations: FIVE_TEN,
        cfg_scale: true,
        negative_prompt: true,
        aspect_ratios: match kind {
            TaskKind::TextToVideo => &AspectRatio::VIDEO,
            _ => &[],
        },
        camera: &[],
        start_end_frame: NONE,
        end_frame_only: NONE,
        motion_brush: NONE,
        sound: &[],
        end_frame_silent: false,
        max_voices: 0,
        multi_shot: false,
        max_elements: 0,
        watermark: true,
        text_to_image: false,
        resolutions_text: &[],
        resolutions_with_image: &[],
        reference: ReferenceRule::NotOffered,
        price: PriceRule::Unpublished,
        price_4k: None,
        series: false,
        auto_aspect_from_text: false,
    }
}

/// kling-v2.x: no cfg_scale (§1.2).
pub(super) const fn v2(kind: TaskKind, model: &'static str) -> Entry {
    Entry { cfg_scale: false, ..base(kind, model) }
}

/// kling-v2-master, kling-v2-1-master: no mode at all, no frames (§1.2).
const fn master(kind: TaskKind, model: &'static str) -> Entry {
    Entry { modes: &[], ..v2(kind, model) }
}

/// kling-v2-5-turbo: 0.3 / 0.5 video units per second, silent (§7.2).
const TURBO_PRICE: PriceRule = PriceRule::VideoPerSecond(&[rate(Std, false, false, 0.3), rate(Pro, false, false, 0.5)]);

/// kling-v2-6 (§1.2): sound only in pro ("720P supports silent videos only"), start + end frame
/// in pro and silent; a voice (image-to-video) costs 1.2 a second (§7.2).
const V2_6_PRICE: &[VideoRate] = &[rate(Std, false, false, 0.3), rate(Pro, false, false, 0.5), rate(Pro, true, false, 1.0), rate(Pro, true, true, 1.2)];
const fn v2_6(kind: TaskKind) -> Entry {
    Entry { sound: &[(Std, SoundOffer::OffOnly), (Pro, SoundOffer::OnOrOff)], price: PriceRule::VideoPerSecond(V2_6_PRICE), ..v2(kind, "kling-v2-6") }
}

/// kling-v3 (§1.2): std, pro and 4K; 3 to 15 s; sound in every mode; multi-shot; no cfg_scale
/// (the docs say nothing of it for v3 and no client sends it); 4K costs 3 a second either way (§7.2).
pub(super) const V3_DURATIONS: &[VideoDuration] = &{
    let mut all = [FIVE; (VideoDuration::MAX - VideoDuration::MIN + 1) as usize];
    let mut i = 0;
    while i < all.len() {
        all[i] = match VideoDuration::new(VideoDuration::MIN + i as u8) {
            Some(d) => d,
            None => panic!("3..=15 are durations"),
        };
        i += 1;
    }
    all
};
pub(super) const V3_SOUND: &[(Mode, SoundOffer)] = &[(Std, SoundOffer::OnOrOff), (Pro, SoundOffer::OnOrOff), (FourK, SoundOffer::OnOrOff)];
const V3_PRICE: &[VideoRate] = &[
    rate(Std, false, false, 0.6),
    rate(Pro, false, false, 0.8),
    rate(FourK, false, false, 3.0),
    rate(Std, true, false, 0.9),
    rate(Pro, true, false, 1.2),
    rate(FourK, true, false, 3.0),
];
const fn v3(kind: TaskKind) -> Entry {
    Entry {
        modes: &[Std, Pro, FourK],
        durations: V3_DURATIONS,
        sound: V3_SOUND,
        multi_shot: true,
        price: PriceRule::VideoPerSecond(V3_PRICE),
        ..v2(kind, "kling-v3")
    }
}

/// Today's models first (the forms' and the CLI's default is the first of each kind).
pub(super) const ENTRIES: &[Entry] = &[
    // text2video (§1.1)
    v3(TextToVideo),
    v2_6(TextToVideo),
    Entry { price: TURBO_PRICE, ..v2(TextToVideo, "kling-v2-5-turbo") },
    master(TextToVideo, "kling-v2-1-master"),
    master(TextToVideo, "kling-v2-master"),
    base(TextToVideo, "kling-v1-6"),
    Entry { camera: &[(cell(Std, FIVE), CameraSupport::All)], ..base(TextToVideo, "kling-v1") },
    // image2video (§1.1)
    Entry { start_end_frame: &[any(Std), any(Pro), any(FourK)], max_elements: 3, ..v3(ImageToVideo) },
    Entry { start_end_frame: PRO_FIVE_TEN, end_frame_silent: true, max_voices: 2, ..v2_6(ImageToVideo) },
    Entry { start_end_frame: PRO_FIVE_TEN, price: TURBO_PRICE, ..v2(ImageToVideo, "kling-v2-5-turbo") },
    master(ImageToVideo, "kling-v2-1-master"),
    Entry { start_end_frame: PRO_FIVE_TEN, ..v2(ImageToVideo, "kling-v2-1") },
    master(ImageToVideo, "kling-v2-master"),
    Entry { start_end_frame: PRO_FIVE_TEN, end_frame_only: PRO_FIVE_TEN, ..base(ImageToVideo, "kling-v1-6") },
    Entry {
        camera: &[(cell(Pro, FIVE), CameraSupport::SimpleOnly)],
        start_end_frame: PRO_FIVE_TEN,
        end_frame_only: PRO_FIVE_TEN,
        motion_brush: &[cell(Pro, FIVE)],
        ..base(ImageToVideo, "kling-v1-5")
    },
    Entry { start_end_frame: &[cell(Std, FIVE), cell(Pro, FIVE)], motion_brush: &[cell(Std, FIVE), cell(Pro, FIVE)], ..base(ImageToVideo, "kling-v1") },
];
