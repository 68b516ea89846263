//! text2video and image2video entries: addendum §1.1 (model lists), §1.2 (capability table), §7.2 (prices).

use super::{cell, CameraSupport, Cell, Entry, PriceRule, ReferenceRule};
use crate::kinds::TaskKind::{self, ImageToVideo, TextToVideo};
use crate::params::AspectRatio;
use crate::params::Mode::{self, Pro, Std};
use crate::params::VideoDuration::{self, Five, Ten};

const STD_PRO: &[Mode] = &[Std, Pro];
/// The master models "do not support mode" (§1.2): a single (pro-priced) mode.
const MASTER: &[Mode] = &[Pro];
const FIVE_TEN: &[VideoDuration] = &[Five, Ten];
const PRO_FIVE_TEN: &[Cell] = &[cell(Pro, Five), cell(Pro, Ten)];
const NONE: &[Cell] = &[];

/// What every video entry shares unless it says otherwise: a silent std/pro 5/10 s model with
/// cfg_scale and negative prompt, and no frame, camera, sound, voice, shot or element options.
const fn base(kind: TaskKind, model: &'static str) -> Entry {
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
        max_voices: 0,
        multi_shot: false,
        max_elements: 0,
        watermark: true,
        text_to_image: false,
        resolutions_text: &[],
        resolutions_with_image: &[],
        reference: ReferenceRule::NotOffered,
        price: PriceRule::Unpublished,
    }
}

/// kling-v2.x: no cfg_scale (§1.2).
const fn v2(kind: TaskKind, model: &'static str) -> Entry {
    Entry { cfg_scale: false, ..base(kind, model) }
}

/// kling-v2-master, kling-v2-1-master: one mode, no frames (§1.2).
const fn master(kind: TaskKind, model: &'static str) -> Entry {
    Entry { modes: MASTER, ..v2(kind, model) }
}

/// kling-v2-5-turbo: 0.3 / 0.5 video units per second, silent (§7.2).
const TURBO_PRICE: PriceRule = PriceRule::VideoPerSecond { std: 0.3, pro: 0.5 };

/// The default model (kling-v1) first for each kind, as the forms offer them.
pub(super) const ENTRIES: &[Entry] = &[
    // text2video (§1.1)
    Entry { camera: &[(cell(Std, Five), CameraSupport::All)], ..base(TextToVideo, "kling-v1") },
    base(TextToVideo, "kling-v1-6"),
    master(TextToVideo, "kling-v2-master"),
    master(TextToVideo, "kling-v2-1-master"),
    Entry { price: TURBO_PRICE, ..v2(TextToVideo, "kling-v2-5-turbo") },
    // image2video (§1.1)
    Entry { start_end_frame: &[cell(Std, Five), cell(Pro, Five)], motion_brush: &[cell(Std, Five), cell(Pro, Five)], ..base(ImageToVideo, "kling-v1") },
    Entry {
        camera: &[(cell(Pro, Five), CameraSupport::SimpleOnly)],
        start_end_frame: PRO_FIVE_TEN,
        end_frame_only: PRO_FIVE_TEN,
        motion_brush: &[cell(Pro, Five)],
        ..base(ImageToVideo, "kling-v1-5")
    },
    Entry { start_end_frame: PRO_FIVE_TEN, end_frame_only: PRO_FIVE_TEN, ..base(ImageToVideo, "kling-v1-6") },
    master(ImageToVideo, "kling-v2-master"),
    Entry { start_end_frame: PRO_FIVE_TEN, ..v2(ImageToVideo, "kling-v2-1") },
    master(ImageToVideo, "kling-v2-1-master"),
    Entry { start_end_frame: PRO_FIVE_TEN, price: TURBO_PRICE, ..v2(ImageToVideo, "kling-v2-5-turbo") },
];
