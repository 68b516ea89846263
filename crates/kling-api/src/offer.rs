//! What a form may offer for one model, in one mode and duration: the catalogue's entry read for
//! the app's forms (the forms keep no model rule of their own). A model the catalogue does not
//! know ("Other model…") gets every option, unchecked: the API's answer decides.

use crate::capabilities::{self, CameraSupport};
use crate::catalogue::{self, SoundOffer};
use crate::kinds::TaskKind;
use crate::params::{AspectRatio, ImageReference, Mode, Resolution, VideoDuration};
use serde::Serialize;

/// Native sound in the chosen mode.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SoundChoice {
    /// The model is silent: no sound setting is sent.
    None,
    /// Only "off" (kling-v2-6 std).
    OffOnly,
    OnOrOff,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CameraOffer {
    None,
    SimpleOnly,
    All,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelOffer {
    /// The catalogue's models for the kind, the default (today's) first.
    pub models: Vec<String>,
    /// False for a model typed in by hand: its options are not checked.
    pub known: bool,
    /// Empty: the model takes no mode (the master models).
    pub modes: Vec<Mode>,
    pub durations: Vec<VideoDuration>,
    pub aspect_ratios: Vec<AspectRatio>,
    pub resolutions: Vec<Resolution>,
    pub camera: CameraOffer,
    pub end_frame: bool,
    pub end_frame_only: bool,
    pub cfg_scale: bool,
    /// A reference picture is needed (kling-v2-new restyles only).
    pub requires_reference: bool,
    /// `image_reference` kinds the model takes with a reference picture; empty: none.
    pub references: Vec<ImageReference>,
    /// With a reference picture one of `references` must be chosen (kling-v1-5).
    pub reference_required: bool,
    pub sound: SoundChoice,
    /// Start + end frame make silent videos only (kling-v2-6).
    pub end_frame_silent: bool,
    pub max_voices: u8,
    pub multi_shot: bool,
    /// Omni-image's series of pictures (kling-v3-omni, from pictures).
    pub series: bool,
    /// Omni-image's `auto` shape without a picture (not on kling-v3-omni).
    pub auto_aspect_from_text: bool,
    pub max_elements: u8,
    pub watermark: bool,
}

pub fn model_offer(kind: TaskKind, model: &str, mode: Mode, duration: VideoDuration, with_reference: bool) -> ModelOffer {
    let models = capabilities::models_for(kind).iter().map(|m| m.to_string()).collect();
    let entry = catalogue::entry(kind, model);
    let video = kind.is_video();
    let aspect_ratios = match kind {
        TaskKind::Image => AspectRatio::ALL.into_iter().filter(|a| capabilities::image_aspect_supported(model, *a)).collect(),
        TaskKind::MultiImageToImage | TaskKind::OmniImage => entry.map_or(AspectRatio::ALL.to_vec(), |e| e.aspect_ratios.to_vec()),
        TaskKind::TextToVideo | TaskKind::OmniVideo | TaskKind::MultiImageToVideo => AspectRatio::VIDEO.to_vec(),
        _ => Vec::new(),
    };
    let all_durations = || (VideoDuration::MIN..=VideoDuration::MAX).filter_map(VideoDuration::new).collect();
    let (references, reference_required) = match entry.map(|e| e.reference) {
        Some(catalogue::ReferenceRule::RequiredWithImage(r)) => (r.to_vec(), true),
        Some(catalogue::ReferenceRule::OptionalWithImage(r)) => (r.to_vec(), false),
        Some(catalogue::ReferenceRule::NotOffered) => (Vec::new(), false),
        None if kind == TaskKind::Image => (vec![ImageReference::Subject, ImageReference::Face], false),
        None => (Vec::new(), false),
    };
    let sound = match entry {
        _ if !video => SoundChoice::None,
        Some(e) => match e.sound_in(mode) {
            None => SoundChoice::None,
            Some(SoundOffer::OffOnly) => SoundChoice::OffOnly,
            Some(SoundOffer::OnOrOff) => SoundChoice::OnOrOff,
        },
        None => SoundChoice::OnOrOff,
    };
    ModelOffer {
        models,
        known: entry.is_some(),
        modes: if video { capabilities::modes_for(model).to_vec() } else { Vec::new() },
        durations: match entry {
            _ if !video => Vec::new(),
            Some(e) => e.durations.to_vec(),
            None => all_durations(),
        },
        aspect_ratios,
        resolutions: match (kind, entry) {
            (TaskKind::OmniImage, Some(e)) => e.resolutions_text.to_vec(),
            (TaskKind::OmniImage, None) => vec![Resolution::OneK, Resolution::TwoK, Resolution::FourK],
            _ => [Resolution::OneK, Resolution::TwoK]
                .into_iter()
                .filter(|r| kind == TaskKind::Image && capabilities::image_resolution_listed(model, *r, with_reference))
                .collect(),
        },
        camera: match capabilities::camera_control(kind, model, mode, duration) {
            CameraSupport::None => CameraOffer::None,
            CameraSupport::SimpleOnly => CameraOffer::SimpleOnly,
            CameraSupport::All => CameraOffer::All,
        },
        end_frame: kind == TaskKind::ImageToVideo && capabilities::image_tail_supported(model, mode, duration),
        end_frame_only: kind == TaskKind::ImageToVideo && capabilities::end_frame_only_supported(model, mode),
        cfg_scale: video && capabilities::cfg_scale_supported(model),
        requires_reference: kind == TaskKind::Image && capabilities::image_requires_reference(model),
        references,
        reference_required,
        sound,
        end_frame_silent: entry.is_some_and(|e| e.end_frame_silent),
        max_voices: match entry {
            Some(e) => e.max_voices,
            None if kind == TaskKind::ImageToVideo => 2,
            None => 0,
        },
        multi_shot: video && entry.is_none_or(|e| e.multi_shot),
        max_elements: match entry {
            Some(e) => e.max_elements,
            None if kind == TaskKind::TextToVideo => 0,
            None => 3,
        },
        watermark: entry.is_none_or(|e| e.watermark),
        series: kind == TaskKind::OmniImage && entry.is_none_or(|e| e.series),
        auto_aspect_from_text: kind == TaskKind::OmniImage && entry.is_none_or(|e| e.auto_aspect_from_text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn omni_image_offers_its_resolutions_series_and_auto_shape() {
        let offer = |model| model_offer(TaskKind::OmniImage, model, Mode::Std, VideoDuration::FIVE, false);
        let (v3, o1) = (offer("kling-v3-omni"), offer("kling-image-o1"));
        assert_eq!(v3.models, ["kling-v3-omni", "kling-image-o1"]);
        assert_eq!((v3.resolutions.len(), o1.resolutions), (3, vec![Resolution::OneK, Resolution::TwoK]));
        assert!(v3.series && !v3.auto_aspect_from_text && !o1.series && o1.auto_aspect_from_text);
        assert_eq!((v3.aspect_ratios.len(), v3.max_elements, v3.modes.len()), (8, 10, 0));
        assert!(!model_offer(TaskKind::Image, "kling-v3", Mode::Std, VideoDuration::FIVE, false).series);
    }

    #[test]
    fn today_s_models_offer_today_s_options() {
        let v3 = model_offer(TaskKind::TextToVideo, "kling-v3", Mode::Std, VideoDuration::FIVE, false);
        assert_eq!(v3.models[0], "kling-v3");
        assert!(v3.known && v3.multi_shot && !v3.cfg_scale && v3.sound == SoundChoice::OnOrOff && v3.max_voices == 0 && v3.max_elements == 0);
        assert_eq!(v3.modes, [Mode::Std, Mode::Pro, Mode::FourK]);
        assert_eq!(v3.durations.len(), 13);
        let v2_6 = |mode| model_offer(TaskKind::ImageToVideo, "kling-v2-6", mode, VideoDuration::FIVE, false);
        assert_eq!((v2_6(Mode::Std).sound, v2_6(Mode::Pro).sound), (SoundChoice::OffOnly, SoundChoice::OnOrOff));
        assert!(v2_6(Mode::Pro).end_frame && v2_6(Mode::Pro).end_frame_silent && v2_6(Mode::Pro).max_voices == 2 && !v2_6(Mode::Pro).multi_shot);
        assert_eq!(v2_6(Mode::Pro).durations, [VideoDuration::FIVE, VideoDuration::TEN]);
        let master = model_offer(TaskKind::TextToVideo, "kling-v2-master", Mode::Std, VideoDuration::FIVE, false);
        assert!(master.modes.is_empty() && master.sound == SoundChoice::None);
        let old = model_offer(TaskKind::TextToVideo, "kling-v1", Mode::Std, VideoDuration::FIVE, false);
        assert_eq!((old.camera, old.cfg_scale, old.sound), (CameraOffer::All, true, SoundChoice::None));
    }

    #[test]
    fn picture_references_come_from_the_catalogue() {
        let offer = |model| model_offer(TaskKind::Image, model, Mode::Std, VideoDuration::FIVE, true);
        assert_eq!((offer("kling-v1-5").references.len(), offer("kling-v1-5").reference_required), (2, true));
        assert_eq!((offer("kling-v2-1").references.len(), offer("kling-v2-1").reference_required), (2, false));
        assert!(offer("kling-v1").references.is_empty() && offer("kling-v3").references.is_empty());
        assert_eq!(offer("kling-v3").resolutions, [Resolution::OneK, Resolution::TwoK]);
        assert_eq!(offer("kling-v3").max_elements, 3);
        assert!(offer("kling-v3").durations.is_empty() && offer("kling-v3").modes.is_empty());
    }

    #[test]
    fn a_model_typed_by_hand_gets_every_option_unchecked() {
        let other = model_offer(TaskKind::ImageToVideo, "kling-v9", Mode::FourK, VideoDuration::TEN, false);
        assert!(!other.known && other.multi_shot && other.end_frame && other.max_voices == 2 && other.max_elements == 3);
        assert_eq!(other.sound, SoundChoice::OnOrOff);
        assert_eq!(other.durations.first().map(|d| d.seconds()), Some(3));
    }
}
