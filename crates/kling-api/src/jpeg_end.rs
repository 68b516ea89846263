//! Whether a JPEG file is whole. The decoder fills a cut-off JPEG with grey and reports no error,
//! so a truncated photo would be uploaded and animated as half a picture. Walking the file's
//! segments to its end-of-image marker finds the cut without decoding anything.

/// Ok when the segments run from start-of-image to an end-of-image marker; otherwise why not.
/// Bytes after the end marker (camera trailers, motion photos) are allowed.
pub(crate) fn check_complete(bytes: &[u8]) -> Result<(), &'static str> {
    const CUT: &str = "it ends before its last segment";
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("it does not start like a JPEG");
    }
    let mut at = 2;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return Err(if at >= bytes.len() { CUT } else { "its segments are out of order" });
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1; // fill bytes before a marker
        }
        let Some(&marker) = bytes.get(at) else { return Err(CUT) };
        at += 1;
        match marker {
            0xD9 => return Ok(()),
            0x01 | 0xD0..=0xD7 => continue, // markers without a length
            _ => {}
        }
        let Some(len) = bytes.get(at..at + 2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]]))) else { return Err(CUT) };
        if len < 2 {
            return Err("its segments are out of order");
        }
        at += len;
        if at > bytes.len() {
            return Err(CUT);
        }
        if marker == 0xDA {
            // Entropy-coded data follows a start-of-scan: it runs to the next marker that is not
            // a stuffed 0xFF00 or a restart marker.
            loop {
                let Some(offset) = bytes[at..].iter().position(|&b| b == 0xFF) else { return Err(CUT) };
                at += offset;
                match bytes.get(at + 1) {
                    None => return Err(CUT),
                    Some(0x00 | 0xD0..=0xD7 | 0xFF) => at += 1,
                    Some(_) => break,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7 % 256) as u8, (y * 3 % 256) as u8, 90]));
        let mut out = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_whole_jpeg_passes_and_every_cut_is_found() {
        let whole = jpeg(400, 300);
        assert_eq!(check_complete(&whole), Ok(()));
        let mut trailer = whole.clone();
        trailer.extend_from_slice(b"camera maker's trailer");
        assert_eq!(check_complete(&trailer), Ok(()), "bytes after the end marker are allowed");
        for cut in [whole.len() - 1, whole.len() - 2, whole.len() * 9 / 10, whole.len() / 2, 600, 20, 3] {
            assert!(check_complete(&whole[..cut]).is_err(), "cut at {cut} of {} passed", whole.len());
        }
    }

    #[test]
    fn garbage_is_refused_without_panicking() {
        assert!(check_complete(b"").is_err());
        assert!(check_complete(b"\xFF\xD8").is_err());
        assert!(check_complete(b"\xFF\xD8\xFF\xE0\x00\x01").is_err(), "a length below two");
        assert!(check_complete(b"\xFF\xD8\xFF\xE0\xFF\xFF").is_err(), "a length past the end");
        assert!(check_complete(b"\xFF\xD8\x00\x00").is_err());
        assert_eq!(check_complete(b"\xFF\xD8\xFF\xD9"), Ok(()));
    }
}
