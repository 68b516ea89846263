//! What the video tools (issue 13) charge: the published figures of addendum §7.2 where there
//! are some (omni video, motion control, lip sync, video-to-audio, face recognition), otherwise a
//! fixed figure of the emulator's own, of the size of a 5 s clip, so that credits still move.
//! The emulator's own table: the catalogue (`kling_api::pricing`) does not price these kinds.

use crate::task::{Accepted, Kind};
use kling_api::Mode;

/// `POST /v1/videos/identify-face`: 0.05 units a call (§7.2 "face recognition").
pub const IDENTIFY_FACE: f64 = 0.05;

/// Units a task of `kind` spends; None for the kinds priced by the catalogue.
pub fn units(kind: Kind, accepted: &Accepted) -> Option<f64> {
    let mode = accepted.mode.unwrap_or_default();
    let seconds = f64::from(accepted.seconds);
    let per_second = |std: f64, pro: f64, four_k: f64| match mode {
        Mode::Std => std,
        Mode::Pro => pro,
        Mode::FourK => four_k,
    };
    let units = match kind {
        Kind::Image | Kind::TextToVideo | Kind::ImageToVideo => return None,
        Kind::OmniVideo => {
            let rate = match (accepted.model.as_str(), accepted.with_video, accepted.sound) {
                ("kling-video-o1", false, _) => per_second(0.6, 0.8, 0.8),
                ("kling-video-o1", true, _) => per_second(0.9, 1.2, 1.2),
                (_, true, _) => per_second(0.9, 1.2, 3.0),
                (_, false, true) => per_second(0.8, 1.0, 3.0),
                (_, false, false) => per_second(0.6, 0.8, 3.0),
            };
            rate * seconds
        }
        // Charged on output seconds rounded to the nearest integer (§7.2).
        Kind::MotionControl => {
            let rate = if accepted.model == "kling-v3" { per_second(0.9, 1.2, 1.2) } else { per_second(0.5, 0.8, 0.8) };
            rate * accepted.result_seconds().round().max(1.0)
        }
        // 0.5 units per 5 s of the video lip-synced (§7.2), each 5 s begun counted.
        Kind::LipSync => 0.5 * (accepted.result_seconds() / 5.0).ceil().max(1.0),
        Kind::VideoToAudio => 0.25,
        // Not published (§7.2): the emulator's own, the price of a 5 s clip in the same mode.
        Kind::VideoExtend | Kind::MultiImageToVideo => {
            let long = kind == Kind::MultiImageToVideo && accepted.seconds >= 10;
            match (accepted.high_quality(), long) {
                (false, false) => 1.0,
                (false, true) => 2.0,
                (true, false) => 3.5,
                (true, true) => 7.0,
            }
        }
        // Per-effect prices are on a page no copy holds (§6.4): one figure for all.
        Kind::Effects => 1.0,
    };
    Some(units)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(model: &str, mode: Mode, seconds: u32) -> Accepted {
        Accepted { model: model.into(), mode: Some(mode), seconds, n: 1, ..Accepted::default() }
    }

    #[test]
    fn published_figures() {
        assert_eq!(units(Kind::OmniVideo, &ask("kling-v3-omni", Mode::Pro, 5)), Some(4.0));
        assert_eq!(units(Kind::OmniVideo, &Accepted { sound: true, ..ask("kling-v3-omni", Mode::Pro, 5) }), Some(5.0));
        assert_eq!(units(Kind::OmniVideo, &Accepted { with_video: true, ..ask("kling-video-o1", Mode::Std, 10) }), Some(9.0));
        assert_eq!(units(Kind::OmniVideo, &ask("kling-v3-omni", Mode::FourK, 5)), Some(15.0));
        let motion = Accepted { shown_seconds: Some(7.4), ..ask("kling-v3", Mode::Pro, 7) };
        assert!((units(Kind::MotionControl, &motion).unwrap() - 8.4).abs() < 1e-9);
        assert_eq!(units(Kind::LipSync, &Accepted { shown_seconds: Some(5.1), ..Accepted::default() }), Some(1.0));
        assert_eq!(units(Kind::VideoToAudio, &Accepted::default()), Some(0.25));
        assert_eq!(units(Kind::TextToVideo, &ask("kling-v3", Mode::Pro, 5)), None);
    }
}
