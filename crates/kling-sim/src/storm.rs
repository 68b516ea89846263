//! Storms (`Faults::storm_rate`): stretches of time in which the API refuses many requests with
//! one limit code, as when other clients on the same account crowd it. They alternate between
//! 1302 (every API request refused) and 1303 (every create refused, queries answered), so any
//! run long enough for two storms meets both.

use crate::state::State;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug)]
pub struct Storm {
    pub code: i64,
    pub until: Instant,
}

/// Called once per API request, after authentication: the code a storm refuses with now, starting
/// one first when the seeded draw says so. The storm's length bounds it; a new one can only start
/// from a request outside a storm.
pub fn weather(state: &mut State, now: Instant) -> Option<i64> {
    if let Some(storm) = state.faults.storm.filter(|s| now < s.until) {
        return Some(storm.code);
    }
    let (rate, ms) = (state.config.faults.storm_rate, state.config.faults.storm_ms);
    if ms == 0 || !state.faults.roll(rate) {
        return None;
    }
    let code = match state.faults.storm {
        Some(Storm { code: 1302, .. }) => 1303,
        _ => 1302,
    };
    state.faults.storm = Some(Storm { code, until: now + Duration::from_millis(ms) });
    state.faults.counts.storms += 1;
    tracing::info!(code, ms, "fault: a storm starts");
    Some(code)
}

/// True while a 1303 storm lasts: the create is refused as if the account's slots were full.
pub fn refuses_creates(state: &State, now: Instant) -> bool {
    state.faults.storm.is_some_and(|s| s.code == 1303 && now < s.until)
}
