//! Plain result downloads (no auth header: the links are signed CDN URLs): streamed into a
//! `.part` file beside the destination, resumed with `Range` after a broken transfer, checked
//! against the announced length, synced and renamed. The destination never holds a partial file.
//! A web page served instead of the file is refused before anything is written, and no answer
//! (announced or endless) may grow past the caller's size limit.

use crate::errors::KlingError;
use futures_util::StreamExt;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

pub(crate) const EXPIRED: &str = "the link has expired or is gone; query the task again for a fresh URL";

/// Why one attempt stopped.
enum Stop {
    /// Worth another try (resuming from what is on disk).
    Retry(String),
    /// Retrying cannot help.
    Fail(String),
    /// The local file could not be written.
    Io(PathBuf, std::io::Error),
}

pub(crate) fn part_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".part");
    dest.with_file_name(name)
}

pub(crate) async fn download(http: &reqwest::Client, url: &str, dest: &Path, max_resumes: u32, max_bytes: u64) -> Result<u64, KlingError> {
    let parsed = url::Url::parse(url).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
    let host = parsed.as_ref().and_then(|u| u.host_str()).unwrap_or("the file server").to_string();
    let fail = |detail: String| KlingError::Download { url_host: host.clone(), detail };
    if parsed.is_none() {
        return Err(fail("the result link is not an http(s) URL".into()));
    }
    if dest.file_name().is_none() {
        return Err(KlingError::Io { path: dest.to_path_buf(), source: std::io::Error::other("not a file name") });
    }
    let part = part_path(dest);
    // A leftover from an earlier run may belong to another URL: never resume into it.
    let _ = tokio::fs::remove_file(&part).await;
    let mut have: u64 = 0;
    let mut tries: u32 = 0;
    loop {
        match attempt(http, url, &part, &mut have, max_bytes).await {
            Ok(()) => break,
            Err(Stop::Retry(detail)) if tries < max_resumes => {
                tries += 1;
                tracing::debug!(host = %host, have, tries, "download interrupted ({detail}); resuming");
                tokio::time::sleep(Duration::from_millis((150 * u64::from(tries)).min(2_000))).await;
            }
            Err(Stop::Retry(detail) | Stop::Fail(detail)) => {
                let _ = tokio::fs::remove_file(&part).await;
                return Err(fail(detail));
            }
            Err(Stop::Io(path, source)) => {
                let _ = tokio::fs::remove_file(&part).await;
                return Err(KlingError::Io { path, source });
            }
        }
    }
    if let Err(source) = tokio::fs::rename(&part, dest).await {
        let _ = tokio::fs::remove_file(&part).await;
        return Err(KlingError::Io { path: dest.to_path_buf(), source });
    }
    sync_dir(dest).await;
    Ok(have)
}

/// One request: appends to `part` from byte `*have` (or starts over when the server ignores
/// the range), updating `*have` as bytes land on disk.
async fn attempt(http: &reqwest::Client, url: &str, part: &Path, have: &mut u64, max_bytes: u64) -> Result<(), Stop> {
    let io = |e: std::io::Error| Stop::Io(part.to_path_buf(), e);
    let mut request = http.get(url);
    if *have > 0 {
        request = request.header(reqwest::header::RANGE, format!("bytes={}-", *have));
    }
    let response = request.send().await.map_err(|e| Stop::Retry(describe(&e)))?;
    let status = response.status().as_u16();
    let total = match status {
        200 => {
            // The whole file (again): start over.
            *have = 0;
            response.content_length()
        }
        206 => match content_range(&response) {
            Some((start, total)) if start == *have => total.or_else(|| response.content_length().map(|n| n + start)),
            _ => {
                *have = 0;
                let _ = tokio::fs::remove_file(part).await;
                return Err(Stop::Retry("the server resumed at the wrong place".into()));
            }
        },
        416 => {
            *have = 0;
            let _ = tokio::fs::remove_file(part).await;
            return Err(Stop::Retry("the server refused the resume range".into()));
        }
        403 | 404 | 410 => return Err(Stop::Fail(EXPIRED.into())),
        408 | 429 | 500..=599 => return Err(Stop::Retry(format!("the server answered HTTP {status}"))),
        s => return Err(Stop::Fail(format!("the server answered HTTP {s}"))),
    };
    let content_type = response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    check_media_content_type(content_type).map_err(Stop::Fail)?;
    if total.is_some_and(|t| t > max_bytes) {
        return Err(Stop::Fail(result_too_large(max_bytes)));
    }
    let mut file = if *have > 0 {
        tokio::fs::OpenOptions::new().append(true).open(part).await
    } else {
        tokio::fs::File::create(part).await
    }
    .map_err(io)?;
    let mut body = response.bytes_stream();
    let mut broke = None;
    while let Some(chunk) = body.next().await {
        match chunk {
            Ok(chunk) => {
                *have += chunk.len() as u64;
                if *have > max_bytes {
                    drop(file);
                    let _ = tokio::fs::remove_file(part).await;
                    return Err(Stop::Fail(result_too_large(max_bytes)));
                }
                file.write_all(&chunk).await.map_err(io)?;
            }
            Err(e) => {
                broke = Some(describe(&e));
                break;
            }
        }
    }
    file.flush().await.map_err(io)?;
    file.sync_all().await.map_err(io)?;
    if let Some(detail) = broke {
        return Err(Stop::Retry(format!("the transfer broke off ({detail})")));
    }
    match total {
        Some(total) if *have < total => Err(Stop::Retry(format!("got {} of {total} bytes", *have))),
        Some(total) if *have > total => {
            *have = 0;
            let _ = tokio::fs::remove_file(part).await;
            Err(Stop::Retry(format!("got more bytes than the {total} announced")))
        }
        _ => Ok(()),
    }
}

/// Refuses an answer labelled as a web page, plain text or an API envelope: a login wall or an
/// error page served with 200 instead of the file. Labels of media or of plain bytes pass (CDNs
/// often say `application/octet-stream`); the content itself is checked after the download.
pub fn check_media_content_type(content_type: Option<&str>) -> Result<(), String> {
    let Some(value) = content_type else { return Ok(()) };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence.starts_with("text/") || essence == "application/json" || essence.ends_with("+xml") || essence.ends_with("+json") {
        return Err(format!("the file server sent a {essence} page instead of the picture or video; try again later, and check the API host setting if it persists"));
    }
    Ok(())
}

/// Why a result over the size limit was refused.
pub fn result_too_large(max_bytes: u64) -> String {
    format!("the file is larger than {} MB, the most a result may be, so it was not kept; check the API host setting", max_bytes / (1024 * 1024))
}

/// `Content-Range: bytes START-END/TOTAL` (TOTAL may be `*`).
fn content_range(response: &reqwest::Response) -> Option<(u64, Option<u64>)> {
    let value = response.headers().get(reqwest::header::CONTENT_RANGE)?.to_str().ok()?;
    let rest = value.trim().strip_prefix("bytes ")?;
    let (range, total) = rest.split_once('/')?;
    let start = range.split_once('-')?.0.trim().parse().ok()?;
    Some((start, total.trim().parse().ok()))
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

/// Makes the rename durable (best effort; not every platform can open a directory).
async fn sync_dir(dest: &Path) {
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
            assert!(check_media_content_type(Some(page)).unwrap_err().contains("instead of the picture or video"), "{page}");
        }
        for media in [None, Some("image/png"), Some("video/mp4"), Some("application/octet-stream"), Some("binary/octet-stream")] {
            assert!(check_media_content_type(media).is_ok(), "{media:?}");
        }
        assert!(result_too_large(50 * 1024 * 1024).contains("larger than 50 MB"));
    }

    #[test]
    fn the_part_file_sits_beside_the_destination() {
        assert_eq!(part_path(Path::new("/tmp/out/clip.mp4")), PathBuf::from("/tmp/out/clip.mp4.part"));
    }

    #[tokio::test]
    async fn bad_links_fail_before_any_request() {
        let http = reqwest::Client::new();
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("x.png");
        let err = download(&http, "ftp://example.com/x.png", &dest, 3, 1024).await.unwrap_err();
        assert_eq!(err.code().as_str(), "download");
        assert!(!dest.exists());
    }
}
