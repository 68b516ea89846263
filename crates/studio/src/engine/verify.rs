//! A downloaded file is accepted only if it is what it claims: the expected length, a media
//! type we keep, and a header that decodes and declares no more pixels than a picture may have.
//! Anything else is discarded and fetched again.

use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Png,
    Jpeg,
    Webp,
    Mp4,
    Mp3,
    Wav,
}

impl Sniffed {
    pub fn ext(self) -> &'static str {
        match self {
            Sniffed::Png => "png",
            Sniffed::Jpeg => "jpg",
            Sniffed::Webp => "webp",
            Sniffed::Mp4 => "mp4",
            Sniffed::Mp3 => "mp3",
            Sniffed::Wav => "wav",
        }
    }

    pub fn is_video(self) -> bool {
        self == Sniffed::Mp4
    }

    pub fn is_audio(self) -> bool {
        matches!(self, Sniffed::Mp3 | Sniffed::Wav)
    }

    /// What it is, in words for an error message.
    pub fn described(self) -> &'static str {
        if self.is_video() {
            "a video"
        } else if self.is_audio() {
            "a sound"
        } else {
            "a picture"
        }
    }
}

/// The media type from the first bytes (never from a name or a header the server sent).
pub fn sniff(head: &[u8]) -> Option<Sniffed> {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Sniffed::Png)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Sniffed::Jpeg)
    } else if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(Sniffed::Webp)
    } else if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WAVE" {
        Some(Sniffed::Wav)
    } else if head.starts_with(b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0 && head[1] & 0x06 != 0) {
        Some(Sniffed::Mp3)
    } else if head.len() >= 8 && &head[4..8] == b"ftyp" {
        Some(Sniffed::Mp4)
    } else {
        None
    }
}

/// Checks a finished download. Returns the media type, or why the file is not acceptable.
pub fn verify(path: &Path, expected_len: Option<u64>) -> Result<Sniffed, String> {
    let len = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if let Some(expected) = expected_len {
        if len != expected {
            return Err(format!("got {len} of {expected} bytes"));
        }
    }
    if len == 0 {
        return Err("the file is empty".into());
    }
    let mut head = [0u8; 16];
    let n = {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| e.to_string())?;
        f.read(&mut head).map_err(|e| e.to_string())?
    };
    let kind = sniff(&head[..n]).ok_or("not a picture, video or sound we know (wrong content type?)")?;
    if kind.is_audio() {
        // Its header and first frames decode (a file that only starts like a sound is refused).
        crate::library::audio::probe(path).map_err(|e| format!("the sound does not open: {e}"))?;
    } else if kind.is_video() {
        crate::library::video::probe(path).map_err(|e| format!("the video does not open: {e}"))?;
    } else {
        // The header only, checked against the pixel limit: nothing in the library may later
        // make a thumbnail decoder allocate what its header claims (a 3 KB file can claim 65,000 × 65,000).
        kling_api::picture_limits::file_dimensions(path).map_err(|e| e.to_string())?;
    }
    Ok(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_reads_content_not_names() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(Sniffed::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Sniffed::Jpeg));
        assert_eq!(sniff(b"\0\0\0\x18ftypisom"), Some(Sniffed::Mp4));
        assert_eq!(sniff(b"<html><body>error</body>"), None);
        assert_eq!(sniff(b"ID3\x04\0\0\0"), Some(Sniffed::Mp3));
        assert_eq!(sniff(&[0xFF, 0xFB, 0x90, 0x64]), Some(Sniffed::Mp3));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WAVEfmt "), Some(Sniffed::Wav));
        assert_eq!(sniff(b"RIFF\x24\0\0\0AVI LIST"), None);
    }

    #[test]
    fn truncated_or_foreign_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("a.png");
        image::RgbImage::new(40, 30).save(&png).unwrap();
        let len = std::fs::metadata(&png).unwrap().len();
        assert_eq!(verify(&png, Some(len)), Ok(Sniffed::Png));
        assert!(verify(&png, Some(len + 10)).unwrap_err().contains("of"));

        let html = dir.path().join("b.png");
        std::fs::write(&html, "<html>expired</html>").unwrap();
        assert!(verify(&html, None).is_err());

        let cut = dir.path().join("c.png");
        std::fs::write(&cut, &std::fs::read(&png).unwrap()[..20]).unwrap();
        assert!(verify(&cut, None).is_err(), "a PNG cut inside its header");

        let mp3 = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tone-440hz-1s.mp3")).unwrap();
        let good = dir.path().join("d.part");
        std::fs::write(&good, &mp3).unwrap();
        assert_eq!(verify(&good, Some(mp3.len() as u64)), Ok(Sniffed::Mp3));
        let fake = dir.path().join("e.part");
        std::fs::write(&fake, b"ID3\x04\0\0\0\0\0\0 not really a sound at all").unwrap();
        assert!(verify(&fake, None).unwrap_err().contains("the sound does not open"));
    }
}
