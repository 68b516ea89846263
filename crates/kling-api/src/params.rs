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

/// Generation mode.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Standard: faster and cheaper (the API's default).
    #[default]
    Std,
    /// Professional: higher quality.
    Pro,
}

wire_strings!(Mode, "mode", [(Mode::Std, "std"), (Mode::Pro, "pro")]);

/// Video length. The API takes it as the string "5" or "10", never a number.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VideoDuration {
    #[default]
    #[serde(rename = "5")]
    Five,
    #[serde(rename = "10")]
    Ten,
}

wire_strings!(VideoDuration, "duration", [(VideoDuration::Five, "5"), (VideoDuration::Ten, "10")]);

impl VideoDuration {
    pub fn seconds(self) -> u32 {
        match self {
            VideoDuration::Five => 5,
            VideoDuration::Ten => 10,
        }
    }
}

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
}

wire_strings!(Resolution, "resolution", [(Resolution::OneK, "1k"), (Resolution::TwoK, "2k")]);

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
        check(VideoDuration::Five, "5");
        check(VideoDuration::Ten, "10");
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
        assert_eq!(serde_json::to_string(&VideoDuration::Ten).unwrap(), "\"10\"");
        assert!(serde_json::from_str::<VideoDuration>("10").is_err());
    }

    #[test]
    fn unknown_values_say_what_is_allowed() {
        let err = "5:4".parse::<AspectRatio>().unwrap_err();
        assert!(err.contains("16:9") && err.contains("21:9"), "{err}");
        assert!("7".parse::<VideoDuration>().unwrap_err().contains("5, 10"));
        assert!("ultra".parse::<Mode>().is_err());
    }

    #[test]
    fn defaults_are_the_apis() {
        assert_eq!(
            (Mode::default(), VideoDuration::default(), AspectRatio::default(), Resolution::default()),
            (Mode::Std, VideoDuration::Five, AspectRatio::R16x9, Resolution::OneK)
        );
        assert_eq!(AspectRatio::R21x9.parts(), (21, 9));
        assert!(AspectRatio::R1x1.is_video() && !AspectRatio::R4x3.is_video());
    }
}
