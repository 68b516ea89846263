//! Result links are fetched carefully (issue 12, item 3), against a real server on 127.0.0.1:
//! the first link may be plain http only to this machine, a redirect is followed only to public
//! https, and no failure shows or logs the signed link.

mod common;

use common::script::{Reply, Script};
use common::*;
use kling_api::*;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(20);
/// What a signed link's query carries; it must never be shown or logged.
const SIGNATURE: &str = "X-Amz-Signature=SIGNED-a1b2c3d4e5";

fn client(url: &str) -> KlingClient {
    let mut config = ClientConfig::new(url, Credentials::new(AK, SK));
    config.timeout = Duration::from_secs(5);
    config.retry = RetryPolicy { max_retries: 2, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(10) };
    KlingClient::new(config).unwrap()
}

/// A server whose `/go` answers 302 to whatever `location` holds, and which serves a picture
/// anywhere else: a client that follows a redirect back to it gets a file.
async fn redirecting(location: Arc<Mutex<String>>) -> Script {
    Script::start(move |seen, _| {
        if seen.target.starts_with("/go") {
            Reply::Raw(302, "text/plain", Vec::new(), vec![("location", location.lock().unwrap().clone())])
        } else {
            Reply::Raw(200, "image/png", png_bytes(8, 8), vec![])
        }
    })
    .await
}

#[tokio::test]
async fn redirects_to_this_machine_the_local_network_or_plain_http_are_not_followed() {
    let location = Arc::new(Mutex::new(String::new()));
    let script = redirecting(location.clone()).await;
    let c = client(&script.url());
    let port = script.url().rsplit(':').next().unwrap().to_string();
    let rows = [
        // The same server again: it would hand over the file.
        (format!("{}/file.png?{SIGNATURE}", script.url()), RedirectRefused::Loopback),
        (format!("https://127.0.0.1:{port}/file.png"), RedirectRefused::Loopback),
        (format!("https://localhost:{port}/file.png"), RedirectRefused::Loopback),
        (format!("https://[::1]:{port}/file.png"), RedirectRefused::Loopback),
        ("https://169.254.169.254/latest/meta-data/iam/security-credentials/".to_string(), RedirectRefused::NotPublic),
        ("https://10.0.0.8/file.png".to_string(), RedirectRefused::NotPublic),
        ("https://192.168.1.1/file.png".to_string(), RedirectRefused::NotPublic),
        ("https://172.20.0.1/file.png".to_string(), RedirectRefused::NotPublic),
        ("https://[fd12::1]/file.png".to_string(), RedirectRefused::NotPublic),
        ("https://[fe80::1]/file.png".to_string(), RedirectRefused::NotPublic),
        ("http://cdn.example/file.png".to_string(), RedirectRefused::NotHttps),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (to, why)) in rows.iter().enumerate() {
        *location.lock().unwrap() = to.clone();
        let before = script.seen().len();
        let part = dir.path().join(format!("{i}.png.part"));
        let link = format!("{}/go/{i}.png?{SIGNATURE}", script.url());
        let got = tokio::time::timeout(LIMIT, c.fetch_to_part(&link, &part, &DownloadOptions::new(1 << 20), |_| {})).await.expect("ends in time");
        match got {
            Err(DownloadError::Redirect(refused)) => assert_eq!(refused, *why, "{to}"),
            other => panic!("a redirect to {to} should be refused as {why:?}, got {other:?}"),
        }
        assert_eq!(script.seen().len() - before, 1, "{to}: only the first link was asked");
        assert!(!part.exists(), "{to}: nothing written");
        // Through the client's own download: a typed download error naming no link.
        let dest = dir.path().join(format!("{i}.png"));
        let err = c.download_result(TaskKind::Image, &link, &dest).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Download, "{to}");
        assert!(err.user_message().contains("redirected") && err.user_message().contains("not followed"), "{}", err.user_message());
        assert!(!dest.exists() && !dest.with_extension("png.part").exists());
    }
}

#[tokio::test]
async fn links_that_are_not_https_fail_before_any_request() {
    let c = client("http://127.0.0.1:9");
    let dir = tempfile::tempdir().unwrap();
    for (link, plain) in [
        ("http://cdn.example/a.png?sig=1", true),
        ("http://10.0.0.1/a.png", true),
        ("file:///etc/passwd", false),
        ("ftp://cdn.example/a.png", false),
        ("data:image/png;base64,iVBORw0KGgo=", false),
    ] {
        let part = dir.path().join("a.png.part");
        let err = c.fetch_to_part(link, &part, &DownloadOptions::new(1024), |_| {}).await.unwrap_err();
        assert_eq!(matches!(err, DownloadError::PlainHttp), plain, "{link}: {err:?}");
        assert_eq!(matches!(err, DownloadError::BadLink), !plain, "{link}: {err:?}");
        assert!(!part.exists());
    }
}

/// A `tracing` writer into a shared buffer: what the log would have said.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_failed_download_shows_and_logs_no_link() {
    let log = Captured::default();
    let subscriber = tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_writer(log.clone()).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let location = Arc::new(Mutex::new(String::new()));
    let script = Script::start({
        let location = location.clone();
        move |seen, _| match seen.target.split('?').next().unwrap_or_default() {
            "/go.png" => Reply::Raw(302, "text/plain", Vec::new(), vec![("location", location.lock().unwrap().clone())]),
            "/gone.png" => Reply::Raw(410, "text/plain", b"gone".to_vec(), vec![]),
            "/busy.png" => Reply::Raw(503, "text/plain", b"busy".to_vec(), vec![]),
            "/cut.png" => Reply::Cut { status: 200, announce: 5000, body: vec![1; 100], headers: vec![] },
            "/page.png" => Reply::Raw(200, "text/html", b"<html>sign in</html>".to_vec(), vec![]),
            _ => Reply::Close,
        }
    })
    .await;
    *location.lock().unwrap() = format!("https://169.254.169.254/latest/?{SIGNATURE}");
    let c = client(&script.url());
    // A port where nothing listens: the connection is refused.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let dir = tempfile::tempdir().unwrap();
    let mut shown = Vec::new();
    for link in [
        format!("{}/go.png?{SIGNATURE}", script.url()),
        format!("{}/gone.png?{SIGNATURE}", script.url()),
        format!("{}/busy.png?{SIGNATURE}", script.url()),
        format!("{}/cut.png?{SIGNATURE}", script.url()),
        format!("{}/page.png?{SIGNATURE}", script.url()),
        format!("{}/closed.png?{SIGNATURE}", script.url()),
        format!("{closed}/nobody.png?{SIGNATURE}"),
        format!("http://results.example/a.png?{SIGNATURE}"),
    ] {
        let dest = dir.path().join("a.png");
        let err = tokio::time::timeout(LIMIT, c.download_result(TaskKind::Image, &link, &dest)).await.expect("ends in time").unwrap_err();
        shown.extend([err.to_string(), format!("{err:?}"), err.user_message()]);
        let options = DownloadOptions { retries: 1, ..DownloadOptions::new(1 << 20) };
        let err = tokio::time::timeout(LIMIT, c.fetch_to_part(&link, &dir.path().join("b.part"), &options, |_| {})).await.expect("ends in time").unwrap_err();
        shown.extend([err.to_string(), format!("{err:?}")]);
    }
    let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("download interrupted"), "the retries were logged: {logged}");
    for text in shown.iter().chain([&logged]) {
        for leak in ["SIGNED-", "Signature", "/go.png", "/gone.png", "/busy.png", "/cut.png", "/nobody.png", "http://", "https://", "169.254"] {
            assert!(!text.contains(leak), "{leak:?} shown or logged: {text}");
        }
    }
}
