//! How long to wait before asking about a task again. Polling starts short and grows (per kind:
//! images take seconds, videos minutes) and never gives up: a task is never abandoned on a
//! client-side timer. (Refused submissions and broken downloads wait `kling_api::backoff`.)

use kling_api::TaskKind;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct PollPolicy {
    pub image_first: Duration,
    pub image_max: Duration,
    pub video_first: Duration,
    pub video_max: Duration,
    /// Each check waits this many times longer than the one before, up to the maximum.
    pub growth: f64,
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self {
            image_first: Duration::from_secs(3),
            image_max: Duration::from_secs(15),
            video_first: Duration::from_secs(10),
            video_max: Duration::from_secs(60),
            growth: 1.5,
        }
    }
}

impl PollPolicy {
    /// All waits scaled down by `factor` (tests and the sandbox run on fast clocks).
    pub fn scaled(factor: f64) -> Self {
        let d = Self::default();
        let s = |x: Duration| x.mul_f64(factor);
        Self { image_first: s(d.image_first), image_max: s(d.image_max), video_first: s(d.video_first), video_max: s(d.video_max), growth: d.growth }
    }

    /// The longest wait between two checks of a task of `kind`.
    pub fn longest(&self, kind: TaskKind) -> Duration {
        if kind.makes_pictures() {
            self.image_max
        } else {
            self.video_max
        }
    }

    /// The wait before check number `checks` (0 = the first check after submitting).
    pub fn delay(&self, kind: TaskKind, checks: u32) -> Duration {
        // Every kind that makes pictures is done in seconds, like image generation.
        let (first, max) = if kind.makes_pictures() { (self.image_first, self.image_max) } else { (self.video_first, self.video_max) };
        let grown = first.as_secs_f64() * self.growth.powi(checks.min(40) as i32);
        Duration::from_secs_f64(grown.min(max.as_secs_f64()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_grows_per_kind_and_stops_growing_at_the_maximum() {
        let p = PollPolicy::default();
        assert_eq!(p.delay(TaskKind::Image, 0), Duration::from_secs(3));
        assert_eq!(p.delay(TaskKind::Image, 1), Duration::from_secs_f64(4.5));
        assert_eq!(p.delay(TaskKind::Image, 30), Duration::from_secs(15));
        for pictures in [TaskKind::ImageExpand, TaskKind::MultiImageToImage, TaskKind::VirtualTryOn, TaskKind::OmniImage] {
            assert_eq!((p.delay(pictures, 0), p.longest(pictures)), (Duration::from_secs(3), Duration::from_secs(15)), "{pictures}");
        }
        assert_eq!(p.delay(TaskKind::TextToVideo, 0), Duration::from_secs(10));
        assert_eq!(p.delay(TaskKind::ImageToVideo, 100), Duration::from_secs(60));
    }
}
