//! The wall clock in Unix milliseconds, the one time format stored and sent everywhere.

/// Milliseconds since the Unix epoch (0 on a clock set before 1970).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
