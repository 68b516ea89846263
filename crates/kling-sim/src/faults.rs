//! Answers that go wrong on purpose: the test tools behind the `faults` feature (injected errors,
//! slow, dropped and cut answers, lapsed links, storms in `storm`, hostile answers in `hostile`).
//! The request pipeline calls the hooks at the end of this file; without the feature it calls
//! the do-nothing ones in `no_faults.rs`, so the app's and `kling`'s sandbox cannot misbehave.
//! Which requests are hit is drawn from a seeded generator, so a run with the same seed and the
//! same requests repeats.

use crate::envelope::ApiError;
use crate::state::{lock, State};
use crate::storm::{self, Storm};
use crate::Sim;
use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use serde_json::Value;
use std::collections::VecDeque;
use std::time::Instant;

pub use crate::hostile::{disguise_links, media_answer, query_answer, real_media_path, task_id};

/// Faults, each a share of requests in 0..=1, drawn from a seeded generator.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    /// API answers replaced by 5000/5001/5002 (HTTP 500/503/504) before anything happens.
    pub server_error_rate: f64,
    /// Requests (API and media, not `/__sim/`) held back `slow_ms` before the answer.
    pub slow_rate: f64,
    pub slow_ms: u64,
    /// Successful creates whose answer is lost: the task is created, the connection breaks mid-body.
    pub drop_rate: f64,
    /// Media answers that announce the full length but stop short.
    pub truncate_rate: f64,
    pub seed: u64,
    /// API requests (outside a storm) that set off a storm: `storm_ms` in which every API request
    /// is refused with 1302, or, every other storm, every create with 1303 (queries pass), as
    /// when many clients share an account. Each storm ends after `storm_ms`; changing either
    /// setting ends the one in progress.
    pub storm_rate: f64,
    pub storm_ms: u64,
    /// Tasks whose first result links have lapsed (403), like a short-lived signed CDN link: once
    /// one is fetched, the task queried again lists fresh links that work.
    pub expired_link_rate: f64,
}

/// What the emulator did on purpose so far, so a soak can prove its faults really fired (a run
/// whose faults were silently off would otherwise look like a success). The account's own limits
/// (`rate_limited`, `slots_full`) are counted apart from the injected storms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultCounts {
    /// API answers replaced by 5000/5001/5002.
    pub server_errors: u64,
    /// Requests held back `slow_ms`.
    pub slow: u64,
    /// Create answers cut off after the task was made (rate or `drop_next_answers`).
    pub dropped: u64,
    /// Media answers stopped half-way (rate or `truncate_next_downloads`).
    pub truncated: u64,
    /// Storms set off, and the requests they refused with each code.
    pub storms: u64,
    pub storm_1302: u64,
    pub storm_1303: u64,
    /// Fetches of a lapsed first link (`expired_link_rate`).
    pub expired_links: u64,
    /// Refused by `rate_limit_per_sec` (1302) and by the account's task slots (1303).
    pub rate_limited: u64,
    pub slots_full: u64,
}

/// The faults' side of the emulator's state: the seeded generator, the one-shot faults a test
/// asked for, the storm, and the counts.
pub struct Runtime {
    rng: fastrand::Rng,
    seed: u64,
    pub injected: VecDeque<i64>,
    /// One-shot faults for deterministic tests: the next N creates lose their answer, the
    /// next N media answers stop short.
    pub drop_next: u32,
    pub truncate_next: u32,
    /// The storm in progress or the last one (its code decides the next one's).
    pub storm: Option<Storm>,
    /// API requests since the last storm began, and whether a 1303 storm waits for a create.
    pub since_storm: u32,
    pub create_storm_due: bool,
    storm_settings: (f64, u64),
    pub counts: FaultCounts,
}

impl Runtime {
    pub fn new(faults: &Faults) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(faults.seed),
            seed: faults.seed,
            injected: VecDeque::new(),
            drop_next: 0,
            truncate_next: 0,
            storm: None,
            since_storm: 0,
            create_storm_due: false,
            storm_settings: (faults.storm_rate, faults.storm_ms),
            counts: FaultCounts::default(),
        }
    }

    /// Called after `Sim::update`: a new seed restarts the fault sequence, new storm settings
    /// take effect at once (the storm in progress ends).
    pub fn config_changed(&mut self, faults: &Faults) {
        if faults.seed != self.seed {
            self.seed = faults.seed;
            self.rng = fastrand::Rng::with_seed(self.seed);
        }
        let storm_settings = (faults.storm_rate, faults.storm_ms);
        if storm_settings != self.storm_settings {
            self.storm_settings = storm_settings;
            if let Some(storm) = &mut self.storm {
                storm.until = storm.until.min(Instant::now());
            }
            self.create_storm_due = false;
        }
    }

    /// True with probability `rate`, from the seeded generator.
    pub fn roll(&mut self, rate: f64) -> bool {
        rate > 0.0 && self.rng.f64() < rate
    }
}

impl Sim {
    /// The next `times` API (non-media) requests answer `code` with its documented HTTP status,
    /// once authentication has passed, and change nothing.
    pub fn inject_error(&self, code: i64, times: u32) {
        self.state().faults.injected.extend(std::iter::repeat_n(code, times as usize));
    }

    /// The next `times` successful creates lose their answer: the task is created, but the
    /// connection breaks mid-body. A deterministic form of `Faults::drop_rate`.
    pub fn drop_next_answers(&self, times: u32) {
        self.state().faults.drop_next += times;
    }

    /// The next `times` media answers announce their full length but stop half-way.
    /// A deterministic form of `Faults::truncate_rate`.
    pub fn truncate_next_downloads(&self, times: u32) {
        self.state().faults.truncate_next += times;
    }

    /// The faults injected (and limits met) so far.
    pub fn fault_counts(&self) -> FaultCounts {
        self.state().faults.counts
    }
}

/// Sends the headers (with the full length when `announce` is given) and `part` of the body,
/// then breaks the connection: the body stream yields an I/O error, so hyper aborts it and the
/// client sees a connection reset or an incomplete body.
fn broken_body(status: StatusCode, content_type: &str, part: Bytes, announce: Option<usize>) -> Response {
    use futures_util::StreamExt;
    // The pause lets the headers and the first part go out before the break, as on a real network.
    let chunks = futures_util::stream::iter([Ok::<Bytes, std::io::Error>(part)]).chain(futures_util::stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
        Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "fault injected: connection dropped"))
    }));
    let mut builder = Response::builder().status(status).header(header::CONTENT_TYPE, content_type);
    if let Some(len) = announce {
        builder = builder.header(header::CONTENT_LENGTH, len);
    }
    builder.body(Body::from_stream(chunks)).expect("static headers are valid")
}

// The hooks the request pipeline calls, in its order (`no_faults.rs` has the same, doing nothing).

/// How long to hold this request back, if at all. Control routes are the test harness's own
/// line: never faulted.
pub fn slow(state: &mut State, path: &str) -> Option<u64> {
    let (rate, ms) = (state.config.faults.slow_rate, state.config.faults.slow_ms);
    let slow = !path.starts_with("/__sim/") && state.faults.roll(rate);
    state.faults.counts.slow += slow as u64;
    slow.then_some(ms)
}

/// A server error (5000/5001/5002) in place of the answer, before anything else happens.
pub fn server_error(state: &mut State) -> Option<ApiError> {
    let rate = state.config.faults.server_error_rate;
    if !state.faults.roll(rate) {
        return None;
    }
    state.faults.counts.server_errors += 1;
    Some(ApiError::code([5000, 5001, 5002][state.faults.rng.usize(..3)]))
}

/// After authentication and the account's state: an injected error code, or a 1302 storm's.
/// A 1303 storm is met at create time, where the account's slots are checked.
pub fn refusal(state: &mut State) -> Option<i64> {
    if let Some(code) = state.faults.injected.pop_front() {
        return Some(code);
    }
    let refused = storm::weather(state, Instant::now()) == Some(1302);
    state.faults.counts.storm_1302 += refused as u64;
    refused.then_some(1302)
}

/// Counts a request refused by `rate_limit_per_sec`.
pub fn rate_limited(state: &mut State) {
    state.faults.counts.rate_limited += 1;
}

/// True while a 1303 storm lasts: the create is refused as if the account's slots were full.
pub fn storm_refuses_create(state: &mut State) -> bool {
    let refused = storm::refuses_creates(state, Instant::now());
    state.faults.counts.storm_1303 += refused as u64;
    refused
}

/// Counts a create refused because the account's slots were full.
pub fn slots_full(state: &mut State) {
    state.faults.counts.slots_full += 1;
}

/// The lapsed first links of a new task (`Faults::expired_link_rate`), made by `tokens`; most
/// tasks have none.
pub fn lapsed_links(state: &mut State, tokens: impl FnOnce() -> Vec<String>) -> Vec<String> {
    let rate = state.config.faults.expired_link_rate;
    if state.faults.roll(rate) {
        tokens()
    } else {
        Vec::new()
    }
}

/// A create's answer lost on the way (rate or `drop_next_answers`): the task stands, the
/// connection breaks half-way through the answer that carries `data`.
pub fn lose_answer(state: &mut State, data: &Value) -> Option<Response> {
    let forced = state.faults.drop_next > 0;
    if forced {
        state.faults.drop_next -= 1;
    }
    let rate = state.config.faults.drop_rate;
    if !forced && !state.faults.roll(rate) {
        return None;
    }
    state.faults.counts.dropped += 1;
    tracing::info!(task_id = %data["task_id"], "fault: dropping the create answer");
    let body = crate::envelope::success_body(data.clone());
    let half = Bytes::from(body[..body.len() / 2].to_vec());
    Some(broken_body(StatusCode::OK, "application/json", half, None))
}

/// Counts a fetch of a lapsed first link.
pub fn lapsed_link(state: &mut State) {
    state.faults.counts.expired_links += 1;
}

/// A download that announces its full length and stops half-way (rate or
/// `truncate_next_downloads`).
pub fn cut_download(
    shared: &crate::state::Shared,
    method: &Method,
    status: StatusCode,
    content_type: &str,
    body: &Bytes,
    content_range: Option<&str>,
) -> Option<Response> {
    if *method != Method::GET || body.len() <= 1 {
        return None;
    }
    {
        let mut state = lock(shared);
        let rate = state.config.faults.truncate_rate;
        let truncate = if state.faults.truncate_next > 0 {
            state.faults.truncate_next -= 1;
            true
        } else {
            state.faults.roll(rate)
        };
        if !truncate {
            return None;
        }
        state.faults.counts.truncated += 1;
    }
    let announced = body.len();
    let mut response = broken_body(status, content_type, body.slice(..announced / 2), Some(announced));
    response.headers_mut().insert(header::ACCEPT_RANGES, header::HeaderValue::from_static("bytes"));
    if let Some(range) = content_range {
        response.headers_mut().insert(header::CONTENT_RANGE, range.parse().expect("ascii"));
    }
    Some(response)
}
