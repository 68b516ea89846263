//! The API's enumerated parameters.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Standard: faster and cheaper.
    Std,
    /// Professional: higher quality.
    Pro,
}

/// Video length. The API takes it as the string "5" or "10", never a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VideoDuration {
    #[serde(rename = "5")]
    Five,
    #[serde(rename = "10")]
    Ten,
}

impl VideoDuration {
    pub fn seconds(self) -> u32 {
        match self {
            VideoDuration::Five => 5,
            VideoDuration::Ten => 10,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AspectRatio {
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

impl AspectRatio {
    pub const ALL: [AspectRatio; 8] = [
        AspectRatio::R16x9, AspectRatio::R9x16, AspectRatio::R1x1, AspectRatio::R4x3,
        AspectRatio::R3x4, AspectRatio::R3x2, AspectRatio::R2x3, AspectRatio::R21x9,
    ];
    /// The only three a video can have.
    pub const VIDEO: [AspectRatio; 3] = [AspectRatio::R16x9, AspectRatio::R9x16, AspectRatio::R1x1];

    pub fn as_str(self) -> &'static str {
        match self {
            AspectRatio::R16x9 => "16:9",
            AspectRatio::R9x16 => "9:16",
            AspectRatio::R1x1 => "1:1",
            AspectRatio::R4x3 => "4:3",
            AspectRatio::R3x4 => "3:4",
            AspectRatio::R3x2 => "3:2",
            AspectRatio::R2x3 => "2:3",
            AspectRatio::R21x9 => "21:9",
        }
    }
}

impl fmt::Display for AspectRatio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AspectRatio {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        AspectRatio::ALL
            .into_iter()
            .find(|a| a.as_str() == s.trim())
            .ok_or_else(|| format!("unknown aspect ratio {s:?}: use one of 16:9, 9:16, 1:1, 4:3, 3:4, 3:2, 2:3, 21:9"))
    }
}

/// What a reference picture stands for (kling-v1-5 image generation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageReference {
    Subject,
    Face,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Resolution {
    #[serde(rename = "1k")]
    OneK,
    #[serde(rename = "2k")]
    TwoK,
}
