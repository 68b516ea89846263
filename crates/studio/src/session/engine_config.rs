//! How a session's engine paces itself: one decision for the app and the CLI.

pub use crate::engine::MAX_CONCURRENCY;
use crate::engine::{EngineConfig, PollPolicy};

/// The engine's settings for a session: the sandbox's tasks take seconds, not minutes, so it is
/// polled ten times as often; `concurrency` (None: the default) is clamped to 1..=MAX_CONCURRENCY.
pub fn engine_config(sandbox: bool, concurrency: Option<u32>) -> EngineConfig {
    let mut config = EngineConfig::default();
    if sandbox {
        config.poll = PollPolicy::scaled(0.1);
    }
    if let Some(n) = concurrency {
        config.concurrency = n.clamp(1, MAX_CONCURRENCY);
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sandbox_polls_faster_and_concurrency_stays_in_bounds() {
        let real = engine_config(false, None);
        let sandbox = engine_config(true, None);
        assert_eq!(real.poll.image_first, EngineConfig::default().poll.image_first);
        assert_eq!(sandbox.poll.image_first, PollPolicy::scaled(0.1).image_first);
        assert!(sandbox.poll.video_first < real.poll.video_first && sandbox.poll.video_max < real.poll.video_max);
        assert_eq!(real.concurrency, EngineConfig::default().concurrency);
        assert_eq!(engine_config(false, Some(0)).concurrency, 1);
        assert_eq!(engine_config(true, Some(7)).concurrency, 7);
        assert_eq!(engine_config(false, Some(500)).concurrency, MAX_CONCURRENCY);
    }
}
