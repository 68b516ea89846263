//! What a task costs before it is sent, from the catalogue's price rule (addendum §7): video
//! units per second of output by model × mode × sound × voice, image units per picture by model
//! and feature. Units belong to one kind of resource pack and never add up across kinds (a video
//! unit is worth about forty image units, §7.1). Where no price is published the estimate says
//! so: the charge is known after the task, from `final_unit_deduction`.

use crate::catalogue::{self, PriceRule};
use crate::kinds::TaskKind;
use crate::params::{Mode, Sound};
use crate::requests::{
    EffectsRequest, ImageExpandRequest, ImageRequest, ImageToVideoRequest, LipSyncRequest, MotionControlRequest, MultiImageToImageRequest, MultiImageToVideoRequest,
    OmniImageRequest, OmniVideoRequest, TextToAudioRequest, TextToVideoRequest, VideoExtendRequest, VideoToAudioRequest, VirtualTryOnRequest,
};

/// Video units per call of video-to-audio and of text-to-audio, and of identify-face (§7.2
/// "other video-pack items": a flat price whatever the length).
pub const VIDEO_TO_AUDIO_UNITS: f64 = 0.25;
pub const TEXT_TO_AUDIO_UNITS: f64 = 0.25;
/// Outpainting: image units per picture made (§7.3, 1K).
pub const EXPAND_UNITS_PER_PICTURE: f64 = 8.0;
pub const IDENTIFY_FACE_UNITS: f64 = 0.05;
/// Lip-sync: video units per started 5 s (§7.2 "lip sync 0.5 per 5 s").
pub const LIP_SYNC_UNITS_PER_5S: f64 = 0.5;
use serde::Serialize;

/// The kind of resource pack a task draws on (the billing API's `product_type`, §7.4). Each
/// kind has its own units and its own concurrency (§8): virtual try-on has a pack of its own.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Pack {
    #[serde(rename = "video")]
    Video,
    #[serde(rename = "image")]
    Image,
    #[serde(rename = "try-on")]
    TryOn,
}

impl Pack {
    pub const ALL: [Pack; 3] = [Pack::Video, Pack::Image, Pack::TryOn];

    pub fn of(kind: TaskKind) -> Pack {
        match kind {
            TaskKind::VirtualTryOn => Pack::TryOn,
            kind if kind.is_video() => Pack::Video,
            _ => Pack::Image,
        }
    }

    /// The name the billing API gives it (`product_type`).
    pub fn as_str(self) -> &'static str {
        match self {
            Pack::Video => "video",
            Pack::Image => "image",
            Pack::TryOn => "try-on",
        }
    }

    pub fn unit_name(self) -> &'static str {
        match self {
            Pack::Video => "video units",
            Pack::Image => "image units",
            Pack::TryOn => "try-on units",
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
    /// A video among the inputs (omni `video_list`): priced on its own row (§7.2).
    pub video_input: bool,
    /// Pictures at 4K (omni-image), priced on the model's 4K price (§7.3).
    pub picture_4k: bool,
}

pub fn estimate(query: &PriceQuery) -> Estimate {
    let pack = Pack::of(query.kind);
    match query.kind {
        TaskKind::VideoToAudio => return Estimate { units: Some(VIDEO_TO_AUDIO_UNITS), pack },
        TaskKind::TextToAudio => return Estimate { units: Some(TEXT_TO_AUDIO_UNITS), pack },
        TaskKind::ImageExpand => return Estimate { units: Some(EXPAND_UNITS_PER_PICTURE * f64::from(query.n.clamp(1, 9))), pack },
        TaskKind::LipSync => return Estimate { units: Some(LIP_SYNC_UNITS_PER_5S * f64::from(query.seconds.div_ceil(5).max(1))), pack },
        // A series of `auto` length: as many pictures as Kling makes, unknown before.
        TaskKind::OmniImage if query.n == 0 => return Estimate { units: None, pack },
        _ => {}
    }
    let entry = catalogue::entry(query.kind, query.model);
    let rule = entry.map_or(PriceRule::Unpublished, |e| e.price);
    let units = match rule {
        PriceRule::Unpublished => None,
        PriceRule::VideoPerSecond(rates) => {
            let mode = query.mode.unwrap_or_default();
            let rows = || rates.iter().filter(|r| r.mode == mode && r.video_input == query.video_input);
            let exact = rows().find(|r| r.sound == query.sound && r.voice == query.voice);
            // A row without a voice variant (kling-v3) prices the voice as plain sound; a row
            // with a video input is one price, sound or not (sound is off with a video).
            let row = exact.or_else(|| rows().find(|r| r.sound == query.sound && !r.voice)).or_else(|| rows().find(|r| r.video_input));
            row.map(|r| r.units_per_second * f64::from(query.seconds))
        }
        PriceRule::ImagePerPicture { text, with_image } => {
            let each = match entry.and_then(|e| e.price_4k) {
                Some(four_k) if query.picture_4k => four_k,
                _ if query.with_image => with_image,
                _ => text,
            };
            Some(each * f64::from(query.n.clamp(1, 9)))
        }
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
            video_input: false,
            picture_4k: false,
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
            video_input: false,
            picture_4k: false,
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
            video_input: false,
            picture_4k: false,
        }
    }
}

/// A video task's query with only what every video tool shares.
fn video_query(kind: TaskKind, model: &str, mode: Option<Mode>, seconds: u32) -> PriceQuery<'_> {
    PriceQuery { kind, model, mode, seconds, sound: false, voice: false, n: 1, with_image: false, video_input: false, picture_4k: false }
}

impl OmniVideoRequest {
    /// Per second of the asked length (editing a `base` video is billed on its own rounded length,
    /// which the request does not know; the estimate then counts the asked one).
    pub fn price_query(&self) -> PriceQuery<'_> {
        PriceQuery {
            sound: self.sound == Some(Sound::On),
            video_input: !self.videos().is_empty(),
            with_image: !self.images().is_empty(),
            ..video_query(TaskKind::OmniVideo, &self.model_name, Some(self.effective_mode()), self.duration.unwrap_or_default().seconds())
        }
    }
}

impl MultiImageToVideoRequest {
    pub fn price_query(&self) -> PriceQuery<'_> {
        PriceQuery { with_image: true, ..video_query(TaskKind::MultiImageToVideo, &self.model_name, self.mode, self.duration.unwrap_or_default().seconds()) }
    }
}

impl MotionControlRequest {
    /// The output lasts as the reference video does, `video_seconds` long, and is billed on its
    /// seconds rounded to the nearest whole one (§7.2).
    pub fn price_query(&self, video_seconds: f64) -> PriceQuery<'_> {
        let seconds = if video_seconds.is_finite() && video_seconds > 0.0 { video_seconds.round().min(f64::from(u32::MAX)) as u32 } else { 0 };
        PriceQuery { with_image: true, ..video_query(TaskKind::MotionControl, &self.model_name, Some(self.mode), seconds) }
    }
}

impl LipSyncRequest {
    /// Billed per started 5 s of the audio used (§7.2).
    pub fn price_query(&self) -> PriceQuery<'static> {
        let seconds = u32::try_from(self.cropped_ms().div_ceil(1000)).unwrap_or(u32::MAX);
        video_query(TaskKind::LipSync, "", None, seconds)
    }
}

impl VideoToAudioRequest {
    pub fn price_query(&self) -> PriceQuery<'static> {
        video_query(TaskKind::VideoToAudio, "", None, 0)
    }
}

impl ImageExpandRequest {
    /// Per picture asked for (§7.3).
    pub fn price_query(&self) -> PriceQuery<'static> {
        PriceQuery { n: self.n.unwrap_or(1), with_image: true, ..video_query(TaskKind::ImageExpand, "", None, 0) }
    }
}

impl MultiImageToImageRequest {
    /// Per picture asked for, from the catalogue (§7.3: 16 image units on kling-v2-1).
    pub fn price_query(&self) -> PriceQuery<'_> {
        PriceQuery { n: self.n.unwrap_or(1), with_image: true, ..video_query(TaskKind::MultiImageToImage, &self.model_name, None, 0) }
    }
}

impl OmniImageRequest {
    /// Per picture made, 4K apart (§7.3); a series of `auto` length has no figure before.
    pub fn price_query(&self) -> PriceQuery<'_> {
        PriceQuery {
            n: self.pictures_asked().unwrap_or(0),
            with_image: !self.image_list.is_empty(),
            picture_4k: self.resolution == Some(crate::params::Resolution::FourK),
            ..video_query(TaskKind::OmniImage, &self.model_name, None, 0)
        }
    }
}

impl VirtualTryOnRequest {
    /// Not published (§7.3): the charge, in try-on units, shows after the task.
    pub fn price_query(&self) -> PriceQuery<'static> {
        PriceQuery { with_image: true, ..video_query(TaskKind::VirtualTryOn, "", None, 0) }
    }
}

impl TextToAudioRequest {
    /// One price per call, 3 s or 10 s alike (§7.2).
    pub fn price_query(&self) -> PriceQuery<'static> {
        video_query(TaskKind::TextToAudio, "", None, 0)
    }
}

impl VideoExtendRequest {
    /// Not published (§7.2): the charge shows after the task.
    pub fn price_query(&self) -> PriceQuery<'static> {
        video_query(TaskKind::VideoExtend, "", None, 5)
    }
}

impl EffectsRequest {
    /// Each effect has its own price on a page no copy captured (§7.2): not published here.
    pub fn price_query(&self) -> PriceQuery<'static> {
        let seconds = self.input.duration.unwrap_or_default().seconds();
        PriceQuery { with_image: true, ..video_query(TaskKind::Effects, "", None, seconds) }
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

    #[test]
    fn the_video_tools_prices() {
        use crate::{AspectRatio, CharacterOrientation, FaceChoice, OmniVideoRef, ReferType};
        let omni = |model: &str, mode: Mode, seconds: u8, sound: Sound, video: bool| OmniVideoRequest {
            model_name: model.into(),
            mode: Some(mode),
            duration: VideoDuration::new(seconds),
            sound: Some(sound),
            aspect_ratio: Some(AspectRatio::R16x9),
            video_list: video
                .then(|| vec![OmniVideoRef { video_url: "https://example.com/v.mp4".into(), refer_type: Some(ReferType::Feature), keep_original_sound: None }]),
            ..OmniVideoRequest::new("x")
        };
        let units = |req: &OmniVideoRequest| estimate(&req.price_query()).units;
        assert_eq!(units(&omni("kling-v3-omni", Mode::Pro, 5, Sound::Off, false)), Some(4.0));
        assert_eq!(units(&omni("kling-v3-omni", Mode::Pro, 5, Sound::On, false)), Some(5.0));
        assert_eq!(units(&omni("kling-v3-omni", Mode::Std, 10, Sound::On, false)), Some(8.0));
        assert_eq!(units(&omni("kling-v3-omni", Mode::Pro, 5, Sound::Off, true)), Some(6.0));
        assert_eq!(units(&omni("kling-v3-omni", Mode::FourK, 5, Sound::Off, true)), Some(15.0));
        assert_eq!(units(&omni("kling-video-o1", Mode::Std, 10, Sound::Off, false)), Some(6.0));
        assert_eq!(units(&omni("kling-video-o1", Mode::Std, 10, Sound::Off, true)), Some(9.0));
        // Omni's default mode is pro.
        assert_eq!(units(&OmniVideoRequest { mode: None, ..omni("kling-video-o1", Mode::Std, 5, Sound::Off, false) }), Some(4.0));
        let image = crate::ImageInput::Url("https://example.com/a.png".into());
        let motion = MotionControlRequest::new(image.clone(), "https://example.com/d.mp4", CharacterOrientation::Video, Mode::Pro);
        assert_eq!(estimate(&motion.price_query(9.6)).units, Some(8.0));
        let v3_motion = MotionControlRequest { model_name: "kling-v3".into(), mode: Mode::Std, ..motion };
        assert_eq!(estimate(&v3_motion.price_query(10.2)).label(), "9 video units");
        assert_eq!(estimate(&VideoToAudioRequest::by_id("v").price_query()).label(), "0.25 video units");
        let expand = ImageExpandRequest { n: Some(3), ..ImageExpandRequest::new(crate::ImageInput::Url("https://example.com/a.png".into()), [0.5, 0.0, 0.0, 0.0]) };
        assert_eq!(estimate(&expand.price_query()).label(), "24 image units");
        assert_eq!(estimate(&ImageExpandRequest { n: None, ..expand }.price_query()).label(), "8 image units");
        let picture = || crate::ImageInput::Url("https://example.com/a.png".into());
        let compose = MultiImageToImageRequest { n: Some(2), ..MultiImageToImageRequest::new(vec![picture(), picture()]) };
        assert_eq!(estimate(&compose.price_query()).label(), "32 image units");
        assert_eq!(estimate(&MultiImageToImageRequest { model_name: "kling-v2".into(), ..compose }.price_query()).units, None, "kling-v2 is not priced");
        let try_on = estimate(&VirtualTryOnRequest::new(picture(), picture()).price_query());
        assert_eq!((try_on.units, try_on.pack), (None, Pack::TryOn));
        assert_eq!(Pack::of(TaskKind::VirtualTryOn).unit_name(), "try-on units");
        assert_eq!(Pack::ALL.map(|p| serde_json::to_value(p).unwrap()), [serde_json::json!("video"), serde_json::json!("image"), serde_json::json!("try-on")]);
        assert_eq!(Pack::ALL.map(Pack::as_str), ["video", "image", "try-on"]);
        let omni = |model: &str, resolution, n| OmniImageRequest { model_name: model.into(), resolution, n, ..OmniImageRequest::new("x") };
        assert_eq!(estimate(&omni("kling-image-o1", None, Some(3)).price_query()).label(), "24 image units");
        assert_eq!(estimate(&omni("kling-v3-omni", Some(crate::Resolution::TwoK), None).price_query()).units, Some(8.0));
        assert_eq!(estimate(&omni("kling-v3-omni", Some(crate::Resolution::FourK), Some(2)).price_query()).units, Some(32.0), "16 a picture at 4K");
        let series = |amount| OmniImageRequest {
            result_type: Some(crate::ResultType::Series),
            series_amount: Some(amount),
            image_list: vec![crate::OmniImageInput { image: picture() }],
            ..omni("kling-v3-omni", None, None)
        };
        assert_eq!(estimate(&series(crate::SeriesAmount::Count(5)).price_query()).units, Some(40.0));
        assert_eq!(estimate(&series(crate::SeriesAmount::Auto(crate::Auto::Auto)).price_query()).units, None, "auto: as many as Kling makes");
        for seconds in [3.0, 10.0] {
            assert_eq!(estimate(&TextToAudioRequest::new("rain", seconds).price_query()).label(), "0.25 video units");
        }
        let lip = |ms| {
            let choice = FaceChoice {
                face_id: "0".into(),
                audio_id: Some("a".into()),
                sound_file: None,
                sound_start_time: 0,
                sound_end_time: ms,
                sound_insert_time: 0,
                sound_volume: None,
                original_audio_volume: None,
            };
            estimate(&LipSyncRequest::new("s", choice).price_query()).units
        };
        assert_eq!((lip(5_000), lip(5_001), lip(12_000)), (Some(0.5), Some(1.0), Some(1.5)));
        // Not published: extend, effects, multi-image2video.
        assert_eq!(estimate(&VideoExtendRequest::new("v").price_query()).units, None);
        assert_eq!(estimate(&EffectsRequest::single("hug_pro", image.clone()).price_query()).units, None);
        let multi = MultiImageToVideoRequest::new(vec![image], "x");
        let multi_estimate = estimate(&multi.price_query());
        assert_eq!((multi_estimate.units, multi_estimate.pack), (None, Pack::Video));
        assert!(multi_estimate.label().contains("not published"));
    }
}
