//! How large a picture may be before anything decodes it. A picture's header can claim any size
//! over a few bytes of data (a 3 KB JPEG declaring 65,000 × 65,000 pixels, a PNG bomb), and a
//! decoder believes it: the size is checked from the header first, and the decode itself runs
//! under the image crate's [`image::Limits`], so even a decoder that finds more than the header
//! said cannot allocate past the bound. Kling's own results are far smaller (pictures up to 4K,
//! videos up to 4K), and inputs must already be within the API's limits.

use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::{BufRead, Seek};
use std::path::Path;

/// The most pixels a picture may have: 8192 × 8192 (67 megapixels).
pub const MAX_PICTURE_PIXELS: u64 = 8192 * 8192;
/// The longest side a picture may have (a 16384 × 4096 panorama is still fine).
pub const MAX_PICTURE_SIDE: u32 = 16_384;
/// The most one decode may allocate: the largest picture as 8-bit RGBA (256 MB; a PNG with
/// 16-bit channels gets half the pixels). The image crate's own default (512 MB) would let a few
/// pictures decoded side by side take gigabytes.
pub const MAX_DECODE_BYTES: u64 = MAX_PICTURE_PIXELS * 4;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PictureError {
    #[error("the picture is {width}×{height} px, more than a picture may have: at most {} megapixels (e.g. 8192×8192) and {MAX_PICTURE_SIDE} px a side", MAX_PICTURE_PIXELS / 1_000_000)]
    TooLarge { width: u32, height: u32 },
    #[error("the picture does not open: {0}")]
    Unreadable(String),
}

/// Refuses a size over the limits (no pixel is touched).
pub fn check_size(width: u32, height: u32) -> Result<(), PictureError> {
    if u64::from(width) * u64::from(height) > MAX_PICTURE_PIXELS || width > MAX_PICTURE_SIDE || height > MAX_PICTURE_SIDE {
        return Err(PictureError::TooLarge { width, height });
    }
    Ok(())
}

/// The bounds every decode runs under.
pub fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PICTURE_SIDE);
    limits.max_image_height = Some(MAX_PICTURE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

/// The size from the header, refused over the limits: nothing is decoded.
pub fn dimensions<R: BufRead + Seek>(reader: ImageReader<R>) -> Result<(u32, u32), PictureError> {
    let (width, height) = header(reader)?.dimensions();
    check_size(width, height)?;
    Ok((width, height))
}

/// The whole picture: its header checked first, then decoded under [`limits`].
pub fn decode<R: BufRead + Seek>(reader: ImageReader<R>) -> Result<DynamicImage, PictureError> {
    let mut decoder = header(reader)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    decoder.set_limits(limits()).map_err(unreadable)?;
    DynamicImage::from_decoder(decoder).map_err(unreadable)
}

/// [`dimensions`] of a file, its format found from its content.
pub fn file_dimensions(path: &Path) -> Result<(u32, u32), PictureError> {
    dimensions(open(path)?)
}

/// [`decode`] of a file, its format found from its content.
pub fn decode_file(path: &Path) -> Result<DynamicImage, PictureError> {
    decode(open(path)?)
}

/// [`decode`] of bytes in memory.
pub fn decode_bytes(bytes: &[u8]) -> Result<DynamicImage, PictureError> {
    decode(ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(unreadable)?)
}

fn open(path: &Path) -> Result<ImageReader<std::io::BufReader<std::fs::File>>, PictureError> {
    ImageReader::open(path).and_then(|r| r.with_guessed_format()).map_err(unreadable)
}

/// A decoder that has read the header only. The dimension limits are left to [`check_size`]
/// (for its clearer message); the allocation bound holds already while the header is read.
fn header<'a, R: BufRead + Seek + 'a>(mut reader: ImageReader<R>) -> Result<impl ImageDecoder + 'a, PictureError> {
    let mut header_limits = Limits::default();
    header_limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(header_limits);
    reader.into_decoder().map_err(unreadable)
}

fn unreadable(e: impl std::fmt::Display) -> PictureError {
    PictureError::Unreadable(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_within_the_limits_pass_and_others_are_refused() {
        assert_eq!(check_size(8192, 8192), Ok(()));
        assert_eq!(check_size(16_384, 4096), Ok(()));
        assert_eq!(check_size(8193, 8192), Err(PictureError::TooLarge { width: 8193, height: 8192 }));
        assert_eq!(check_size(16_385, 10), Err(PictureError::TooLarge { width: 16_385, height: 10 }));
        assert_eq!(check_size(65_000, 65_000), Err(PictureError::TooLarge { width: 65_000, height: 65_000 }));
    }

    #[test]
    fn a_whole_picture_decodes_under_the_limits() {
        let mut png = std::io::Cursor::new(Vec::new());
        image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8, y as u8, 9])).write_to(&mut png, image::ImageFormat::Png).unwrap();
        let picture = decode_bytes(png.get_ref()).unwrap();
        assert_eq!((picture.width(), picture.height()), (40, 30));
    }
}
