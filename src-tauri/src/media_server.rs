//! Library videos for the webview, over HTTP on 127.0.0.1. WebKitGTK hands `<video>` URLs to
//! GStreamer, which has no handler for custom schemes (asset://), so on Linux a clip served by
//! the asset protocol never plays (WebKit bug 146351). This server answers only on loopback, only
//! under a random per-run token, only GET/HEAD, only files inside the open library, with Range
//! support (seeking) from tower-http's ServeDir, which also refuses `..` paths. It answers CORS
//! for the app's own page only (`crossorigin` on the detail <video>), so the page may read the
//! clip's sound samples (Web Audio gives silence for media of another origin without it).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use tower::ServiceExt;
use tower_http::services::ServeDir;

#[derive(Clone)]
pub struct MediaServer {
    base: String,
    root: Arc<RwLock<Option<PathBuf>>>,
}

#[derive(Clone)]
struct Shared {
    token: String,
    root: Arc<RwLock<Option<PathBuf>>>,
}

impl MediaServer {
    pub async fn start() -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        let token = uuid::Uuid::new_v4().simple().to_string();
        let root = Arc::new(RwLock::new(None));
        let shared = Shared { token: token.clone(), root: root.clone() };
        let app = Router::new().route("/{token}/{*path}", get(serve)).with_state(shared).layer(app_page_only());
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!("the media server stopped: {e}");
            }
        });
        Ok(Self { base: format!("http://127.0.0.1:{port}/{token}"), root })
    }

    /// The URL prefix for library files: `{base}/{path relative to the library}`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Serves this library from now on (the session changed).
    pub fn set_root(&self, root: PathBuf) {
        *self.root.write().unwrap_or_else(|p| p.into_inner()) = Some(root);
    }
}

/// CORS for the app's page: `tauri://localhost` (Linux, macOS), `http://tauri.localhost`
/// (Windows), and the dev server's page. Any other page gets no CORS header.
fn app_page_only() -> tower_http::cors::CorsLayer {
    use axum::http::HeaderValue;
    let origins = ["tauri://localhost", "http://tauri.localhost", "https://tauri.localhost", "http://localhost:1420"];
    tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::AllowOrigin::list(origins.map(HeaderValue::from_static)))
        .allow_methods([axum::http::Method::GET, axum::http::Method::HEAD])
        .allow_headers([axum::http::header::RANGE])
}

async fn serve(State(shared): State<Shared>, Path((token, path)): Path<(String, String)>, request: Request<Body>) -> Response {
    if token != shared.token {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(root) = shared.root.read().unwrap_or_else(|p| p.into_inner()).clone() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    // ServeDir sees only the part after the token.
    let (mut parts, body) = request.into_parts();
    let rest = format!("/{path}");
    parts.uri = match rest.parse() {
        Ok(uri) => uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    };
    match ServeDir::new(root).oneshot(Request::from_parts(parts, body)).await {
        Ok(response) => response.into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(url: &str, range: Option<&str>) -> (u16, String) {
        let mut request = reqwest::Client::new().get(url);
        if let Some(range) = range {
            request = request.header("Range", range);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap_or_default())
    }

    #[tokio::test]
    async fn serves_library_files_with_ranges_only_under_its_token() {
        let dir = tempfile::tempdir().unwrap();
        let library = dir.path().join("library");
        std::fs::create_dir_all(library.join("2026-11")).unwrap();
        std::fs::write(library.join("2026-11/clip.mp4"), b"0123456789").unwrap();
        std::fs::write(dir.path().join("outside.txt"), b"secret").unwrap();
        let server = MediaServer::start().await.unwrap();
        assert!(server.base().starts_with("http://127.0.0.1:"));
        let clip = format!("{}/2026-11/clip.mp4", server.base());
        assert_eq!(get(&clip, None).await.0, 503, "no library yet");
        server.set_root(library.clone());
        assert_eq!(get(&clip, Some("bytes=2-5")).await, (206, "2345".to_string()));
        assert_eq!(get(&clip, None).await, (200, "0123456789".to_string()));
        let port_and_token = server.base().rsplit_once('/').unwrap();
        let wrong = format!("{}/{}/2026-11/clip.mp4", port_and_token.0, "0".repeat(32));
        assert_eq!(get(&wrong, None).await.0, 404, "a wrong token finds nothing");
        for escape in ["%2e%2e/outside.txt", "2026-11/%2e%2e/%2e%2e/outside.txt", "..%2foutside.txt"] {
            let (status, body) = get(&format!("{}/{escape}", server.base()), None).await;
            assert!(status != 200 && !body.contains("secret"), "{escape}: {status} {body}");
        }
    }

    #[tokio::test]
    async fn cors_answers_the_app_page_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("clip.mp4"), b"0123456789").unwrap();
        let server = MediaServer::start().await.unwrap();
        server.set_root(dir.path().to_path_buf());
        let allowed = |origin: &'static str| {
            let url = format!("{}/clip.mp4", server.base());
            async move {
                let response = reqwest::Client::new().get(url).header("Origin", origin).send().await.unwrap();
                response.headers().get("access-control-allow-origin").map(|v| v.to_str().unwrap().to_string())
            }
        };
        assert_eq!(allowed("tauri://localhost").await.as_deref(), Some("tauri://localhost"));
        assert_eq!(allowed("https://evil.example").await, None, "another page may not read library files");
    }
}
