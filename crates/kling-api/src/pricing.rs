//! What a task spends, in resource-pack units, so the app can show the cost before submitting.
//! Figures follow Kling's published unit prices for v1 models (video std 5 s = 1 unit).

use crate::kinds::TaskKind;
use crate::params::{Mode, VideoDuration};

pub fn estimate_units(kind: TaskKind, mode: Mode, duration: VideoDuration, n: u8) -> f64 {
    match kind {
        TaskKind::Image => 0.25 * f64::from(n.clamp(1, 9)),
        _ => match (mode, duration) {
            (Mode::Std, VideoDuration::Five) => 1.0,
            (Mode::Std, VideoDuration::Ten) => 2.0,
            (Mode::Pro, VideoDuration::Five) => 3.5,
            (Mode::Pro, VideoDuration::Ten) => 7.0,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_per_task() {
        let video = |m, d| estimate_units(TaskKind::TextToVideo, m, d, 1);
        assert_eq!(video(Mode::Std, VideoDuration::Five), 1.0);
        assert_eq!(video(Mode::Std, VideoDuration::Ten), 2.0);
        assert_eq!(video(Mode::Pro, VideoDuration::Five), 3.5);
        assert_eq!(estimate_units(TaskKind::ImageToVideo, Mode::Pro, VideoDuration::Ten, 1), 7.0);
        assert_eq!(estimate_units(TaskKind::Image, Mode::Std, VideoDuration::Five, 4), 1.0);
        assert_eq!(estimate_units(TaskKind::Image, Mode::Pro, VideoDuration::Ten, 1), 0.25);
    }
}
