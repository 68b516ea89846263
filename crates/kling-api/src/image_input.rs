//! An input picture (animate, end frame, reference image): a public URL, or a local JPG/PNG sent
//! as raw base64. Local files are checked with the API's rules before upload: ≤ 10 MB, JPEG or
//! PNG by content, each side ≥ 300 px, aspect ratio between 1:2.5 and 2.5:1.

use crate::picture_limits;
use crate::picture_source::{is_web_address, PictureSource};
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
    /// Checks a local picture and encodes it. Symbolic links are followed: the content is what
    /// counts (and the engine copies it into the library, so a job never depends on the link).
    /// Anything but a regular file (a folder, a device such as /dev/zero, a pipe) is refused from
    /// its metadata, before it is opened, so nothing can hang or read without end.
    pub fn from_file(path: &Path) -> Result<Self, ValidationError> {
        let shown = path.display().to_string();
        let bad = |message: String| ValidationError::new("image", message);
        let cannot_read = |e: std::io::Error| bad(format!("cannot read {shown}: {}", os_reason(&e)));
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            // A link whose target is gone reads as "no such file", which the person can see is wrong.
            Err(e) if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) && e.kind() == std::io::ErrorKind::NotFound => {
                return Err(bad(format!("{shown} is a link to a file that does not exist")));
            }
            Err(e) => return Err(cannot_read(e)),
        };
        check_regular_file(&meta, &shown)?;
        let file = std::fs::File::open(path).map_err(cannot_read)?;
        // What was opened may not be what was looked at (the path can change in between).
        check_regular_file(&file.metadata().map_err(cannot_read)?, &shown)?;
        let mut bytes = Vec::with_capacity(meta.len().min(MAX_IMAGE_BYTES + 1) as usize);
        file.take(MAX_IMAGE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot_read)?;
        Self::from_bytes(&bytes, &shown)
    }

    /// Checks picture bytes (named `name` in messages) and encodes them.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Self, ValidationError> {
        let bad = |message: String| ValidationError::new("image", message);
        if bytes.len() as u64 > MAX_IMAGE_BYTES {
            return Err(bad(too_big(name, bytes.len() as u64)));
        }
        let format = match image::guess_format(bytes) {
            Ok(format @ (image::ImageFormat::Png | image::ImageFormat::Jpeg)) => format,
            Ok(other) => {
                let kind = other.extensions_str().first().map(|e| e.to_ascii_uppercase()).unwrap_or_else(|| "different".into());
                return Err(bad(format!("{name} is a {kind} picture; Kling takes only JPG or PNG, so convert it first")));
            }
            Err(_) => return Err(bad(format!("{name} is not a JPG or PNG picture"))),
        };
        // The header alone gives the size: no pixel is decoded (or allocated) before the rules pass.
        let (w, h) = image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| bad(format!("{name} cannot be read: {e}")))?
            .into_dimensions()
            .map_err(|e| bad(format!("{name} is damaged or incomplete ({e})")))?;
        // Kling sets no upper size, but decoding is needed to find a truncated file: the shared
        // pixel limit bounds what that may allocate, whatever a header claims.
        if picture_limits::check_size(w, h).is_err() {
            let most = picture_limits::MAX_PICTURE_PIXELS / 1_000_000;
            return Err(bad(format!("{name} is {w}×{h} px; pictures may have at most {most} megapixels (e.g. 8192×8192), so scale it down")));
        }
        if w < MIN_SIDE || h < MIN_SIDE {
            return Err(bad(format!("{name} is {w}×{h} px; each side must be at least {MIN_SIDE} px")));
        }
        let ratio = f64::from(w.max(h)) / f64::from(w.min(h));
        if ratio > MAX_ASPECT {
            let shape = if w >= h { format!("{ratio:.2}:1") } else { format!("1:{ratio:.2}") };
            return Err(bad(format!("{name} has an aspect ratio of {shape}; it must be between 1:2.5 and 2.5:1")));
        }
        // Decode the whole picture too: a truncated file has a fine header and a broken body.
        // A cut JPEG decodes without complaint (grey fill), so its segments are walked as well.
        // The decode runs under the image crate's Limits too, whatever the decoder finds past the header.
        picture_limits::decode_bytes(bytes).map_err(|e| match e {
            picture_limits::PictureError::Unreadable(why) => bad(format!("{name} is damaged or incomplete ({why})")),
            too_large => bad(format!("{name}: {too_large}")),
        })?;
        if format == image::ImageFormat::Jpeg {
            crate::jpeg_end::check_complete(bytes).map_err(|why| bad(format!("{name} is damaged or incomplete ({why})")))?;
        }
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
        match PictureSource::parse(text) {
            PictureSource::Url(url) => Self::from_url(&url),
            PictureSource::Path(path) if path.to_string_lossy().starts_with("data:") => {
                Err(ValidationError::new("image", "give a file or a URL; data: URLs are not accepted"))
            }
            PictureSource::Path(path) => Self::from_file(&path),
        }
    }

    pub fn as_wire_str(&self) -> &str {
        match self {
            ImageInput::Url(s) | ImageInput::Base64(s) => s,
        }
    }

    pub(crate) fn check(&self, field: &str) -> Result<(), ValidationError> {
        match self {
            ImageInput::Base64(s) if s.starts_with("data:") => Err(ValidationError::new(field, "must be raw base64 without a data: prefix")),
            ImageInput::Base64(s) if s.is_empty() => Err(ValidationError::new(field, "is empty")),
            ImageInput::Url(u) => Self::from_url(u).map(|_| ()).map_err(|e| ValidationError::new(field, e.message)),
            _ => Ok(()),
        }
    }
}

/// A folder, a device (/dev/zero), a pipe or a socket is refused before it is opened; so is a
/// file over the size limit.
fn check_regular_file(meta: &std::fs::Metadata, shown: &str) -> Result<(), ValidationError> {
    let bad = |message: String| ValidationError::new("image", message);
    if meta.is_dir() {
        return Err(bad(format!("{shown} is a folder; choose a JPG or PNG file")));
    }
    if !meta.is_file() {
        return Err(bad(format!("{shown} is not a regular file (a device, pipe or socket); choose a JPG or PNG file")));
    }
    // The size first: an 11 MB file is refused without being read or decoded.
    if meta.len() > MAX_IMAGE_BYTES {
        return Err(bad(too_big(shown, meta.len())));
    }
    Ok(())
}

fn too_big(name: &str, bytes: u64) -> String {
    format!("{name} is {:.1} MB; the limit is 10 MB", bytes as f64 / (1024.0 * 1024.0))
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
        Ok(if is_web_address(&text) { ImageInput::Url(text) } else { ImageInput::Base64(text) })
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
