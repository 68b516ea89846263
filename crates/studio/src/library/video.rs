//! What the library needs from a video without ffmpeg: its size and length (from the MP4
//! header) and a poster frame (the first H.264 picture, decoded with openh264, built from source).

mod moov;

use image::RgbImage;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VideoInfo {
    pub width: u32,
    pub height: u32,
    pub duration_ms: u64,
}

/// Samples tried for a poster, and the largest read: a picture at the highest H.264 level
/// compresses to far less.
const POSTER_SAMPLES: usize = 48;
const SAMPLE_LIMIT: u64 = 16 << 20;

/// The H.264 track, as read by mp4parse from the bounded header (see `moov`).
struct Track {
    width: u32,
    height: u32,
    duration_ms: u64,
    /// The `avcC` record: the parameter sets and the size of the samples' NAL length fields.
    avcc: Vec<u8>,
    /// Where the first samples are (offset, size), in order.
    samples: Vec<(u64, u64)>,
}

fn open(path: &Path) -> Result<(File, Track), String> {
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    let len = file.metadata().map_err(|e| e.to_string())?.len();
    let header = moov::read(&mut file, len).map_err(|e| format!("not a readable MP4: {e}"))?;
    let context = mp4parse::read_mp4(&mut std::io::Cursor::new(header)).map_err(|e| format!("not a readable MP4: {e:?}"))?;
    let track = context.tracks.iter().find_map(h264_track).ok_or("no H.264 video track")??;
    Ok((file, track))
}

/// The track when it is H.264 video (`None` otherwise), or why its tables do not add up.
fn h264_track(track: &mp4parse::Track) -> Option<Result<Track, String>> {
    let entry = track.stsd.as_ref()?.descriptions.iter().find_map(|d| match d {
        mp4parse::SampleEntry::Video(v) if v.codec_type == mp4parse::CodecType::H264 => Some(v),
        _ => None,
    })?;
    let mp4parse::VideoCodecSpecific::AVCConfig(avcc) = &entry.codec_specific else { return None };
    let duration_ms = match (track.duration, track.timescale) {
        (Some(d), Some(scale)) if scale.0 > 0 => (u128::from(d.0) * 1000 / u128::from(scale.0)).min(u128::from(u64::MAX)) as u64,
        _ => 0,
    };
    let samples = first_samples(track);
    Some(samples.map(|samples| Track { width: entry.width.into(), height: entry.height.into(), duration_ms, avcc: avcc.to_vec(), samples }))
}

/// The first [`POSTER_SAMPLES`] samples' places, from the chunk offsets (`stco`), the samples per
/// chunk (`stsc`) and the sample sizes (`stsz`).
fn first_samples(track: &mp4parse::Track) -> Result<Vec<(u64, u64)>, String> {
    let (Some(stco), Some(stsc), Some(stsz)) = (&track.stco, &track.stsc, &track.stsz) else { return Err("no sample table".into()) };
    let size_of = |n: usize| if stsz.sample_size > 0 { Some(u64::from(stsz.sample_size)) } else { stsz.sample_sizes.get(n).map(|&s| u64::from(s)) };
    let mut samples = Vec::new();
    let mut rule = 0;
    for (chunk, &offset) in stco.offsets.iter().enumerate() {
        // The stsc rule in force is the last one starting at or before this chunk (numbered from 1).
        while stsc.samples.get(rule + 1).is_some_and(|next| next.first_chunk as usize <= chunk + 1) {
            rule += 1;
        }
        let per_chunk = stsc.samples.get(rule).map_or(0, |r| r.samples_per_chunk);
        let mut at = offset;
        for _ in 0..per_chunk {
            let Some(size) = size_of(samples.len()) else { return Ok(samples) };
            if samples.len() == POSTER_SAMPLES {
                return Ok(samples);
            }
            samples.push((at, size));
            at = at.checked_add(size).ok_or("a sample past the largest file")?;
        }
    }
    Ok(samples)
}

pub fn probe(path: &Path) -> Result<VideoInfo, String> {
    let (_, track) = open(path)?;
    Ok(VideoInfo { width: track.width, height: track.height, duration_ms: track.duration_ms })
}

/// The first picture of the video. Decodes at most a few dozen samples: enough for streams
/// whose first sample is not a picture, bounded so a broken file cannot keep us busy.
pub fn poster_frame(path: &Path) -> Result<RgbImage, String> {
    let (mut file, track) = open(path)?;
    // The size the MP4 header declares passes the pixel limit before the decoder starts; the
    // decoder itself refuses a stream (SPS) larger than H.264 level 5.2 allows (36,864
    // macroblocks, 4096×2304), and the frame it returns is checked again below.
    check_size(track.width, track.height)?;
    let (length_size, parameter_sets) = parameter_sets(&track.avcc)?;
    let mut decoder = openh264::decoder::Decoder::new().map_err(|e| e.to_string())?;
    let mut stream = Vec::new();
    for nal in parameter_sets {
        push_nal(&mut stream, nal);
    }
    let len = file.metadata().map_err(|e| e.to_string())?.len();
    let mut sample = Vec::new();
    for &(offset, size) in &track.samples {
        if size > SAMPLE_LIMIT {
            return Err(format!("a video sample of {size} bytes, more than {SAMPLE_LIMIT}"));
        }
        if offset.checked_add(size).is_none_or(|end| end > len) {
            return Err("a video sample past the end of the file".into());
        }
        sample.resize(size as usize, 0);
        file.seek(SeekFrom::Start(offset)).and_then(|_| file.read_exact(&mut sample)).map_err(|e| e.to_string())?;
        avcc_to_annex_b(&sample, length_size, &mut stream)?;
        if let Some(picture) = decoder.decode(&stream).map_err(|e| format!("undecodable H.264: {e}"))? {
            use openh264::formats::YUVSource;
            let (w, h) = picture.dimensions();
            check_size(w as u32, h as u32)?;
            let mut rgb = vec![0u8; w * h * 3];
            picture.write_rgb8(&mut rgb);
            return RgbImage::from_raw(w as u32, h as u32, rgb).ok_or_else(|| "bad frame size".to_string());
        }
        stream.clear();
    }
    Err("no picture in the first frames".into())
}

/// The `avcC` record (ISO 14496-15 § 5.3.3.1): the size of the samples' NAL length fields, and
/// the sequence and picture parameter sets (each a 16-bit length, then the NAL unit).
fn parameter_sets(avcc: &[u8]) -> Result<(usize, Vec<&[u8]>), String> {
    let bad = || "a broken H.264 configuration (avcC)".to_string();
    let length_size = usize::from(avcc.get(4).ok_or_else(bad)? & 3) + 1;
    let mut rest = avcc.get(5..).ok_or_else(bad)?;
    let mut sets = Vec::new();
    // First the SPS count (low 5 bits), then, after them, the PPS count (a byte).
    for mask in [0x1F, 0xFF] {
        let (&count, after) = rest.split_first().ok_or_else(bad)?;
        rest = after;
        for _ in 0..count & mask {
            let len = usize::from(u16::from_be_bytes([*rest.first().ok_or_else(bad)?, *rest.get(1).ok_or_else(bad)?]));
            sets.push(rest.get(2..2 + len).ok_or_else(bad)?);
            rest = &rest[2 + len..];
        }
    }
    if length_size == 3 {
        return Err(bad());
    }
    Ok((length_size, sets))
}

fn check_size(width: u32, height: u32) -> Result<(), String> {
    kling_api::picture_limits::check_size(width, height)
        .map_err(|_| format!("the video's frames are {width}×{height} px, more than a picture may have; no poster is made"))
}

fn push_nal(out: &mut Vec<u8>, nal: &[u8]) {
    out.extend_from_slice(&[0, 0, 0, 1]);
    out.extend_from_slice(nal);
}

/// MP4 stores NAL units after big-endian lengths (of 1, 2 or 4 bytes); the decoder wants start codes.
fn avcc_to_annex_b(mut data: &[u8], length_size: usize, out: &mut Vec<u8>) -> Result<(), String> {
    while !data.is_empty() {
        let (field, rest) = data.split_at_checked(length_size).ok_or("truncated H.264 sample")?;
        let len = field.iter().fold(0usize, |len, &b| len << 8 | usize::from(b));
        let nal = rest.get(..len).ok_or("truncated H.264 sample")?;
        push_nal(out, nal);
        data = &rest[len..];
    }
    Ok(())
}
