//! Storms (`Faults::storm_rate`): stretches of time in which the API refuses many requests with
//! one limit code, as when other clients on the same account crowd it. They alternate between
//! 1302 (every API request refused) and 1303 (every create refused, queries answered), so any
//! run long enough for two storms meets both.
//!
//! Two rules keep a short run from missing a kind (a soak checks that every fault fired, on any
//! machine speed): storms are never further apart than `1 / storm_rate` API requests, and a 1303
//! storm starts at a create, the request it is about, never in a stretch of queries only.

use crate::state::State;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug)]
pub struct Storm {
    pub code: i64,
    pub until: Instant,
}

/// Called once per API request, after authentication: the code a storm refuses with now. Outside
/// a storm, the seeded draw (or the gap since the last one) may make the next storm due: a 1302
/// one starts here, a 1303 one waits for the next create (`refuses_creates`).
pub fn weather(state: &mut State, now: Instant) -> Option<i64> {
    if let Some(storm) = state.faults.storm.filter(|s| now < s.until) {
        return Some(storm.code);
    }
    let (rate, ms) = (state.config.faults.storm_rate, state.config.faults.storm_ms);
    if ms == 0 || rate <= 0.0 || state.faults.create_storm_due {
        return None;
    }
    state.faults.since_storm += 1;
    let overdue = state.faults.since_storm as f64 >= 1.0 / rate;
    if !(state.faults.roll(rate) || overdue) {
        return None;
    }
    match state.faults.storm {
        Some(Storm { code: 1302, .. }) => {
            state.faults.create_storm_due = true;
            None
        }
        _ => Some(start(state, 1302, now, ms)),
    }
}

/// Called at each create that passed the account's checks: true while a 1303 storm lasts (the
/// create is refused as if the account's slots were full), starting the one that is due.
pub fn refuses_creates(state: &mut State, now: Instant) -> bool {
    if std::mem::take(&mut state.faults.create_storm_due) {
        start(state, 1303, now, state.config.faults.storm_ms);
    }
    state.faults.storm.is_some_and(|s| s.code == 1303 && now < s.until)
}

fn start(state: &mut State, code: i64, now: Instant, ms: u64) -> i64 {
    state.faults.storm = Some(Storm { code, until: now + Duration::from_millis(ms) });
    state.faults.since_storm = 0;
    state.faults.counts.storms += 1;
    tracing::info!(code, ms, "fault: a storm starts");
    code
}
