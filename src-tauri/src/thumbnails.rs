//! `thumb://localhost/<item id>`: gallery thumbnails made on demand by the core (and cached in
//! the library's hidden folder; a sound's is its waveform), served off the UI thread.

use crate::state::AppState;
use std::sync::Arc;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, UriSchemeContext, UriSchemeResponder};

pub const SCHEME: &str = "thumb";

/// A gallery asks for every visible tile at once: the decodes take turns, one per core.
static POOL: std::sync::LazyLock<studio::ThumbnailPool> = std::sync::LazyLock::new(studio::ThumbnailPool::for_this_machine);

pub fn handle(ctx: UriSchemeContext<'_, tauri::Wry>, request: Request<Vec<u8>>, responder: UriSchemeResponder) {
    let app = ctx.app_handle().clone();
    let id = percent_decode(request.uri().path().trim_start_matches('/'));
    tauri::async_runtime::spawn(async move {
        let state = app.state::<Arc<AppState>>();
        let library = state.with_session(|s| Ok(s.library.clone())).await;
        let answer = match library {
            Ok(library) => POOL.thumbnail(library, id).await,
            Err(_) => None,
        };
        let response = match answer {
            Some(Ok(bytes)) => Response::builder()
                .status(StatusCode::OK)
                // A JPEG, or a PNG for a sound's waveform.
                .header(header::CONTENT_TYPE, studio::library::thumbnail_mime(&bytes))
                .header(header::CACHE_CONTROL, "max-age=31536000, immutable")
                .body(bytes),
            Some(Err(e)) => {
                tracing::debug!("no thumbnail: {e}");
                Response::builder().status(StatusCode::NOT_FOUND).body(Vec::new())
            }
            None => Response::builder().status(StatusCode::SERVICE_UNAVAILABLE).body(Vec::new()),
        };
        responder.respond(response.expect("a response with valid headers always builds"));
    });
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_decoded_from_the_path() {
        assert_eq!(super::percent_decode("image%3A8275%3A0"), "image:8275:0");
        assert_eq!(super::percent_decode("a+b"), "a+b");
    }
}
