//! The one resumable download (`KlingClient::fetch_to_part`, and `download_result` on top of it)
//! against a real server on 127.0.0.1: resumes, servers that ignore or botch ranges, progress,
//! the size limit, a stalled transfer, and write errors told apart.

mod common;

use common::script::{Reply, Script};
use common::*;
use kling_api::*;
use std::path::Path;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(20);

fn client(url: &str, timeout: Duration) -> KlingClient {
    let mut config = ClientConfig::new(url, Credentials::new(AK, SK));
    config.timeout = timeout;
    config.retry = RetryPolicy { max_retries: 2, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(10) };
    KlingClient::new(config).unwrap()
}

fn blob() -> Vec<u8> {
    (0..100_000u32).map(|i| (i % 251) as u8).collect()
}

fn resuming(max_bytes: u64) -> DownloadOptions {
    DownloadOptions { resume: true, progress_step: 10_000, ..DownloadOptions::new(max_bytes) }
}

/// Fetches with a bounded wait, collecting every progress report.
async fn fetch(c: &KlingClient, url: &str, part: &Path, options: &DownloadOptions) -> (Result<u64, DownloadError>, Vec<Progress>) {
    let mut seen = Vec::new();
    let result = tokio::time::timeout(LIMIT, c.fetch_to_part(url, part, options, |p| seen.push(p))).await.expect("the download ends in time");
    (result, seen)
}

/// A server that honours `Range: bytes=N-` with 206 and sends the whole file otherwise.
async fn ranged(data: Vec<u8>) -> Script {
    Script::start(move |seen, _| match seen.header("range") {
        None => Reply::Raw(200, "application/octet-stream", data.clone(), vec![]),
        Some(range) => {
            let start: usize = range.trim_start_matches("bytes=").trim_end_matches('-').parse().unwrap();
            Reply::Raw(206, "application/octet-stream", data[start..].to_vec(), vec![("content-range", format!("bytes {start}-{}/{}", data.len() - 1, data.len()))])
        }
    })
    .await
}

#[tokio::test]
async fn a_part_file_is_resumed_with_a_range_and_progress_reaches_the_total() {
    let data = blob();
    let script = ranged(data.clone()).await;
    let c = client(&script.url(), Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("r.bin.part");
    std::fs::write(&part, &data[..30_000]).unwrap();

    let (result, progress) = fetch(&c, &format!("{}/r.bin", script.url()), &part, &resuming(1 << 20)).await;
    assert_eq!(result.unwrap(), data.len() as u64);
    assert_eq!(std::fs::read(&part).unwrap(), data, "the part holds the whole file, left for the caller to move");
    let seen = script.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].header("range"), Some("bytes=30000-"));
    assert!(seen[0].header("authorization").is_none(), "no token on downloads");

    let total = Some(data.len() as u64);
    assert_eq!(progress.first(), Some(&Progress { received: 30_000, total }), "counting starts at what was kept");
    assert_eq!(progress.last(), Some(&Progress { received: data.len() as u64, total }), "and reaches the total");
    assert!(progress.len() >= 3, "reported along the way too: {progress:?}");
    // Not for every chunk: at least the step apart, but for the final report.
    assert!(progress[..progress.len() - 1].windows(2).all(|w| w[1].received - w[0].received >= 10_000), "{progress:?}");
    assert!(progress.windows(2).all(|w| w[0].received <= w[1].received), "never goes back: {progress:?}");
}

#[tokio::test]
async fn without_resume_a_leftover_part_is_not_trusted() {
    let data = blob();
    let script = ranged(data.clone()).await;
    let c = client(&script.url(), Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("n.bin.part");
    std::fs::write(&part, b"bytes of some other file").unwrap();
    let (result, _) = fetch(&c, &format!("{}/n.bin", script.url()), &part, &DownloadOptions::new(1 << 20)).await;
    assert_eq!(result.unwrap(), data.len() as u64);
    assert_eq!(std::fs::read(&part).unwrap(), data);
    assert_eq!(script.seen()[0].header("range"), None);
}

#[tokio::test]
async fn a_server_that_ignores_the_range_restarts_the_file_cleanly() {
    let data = blob();
    let d = data.clone();
    let script = Script::start(move |_, _| Reply::Raw(200, "application/octet-stream", d.clone(), vec![])).await;
    let c = client(&script.url(), Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("i.bin.part");
    std::fs::write(&part, vec![0xEE; 40_000]).unwrap();
    let (result, progress) = fetch(&c, &format!("{}/i.bin", script.url()), &part, &resuming(1 << 20)).await;
    assert_eq!(result.unwrap(), data.len() as u64);
    assert_eq!(std::fs::read(&part).unwrap(), data, "the whole file again, not appended to the old bytes");
    assert_eq!(script.seen()[0].header("range"), Some("bytes=40000-"));
    assert_eq!(progress.first().unwrap().received, 0, "counting starts over");
}

#[tokio::test]
async fn a_wrong_content_range_is_refused_and_the_part_starts_over() {
    let data = blob();
    // Each row: a 206 that does not continue the part at byte 30000.
    let rows: Vec<(&str, Vec<u8>, String)> = vec![
        ("another start", data[10..].to_vec(), format!("bytes 10-{}/{}", data.len() - 1, data.len())),
        ("an end before the start", data[30_000..].to_vec(), format!("bytes 30000-20000/{}", data.len())),
        ("a total inside the range", data[30_000..].to_vec(), format!("bytes 30000-{}/{}", data.len() - 1, data.len() - 1)),
        ("a body longer than the range", data[30_000..].to_vec(), "bytes 30000-30099/100000".to_string()),
        ("not bytes", data[30_000..].to_vec(), format!("pages 30000-{}/{}", data.len() - 1, data.len())),
        ("no Content-Range at all", data[30_000..].to_vec(), String::new()),
    ];
    for (name, body, content_range) in rows {
        let script = Script::start(move |_, _| {
            let headers = if content_range.is_empty() { vec![] } else { vec![("content-range", content_range.clone())] };
            Reply::Raw(206, "application/octet-stream", body.clone(), headers)
        })
        .await;
        let c = client(&script.url(), Duration::from_secs(5));
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("w.bin.part");
        std::fs::write(&part, &data[..30_000]).unwrap();
        let (result, _) = fetch(&c, &format!("{}/w.bin", script.url()), &part, &resuming(1 << 20)).await;
        let err = result.unwrap_err();
        assert!(matches!(err, DownloadError::Interrupted { .. }) && err.is_retryable(), "{name}: {err:?}");
        assert!(err.to_string().contains("wrong place"), "{name}: {err}");
        assert!(!part.exists(), "{name}: the next try starts from zero");
    }

    // With retries left, that next try happens at once and the file comes out whole.
    let d = data.clone();
    let script = Script::start(move |seen, _| match seen.header("range") {
        Some(_) => Reply::Raw(206, "application/octet-stream", d[10..].to_vec(), vec![("content-range", format!("bytes 10-{}/{}", d.len() - 1, d.len()))]),
        None => Reply::Raw(200, "application/octet-stream", d.clone(), vec![]),
    })
    .await;
    let c = client(&script.url(), Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("w.bin.part");
    std::fs::write(&part, &data[..30_000]).unwrap();
    let (result, _) = fetch(&c, &format!("{}/w.bin", script.url()), &part, &DownloadOptions { retries: 2, ..resuming(1 << 20) }).await;
    assert_eq!(result.unwrap(), data.len() as u64);
    assert_eq!(std::fs::read(&part).unwrap(), data);
    assert_eq!(script.seen().len(), 2);
}

#[tokio::test]
async fn a_416_means_done_only_when_the_server_names_the_length_we_have() {
    let data = blob();
    let len = data.len();
    let script = Script::start(move |_, _| Reply::Raw(416, "text/plain", vec![], vec![("content-range", format!("bytes */{len}"))])).await;
    let c = client(&script.url(), Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("d.bin.part");
    std::fs::write(&part, &data).unwrap();
    let (result, progress) = fetch(&c, &format!("{}/d.bin", script.url()), &part, &resuming(1 << 20)).await;
    assert_eq!(result.unwrap(), len as u64, "everything was there already");
    assert_eq!(progress.last().unwrap().received, len as u64);

    // A part longer than the file: start over.
    std::fs::write(&part, [&data[..], b"extra"].concat()).unwrap();
    let (result, _) = fetch(&c, &format!("{}/d.bin", script.url()), &part, &resuming(1 << 20)).await;
    assert!(matches!(result, Err(DownloadError::Interrupted { .. })), "{result:?}");
    assert!(!part.exists());
}

#[tokio::test]
async fn results_over_the_limit_are_refused_announced_or_not() {
    let data = blob();
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("big.bin.part");

    let d = data.clone();
    let script = Script::start(move |_, _| Reply::Raw(200, "application/octet-stream", d.clone(), vec![])).await;
    let c = client(&script.url(), Duration::from_secs(5));
    let (result, progress) = fetch(&c, &format!("{}/big.bin", script.url()), &part, &DownloadOptions::new(50_000)).await;
    assert!(matches!(result, Err(DownloadError::TooLarge { max_bytes: 50_000 })), "{result:?}");
    assert!(progress.is_empty(), "refused from the announced length, before any byte");
    assert!(!part.exists());

    // No length announced: stopped as the count passes the limit.
    let d = data.clone();
    let script = Script::start(move |_, _| Reply::Unsized(200, "application/octet-stream", d.clone())).await;
    let c = client(&script.url(), Duration::from_secs(5));
    let (result, _) = fetch(&c, &format!("{}/big.bin", script.url()), &part, &DownloadOptions::new(50_000)).await;
    assert!(matches!(result, Err(DownloadError::TooLarge { .. })), "{result:?}");
    assert!(!part.exists(), "nothing over the limit is kept");

    // Under the limit, the same unsized answer is fine.
    let (result, _) = fetch(&c, &format!("{}/big.bin", script.url()), &part, &DownloadOptions::new(1 << 20)).await;
    assert_eq!(result.unwrap(), data.len() as u64);
}

#[tokio::test]
async fn a_stalled_transfer_times_out_and_keeps_what_arrived() {
    let data = blob();
    let d = data.clone();
    let script = Script::start(move |_, _| Reply::Stall { announce: d.len(), body: d[..20_000].to_vec() }).await;
    let c = client(&script.url(), Duration::from_millis(500));
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("s.bin.part");
    let started = std::time::Instant::now();
    let (result, _) = fetch(&c, &format!("{}/s.bin", script.url()), &part, &resuming(1 << 20)).await;
    let err = result.unwrap_err();
    assert!(err.is_retryable() && err.to_string().contains("no data in time"), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "the read timeout, not the server, ended it");
    assert_eq!(std::fs::read(&part).unwrap(), data[..20_000], "the bytes that came are kept for a resume");
}

#[tokio::test]
async fn server_answers_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("a.bin.part");
    std::fs::write(&part, b"kept").unwrap();
    for (status, retryable) in [(404u16, false), (403, false), (410, false), (400, false), (503, true), (429, true)] {
        let script = Script::start(move |_, _| Reply::Raw(status, "application/octet-stream", b"no".to_vec(), vec![])).await;
        let c = client(&script.url(), Duration::from_secs(5));
        let (result, _) = fetch(&c, &format!("{}/a.bin", script.url()), &part, &resuming(1 << 20)).await;
        let err = result.unwrap_err();
        assert_eq!(err.is_retryable(), retryable, "{status}: {err:?}");
        assert_eq!(matches!(err, DownloadError::Expired { .. }), [403, 404, 410].contains(&status), "{status}: {err:?}");
        assert!(!err.is_local(), "{status}");
        assert_eq!(std::fs::read(&part).unwrap(), b"kept", "{status}: a server's refusal leaves the part alone");
    }
    // A web page instead of the file: refused before anything is written.
    let script = Script::start(|_, _| Reply::Raw(200, "text/html; charset=utf-8", b"<html>log in</html>".to_vec(), vec![])).await;
    let c = client(&script.url(), Duration::from_secs(5));
    let (result, _) = fetch(&c, &format!("{}/a.bin", script.url()), &part, &resuming(1 << 20)).await;
    assert!(matches!(&result, Err(DownloadError::NotMedia { content_type }) if content_type == "text/html"), "{result:?}");
    assert_eq!(std::fs::read(&part).unwrap(), b"kept");
}

#[tokio::test]
async fn write_errors_map_to_their_own_errors() {
    let script = ranged(blob()).await;
    let c = client(&script.url(), Duration::from_secs(5));
    let url = format!("{}/x.bin", script.url());
    let dir = tempfile::tempdir().unwrap();

    // A file where a folder should be.
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let (result, _) = fetch(&c, &url, &file.join("x.bin.part"), &DownloadOptions::new(1 << 20)).await;
    let err = result.unwrap_err();
    assert!(matches!(&err, DownloadError::Io { path, .. } if path.starts_with(&file)), "{err:?}");
    assert!(err.is_local() && !err.is_retryable());
    // Through the client's own download, an I/O error naming the place.
    let err = c.download(&url, &file.join("x.bin")).await.unwrap_err();
    assert_eq!(err.code().as_str(), "io");
    assert!(err.to_string().contains("a-file"), "{err}");

    #[cfg(target_os = "linux")]
    {
        // A full disk: the part is /dev/full, where every write fails with ENOSPC.
        let part = dir.path().join("full.bin.part");
        std::os::unix::fs::symlink("/dev/full", &part).unwrap();
        let (result, _) = fetch(&c, &url, &part, &resuming(1 << 20)).await;
        assert!(matches!(result, Err(DownloadError::DiskFull { .. })), "{result:?}");
        // sysfs takes no new file, even from root: permission denied.
        let (result, _) = fetch(&c, &url, Path::new("/sys/kling-download-test.part"), &DownloadOptions::new(1 << 20)).await;
        assert!(matches!(result, Err(DownloadError::Unwritable { .. })), "{result:?}");
    }

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let root = std::fs::write(locked.join("root-check"), b"").is_ok(); // root writes anyway
        let (result, _) = fetch(&c, &url, &locked.join("x.bin.part"), &DownloadOptions::new(1 << 20)).await;
        let dest = locked.join("x.bin");
        let through_client = c.download(&url, &dest).await;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        if !root {
            let err = result.unwrap_err();
            assert!(matches!(err, DownloadError::Unwritable { .. }) && err.is_local(), "{err:?}");
            assert!(err.to_string().contains("cannot be written"), "{err}");
            let err = through_client.unwrap_err();
            assert!(matches!(&err, KlingError::Io { source, .. } if source.kind() == std::io::ErrorKind::PermissionDenied), "{err:?}");
        }
    }
}

#[tokio::test]
async fn download_result_reports_progress_and_moves_only_a_whole_file_into_place() {
    let data = blob();
    let d = data.clone();
    // Cut once, then resumed: the client resumes by itself and renames at the end.
    let script = Script::start(move |seen, _| match seen.header("range") {
        None => Reply::Cut { status: 200, announce: d.len(), body: d[..45_000].to_vec(), headers: vec![] },
        Some(range) => {
            let start: usize = range.trim_start_matches("bytes=").trim_end_matches('-').parse().unwrap();
            Reply::Raw(206, "application/octet-stream", d[start..].to_vec(), vec![("content-range", format!("bytes {start}-{}/{}", d.len() - 1, d.len()))])
        }
    })
    .await;
    let c = client(&script.url(), Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("whole.bin");
    let mut last = None;
    let got = tokio::time::timeout(LIMIT, c.download_result_observed(TaskKind::Image, &format!("{}/whole.bin", script.url()), &dest, |p| last = Some(p)))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, data.len() as u64);
    assert_eq!(std::fs::read(&dest).unwrap(), data);
    assert_eq!(last, Some(Progress { received: data.len() as u64, total: Some(data.len() as u64) }));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no part left beside it");
    assert_eq!(script.seen()[1].header("range"), Some("bytes=45000-"));
}
