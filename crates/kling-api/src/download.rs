//! Result downloads (no auth header: the links are signed CDN URLs), the one implementation the
//! engine and `kling task --download` share. Bytes stream into a part file the caller names; a
//! part that already holds bytes is continued with `Range: bytes=N-`, and the answer's status and
//! `Content-Range` decide whether they are really appended (206 at exactly N) or the file starts
//! over (200: the server ignored the range). A web page served instead of the file is refused
//! before anything is written, no answer (announced or endless) may grow past the size limit, a
//! stalled transfer times out (the client's read timeout), and failures to write are told apart
//! (disk full, folder not writable, other) from failures of the server.
//!
//! The part file is kept whenever its bytes are good for a resume, and removed when they are
//! known to be wrong. Moving it into place is the caller's: [`KlingClient::download_result`]
//! renames it at once, the engine verifies the content first.
//!
//! [`KlingClient::download_result`]: crate::KlingClient::download_result

use crate::errors::KlingError;
use crate::retry::backoff;
use futures_util::StreamExt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;
use thiserror::Error;
use tokio::io::AsyncWriteExt;

/// How often progress is reported by default: often enough for a bar, rarely enough for events.
pub const PROGRESS_STEP: u64 = 512 * 1024;

/// How one download behaves.
#[derive(Clone, Debug)]
pub struct DownloadOptions {
    /// An answer that announces or grows past this many bytes is refused.
    pub max_bytes: u64,
    /// Continue from what the part file holds. Without it a leftover part is deleted first: it
    /// may belong to another link.
    pub resume: bool,
    /// Resumes within this call after a broken transfer (0: one request; a caller with its own
    /// durable retries, like the engine, asks again later instead).
    pub retries: u32,
    /// Progress is reported each time this many more bytes have landed, and once at the end.
    pub progress_step: u64,
}

impl DownloadOptions {
    pub fn new(max_bytes: u64) -> Self {
        Self { max_bytes, resume: false, retries: 0, progress_step: PROGRESS_STEP }
    }
}

/// Bytes in the part file so far, and the whole file's length when the server announced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub received: u64,
    pub total: Option<u64>,
}

/// Why a download stopped. Whether the part file is kept for a resume is said per variant.
#[derive(Debug, Error)]
pub enum DownloadError {
    /// Not an http(s) link (a file, ftp or data link); nothing was sent.
    #[error("the result link is not an http(s) URL, so it was not fetched")]
    BadLink,
    /// Plain http to another machine; nothing was sent.
    #[error("the result link uses plain http to another machine; only https links are fetched")]
    PlainHttp,
    /// The file server redirected somewhere a result may not come from (see [`crate::result_links`]).
    #[error("the file server redirected {0}, which is not followed; check the API host setting")]
    Redirect(crate::result_links::RedirectRefused),
    /// 403/404/410: the temporary link is no longer valid (the part is kept: a fresh link to the
    /// same file may continue it).
    #[error("the link has expired or is gone; query the task again for a fresh URL")]
    Expired { status: u16 },
    /// A web page, plain text or an API envelope instead of the file; nothing was written.
    #[error("the file server sent a {content_type} page instead of the picture or video; try again later, and check the API host setting if it persists")]
    NotMedia { content_type: String },
    /// Over the size limit; the part is removed (the same link would send it again).
    #[error("the file is larger than {} MB, the most a result may be, so it was not kept; check the API host setting", max_bytes / (1024 * 1024))]
    TooLarge { max_bytes: u64 },
    /// Another answer that retrying will not change (a 4xx); the part is kept.
    #[error("the file server answered HTTP {status}")]
    Refused { status: u16 },
    /// The transfer broke, stalled or the server misbehaved: worth another try. The part keeps
    /// what is good of it.
    #[error("{detail}")]
    Interrupted { detail: String },
    /// Our disk is full (or over quota).
    #[error("the disk is full while writing {}", path.display())]
    DiskFull { path: PathBuf, source: io::Error },
    /// Our folder cannot be written: permission denied, a read-only disk.
    #[error("{} cannot be written ({source})", path.display())]
    Unwritable { path: PathBuf, source: io::Error },
    /// Any other local failure (the folder is missing, a file stands where a folder should be).
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

impl DownloadError {
    /// A failure of our side (disk, folder), which asking the server again will not fix.
    pub fn is_local(&self) -> bool {
        matches!(self, DownloadError::DiskFull { .. } | DownloadError::Unwritable { .. } | DownloadError::Io { .. })
    }

    /// Whether another request may succeed as things are: a broken transfer or a server error.
    pub fn is_retryable(&self) -> bool {
        matches!(self, DownloadError::Interrupted { .. })
    }

    /// A write error, by what the person can do about it.
    fn write(path: &Path, source: io::Error) -> Self {
        let path = path.to_path_buf();
        match source.kind() {
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => DownloadError::DiskFull { path, source },
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => DownloadError::Unwritable { path, source },
            _ => DownloadError::Io { path, source },
        }
    }

    fn interrupted(detail: impl Into<String>) -> Self {
        DownloadError::Interrupted { detail: detail.into() }
    }
}

/// `<dest>.part`: where a download to `dest` streams before it is complete.
pub fn part_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".part");
    dest.with_file_name(name)
}

/// Streams `url` into `part` (see the module's notes). Returns the number of bytes the part holds
/// when complete: the announced length when there was one.
pub(crate) async fn fetch(
    http: &reqwest::Client,
    url: &str,
    part: &Path,
    options: &DownloadOptions,
    mut on_progress: impl FnMut(Progress),
) -> Result<u64, DownloadError> {
    crate::result_links::check_link(url)?;
    if part.file_name().is_none() {
        return Err(DownloadError::Io { path: part.to_path_buf(), source: io::Error::other("not a file name") });
    }
    if !options.resume {
        remove(part).await;
    }
    let mut tries = 0;
    loop {
        match attempt(http, url, part, options, &mut on_progress).await {
            Err(DownloadError::Interrupted { detail }) if tries < options.retries => {
                tries += 1;
                tracing::debug!(tries, "download interrupted ({detail}); resuming");
                tokio::time::sleep(backoff(tries - 1, Duration::from_millis(150), Duration::from_secs(2))).await;
            }
            done => return done,
        }
    }
}

/// One request: appends to `part` from what it holds, or starts it over when the server ignores
/// the range.
async fn attempt(http: &reqwest::Client, url: &str, part: &Path, options: &DownloadOptions, on_progress: &mut impl FnMut(Progress)) -> Result<u64, DownloadError> {
    let have = match tokio::fs::metadata(part).await {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => 0,
        Err(e) => return Err(DownloadError::write(part, e)),
    };
    let mut request = http.get(url);
    if have > 0 {
        request = request.header(reqwest::header::RANGE, format!("bytes={have}-"));
    }
    // `without_url`: reqwest's errors name the link, and its query string carries the signature.
    let response = request.send().await.map_err(|e| match crate::result_links::refused_redirect(&e) {
        Some(refused) => DownloadError::Redirect(refused),
        None => DownloadError::interrupted(format!("could not reach the file server ({})", describe(&e.without_url()))),
    })?;
    let status = response.status().as_u16();
    let header = |name| response.headers().get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok());
    let (append, total) = match status {
        200 => (false, response.content_length()),
        206 => match header(reqwest::header::CONTENT_RANGE).and_then(ContentRange::parse) {
            // The range must start where the part ends, and the body be as long as the range says.
            Some(ContentRange::Bytes { start, end, total }) if start == have && response.content_length().is_none_or(|n| n == end - start + 1) => {
                (have > 0, total.or_else(|| response.content_length().map(|n| n + start)))
            }
            _ => {
                remove(part).await;
                return Err(DownloadError::interrupted("the server resumed at the wrong place; starting over"));
            }
        },
        416 => {
            // Nothing left to send: complete only if the server says the file is exactly what we have.
            if have > 0 && header(reqwest::header::CONTENT_RANGE).and_then(ContentRange::parse) == Some(ContentRange::Unsatisfied { total: have }) {
                on_progress(Progress { received: have, total: Some(have) });
                return Ok(have);
            }
            remove(part).await;
            return Err(DownloadError::interrupted("the server refused the resume range; starting over"));
        }
        403 | 404 | 410 => return Err(DownloadError::Expired { status }),
        408 | 429 | 500..=599 => return Err(DownloadError::interrupted(format!("the file server answered HTTP {status}"))),
        _ => return Err(DownloadError::Refused { status }),
    };
    if let Some(content_type) = page_type(header(reqwest::header::CONTENT_TYPE)) {
        return Err(DownloadError::NotMedia { content_type });
    }
    if total.is_some_and(|t| t > options.max_bytes) {
        remove(part).await;
        return Err(DownloadError::TooLarge { max_bytes: options.max_bytes });
    }
    let opened = if append {
        tokio::fs::OpenOptions::new().append(true).open(part).await
    } else {
        // Truncates (a 200 is the whole file again). Follows a link: tests stand /dev/full in.
        tokio::fs::File::create(part).await
    };
    let mut file = opened.map_err(|e| DownloadError::write(part, e))?;
    let mut received = if append { have } else { 0 };
    let mut reported = received;
    on_progress(Progress { received, total });
    let mut body = response.bytes_stream();
    let mut broke = None;
    while let Some(chunk) = body.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(e) => {
                broke = Some(describe(&e.without_url()));
                break;
            }
        };
        received += chunk.len() as u64;
        if received > options.max_bytes {
            drop(file);
            remove(part).await;
            return Err(DownloadError::TooLarge { max_bytes: options.max_bytes });
        }
        file.write_all(&chunk).await.map_err(|e| DownloadError::write(part, e))?;
        if received - reported >= options.progress_step.max(1) {
            reported = received;
            on_progress(Progress { received, total });
        }
    }
    // What arrived is kept for the next resume, so it must really be on disk.
    file.flush().await.map_err(|e| DownloadError::write(part, e))?;
    file.sync_all().await.map_err(|e| DownloadError::write(part, e))?;
    drop(file);
    if let Some(detail) = broke {
        return Err(DownloadError::interrupted(format!("the transfer broke off ({detail})")));
    }
    match total {
        Some(total) if received < total => Err(DownloadError::interrupted(format!("got {received} of {total} bytes"))),
        Some(total) if received > total => {
            remove(part).await;
            Err(DownloadError::interrupted(format!("got more bytes than the {total} announced; starting over")))
        }
        _ => {
            if received != reported {
                on_progress(Progress { received, total });
            }
            Ok(received)
        }
    }
}

/// The label of an answer that is a web page, plain text or an API envelope: a login wall or an
/// error page served with 200 instead of the file. Labels of media or of plain bytes pass (CDNs
/// often say `application/octet-stream`); the content itself is checked after the download.
fn page_type(content_type: Option<&str>) -> Option<String> {
    let essence = content_type?.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let page = essence.starts_with("text/") || essence == "application/json" || essence.ends_with("+xml") || essence.ends_with("+json");
    page.then_some(essence)
}

/// `Content-Range` of a 206 (`bytes START-END/TOTAL`, TOTAL may be `*`) or a 416 (`bytes */TOTAL`).
#[derive(Debug, PartialEq, Eq)]
enum ContentRange {
    Bytes { start: u64, end: u64, total: Option<u64> },
    Unsatisfied { total: u64 },
}

impl ContentRange {
    /// Anything malformed or self-contradictory (END before START, TOTAL not past END) is `None`.
    fn parse(value: &str) -> Option<Self> {
        let rest = value.trim().strip_prefix("bytes ")?.trim();
        let (range, total) = rest.split_once('/')?;
        let total = match total.trim() {
            "*" => None,
            n => Some(n.parse::<u64>().ok()?),
        };
        if range.trim() == "*" {
            return total.map(|total| ContentRange::Unsatisfied { total });
        }
        let (start, end) = range.split_once('-')?;
        let (start, end): (u64, u64) = (start.trim().parse().ok()?, end.trim().parse().ok()?);
        if end < start || total.is_some_and(|t| t <= end) {
            return None;
        }
        Some(ContentRange::Bytes { start, end, total })
    }
}

/// A download's failure as the client reports it: the server's side as a download error naming
/// the host (never the signed link), our side as the I/O error it is.
pub fn into_kling_error(error: DownloadError, url: &str) -> KlingError {
    match error {
        DownloadError::DiskFull { path, source } | DownloadError::Unwritable { path, source } | DownloadError::Io { path, source } => KlingError::Io { path, source },
        remote => {
            let host = url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| "the file server".into());
            KlingError::Download { url_host: host, detail: remote.to_string() }
        }
    }
}

async fn remove(part: &Path) {
    let _ = tokio::fs::remove_file(part).await;
}

fn describe(e: &reqwest::Error) -> String {
    // reqwest's Display names the URL (with its signature); the innermost cause is the useful part.
    let mut source: &dyn std::error::Error = e;
    while let Some(inner) = source.source() {
        source = inner;
    }
    if e.is_timeout() {
        "no data in time".into()
    } else {
        source.to_string()
    }
}

/// Makes a rename durable (best effort; not every platform can open a directory).
pub(crate) async fn sync_dir(dest: &Path) {
    #[cfg(unix)]
    if let Some(dir) = dest.parent() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        if let Ok(handle) = tokio::fs::File::open(dir).await {
            let _ = handle.sync_all().await;
        }
    }
    #[cfg(not(unix))]
    let _ = dest;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_refused_and_media_labels_pass() {
        for page in ["text/html; charset=utf-8", "TEXT/PLAIN", "application/json", "application/xhtml+xml", "application/problem+json"] {
            let essence = page_type(Some(page)).unwrap();
            assert!(DownloadError::NotMedia { content_type: essence }.to_string().contains("instead of the picture or video"), "{page}");
        }
        for media in [None, Some("image/png"), Some("video/mp4"), Some("application/octet-stream"), Some("binary/octet-stream")] {
            assert_eq!(page_type(media), None, "{media:?}");
        }
        assert!(DownloadError::TooLarge { max_bytes: 50 * 1024 * 1024 }.to_string().contains("larger than 50 MB"));
    }

    #[test]
    fn the_part_file_sits_beside_the_destination() {
        assert_eq!(part_path(Path::new("/tmp/out/clip.mp4")), PathBuf::from("/tmp/out/clip.mp4.part"));
    }

    #[test]
    fn content_ranges_are_read_strictly() {
        let bytes = |start, end, total| Some(ContentRange::Bytes { start, end, total });
        assert_eq!(ContentRange::parse("bytes 10-99/100"), bytes(10, 99, Some(100)));
        assert_eq!(ContentRange::parse(" bytes 0-0/1 "), bytes(0, 0, Some(1)));
        assert_eq!(ContentRange::parse("bytes 10-99/*"), bytes(10, 99, None));
        assert_eq!(ContentRange::parse("bytes */100"), Some(ContentRange::Unsatisfied { total: 100 }));
        for bad in ["bytes 10-99/99", "bytes 99-10/100", "bytes 10-/100", "bytes -10/100", "items 0-1/2", "bytes 1-2/x", "bytes */*", "bytes 0-1", ""] {
            assert_eq!(ContentRange::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn write_errors_are_told_apart() {
        let p = Path::new("/x/y.part");
        assert!(matches!(DownloadError::write(p, io::ErrorKind::StorageFull.into()), DownloadError::DiskFull { .. }));
        assert!(matches!(DownloadError::write(p, io::ErrorKind::QuotaExceeded.into()), DownloadError::DiskFull { .. }));
        assert!(matches!(DownloadError::write(p, io::ErrorKind::PermissionDenied.into()), DownloadError::Unwritable { .. }));
        assert!(matches!(DownloadError::write(p, io::ErrorKind::ReadOnlyFilesystem.into()), DownloadError::Unwritable { .. }));
        assert!(matches!(DownloadError::write(p, io::ErrorKind::NotADirectory.into()), DownloadError::Io { .. }));
        assert!(DownloadError::write(p, io::ErrorKind::StorageFull.into()).is_local());
        assert!(!DownloadError::Expired { status: 410 }.is_local());
    }

    #[tokio::test]
    async fn bad_links_fail_before_any_request() {
        let http = reqwest::Client::new();
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("x.png.part");
        let err = fetch(&http, "ftp://example.com/x.png", &part, &DownloadOptions::new(1024), |_| {}).await.unwrap_err();
        assert!(matches!(err, DownloadError::BadLink), "{err:?}");
        assert!(!part.exists());
    }
}
