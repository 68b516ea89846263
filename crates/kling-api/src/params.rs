//! The API's enumerated parameters. Each serialises to the exact wire string, displays as it,
//! and parses from it (for command-line flags and settings files).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Implements Display and FromStr from a table of (variant, wire string).
macro_rules! wire_strings {
    ($ty:ident, $what:literal, [$(($variant:expr, $text:literal)),+ $(,)?]) => {
        impl $ty {
            /// The string the API uses.
            pub fn as_str(self) -> &'static str {
                $(if self == $variant { return $text; })+
                unreachable!()
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let s = s.trim();
                $(if s.eq_ignore_ascii_case($text) { return Ok($variant); })+
                Err(format!(concat!("unknown ", $what, " {:?}: use one of ", $($text, ", "),+), s).trim_end_matches([',', ' ']).to_string())
            }
        }
    };
}

/// Generation mode: 720p (std), 1080p (pro), or 4K (kling-v3 only, addendum §1.2).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    /// Standard: faster and cheaper (the API's default).
    #[default]
    #[serde(rename = "std")]
    Std,
    /// Professional: higher quality.
    #[serde(rename = "pro")]
    Pro,
    /// 4K output.
    #[serde(rename = "4k")]
    FourK,
}

wire_strings!(Mode, "mode", [(Mode::Std, "std"), (Mode::Pro, "pro"), (Mode::FourK, "4k")]);

/// Video length in whole seconds, 3 to 15 (kling-v3; older models take 5 or 10: the catalogue
/// says which). The API takes it as a string ("5"), never a number; so do the settings and the UI.
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = String))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VideoDuration(u8);

impl VideoDuration {
    pub const FIVE: VideoDuration = VideoDuration(5);
    pub const TEN: VideoDuration = VideoDuration(10);
    /// The shortest and longest any model takes.
    pub const MIN: u8 = 3;
    pub const MAX: u8 = 15;

    /// `seconds` as a duration, if some model takes it.
    pub const fn new(seconds: u8) -> Option<VideoDuration> {
        if seconds >= Self::MIN && seconds <= Self::MAX {
            Some(VideoDuration(seconds))
        } else {
            None
        }
    }

    pub const fn seconds(self) -> u32 {
        self.0 as u32
    }
}

impl Default for VideoDuration {
    fn default() -> Self {
        Self::FIVE
    }
}

impl fmt::Display for VideoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for VideoDuration {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let text = s.trim();
        text.trim_end_matches('s')
            .trim()
            .parse::<u8>()
            .ok()
            .and_then(VideoDuration::new)
            .ok_or_else(|| format!("unknown duration {text:?}: use whole seconds from {} to {} (most models take only 5 or 10)", Self::MIN, Self::MAX))
    }
}

impl Serialize for VideoDuration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for VideoDuration {
    /// Only the string form: a number means a request meant for another API.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Native sound (`sound`, addendum §2): a string, not a boolean.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sound {
    On,
    #[default]
    Off,
}

wire_strings!(Sound, "sound", [(Sound::On, "on"), (Sound::Off, "off")]);

/// How a multi-shot video is cut (`shot_type`, addendum §2).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShotType {
    /// The shots are given in `multi_prompt`.
    Customize,
    /// Kling splits the prompt into shots.
    Intelligence,
}

wire_strings!(ShotType, "shot type", [(ShotType::Customize, "customize"), (ShotType::Intelligence, "intelligence")]);

/// Picture or frame shape, width:height. Pictures take all eight; videos only 16:9, 9:16, 1:1.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AspectRatio {
    #[default]
    #[serde(rename = "16:9")]
    R16x9,
    #[serde(rename = "9:16")]
    R9x16,
    #[serde(rename = "1:1")]
    R1x1,
    #[serde(rename = "4:3")]
    R4x3,
    #[serde(rename = "3:4")]
    R3x4,
    #[serde(rename = "3:2")]
    R3x2,
    #[serde(rename = "2:3")]
    R2x3,
    #[serde(rename = "21:9")]
    R21x9,
}

wire_strings!(
    AspectRatio,
    "aspect ratio",
    [
        (AspectRatio::R16x9, "16:9"),
        (AspectRatio::R9x16, "9:16"),
        (AspectRatio::R1x1, "1:1"),
        (AspectRatio::R4x3, "4:3"),
        (AspectRatio::R3x4, "3:4"),
        (AspectRatio::R3x2, "3:2"),
        (AspectRatio::R2x3, "2:3"),
        (AspectRatio::R21x9, "21:9"),
    ]
);

impl AspectRatio {
    pub const ALL: [AspectRatio; 8] =
        [AspectRatio::R16x9, AspectRatio::R9x16, AspectRatio::R1x1, AspectRatio::R4x3, AspectRatio::R3x4, AspectRatio::R3x2, AspectRatio::R2x3, AspectRatio::R21x9];
    /// The only three a video can have.
    pub const VIDEO: [AspectRatio; 3] = [AspectRatio::R16x9, AspectRatio::R9x16, AspectRatio::R1x1];

    /// (width, height) parts, e.g. (16, 9).
    pub fn parts(self) -> (u32, u32) {
        let (w, h) = self.as_str().split_once(':').unwrap_or(("16", "9"));
        (w.parse().unwrap_or(16), h.parse().unwrap_or(9))
    }

    pub fn is_video(self) -> bool {
        Self::VIDEO.contains(&self)
    }
}

/// What a reference picture stands for (kling-v1-5 image generation).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageReference {
    /// Keep the character's features.
    Subject,
    /// Keep the face's appearance (the picture must hold exactly one face).
    Face,
}

wire_strings!(ImageReference, "image reference", [(ImageReference::Subject, "subject"), (ImageReference::Face, "face")]);

/// Picture resolution.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Resolution {
    #[default]
    #[serde(rename = "1k")]
    OneK,
    #[serde(rename = "2k")]
    TwoK,
    /// Omni-image on kling-v3-omni only (§5.2).
    #[serde(rename = "4k")]
    FourK,
}

wire_strings!(Resolution, "resolution", [(Resolution::OneK, "1k"), (Resolution::TwoK, "2k"), (Resolution::FourK, "4k")]);

/// One shot of a customised multi-shot video (`multi_prompt` item, addendum §2): numbered from 1,
/// its length a string like the request's.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shot {
    pub index: u8,
    pub prompt: String,
    /// Whole seconds, at least 1 (a shot may be shorter than any video).
    #[cfg_attr(feature = "specta", specta(type = String))]
    #[serde(with = "shot_seconds")]
    pub duration: u8,
}

mod shot_seconds {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(seconds: &u8, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(seconds)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.trim().parse().map_err(|_| serde::de::Error::custom(format!("a shot's duration is whole seconds, not {text:?}")))
    }
}

/// A voice the video speaks with (`voice_list` item): referred to in the prompt as `<<<voice_1>>>`.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceRef {
    pub voice_id: String,
}

/// An element (a saved character or object, addendum §6.10) the video or picture shows.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElementRef {
    pub element_id: ElementId,
}

/// An element id: a 64-bit integer that a JSON number in JavaScript (a float) would round
/// (829836802793406551 > 2^53). It is kept as a string everywhere but on the wire, where the
/// API's `long` is written as an exact integer (`requests::wire_body`). Parses from either.
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = String))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ElementId(pub u64);

impl fmt::Display for ElementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for ElementId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        s.trim().parse().map(ElementId).map_err(|_| format!("an element id is a whole number, not {:?}", s.trim()))
    }
}

impl Serialize for ElementId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ElementId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(u64),
            Text(String),
        }
        match Either::deserialize(deserializer)? {
            Either::Number(n) => Ok(ElementId(n)),
            Either::Text(t) => t.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// `watermark_info`: a watermarked copy of each result, in `watermark_url` (addendum §2, §3).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatermarkInfo {
    pub enabled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_strings_round_trip_through_serde_display_and_from_str() {
        fn check<T: Serialize + serde::de::DeserializeOwned + fmt::Display + FromStr<Err = String> + PartialEq + fmt::Debug + Copy>(value: T, text: &str) {
            assert_eq!(serde_json::to_value(value).unwrap(), serde_json::Value::String(text.into()));
            assert_eq!(serde_json::from_value::<T>(serde_json::Value::String(text.into())).unwrap(), value);
            assert_eq!(value.to_string(), text);
            assert_eq!(text.parse::<T>().unwrap(), value);
        }
        check(Mode::Std, "std");
        check(Mode::Pro, "pro");
        check(Mode::FourK, "4k");
        check(VideoDuration::FIVE, "5");
        check(VideoDuration::TEN, "10");
        check(VideoDuration::new(3).unwrap(), "3");
        check(VideoDuration::new(15).unwrap(), "15");
        check(Sound::On, "on");
        check(ShotType::Intelligence, "intelligence");
        check(Resolution::OneK, "1k");
        check(Resolution::TwoK, "2k");
        check(ImageReference::Subject, "subject");
        check(ImageReference::Face, "face");
        for aspect in AspectRatio::ALL {
            check(aspect, aspect.as_str());
        }
        assert_eq!("PRO".parse::<Mode>().unwrap(), Mode::Pro);
        assert_eq!(" 9:16 ".parse::<AspectRatio>().unwrap(), AspectRatio::R9x16);
    }

    #[test]
    fn duration_is_a_json_string_not_a_number() {
        assert_eq!(serde_json::to_string(&VideoDuration::TEN).unwrap(), "\"10\"");
        assert!(serde_json::from_str::<VideoDuration>("10").is_err());
        for bad in ["2", "16", "0", "-5", "5.5", "", "ten"] {
            assert!(serde_json::from_value::<VideoDuration>(serde_json::json!(bad)).is_err(), "{bad:?}");
        }
        assert_eq!("7s".parse::<VideoDuration>().unwrap().seconds(), 7);
    }

    #[test]
    fn element_ids_keep_every_digit() {
        let big = "829836802793406551";
        let from_number: ElementId = serde_json::from_str(big).unwrap();
        let from_text: ElementId = serde_json::from_value(serde_json::json!(big)).unwrap();
        assert_eq!((from_number, from_text), (ElementId(829836802793406551), ElementId(829836802793406551)));
        assert_eq!(serde_json::to_value(from_number).unwrap(), serde_json::json!(big), "stored and shown as text");
        assert!(serde_json::from_value::<ElementId>(serde_json::json!("12a")).is_err());
        assert!(serde_json::from_value::<ElementId>(serde_json::json!(1.5)).is_err());
    }

    #[test]
    fn a_shots_length_is_a_string_of_whole_seconds() {
        let shot: Shot = serde_json::from_value(serde_json::json!({ "index": 1, "prompt": "a", "duration": "2" })).unwrap();
        assert_eq!(shot.duration, 2);
        assert_eq!(serde_json::to_value(&shot).unwrap()["duration"], "2");
        assert!(serde_json::from_value::<Shot>(serde_json::json!({ "index": 1, "prompt": "a", "duration": "two" })).is_err());
    }

    #[test]
    fn unknown_values_say_what_is_allowed() {
        let err = "5:4".parse::<AspectRatio>().unwrap_err();
        assert!(err.contains("16:9") && err.contains("21:9"), "{err}");
        assert!("16".parse::<VideoDuration>().unwrap_err().contains("3 to 15"));
        assert!("ultra".parse::<Mode>().is_err());
    }

    #[test]
    fn defaults_are_the_apis() {
        assert_eq!(
            (Mode::default(), VideoDuration::default(), AspectRatio::default(), Resolution::default()),
            (Mode::Std, VideoDuration::FIVE, AspectRatio::R16x9, Resolution::OneK)
        );
        assert_eq!(AspectRatio::R21x9.parts(), (21, 9));
        assert!(AspectRatio::R1x1.is_video() && !AspectRatio::R4x3.is_video());
    }
}
