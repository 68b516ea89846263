//! Camera control: a preset move, or `simple` with exactly one of six axes set.

use crate::validation::ValidationError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CameraType {
    Simple,
    DownBack,
    ForwardUp,
    RightTurnForward,
    LeftTurnForward,
}

impl CameraType {
    pub const ALL: [CameraType; 5] = [CameraType::Simple, CameraType::DownBack, CameraType::ForwardUp, CameraType::RightTurnForward, CameraType::LeftTurnForward];

    pub fn as_str(self) -> &'static str {
        match self {
            CameraType::Simple => "simple",
            CameraType::DownBack => "down_back",
            CameraType::ForwardUp => "forward_up",
            CameraType::RightTurnForward => "right_turn_forward",
            CameraType::LeftTurnForward => "left_turn_forward",
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CameraConfig {
    pub horizontal: f64,
    pub vertical: f64,
    pub pan: f64,
    pub tilt: f64,
    pub roll: f64,
    pub zoom: f64,
}

pub const AXES: [&str; 6] = ["horizontal", "vertical", "pan", "tilt", "roll", "zoom"];

impl CameraConfig {
    fn values(&self) -> [f64; 6] {
        [self.horizontal, self.vertical, self.pan, self.tilt, self.roll, self.zoom]
    }

    fn set(&mut self, axis: &str, value: f64) -> bool {
        let slot = match axis {
            "horizontal" => &mut self.horizontal,
            "vertical" => &mut self.vertical,
            "pan" => &mut self.pan,
            "tilt" => &mut self.tilt,
            "roll" => &mut self.roll,
            "zoom" => &mut self.zoom,
            _ => return false,
        };
        *slot = value;
        true
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CameraControl {
    #[serde(rename = "type")]
    pub kind: CameraType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<CameraConfig>,
}

const FIELD: &str = "camera_control";
const FORMS: &str = "use down_back, forward_up, right_turn_forward, left_turn_forward, or simple:AXIS=VALUE with AXIS one of horizontal, vertical, pan, tilt, roll, zoom and VALUE in -10..10";

impl CameraControl {
    pub fn preset(kind: CameraType) -> Self {
        Self { kind, config: None }
    }

    /// `simple` moving along one axis.
    pub fn simple(axis: &str, value: f64) -> Result<Self, ValidationError> {
        Self::simple_axes([(axis, value)])
    }

    /// `simple` with these axes set (the rest 0), checked.
    fn simple_axes<'a>(axes: impl IntoIterator<Item = (&'a str, f64)>) -> Result<Self, ValidationError> {
        let mut config = CameraConfig::default();
        for (axis, value) in axes {
            if !config.set(axis, value) {
                return Err(ValidationError::new(FIELD, format!("unknown axis {axis:?}; {FORMS}")));
            }
        }
        let control = Self { kind: CameraType::Simple, config: Some(config) };
        control.validate()?;
        Ok(control)
    }

    /// Reads the command-line form: `down_back`, or `simple:zoom=5`. Several axes
    /// (`simple:zoom=5,pan=2`, as `Display` writes them) are read too, so that the message is the
    /// API's rule (exactly one non-zero axis), not a complaint about the comma.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix("simple:") {
            let mut axes = Vec::new();
            for pair in rest.split(',') {
                let (axis, value) = pair.split_once('=').ok_or_else(|| ValidationError::new(FIELD, format!("{text:?} is not a camera move; {FORMS}")))?;
                let value: f64 = value.trim().parse().map_err(|_| ValidationError::new(FIELD, format!("{value:?} is not a number; {FORMS}")))?;
                axes.push((axis.trim(), value));
            }
            return Self::simple_axes(axes);
        }
        CameraType::ALL
            .into_iter()
            .find(|k| *k != CameraType::Simple && k.as_str() == text)
            .map(Self::preset)
            .ok_or_else(|| ValidationError::new(FIELD, format!("{text:?} is not a camera move; {FORMS}")))
    }

    pub fn validate(&self) -> Result<(), ValidationError> {
        match (self.kind, &self.config) {
            (CameraType::Simple, None) => Err(ValidationError::new(FIELD, "the simple move needs a config with one axis set")),
            (CameraType::Simple, Some(config)) => {
                let values = config.values();
                if let Some((axis, v)) = AXES.iter().zip(values).find(|(_, v)| !(-10.0..=10.0).contains(v) || v.is_nan()) {
                    return Err(ValidationError::new(FIELD, format!("{axis} must be between -10 and 10 (got {v})")));
                }
                match values.iter().filter(|v| **v != 0.0).count() {
                    1 => Ok(()),
                    0 => Err(ValidationError::new(FIELD, "the simple move needs exactly one non-zero axis (all are 0)")),
                    n => Err(ValidationError::new(FIELD, format!("the simple move takes exactly one non-zero axis (got {n})"))),
                }
            }
            (preset, Some(_)) => Err(ValidationError::new(FIELD, format!("{} is a preset and takes no config", preset.as_str()))),
            (_, None) => Ok(()),
        }
    }
}

/// The command-line form `parse` reads: `down_back`, `simple:zoom=5`.
impl fmt::Display for CameraControl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.as_str())?;
        if let Some(config) = &self.config {
            let set: Vec<String> = AXES.iter().zip(config.values()).filter(|(_, v)| *v != 0.0).map(|(a, v)| format!("{a}={v}")).collect();
            if !set.is_empty() {
                write!(f, ":{}", set.join(","))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_presets_and_simple_moves() {
        assert_eq!(CameraControl::parse("down_back").unwrap(), CameraControl::preset(CameraType::DownBack));
        let zoom = CameraControl::parse("simple:zoom=5").unwrap();
        assert_eq!(zoom.config.unwrap().zoom, 5.0);
        let json = serde_json::to_value(&zoom).unwrap();
        assert_eq!(json["type"], "simple");
        assert_eq!(json["config"]["zoom"], 5.0);
        assert_eq!(json["config"]["pan"], 0.0);
    }

    #[test]
    fn bad_moves_name_the_rule() {
        for (text, needle) in [
            ("simple:zoom=11", "between -10 and 10"),
            ("simple:zoom=0", "exactly one"),
            ("simple:spin=2", "unknown axis"),
            ("spin", "not a camera move"),
            ("simple:zoom=x", "not a number"),
        ] {
            let err = CameraControl::parse(text).unwrap_err();
            assert_eq!(err.field, "camera_control");
            assert!(err.message.contains(needle), "{text}: {err}");
        }
        assert!(CameraControl::parse("simple:zoom=5,pan=2").unwrap_err().message.contains("exactly one non-zero axis (got 2)"));
        assert_eq!(CameraControl::parse("simple:zoom=5,pan=0").unwrap(), CameraControl::simple("zoom", 5.0).unwrap());
        let two = CameraControl { kind: CameraType::Simple, config: Some(CameraConfig { pan: 1.0, zoom: 2.0, ..Default::default() }) };
        assert!(two.validate().unwrap_err().message.contains("got 2"));
        let preset_with_config = CameraControl { kind: CameraType::ForwardUp, config: Some(CameraConfig::default()) };
        assert!(preset_with_config.validate().unwrap_err().message.contains("preset"));
        let bare_simple = CameraControl { kind: CameraType::Simple, config: None };
        assert!(bare_simple.validate().unwrap_err().message.contains("needs a config"));
        let nan = CameraControl { kind: CameraType::Simple, config: Some(CameraConfig { roll: f64::NAN, ..Default::default() }) };
        assert!(nan.validate().is_err());
        assert!(CameraControl::parse("simple").is_err());
        assert!(CameraControl::simple("pan", -10.0).is_ok() && CameraControl::simple("pan", -10.5).is_err());
    }

    #[test]
    fn presets_serialise_without_config_and_display_round_trips() {
        let json = serde_json::to_value(CameraControl::preset(CameraType::RightTurnForward)).unwrap();
        assert_eq!(json, serde_json::json!({ "type": "right_turn_forward" }));
        for text in ["down_back", "forward_up", "right_turn_forward", "left_turn_forward", "simple:zoom=5", "simple:tilt=-2.5"] {
            assert_eq!(CameraControl::parse(text).unwrap().to_string(), text);
        }
    }
}
