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
        responder.respond(response(answer));
    });
}

/// The answer to one tile: the thumbnail with its own type, 404 when it cannot be made (a file
/// gone or unreadable), 503 when the session or the pool is not there to make it.
fn response(answer: Option<Result<Vec<u8>, studio::LibraryError>>) -> Response<Vec<u8>> {
    let built = match answer {
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
    built.expect("a response with valid headers always builds")
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use tauri::http::{header, StatusCode};

    #[test]
    fn each_tile_is_served_as_what_it_is() {
        let mut png = Vec::new();
        image::RgbImage::new(4, 2).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        let mut jpeg = Vec::new();
        image::RgbImage::new(4, 2).write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg).unwrap();
        for (bytes, mime) in [(png, "image/png"), (jpeg, "image/jpeg")] {
            let answer = super::response(Some(Ok(bytes.clone())));
            assert_eq!(answer.status(), StatusCode::OK);
            assert_eq!(answer.headers()[header::CONTENT_TYPE], mime);
            assert_eq!(answer.body(), &bytes);
        }
        let missing = super::response(Some(Err(studio::LibraryError::NotFound("image:1:0".into()))));
        assert_eq!((missing.status(), missing.body().len()), (StatusCode::NOT_FOUND, 0));
        assert_eq!(super::response(None).status(), StatusCode::SERVICE_UNAVAILABLE);
    }

    #[test]
    fn ids_are_decoded_from_the_path() {
        assert_eq!(super::percent_decode("image%3A8275%3A0"), "image:8275:0");
        assert_eq!(super::percent_decode("a+b"), "a+b");
    }
}
