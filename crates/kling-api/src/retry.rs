//! Backoff between retries: exponential with full jitter over `[base_delay, ceiling]`.
//!
//! Classic "full jitter" draws from `[0, ceiling]`; the docs ask for an initial delay of at
//! least 1 s, so `base_delay` is a floor rather than zero. Which failures are retried (and that
//! task-creating POSTs are only repeated when it is certain nothing was created) lives in
//! `client.rs`.

use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = try once).
    pub max_retries: u32,
    /// The shortest wait, and the unit of the exponential ceiling.
    pub base_delay: Duration,
    /// The ceiling never grows past this.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_retries: 4, base_delay: Duration::from_secs(1), max_delay: Duration::from_secs(30) }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self { max_retries: 0, ..Self::default() }
    }

    /// The wait before retry number `attempt` (0-based): uniformly between `base_delay` and
    /// `base_delay × 2^attempt` (capped at `max_delay`), so many clients do not retry in step.
    pub fn delay(&self, attempt: u32) -> Duration {
        backoff(attempt, self.base_delay, self.max_delay)
    }
}

/// The one backoff (API retries, the engine's submissions and downloads, download resumes): the
/// wait before retry number `attempt` (0-based) is uniformly between `base` and `base × 2^attempt`
/// capped at `max`. A `max` below `base` never shrinks the floor.
pub fn backoff(attempt: u32, base: Duration, max: Duration) -> Duration {
    let base = base.as_secs_f64();
    let cap = max.as_secs_f64().max(base);
    let ceiling = (base * 2f64.powi(attempt.min(30) as i32)).min(cap);
    Duration::from_secs_f64(base + (ceiling - base) * fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_docs() {
        let p = RetryPolicy::default();
        assert_eq!((p.max_retries, p.base_delay, p.max_delay), (4, Duration::from_secs(1), Duration::from_secs(30)));
        assert_eq!(RetryPolicy::none().max_retries, 0);
    }

    #[test]
    fn delays_grow_exponentially_within_bounds() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(0), Duration::from_secs(1), "the first wait is the base");
        for attempt in 0..64 {
            let d = p.delay(attempt);
            let ceiling = Duration::from_secs(1u64 << attempt.min(5)).min(p.max_delay);
            assert!(d >= p.base_delay && d <= ceiling, "{attempt}: {d:?}");
        }
        // Jitter: later attempts do not all wait the same.
        let spread: std::collections::HashSet<u128> = (0..20).map(|_| p.delay(4).as_millis()).collect();
        assert!(spread.len() > 1);
        // A max below the base does not panic or shrink the floor.
        let odd = RetryPolicy { max_retries: 1, base_delay: Duration::from_millis(50), max_delay: Duration::from_millis(10) };
        assert_eq!(odd.delay(3), Duration::from_millis(50));
    }

    #[test]
    fn backoff_grows_on_average() {
        let (base, max) = (Duration::from_secs(1), Duration::from_secs(30));
        let early: f64 = (0..200).map(|_| backoff(0, base, max).as_secs_f64()).sum();
        let late: f64 = (0..200).map(|_| backoff(6, base, max).as_secs_f64()).sum();
        assert!(late > early * 5.0, "{early} vs {late}");
        for attempt in [0, 1, 20, 31, u32::MAX] {
            let d = backoff(attempt, base, max);
            assert!(d >= base && d <= max, "{attempt}: {d:?}");
        }
    }
}
