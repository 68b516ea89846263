//! What the library needs from a video without ffmpeg: its size and length (from the MP4
//! header) and a poster frame (the first H.264 picture, decoded with openh264, built from source).

use image::RgbImage;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VideoInfo {
    pub width: u32,
    pub height: u32,
    pub duration_ms: u64,
}

fn open(path: &Path) -> Result<(mp4::Mp4Reader<BufReader<File>>, u32), String> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let size = file.metadata().map_err(|e| e.to_string())?.len();
    let reader = mp4::Mp4Reader::read_header(BufReader::new(file), size).map_err(|e| format!("not a readable MP4: {e}"))?;
    let track = reader.tracks().values().find(|t| matches!(t.media_type(), Ok(mp4::MediaType::H264))).map(|t| t.track_id()).ok_or("no H.264 video track")?;
    Ok((reader, track))
}

pub fn probe(path: &Path) -> Result<VideoInfo, String> {
    let (reader, track_id) = open(path)?;
    let track = &reader.tracks()[&track_id];
    Ok(VideoInfo { width: u32::from(track.width()), height: u32::from(track.height()), duration_ms: reader.duration().as_millis() as u64 })
}

/// The first picture of the video. Decodes at most a few dozen samples: enough for streams
/// whose first sample is not a picture, bounded so a broken file cannot keep us busy.
pub fn poster_frame(path: &Path) -> Result<RgbImage, String> {
    let (mut reader, track_id) = open(path)?;
    let (sps, pps, samples) = {
        let track = &reader.tracks()[&track_id];
        // The size the MP4 header declares passes the pixel limit before the decoder starts; the
        // decoder itself refuses a stream (SPS) larger than H.264 level 5.2 allows (36,864
        // macroblocks, 4096×2304), and the frame it returns is checked again below.
        check_size(u32::from(track.width()), u32::from(track.height()))?;
        let sps = track.sequence_parameter_set().map_err(|e| e.to_string())?.to_vec();
        let pps = track.picture_parameter_set().map_err(|e| e.to_string())?.to_vec();
        (sps, pps, track.sample_count())
    };
    let mut decoder = openh264::decoder::Decoder::new().map_err(|e| e.to_string())?;
    let mut stream = Vec::new();
    push_nal(&mut stream, &sps);
    push_nal(&mut stream, &pps);
    for sample_id in 1..=samples.min(48) {
        let Some(sample) = reader.read_sample(track_id, sample_id).map_err(|e| e.to_string())? else { break };
        avcc_to_annex_b(&sample.bytes, &mut stream)?;
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

fn check_size(width: u32, height: u32) -> Result<(), String> {
    kling_api::picture_limits::check_size(width, height)
        .map_err(|_| format!("the video's frames are {width}×{height} px, more than a picture may have; no poster is made"))
}

fn push_nal(out: &mut Vec<u8>, nal: &[u8]) {
    out.extend_from_slice(&[0, 0, 0, 1]);
    out.extend_from_slice(nal);
}

/// MP4 stores NAL units with 4-byte big-endian lengths; the decoder wants start codes.
fn avcc_to_annex_b(mut data: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    while !data.is_empty() {
        if data.len() < 4 {
            return Err("truncated H.264 sample".into());
        }
        let len = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as usize;
        let nal = data.get(4..4 + len).ok_or("truncated H.264 sample")?;
        push_nal(out, nal);
        data = &data[4 + len..];
    }
    Ok(())
}
