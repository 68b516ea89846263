//! What a task costs before it is sent, from the catalogue's price rule (addendum §7): video
//! units per second of output by model × mode × sound × voice, image units per picture by model
//! and feature. Units belong to one kind of resource pack and never add up across kinds (a video
//! unit is worth about forty image units, §7.1). Where no price is published the estimate says
//! so: the charge is known after the task, from `final_unit_deduction`.

use crate::catalogue::{self, PriceRule};
use crate::kinds::TaskKind;
use crate::params::{Mode, Sound};
use crate::requests::{ImageRequest, ImageToVideoRequest, TextToVideoRequest};
use serde::Serialize;

/// The kind of resource pack a task draws on.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pack {
    Video,
    Image,
}

impl Pack {
    pub fn of(kind: TaskKind) -> Pack {
        if kind.is_video() {
            Pack::Video
        } else {
            Pack::Image
        }
    }

    pub fn unit_name(self) -> &'static str {
        match self {
            Pack::Video => "video units",
            Pack::Image => "image units",
        }
    }
}

/// A cost before submitting: `units` of `pack`, or None when the model's price is not published.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub units: Option<f64>,
    pub pack: Pack,
}

impl Estimate {
    /// "6 video units", "1.5 video units", "price not published".
    pub fn label(&self) -> String {
        match self.units {
            Some(units) => format!("{} {}", format_units(units), self.pack.unit_name()),
            None => "price not published (charged amount shown after the task)".to_string(),
        }
    }
}

/// Units without float noise: 6, 1.5, 0.25.
pub fn format_units(units: f64) -> String {
    let rounded = (units * 1000.0).round() / 1000.0;
    let text = format!("{rounded:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// What a price depends on, taken from a request.
#[derive(Clone, Copy, Debug)]
pub struct PriceQuery<'a> {
    pub kind: TaskKind,
    pub model: &'a str,
    /// None for the master models, which take no mode.
    pub mode: Option<Mode>,
    pub seconds: u32,
    pub sound: bool,
    /// A voice is used: `voice_list` is set and the prompt refers to it (§2: billed only then).
    pub voice: bool,
    /// Pictures asked for (1 for videos).
    pub n: u8,
    /// Image-to-image (a reference picture given).
    pub with_image: bool,
}

pub fn estimate(query: &PriceQuery) -> Estimate {
    let pack = Pack::of(query.kind);
    let rule = catalogue::entry(query.kind, query.model).map_or(PriceRule::Unpublished, |e| e.price);
    let units = match rule {
        PriceRule::Unpublished => None,
        PriceRule::VideoPerSecond(rates) => {
            let mode = query.mode.unwrap_or_default();
            let exact = rates.iter().find(|r| r.mode == mode && r.sound == query.sound && r.voice == query.voice);
            // A row without a voice variant (kling-v3) prices the voice as plain sound.
            let row = exact.or_else(|| rates.iter().find(|r| r.mode == mode && r.sound == query.sound && !r.voice));
            row.map(|r| r.units_per_second * f64::from(query.seconds))
        }
        PriceRule::ImagePerPicture { text, with_image } => Some(if query.with_image { with_image } else { text } * f64::from(query.n.clamp(1, 9))),
    };
    Estimate { units, pack }
}

/// Whether `prompt` refers to one of `voices` voices (`<<<voice_1>>>`…).
pub fn refers_to_a_voice(prompt: &str, voices: usize) -> bool {
    (1..=voices).any(|i| prompt.contains(&format!("<<<voice_{i}>>>")))
}

impl TextToVideoRequest {
    pub fn price_query(&self) -> PriceQuery<'_> {
        PriceQuery {
            kind: TaskKind::TextToVideo,
            model: &self.model_name,
            mode: self.mode,
            seconds: self.duration.unwrap_or_default().seconds(),
            sound: self.sound == Some(Sound::On),
            voice: false,
            n: 1,
            with_image: false,
        }
    }
}

impl ImageToVideoRequest {
    pub fn price_query(&self) -> PriceQuery<'_> {
        let voices = self.voice_list.as_ref().map_or(0, Vec::len);
        PriceQuery {
            kind: TaskKind::ImageToVideo,
            model: &self.model_name,
            mode: self.mode,
            seconds: self.duration.unwrap_or_default().seconds(),
            sound: self.sound == Some(Sound::On),
            voice: voices > 0 && refers_to_a_voice(self.prompt.as_deref().unwrap_or(""), voices),
            n: 1,
            with_image: true,
        }
    }
}

impl ImageRequest {
    pub fn price_query(&self) -> PriceQuery<'_> {
        PriceQuery {
            kind: TaskKind::Image,
            model: &self.model_name,
            mode: None,
            seconds: 0,
            sound: false,
            voice: false,
            n: self.count(),
            with_image: self.image.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::VideoDuration;
    use crate::{ImageInput, VoiceRef};

    fn video(model: &str, mode: Mode, seconds: u8, sound: Sound) -> Estimate {
        let req =
            TextToVideoRequest { model_name: model.into(), mode: Some(mode), duration: VideoDuration::new(seconds), sound: Some(sound), ..TextToVideoRequest::new("x") };
        estimate(&req.price_query())
    }

    #[test]
    fn the_addendums_worked_examples() {
        // §7.2 "e.g." line and the three cases.
        assert_eq!(video("kling-v3", Mode::Pro, 5, Sound::On).label(), "6 video units");
        assert_eq!(video("kling-v3", Mode::Pro, 5, Sound::Off).units, Some(4.0));
        assert_eq!(video("kling-v3", Mode::Pro, 15, Sound::On).units, Some(18.0));
        assert_eq!(video("kling-v3", Mode::FourK, 5, Sound::Off).units, Some(15.0));
        assert_eq!(video("kling-v2-6", Mode::Pro, 5, Sound::On).units, Some(5.0));
        assert_eq!(video("kling-v2-6", Mode::Pro, 10, Sound::On).units, Some(10.0));
        assert_eq!(video("kling-v2-5-turbo", Mode::Std, 10, Sound::Off).label(), "3 video units");
        assert_eq!(video("kling-v2-5-turbo", Mode::Std, 5, Sound::Off).label(), "1.5 video units");
        assert_eq!(video("kling-v2-5-turbo", Mode::Pro, 5, Sound::Off).units, Some(2.5));
        let pictures = ImageRequest { model_name: "kling-v2-1".into(), n: Some(2), ..ImageRequest::new("two") };
        assert_eq!(estimate(&pictures.price_query()).label(), "8 image units");
        let restyle = ImageRequest { image: Some(ImageInput::Url("https://example.com/a.png".into())), ..pictures };
        assert_eq!(estimate(&restyle.price_query()).units, Some(16.0));
    }

    #[test]
    fn a_voice_costs_more_only_when_the_prompt_uses_it() {
        let base = ImageToVideoRequest {
            model_name: "kling-v2-6".into(),
            mode: Some(Mode::Pro),
            sound: Some(Sound::On),
            voice_list: Some(vec![VoiceRef { voice_id: "v1".into() }]),
            prompt: Some("She says hello".into()),
            ..ImageToVideoRequest::new(ImageInput::Url("https://example.com/a.png".into()))
        };
        assert_eq!(estimate(&base.price_query()).units, Some(5.0));
        let speaking = ImageToVideoRequest { prompt: Some("<<<voice_1>>> She says hello".into()), ..base.clone() };
        assert_eq!(estimate(&speaking.price_query()).label(), "6 video units");
        let ten = ImageToVideoRequest { duration: Some(VideoDuration::TEN), ..speaking };
        assert_eq!(estimate(&ten.price_query()).units, Some(12.0));
    }

    #[test]
    fn unpublished_and_unknown_prices_say_so_in_their_packs_unit() {
        let old = video("kling-v1", Mode::Pro, 5, Sound::Off);
        assert_eq!((old.units, old.pack), (None, Pack::Video));
        assert!(old.label().contains("not published"));
        assert_eq!(video("kling-v9", Mode::Std, 5, Sound::Off).units, None);
        assert_eq!(estimate(&ImageRequest::new("x").price_query()).pack, Pack::Image);
        // No row: kling-v2-6 std with sound is refused by validation, and has no price either.
        assert_eq!(video("kling-v2-6", Mode::Std, 5, Sound::On).units, None);
    }

    #[test]
    fn units_print_without_float_noise() {
        assert_eq!(format_units(0.1 + 0.2), "0.3");
        assert_eq!(format_units(18.0), "18");
        assert_eq!(format_units(0.25), "0.25");
    }
}
