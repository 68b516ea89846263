//! Gallery thumbnails: small JPEGs in the hidden folder (a sound's waveform: a PNG, sharp lines on
//! one colour), made once per item and remade when the media file is newer than its thumbnail.

use super::{Item, Library, LibraryError, MediaType};
use crate::atomic;
use kling_api::picture_limits;
use sha2::{Digest, Sha256};
use std::io::Cursor;
use std::path::PathBuf;

/// Longest side in pixels: sharp on a HiDPI grid cell, small enough to load by the hundred.
pub const THUMB_SIZE: u32 = 384;

pub(crate) fn thumb_path(library: &Library, id: &str, media: MediaType) -> PathBuf {
    let digest = Sha256::digest(id.as_bytes());
    let name: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
    let ext = if media == MediaType::Audio { "png" } else { "jpg" };
    library.thumbs_dir().join(format!("{name}.{ext}"))
}

pub(crate) fn ensure(library: &Library, item: &Item) -> Result<PathBuf, LibraryError> {
    let thumb = thumb_path(library, &item.id, item.media);
    let media = library.absolute(&item.rel_path)?;
    let media_time = std::fs::metadata(&media).and_then(|m| m.modified()).map_err(|e| LibraryError::io("cannot read", &media, e))?;
    if let Ok(thumb_time) = std::fs::metadata(&thumb).and_then(|m| m.modified()) {
        if thumb_time >= media_time {
            return Ok(thumb);
        }
    }
    let jpeg = match item.media {
        MediaType::Image => picture_thumbnail(&media)?,
        MediaType::Video => {
            let frame = super::video::poster_frame(&media).map_err(|detail| LibraryError::Thumbnail { path: media.clone(), detail })?;
            encode(&image::DynamicImage::ImageRgb8(frame), &media)?
        }
        MediaType::Audio => waveform_png(&media)?,
    };
    atomic::write(&thumb, &jpeg).map_err(|e| LibraryError::io("cannot write", &thumb, e))?;
    Ok(thumb)
}

/// Decodes a picture and scales it down to fit THUMB_SIZE, as JPEG quality 80. The header is
/// checked against the pixel limit first and the decode runs under the image crate's Limits, so a
/// file claiming 65,000 × 65,000 pixels is refused without being decoded.
pub fn picture_thumbnail(path: &std::path::Path) -> Result<Vec<u8>, LibraryError> {
    let fail = |e: picture_limits::PictureError| LibraryError::Thumbnail { path: path.to_path_buf(), detail: e.to_string() };
    picture_limits::file_dimensions(path).map_err(fail)?;
    if let Some(picture) = jpeg_shrunk_on_load(path) {
        return encode(&picture, path);
    }
    encode(&picture_limits::decode_file(path).map_err(fail)?, path)
}

/// A baseline JPEG decoded straight at the smallest DCT scale (1/2, 1/4, 1/8) that still covers
/// the thumbnail, as libvips does. None for anything else (other formats, CMYK, progressive files,
/// errors): the full decoder, under the image crate's Limits, then takes over and reports problems
/// in its own words. Progressive files are left to it because this decoder sizes a progressive
/// file's coefficient buffers from the header, whatever the scale, and its buffer limit only
/// bounds the output.
fn jpeg_shrunk_on_load(path: &std::path::Path) -> Option<image::DynamicImage> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut magic = [0u8; 3];
    std::io::Read::read_exact(&mut file, &mut magic).ok()?;
    if magic != [0xFF, 0xD8, 0xFF] {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let mut decoder = jpeg_decoder::Decoder::new(std::io::BufReader::new(file));
    decoder.set_max_decoding_buffer_size(picture_limits::MAX_DECODE_BYTES as usize);
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    // This decoder's own reading of the header must pass the limit too.
    if info.coding_process != jpeg_decoder::CodingProcess::DctSequential || picture_limits::check_size(info.width.into(), info.height.into()).is_err() {
        return None;
    }
    let side = THUMB_SIZE as u16;
    let (w, h) = decoder.scale(side, side).ok()?;
    let pixels = decoder.decode().ok()?;
    match decoder.info()?.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => image::RgbImage::from_raw(w.into(), h.into(), pixels).map(image::DynamicImage::ImageRgb8),
        jpeg_decoder::PixelFormat::L8 => image::GrayImage::from_raw(w.into(), h.into(), pixels).map(image::DynamicImage::ImageLuma8),
        _ => None,
    }
}

/// The media type of a thumbnail's bytes, for whoever serves it: JPEG, or PNG for a waveform.
pub fn thumbnail_mime(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else {
        "image/jpeg"
    }
}

/// The sound's waveform (see `audio::waveform`) as PNG.
pub fn waveform_png(path: &std::path::Path) -> Result<Vec<u8>, LibraryError> {
    let fail = |detail: String| LibraryError::Thumbnail { path: path.to_path_buf(), detail };
    let picture = super::audio::waveform(path).map_err(fail)?;
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).map_err(|e| fail(e.to_string()))?;
    Ok(out.into_inner())
}

fn encode(picture: &image::DynamicImage, path: &std::path::Path) -> Result<Vec<u8>, LibraryError> {
    let fail = |detail: String| LibraryError::Thumbnail { path: path.to_path_buf(), detail };
    // Small pictures stay as they are: enlarging only blurs them and wastes space.
    let small = if picture.width() <= THUMB_SIZE && picture.height() <= THUMB_SIZE {
        picture.to_rgb8()
    } else {
        picture.thumbnail(THUMB_SIZE, THUMB_SIZE).to_rgb8()
    };
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&small).map_err(|e| fail(e.to_string()))?;
    Ok(out.into_inner())
}
