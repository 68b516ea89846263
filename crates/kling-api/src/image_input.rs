//! An input picture (animate, end frame, reference image): a public URL, or a local JPG/PNG sent
//! as raw base64. Local files are checked with the API's rules before upload: ≤ 10 MB, JPEG or
//! PNG by content, each side ≥ 300 px, aspect ratio between 1:2.5 and 2.5:1.

use crate::validation::ValidationError;
use base64::Engine;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::io::Read;
use std::path::Path;

pub const MAX_IMAGE_BYTES: u64 = 10 * 1024 * 1024;
pub const MIN_SIDE: u32 = 300;
pub const MAX_ASPECT: f64 = 2.5;

#[derive(Clone, PartialEq, Eq)]
pub enum ImageInput {
    Url(String),
    /// Standard base64 of the file's bytes, with no `data:` prefix.
    Base64(String),
}

impl ImageInput {
    pub fn from_file(path: &Path) -> Result<Self, ValidationError> {
        let shown = path.display();
        let bad = |message: String| ValidationError::new("image", message);
        let meta = std::fs::metadata(path).map_err(|e| bad(format!("cannot read {shown}: {}", os_reason(&e))))?;
        if !meta.is_file() {
            return Err(bad(format!("{shown} is not a file")));
        }
        // The size first: an 11 MB file is refused without being read or decoded.
        if meta.len() > MAX_IMAGE_BYTES {
            return Err(bad(format!("{shown} is {:.1} MB; the limit is 10 MB", meta.len() as f64 / (1024.0 * 1024.0))));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_IMAGE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| bad(format!("cannot read {shown}: {}", os_reason(&e))))?;
        Self::from_bytes(&bytes, &shown.to_string())
    }

    /// Checks picture bytes (named `name` in messages) and encodes them.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Self, ValidationError> {
        let bad = |message: String| ValidationError::new("image", message);
        if bytes.len() as u64 > MAX_IMAGE_BYTES {
            return Err(bad(format!("{name} is {:.1} MB; the limit is 10 MB", bytes.len() as f64 / (1024.0 * 1024.0))));
        }
        let format = image::guess_format(bytes).ok();
        if !matches!(format, Some(image::ImageFormat::Png | image::ImageFormat::Jpeg)) {
            return Err(bad(format!("{name} is not a JPG or PNG picture")));
        }
        let (w, h) = image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| bad(format!("{name} cannot be read: {e}")))?
            .into_dimensions()
            .map_err(|e| bad(format!("{name} is damaged or incomplete ({e})")))?;
        if w < MIN_SIDE || h < MIN_SIDE {
            return Err(bad(format!("{name} is {w}×{h} px; each side must be at least {MIN_SIDE} px")));
        }
        let ratio = f64::from(w.max(h)) / f64::from(w.min(h));
        if ratio > MAX_ASPECT {
            let shape = if w >= h { format!("{ratio:.2}:1") } else { format!("1:{ratio:.2}") };
            return Err(bad(format!("{name} has an aspect ratio of {shape}; it must be between 1:2.5 and 2.5:1")));
        }
        // Decode the whole picture too: a truncated file has a fine header and a broken body.
        image::load_from_memory(bytes).map_err(|e| bad(format!("{name} is damaged or incomplete ({e})")))?;
        Ok(ImageInput::Base64(base64::engine::general_purpose::STANDARD.encode(bytes)))
    }

    pub fn from_url(url: &str) -> Result<Self, ValidationError> {
        let parsed = url::Url::parse(url.trim()).map_err(|_| ValidationError::new("image", format!("{url:?} is not a valid URL")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(ValidationError::new("image", format!("{url:?} must be an http(s) URL that Kling can reach")));
        }
        Ok(ImageInput::Url(parsed.to_string()))
    }

    /// A URL when it looks like one, otherwise a local file.
    pub fn from_path_or_url(text: &str) -> Result<Self, ValidationError> {
        if text.starts_with("http://") || text.starts_with("https://") {
            Self::from_url(text)
        } else if text.starts_with("data:") {
            Err(ValidationError::new("image", "give a file or a URL; data: URLs are not accepted"))
        } else {
            Self::from_file(Path::new(text))
        }
    }

    pub fn as_wire_str(&self) -> &str {
        match self {
            ImageInput::Url(s) | ImageInput::Base64(s) => s,
        }
    }

    pub(crate) fn check(&self, field: &str) -> Result<(), ValidationError> {
        match self {
            ImageInput::Base64(s) if s.starts_with("data:") => {
                Err(ValidationError::new(field, "must be raw base64 without a data: prefix"))
            }
            ImageInput::Base64(s) if s.is_empty() => Err(ValidationError::new(field, "is empty")),
            ImageInput::Url(u) => Self::from_url(u).map(|_| ()).map_err(|e| ValidationError::new(field, e.message)),
            _ => Ok(()),
        }
    }
}

fn os_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

impl fmt::Debug for ImageInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageInput::Url(u) => write!(f, "Url({u})"),
            ImageInput::Base64(b) => {
                // The decoded size, without decoding: 3 bytes per 4 characters, less the padding.
                let padding = b.bytes().rev().take_while(|c| *c == b'=').count().min(2);
                write!(f, "Base64(<{} bytes>)", (b.len() / 4 * 3).saturating_sub(padding))
            }
        }
    }
}

impl Serialize for ImageInput {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_wire_str())
    }
}

impl<'de> Deserialize<'de> for ImageInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(if text.starts_with("http://") || text.starts_with("https://") { ImageInput::Url(text) } else { ImageInput::Base64(text) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_image(dir: &Path, name: &str, w: u32, h: u32) -> std::path::PathBuf {
        let path = dir.join(name);
        image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 7])).save(&path).unwrap();
        path
    }

    #[test]
    fn good_png_and_jpeg_become_plain_base64_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["ok.png", "ok.jpg"] {
            let path = write_image(dir.path(), name, 640, 480);
            let ImageInput::Base64(b64) = ImageInput::from_file(&path).unwrap() else { panic!("base64 expected") };
            assert!(!b64.starts_with("data:"));
            assert_eq!(base64::engine::general_purpose::STANDARD.decode(b64).unwrap(), std::fs::read(&path).unwrap());
        }
    }

    #[test]
    fn every_rule_names_the_file_and_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let tiny = write_image(dir.path(), "tiny.png", 200, 200);
        let wide = write_image(dir.path(), "wide.png", 900, 300);
        let tall = write_image(dir.path(), "tall.png", 300, 800);
        let huge = dir.path().join("huge.png");
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(11 * 1024 * 1024, 0);
        std::fs::write(&huge, big).unwrap();
        let text = dir.path().join("text.png");
        std::fs::write(&text, "hello").unwrap();
        let cut = dir.path().join("cut.png");
        let whole = std::fs::read(write_image(dir.path(), "whole.png", 400, 400)).unwrap();
        std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
        let missing = dir.path().join("missing.png");

        for (path, needle) in [
            (&tiny, "200×200 px"),
            (&wide, "3.00:1"),
            (&tall, "1:2.67"),
            (&huge, "11.0 MB; the limit is 10 MB"),
            (&text, "not a JPG or PNG"),
            (&cut, "damaged or incomplete"),
            (&missing, "no such file"),
        ] {
            let err = ImageInput::from_file(path).unwrap_err();
            assert_eq!(err.field, "image");
            assert!(err.message.contains(needle), "{}: {err}", path.display());
            assert!(err.message.contains(&path.file_name().unwrap().to_string_lossy().to_string()), "{err}");
        }
    }

    #[test]
    fn urls_must_be_http() {
        assert!(ImageInput::from_url("https://example.com/a.png").is_ok());
        assert!(ImageInput::from_url("ftp://example.com/a.png").is_err());
        assert!(ImageInput::from_path_or_url("data:image/png;base64,AAAA").is_err());
        assert!(ImageInput::Base64("data:image/png;base64,AA".into()).check("image").is_err());
    }

    #[test]
    fn debug_does_not_dump_the_picture() {
        let shown = format!("{:?}", ImageInput::Base64("A".repeat(5000)));
        assert!(shown.len() < 40, "{shown}");
        assert_eq!(format!("{:?}", ImageInput::Base64("QUJDRA==".into())), "Base64(<4 bytes>)");
        assert_eq!(format!("{:?}", ImageInput::Url("https://x.test/a.png".into())), "Url(https://x.test/a.png)");
        assert_eq!(serde_json::to_value(ImageInput::Base64("QUJD".into())).unwrap(), serde_json::json!("QUJD"));
    }
}
