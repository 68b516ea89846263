//! A lip-sync's sound file from disk: checked with the API's rules (mp3, wav, m4a or aac by
//! content, at most 5 MB) and read as the raw base64 the API takes.

use base64::Engine as _;
use kling_api::{ValidationError, MAX_SOUND_FILE_BYTES};
use std::io::Read;
use std::path::Path;

/// The file's base64, after its checks. Anything but a regular file is refused from its
/// metadata, before it is opened; at most the limit (plus one byte) is ever read.
pub fn read_sound(path: &Path, field: &str) -> Result<String, ValidationError> {
    let shown = path.display().to_string();
    let bad = |message: String| ValidationError::new(field, message);
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if !crate::library::paths::SOUND_EXTENSIONS.contains(&ext.as_str()) {
        return Err(bad(format!("{shown} must be an .mp3, .wav, .m4a or .aac file")));
    }
    let meta = std::fs::metadata(path).map_err(|e| bad(format!("cannot read {shown}: {e}")))?;
    if !meta.is_file() {
        return Err(bad(format!("{shown} is not a file")));
    }
    if meta.len() > MAX_SOUND_FILE_BYTES {
        return Err(bad(format!("{shown} is {:.1} MB; the limit is 5 MB", meta.len() as f64 / (1024.0 * 1024.0))));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path).and_then(|f| f.take(MAX_SOUND_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(|e| bad(format!("cannot read {shown}: {e}")))?;
    if bytes.len() as u64 > MAX_SOUND_FILE_BYTES {
        return Err(bad(format!("{shown} grew past the 5 MB limit while being read")));
    }
    if sniff(&bytes).is_none() {
        return Err(bad(format!("{shown} is not an mp3, wav, m4a or aac sound")));
    }
    Ok(base64::engine::general_purpose::STANDARD.encode(&bytes))
}

/// The kind of sound the bytes are, by their first bytes: "mp3", "wav", "m4a" or "aac".
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [b'I', b'D', b'3', ..] => Some("mp3"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'A', b'V', b'E', ..] => Some("wav"),
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => Some("m4a"),
        // ADTS (aac) sets layer bits 00; an MPEG audio frame (mp3) sets them non-zero.
        [0xFF, second, ..] if second & 0xF6 == 0xF0 => Some("aac"),
        [0xFF, second, ..] if second & 0xE0 == 0xE0 && second & 0x06 != 0 => Some("mp3"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sounds_are_known_by_content() {
        assert_eq!(sniff(b"ID3\x04rest"), Some("mp3"));
        assert_eq!(sniff(&[0xFF, 0xFB, 0x90, 0x00]), Some("mp3"));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WAVEfmt "), Some("wav"));
        assert_eq!(sniff(b"\0\0\0\x20ftypM4A "), Some("m4a"));
        assert_eq!(sniff(&[0xFF, 0xF1, 0x50, 0x80]), Some("aac"));
        for bad in [&b"\x89PNG\r\n"[..], b"RIFF\0\0\0\0AVI ", b"", b"ID"] {
            assert_eq!(sniff(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_file_is_checked_before_it_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("a.mp3");
        std::fs::write(&good, b"ID3\x04\0\0\0\0\0\0abc").unwrap();
        assert_eq!(read_sound(&good, "sound_file").unwrap(), base64::engine::general_purpose::STANDARD.encode(b"ID3\x04\0\0\0\0\0\0abc"));
        let text = dir.path().join("b.mp3");
        std::fs::write(&text, b"hello").unwrap();
        let e = read_sound(&text, "sound_file").unwrap_err();
        assert_eq!(e.field, "sound_file");
        assert!(e.message.contains("not an mp3"), "{}", e.message);
        let big = dir.path().join("c.wav");
        std::fs::File::create(&big).unwrap().set_len(MAX_SOUND_FILE_BYTES + 1).unwrap();
        assert!(read_sound(&big, "sound_file").unwrap_err().message.contains("the limit is 5 MB"));
        let folder = dir.path().join("d.mp3");
        std::fs::create_dir(&folder).unwrap();
        assert!(read_sound(&folder, "sound_file").unwrap_err().message.contains("not a file"));
        let ogg = dir.path().join("e.ogg");
        std::fs::write(&ogg, b"ID3\x04").unwrap();
        assert!(read_sound(&ogg, "sound_file").unwrap_err().message.contains("must be an .mp3"));
    }
}
