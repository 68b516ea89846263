//! What the library needs from a sound (mp3, wav) without ffmpeg: its length (from the header)
//! and a waveform picture for its tile, drawn from the decoded samples. Read with symphonia (pure
//! Rust, only its MP3 and PCM/WAV parts). Every file is input: the work is bounded (file size,
//! decoded length, tag bytes) and a panic inside the decoder is caught and reported as an error.

use image::{Rgb, RgbImage};
use std::fs::File;
use std::path::Path;
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{DecoderOptions, CODEC_TYPE_NULL};
use symphonia::core::errors::Error as AudioError;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::{Limit, MetadataOptions};
use symphonia::core::probe::Hint;

/// Largest sound file drawn as a waveform (an hour of 320 kbit/s MP3 is 144 MB; a WAV of 10
/// minutes at 48 kHz stereo is 115 MB).
pub const MAX_WAVEFORM_FILE_BYTES: u64 = 256 << 20;
/// The waveform shows at most this much sound (decoding stops there): a tile needs no more.
pub const MAX_DECODED_SECS: u64 = 600;
/// The waveform tile's size in pixels (the gallery's tiles are at most 384 wide).
pub const WAVEFORM_WIDTH: u32 = 384;
pub const WAVEFORM_HEIGHT: u32 = 192;
/// Samples folded into one (min, max) pair while decoding: the picture is drawn from the pairs.
const BLOCK_FRAMES: usize = 256;
/// Packets tried for one that decodes before a file is taken for no sound.
const FIRST_FRAMES: u32 = 16;
const BACKGROUND: Rgb<u8> = Rgb([22, 24, 30]);
/// The colour of the wave: pixels of this colour are the waveform, nothing else is drawn in it.
pub const WAVE: Rgb<u8> = Rgb([110, 180, 255]);

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AudioInfo {
    pub duration_ms: u64,
    pub sample_rate: u32,
    pub channels: u32,
}

/// The sound's length and format, read from its header (MP3: the Xing/Info frame, with the
/// encoder's delay and padding left out; WAV: the data size), once its first frames decode (so a
/// file that only looks like a sound is refused). An MP3 without such a header has its frames
/// counted (packet headers only, nothing more decoded), when it is no larger than
/// [`MAX_WAVEFORM_FILE_BYTES`].
pub fn probe(path: &Path) -> Result<AudioInfo, String> {
    guarded(|| {
        let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
        let (mut format, track_id) = open(path)?;
        let params = format.tracks().iter().find(|t| t.id == track_id).map(|t| t.codec_params.clone()).ok_or("no sound track")?;
        let sample_rate = params.sample_rate.filter(|r| *r > 0).ok_or("no sample rate in the header")?;
        let channels = params.channels.map_or(0, |c| c.count() as u32);
        if params.n_frames.is_none() && size > MAX_WAVEFORM_FILE_BYTES {
            return Err(format!("its header does not say its length, and at {} MB it is too large to measure", size >> 20));
        }
        let mut decoder = symphonia::default::get_codecs().make(&params, &DecoderOptions::default()).map_err(|e| format!("a sound this app cannot decode ({e})"))?;
        let (mut counted, mut heard, mut tries) = (0u64, false, 0);
        loop {
            match format.next_packet() {
                Ok(packet) if packet.track_id() == track_id => {
                    counted = counted.saturating_add(packet.dur);
                    if !heard {
                        tries += 1;
                        heard = decoder.decode(&packet).is_ok();
                        if !heard && tries == FIRST_FRAMES {
                            break;
                        }
                    }
                    if heard && params.n_frames.is_some() {
                        break;
                    }
                }
                Ok(_) => {}
                Err(AudioError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                Err(e) if !heard => return Err(format!("a broken sound stream ({e})")),
                Err(_) => break,
            }
        }
        if !heard {
            return Err("no sound could be decoded from its first frames".into());
        }
        let frames = params.n_frames.unwrap_or(counted);
        Ok(AudioInfo { duration_ms: frames.saturating_mul(1000) / u64::from(sample_rate), sample_rate, channels })
    })
}

/// The waveform of the sound's first [`MAX_DECODED_SECS`] seconds: for each column of the
/// picture, a line from its lowest to its highest sample. Silence draws a flat line in the middle.
pub fn waveform(path: &Path) -> Result<RgbImage, String> {
    guarded(|| {
        let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
        if size > MAX_WAVEFORM_FILE_BYTES {
            return Err(format!("the sound file is {} MB, more than the {} MB drawn as a waveform", size >> 20, MAX_WAVEFORM_FILE_BYTES >> 20));
        }
        let blocks = decoded_blocks(path)?;
        if blocks.is_empty() {
            return Err("no sound could be decoded from it".into());
        }
        Ok(draw(&blocks))
    })
}

/// Runs a read of an untrusted file, turning a panic inside the decoder into an error.
fn guarded<T>(read: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| Err("the sound decoder failed on this file".into()))
}

fn open(path: &Path) -> Result<(Box<dyn FormatReader>, u32), String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(&ext.to_ascii_lowercase());
    }
    // Tags (ID3, RIFF INFO) are not shown: keep little of them, and no embedded pictures.
    let metadata = MetadataOptions { limit_metadata_bytes: Limit::Maximum(64 << 10), limit_visual_bytes: Limit::Maximum(0) };
    let formats = FormatOptions { enable_gapless: true, ..Default::default() };
    let probed = symphonia::default::get_probe().format(&hint, stream, &formats, &metadata).map_err(|e| format!("not a readable MP3 or WAV ({e})"))?;
    let format = probed.format;
    let track_id = format.tracks().iter().find(|t| t.codec_params.codec != CODEC_TYPE_NULL).map(|t| t.id).ok_or("no sound track")?;
    Ok((format, track_id))
}

/// (min, max) of each [`BLOCK_FRAMES`] frames, all channels together, as decoded.
fn decoded_blocks(path: &Path) -> Result<Vec<(f32, f32)>, String> {
    let (mut format, track_id) = open(path)?;
    let params = format.tracks().iter().find(|t| t.id == track_id).map(|t| t.codec_params.clone()).ok_or("no sound track")?;
    let sample_rate = params.sample_rate.filter(|r| *r > 0).ok_or("no sample rate in the header")?;
    let max_frames = u64::from(sample_rate) * MAX_DECODED_SECS;
    let mut decoder = symphonia::default::get_codecs().make(&params, &DecoderOptions::default()).map_err(|e| format!("a sound this app cannot decode ({e})"))?;
    let mut blocks = Vec::new();
    let (mut low, mut high, mut in_block, mut frames) = (0f32, 0f32, 0usize, 0u64);
    while frames < max_frames {
        let packet = match format.next_packet() {
            Ok(packet) => packet,
            Err(AudioError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(AudioError::ResetRequired) => break,
            // A cut or damaged stream: draw what was read.
            Err(_) => break,
        };
        if packet.track_id() != track_id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(decoded) => decoded,
            // A damaged packet is skipped, as players do.
            Err(AudioError::DecodeError(_)) => continue,
            Err(_) => break,
        };
        let spec = *decoded.spec();
        let channels = spec.channels.count().max(1);
        // A packet's frames are bounded by its codec (1152 for MP3, the reader's packet size for WAV).
        let mut samples = SampleBuffer::<f32>::new(decoded.capacity() as u64, spec);
        samples.copy_interleaved_ref(decoded);
        for frame in samples.samples().chunks(channels) {
            for &s in frame {
                let s = if s.is_finite() { s.clamp(-1.0, 1.0) } else { 0.0 };
                if in_block == 0 {
                    (low, high) = (s, s);
                }
                low = low.min(s);
                high = high.max(s);
            }
            in_block += 1;
            if in_block == BLOCK_FRAMES {
                blocks.push((low, high));
                in_block = 0;
            }
            frames += 1;
            if frames >= max_frames {
                break;
            }
        }
    }
    if in_block > 0 {
        blocks.push((low, high));
    }
    Ok(blocks)
}

fn draw(blocks: &[(f32, f32)]) -> RgbImage {
    let (w, h) = (WAVEFORM_WIDTH, WAVEFORM_HEIGHT);
    let mut picture = RgbImage::from_pixel(w, h, BACKGROUND);
    let mid = (h / 2) as f32;
    let half = (h / 2 - 1) as f32;
    let n = blocks.len();
    for x in 0..w as usize {
        // The blocks this column covers (at least one: a short sound is stretched).
        let first = x * n / w as usize;
        let last = ((x + 1) * n / w as usize).max(first + 1).min(n);
        let (low, high) = blocks[first..last].iter().fold((f32::MAX, f32::MIN), |(l, h), &(bl, bh)| (l.min(bl), h.max(bh)));
        let top = (mid - high * half).round().clamp(0.0, (h - 1) as f32) as u32;
        let bottom = (mid - low * half).round().clamp(0.0, (h - 1) as f32) as u32;
        for y in top..=bottom {
            picture.put_pixel(x as u32, y, WAVE);
        }
    }
    picture
}
