//! Answers that go wrong on purpose: a body that breaks off mid-way.

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::Response;
use bytes::Bytes;

/// Sends the headers (with the full length when `announce` is given) and `part` of the body,
/// then breaks the connection.
pub fn broken_body(status: StatusCode, content_type: &str, part: Vec<u8>, announce: Option<usize>) -> Response {
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        vec![Ok(Bytes::from(part)), Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "fault injected: connection dropped"))];
    let mut builder = Response::builder().status(status).header(header::CONTENT_TYPE, content_type);
    if let Some(len) = announce {
        builder = builder.header(header::CONTENT_LENGTH, len);
    }
    builder.body(Body::from_stream(futures_util::stream::iter(chunks))).expect("static headers are valid")
}
