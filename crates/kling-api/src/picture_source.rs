//! Where an input picture comes from, as a person typed it or a record stored it: a web address
//! (sent to Kling as is) or a file path. One reading for the CLI, the app and the engine, so a
//! string is never a URL to one of them and a file name to another.

use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PictureSource {
    /// An `http://` or `https://` address (checked further when it is used).
    Url(String),
    /// Anything else: a file path (absolute, relative to the working folder, or to the library
    /// for stored references).
    Path(PathBuf),
}

impl PictureSource {
    /// Surrounding whitespace (a pasted value) is dropped; the scheme is matched in any case.
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        if is_web_address(text) {
            PictureSource::Url(text.to_string())
        } else {
            PictureSource::Path(PathBuf::from(text))
        }
    }
}

/// Whether `text` starts like an http(s) address. Base64 never does (it has no `:`).
pub fn is_web_address(text: &str) -> bool {
    let text = text.trim_start().as_bytes();
    [&b"http://"[..], &b"https://"[..]].iter().any(|scheme| text.len() >= scheme.len() && text[..scheme.len()].eq_ignore_ascii_case(scheme))
}

/// `text` as an absolute http(s) URL with a host, the only kind of link sent to or taken from
/// Kling (input pictures, result links, webhooks, the API host); `None` for anything else.
pub fn web_url(text: &str) -> Option<url::Url> {
    url::Url::parse(text.trim()).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_and_paths_are_told_apart() {
        let url = |s: &str| PictureSource::Url(s.into());
        let path = |s: &str| PictureSource::Path(PathBuf::from(s));
        assert_eq!(PictureSource::parse("https://cdn.example/a.png"), url("https://cdn.example/a.png"));
        assert_eq!(PictureSource::parse("  HTTP://cdn.example/a.png\n"), url("HTTP://cdn.example/a.png"));
        assert_eq!(PictureSource::parse("http://"), url("http://"), "a broken address is still an address, refused as one");
        assert_eq!(PictureSource::parse("photos/cat.png"), path("photos/cat.png"));
        assert_eq!(PictureSource::parse("/home/me/http://odd.png"), path("/home/me/http://odd.png"));
        assert_eq!(PictureSource::parse("httpx.png"), path("httpx.png"));
        assert_eq!(PictureSource::parse("ftp://host/a.png"), path("ftp://host/a.png"), "only http(s) reaches Kling");
        assert!(!is_web_address("iVBORw0KGgoAAAANSUhEUg=="));
    }

    #[test]
    fn web_urls_need_an_http_scheme_and_a_host() {
        assert_eq!(web_url(" https://cdn.example/a.png ").unwrap().host_str(), Some("cdn.example"));
        for bad in ["http://", "https://", "ftp://cdn.example/a.png", "file:///etc/passwd", "cdn.example/a.png", "data:image/png;base64,AA=="] {
            assert!(web_url(bad).is_none(), "{bad}");
        }
    }
}
