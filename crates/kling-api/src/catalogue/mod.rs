//! The model catalogue: one entry per (kind of task, model) saying what that model offers, as
//! typed `&'static` data. Validation, the forms' offers (through [`crate::capabilities`]) and later
//! the CLI's help and prices read it; adding a model is one entry in [`video`] or [`image`].
//!
//! A model the catalogue does not know is not refused (Kling ships models every few months): its
//! per-model rules are skipped and the API's answer decides. A model known on another endpoint
//! only (kling-v1-5 on text2video) is refused: the catalogue knows it is not offered there.
//!
//! Facts follow `../shared/kling-api-2026.md` §1 (capability tables) and §7 (prices).

mod effects;
mod image;
mod tools;
mod video;

pub use effects::{effect, effects, Effect};

use crate::kinds::TaskKind;
use crate::params::{AspectRatio, ImageReference, Mode, Resolution, VideoDuration};

/// What camera control a model offers in one mode × duration (addendum §1.2, `camera_control`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraSupport {
    None,
    /// Only the `simple` move with one axis.
    SimpleOnly,
    All,
}

/// One mode × duration cell of the capability table (addendum §1.2: "std5", "pro10"…), or a
/// whole mode ("std, pro" in kling-v3's row: every duration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub mode: Mode,
    /// None: every duration the model offers.
    pub duration: Option<VideoDuration>,
}

impl Cell {
    pub fn covers(&self, mode: Mode, duration: VideoDuration) -> bool {
        self.mode == mode && self.duration.is_none_or(|d| d == duration)
    }
}

/// Shorthand for the tables: `cell(Pro, FIVE)`.
pub(crate) const fn cell(mode: Mode, duration: VideoDuration) -> Cell {
    Cell { mode, duration: Some(duration) }
}

/// Every duration of `mode`.
pub(crate) const fn any(mode: Mode) -> Cell {
    Cell { mode, duration: None }
}

/// Native sound in one mode (addendum §1.2 `sound`, §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SoundOffer {
    /// `sound` may only be `"off"` (kling-v2-6 std).
    OffOnly,
    /// `sound` may be `"on"` or `"off"`.
    OnOrOff,
}

/// `image_reference` on pictures (addendum §1.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferenceRule {
    /// The model takes no `image_reference`.
    NotOffered,
    /// With a reference picture one of these is required (kling-v1-5).
    RequiredWithImage(&'static [ImageReference]),
    /// With a reference picture one of these may be given (kling-v2-1, later).
    OptionalWithImage(&'static [ImageReference]),
}

/// The price rule (addendum §7). Units are the charged pack's own: video and image units never add up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PriceRule {
    /// No copy of the price list read names this model's price (§7.2, §7.3 "not priced"): the
    /// cost is known only after the task, from `final_unit_deduction`.
    Unpublished,
    /// Video units per second of output (§7.2), one rate per mode × sound × voice row.
    VideoPerSecond(&'static [VideoRate]),
    /// Image units per output picture (§7.3): text-to-image, image-to-image.
    ImagePerPicture { text: f64, with_image: f64 },
}

/// One row of §7.2: video units per second in `mode` with or without sound, with a voice
/// (`voice_list` used and referred to in the prompt), and with a reference video (omni).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VideoRate {
    pub mode: Mode,
    pub sound: bool,
    pub voice: bool,
    /// A video among the inputs (omni `video_list`): its own row, sound off (§7.2).
    pub video_input: bool,
    pub units_per_second: f64,
}

/// Shorthand for the price rows: `rate(Pro, true, false, 1.2)`.
pub(crate) const fn rate(mode: Mode, sound: bool, voice: bool, units_per_second: f64) -> VideoRate {
    VideoRate { mode, sound, voice, video_input: false, units_per_second }
}

/// A row for a request with a reference video (silent: `sound` is off with a video).
pub(crate) const fn rate_with_video(mode: Mode, units_per_second: f64) -> VideoRate {
    VideoRate { mode, sound: false, voice: false, video_input: true, units_per_second }
}

/// What one model offers on one endpoint. Empty lists mean "not offered".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entry {
    pub kind: TaskKind,
    pub model: &'static str,
    /// Video modes. Empty for pictures and for the master models, which "do not support mode"
    /// (§1.2): their requests send none.
    pub modes: &'static [Mode],
    /// Video durations (§1.2 "5,10", kling-v3 3…15). Empty for pictures.
    pub durations: &'static [VideoDuration],
    /// `cfg_scale`: "kling-v2.x models do not support this parameter" (§1.2).
    pub cfg_scale: bool,
    /// `negative_prompt` (§1.2: all T2V/I2V models; pictures: text-to-image only, see the request's rules).
    pub negative_prompt: bool,
    /// Aspect ratios: T2V the three video ones, I2V none (the video follows the picture), pictures §1.4.
    pub aspect_ratios: &'static [AspectRatio],
    /// Where camera control exists, and which (§1.2 `camera_control`); every other cell has none.
    pub camera: &'static [(Cell, CameraSupport)],
    /// Start + end frame (`image` with `image_tail`, §1.2).
    pub start_end_frame: &'static [Cell],
    /// An end frame alone (`image_tail` without `image`, §1.2 "end-frame only").
    pub end_frame_only: &'static [Cell],
    /// The motion brush (`static_mask`/`dynamic_masks`, §1.2). Not yet a request field.
    pub motion_brush: &'static [Cell],
    /// Native sound per mode (§1.2 `sound`). Empty: the model is silent and takes no `sound`.
    pub sound: &'static [(Mode, SoundOffer)],
    /// Start + end frame only without sound (kling-v2-6: "first/last frame only 1080P silent").
    pub end_frame_silent: bool,
    /// The most `voice_list` entries (§1.2, §2); 0: not offered.
    pub max_voices: u8,
    /// `multi_shot` (§1.2, §2), with start + end frames too (kling-v3 since 2026-05-07, §2).
    pub multi_shot: bool,
    /// The most `element_list` entries (§1.2, §2); 0: not offered.
    pub max_elements: u8,
    /// `watermark_info` (§3.3: every T2V, I2V and images/generations create takes it).
    pub watermark: bool,
    /// Text-to-image: false for kling-v2-new, which only restyles a given picture (§1.4).
    pub text_to_image: bool,
    /// Picture resolutions listed for text-to-image and for image-to-image (§1.4). Advisory: the
    /// API's behaviour elsewhere is undocumented, so requests are not refused for it.
    pub resolutions_text: &'static [Resolution],
    pub resolutions_with_image: &'static [Resolution],
    /// `image_reference` (§1.4).
    pub reference: ReferenceRule,
    pub price: PriceRule,
    /// A picture at 4K costs this instead of the picture price (§7.3: kling-v3-omni 16).
    pub price_4k: Option<f64>,
    /// Omni-image's series of pictures (`result_type: series`, §1.4: kling-v3-omni, from pictures).
    pub series: bool,
    /// Omni-image's `aspect_ratio: auto` without a picture (§1.4: not on kling-v3-omni).
    pub auto_aspect_from_text: bool,
}

impl Entry {
    /// The camera control offered in `mode` × `duration`.
    pub fn camera_in(&self, mode: Mode, duration: VideoDuration) -> CameraSupport {
        self.camera.iter().find(|(c, _)| c.covers(mode, duration)).map_or(CameraSupport::None, |(_, support)| *support)
    }

    pub fn start_end_frame_in(&self, mode: Mode, duration: VideoDuration) -> bool {
        self.start_end_frame.iter().any(|c| c.covers(mode, duration))
    }

    /// What `sound` may be in `mode`; None: the model takes no `sound` (send none).
    pub fn sound_in(&self, mode: Mode) -> Option<SoundOffer> {
        self.sound.iter().find(|(m, _)| *m == mode).map(|(_, offer)| *offer)
    }

    /// Whether the model takes a `mode` at all (the master models do not).
    pub fn takes_mode(&self) -> bool {
        !self.modes.is_empty()
    }

    /// The end frame alone, in some duration of `mode` (the table's cells cover every duration offered).
    pub fn end_frame_only_in(&self, mode: Mode) -> bool {
        self.end_frame_only.iter().any(|c| c.mode == mode)
    }
}

/// Every entry: text2video and image2video, the other video tools (omni, multi-image, motion
/// control), then the pictures'. Tools that take no `model_name` (extend, lip-sync, effects,
/// video-to-audio) have no entry.
pub fn entries() -> impl Iterator<Item = &'static Entry> {
    video::ENTRIES.iter().chain(tools::ENTRIES.iter()).chain(image::ENTRIES.iter())
}

/// The entries of one kind of task, in the order the forms offer them: today's models first, the
/// first being the default of the forms and the CLI.
pub fn entries_for(kind: TaskKind) -> impl Iterator<Item = &'static Entry> {
    entries().filter(move |e| e.kind == kind)
}

/// What the catalogue says of `model` on `kind`, or None when it does not know that pair.
pub fn entry(kind: TaskKind, model: &str) -> Option<&'static Entry> {
    entries().find(|e| e.kind == kind && e.model == model)
}

/// The model new forms and `kling` commands start with: the first entry of `kind`.
pub fn default_model(kind: TaskKind) -> &'static str {
    entries_for(kind).next().map_or(crate::requests::DEFAULT_MODEL, |e| e.model)
}

pub fn is_known(kind: TaskKind, model: &str) -> bool {
    entry(kind, model).is_some()
}

/// Whether the catalogue knows `model` on any endpoint.
pub fn knows_model(model: &str) -> bool {
    entries().any(|e| e.model == model)
}

#[cfg(test)]
mod tests;
