use std::time::Duration;

/// Exponential backoff with full jitter. The docs ask for backoff starting at ≥ 1 s.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_retries: 4, base_delay: Duration::from_secs(1), max_delay: Duration::from_secs(30) }
    }
}

impl RetryPolicy {
    /// The wait before retry number `attempt` (0-based): uniformly between `base_delay` and
    /// base × 2^attempt (capped), so many clients do not retry in step.
    pub fn delay(&self, attempt: u32) -> Duration {
        let base = self.base_delay.as_secs_f64();
        let ceiling = (base * 2f64.powi(attempt.min(20) as i32)).min(self.max_delay.as_secs_f64()).max(base);
        Duration::from_secs_f64(base + (ceiling - base) * fastrand::f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_stay_in_bounds() {
        let p = RetryPolicy::default();
        for attempt in 0..50 {
            let d = p.delay(attempt);
            assert!(d >= p.base_delay && d <= p.max_delay, "{attempt}: {d:?}");
        }
        assert_eq!(p.delay(0), Duration::from_secs(1), "the first wait is the base");
    }
}
