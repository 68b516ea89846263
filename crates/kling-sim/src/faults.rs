//! Answers that go wrong on purpose. Which requests are hit is drawn from the seeded generator
//! in the state (`State::roll`), so a run with the same seed and the same requests repeats.

use crate::state::State;
use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::Response;
use bytes::Bytes;

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

/// One of the server-side codes, for `server_error_rate`.
pub fn server_error(state: &mut State) -> i64 {
    [5000, 5001, 5002][state.rng.usize(..3)]
}

/// Sends the headers (with the full length when `announce` is given) and `part` of the body,
/// then breaks the connection: the body stream yields an I/O error, so hyper aborts it and the
/// client sees a connection reset or an incomplete body.
pub fn broken_body(status: StatusCode, content_type: &str, part: Bytes, announce: Option<usize>) -> Response {
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
