//! `/v1/images/generations` entries: addendum §1.4 (image models), §7.3 (prices).

use super::{Entry, PriceRule, ReferenceRule};
use crate::kinds::TaskKind::{Image, MultiImageToImage, OmniImage};
use crate::params::{AspectRatio, ImageReference, Resolution};

/// Every ratio but 21:9 (kling-v1, §1.4 "7 (no 21:9)").
const SEVEN: &[AspectRatio] = &[AspectRatio::R16x9, AspectRatio::R9x16, AspectRatio::R1x1, AspectRatio::R4x3, AspectRatio::R3x4, AspectRatio::R3x2, AspectRatio::R2x3];
const ONE_K: &[Resolution] = &[Resolution::OneK];
const ONE_TWO_K: &[Resolution] = &[Resolution::OneK, Resolution::TwoK];
const UP_TO_4K: &[Resolution] = &[Resolution::OneK, Resolution::TwoK, Resolution::FourK];
const SUBJECT_FACE: &[ImageReference] = &[ImageReference::Subject, ImageReference::Face];

/// A picture model with text-to-image and image-to-image, the 8 ratios, 1K, no reference options.
const fn base(model: &'static str) -> Entry {
    Entry {
        kind: Image,
        model,
        modes: &[],
        durations: &[],
        cfg_scale: false,
        negative_prompt: true,
        aspect_ratios: &AspectRatio::ALL,
        camera: &[],
        start_end_frame: &[],
        end_frame_only: &[],
        motion_brush: &[],
        sound: &[],
        end_frame_silent: false,
        max_voices: 0,
        multi_shot: false,
        max_elements: 0,
        watermark: true,
        text_to_image: true,
        resolutions_text: ONE_K,
        resolutions_with_image: ONE_K,
        reference: ReferenceRule::NotOffered,
        price: PriceRule::Unpublished,
        price_4k: None,
        series: false,
        auto_aspect_from_text: false,
    }
}

/// A multi-image2image model (§6.6): subject pictures always given (no text-only), no negative
/// prompt, the 8 ratios, 1K.
const fn compose(model: &'static str) -> Entry {
    Entry { kind: MultiImageToImage, negative_prompt: false, text_to_image: false, ..base(model) }
}

/// An omni-image model (§1.4, §5.2): text and pictures, the 8 ratios (and `auto`, which the
/// request types apart), no negative prompt, elements (pictures and elements together at most 10),
/// 8 image units a picture (§7.3).
const fn omni_image(model: &'static str) -> Entry {
    Entry {
        kind: OmniImage,
        negative_prompt: false,
        resolutions_text: ONE_TWO_K,
        resolutions_with_image: ONE_TWO_K,
        max_elements: 10,
        auto_aspect_from_text: true,
        price: PriceRule::ImagePerPicture { text: 8.0, with_image: 8.0 },
        ..base(model)
    }
}

/// Today's model first (the forms' and the CLI's default).
pub(super) const ENTRIES: &[Entry] = &[
    // 1K/2K, elements (§1.4: "multi-image main image only"; no count is given, the image-to-video
    // limit of 3 is assumed), 8 image units a picture either way (§7.3).
    Entry {
        resolutions_text: ONE_TWO_K,
        resolutions_with_image: ONE_TWO_K,
        max_elements: 3,
        price: PriceRule::ImagePerPicture { text: 8.0, with_image: 8.0 },
        ..base("kling-v3")
    },
    // 1K/2K, subject/face references with their fidelities (§1.4 NEW); T2I 4, I2I 8 image units (§7.3).
    Entry {
        resolutions_text: ONE_TWO_K,
        resolutions_with_image: ONE_TWO_K,
        reference: ReferenceRule::OptionalWithImage(SUBJECT_FACE),
        price: PriceRule::ImagePerPicture { text: 4.0, with_image: 8.0 },
        ..base("kling-v2-1")
    },
    // 2K for text-to-image only; image-to-image is 1K.
    Entry { resolutions_text: ONE_TWO_K, ..base("kling-v2") },
    // Restyles a given picture only (§1.4 "restyle only").
    Entry { text_to_image: false, ..base("kling-v2-new") },
    Entry { reference: ReferenceRule::RequiredWithImage(SUBJECT_FACE), ..base("kling-v1-5") },
    Entry { aspect_ratios: SEVEN, ..base("kling-v1") },
    // multi-image2image: kling-v2-1 the only model of today's docs and their default, 16 image
    // units a picture (§7.3); kling-v2 from the older docs, unpriced.
    Entry { price: PriceRule::ImagePerPicture { text: 16.0, with_image: 16.0 }, ..compose("kling-v2-1") },
    compose("kling-v2"),
    // omni-image: kling-v3-omni first (today's; 4K at 16 units, series from pictures, no `auto`
    // shape without a picture), kling-image-o1 (the API's default).
    Entry {
        resolutions_text: UP_TO_4K,
        resolutions_with_image: UP_TO_4K,
        price_4k: Some(16.0),
        series: true,
        auto_aspect_from_text: false,
        ..omni_image("kling-v3-omni")
    },
    omni_image("kling-image-o1"),
];
