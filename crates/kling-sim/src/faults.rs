//! Answers that go wrong on purpose: a body that breaks off mid-way.

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::Response;
use bytes::Bytes;

/// Sends the headers (with the full length when `announce` is given) and `part` of the body,
/// then breaks the connection.
pub fn broken_body(status: StatusCode, content_type: &str, part: Vec<u8>, announce: Option<usize>) -> Response {
    use futures_util::StreamExt;
    // The pause lets the headers and the first part go out before the break, as on a real network.
    let chunks = futures_util::stream::iter([Ok::<Bytes, std::io::Error>(Bytes::from(part))]).chain(futures_util::stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
        Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "fault injected: connection dropped"))
    }));
    let mut builder = Response::builder().status(status).header(header::CONTENT_TYPE, content_type);
    if let Some(len) = announce {
        builder = builder.header(header::CONTENT_LENGTH, len);
    }
    builder.body(Body::from_stream(chunks)).expect("static headers are valid")
}
