//! What the video tools' tests share: clips made first (the tools work on videos this account
//! made), downloads, and readers for the files they get back.

use crate::common::*;
use base64::Engine;
use serde_json::{json, Value};

pub const T2V: &str = "/v1/videos/text2video";
pub const OMNI: &str = "/v1/videos/omni-video";
pub const MULTI: &str = "/v1/videos/multi-image2video";
pub const EXTEND: &str = "/v1/videos/video-extend";
pub const FACES: &str = "/v1/videos/identify-face";
pub const LIP_SYNC: &str = "/v1/videos/advanced-lip-sync";
pub const EFFECTS: &str = "/v1/videos/effects";
pub const V2A: &str = "/v1/audio/video-to-audio";
pub const MOTION: &str = "/v1/videos/motion-control";
pub const T2A: &str = "/v1/audio/text-to-audio";
pub const EXPAND: &str = "/v1/images/editing/expand";
pub const COMPOSE: &str = "/v1/images/multi-image2image";
pub const TRY_ON: &str = "/v1/images/kolors-virtual-try-on";
pub const OMNI_IMAGE: &str = "/v1/images/omni-image";

/// A finished clip of this account: its Kling video id and its link.
pub struct Clip {
    pub id: String,
    pub url: String,
}

/// A text-to-video clip made and waited for.
pub async fn clip(api: &Api, body: Value) -> Clip {
    let task = api.create(T2V, body).await;
    let done = api.wait_status(&format!("{T2V}/{task}"), "succeed").await;
    let video = &done["task_result"]["videos"][0];
    Clip { id: video["id"].as_str().unwrap().to_string(), url: video["url"].as_str().unwrap().to_string() }
}

/// A 16:9 kling-v1 clip of 5 s ("5.1").
pub async fn v1_clip(api: &Api) -> Clip {
    clip(api, json!({ "prompt": "a street at night", "aspect_ratio": "16:9" })).await
}

/// Creates on `path`, waits for the end and answers the finished task.
pub async fn finished(api: &Api, path: &str, body: Value) -> Value {
    let task = api.create(path, body).await;
    api.wait_status(&format!("{path}/{task}"), "succeed").await
}

/// GETs a result link: (status, content type, bytes).
pub async fn download(url: &str) -> (u16, String, Vec<u8>) {
    let resp = reqwest::get(url).await.unwrap();
    let status = resp.status().as_u16();
    let kind = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, kind, resp.bytes().await.unwrap().to_vec())
}

fn has(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// Downloads a video result and checks it is a real H.264 MP4, with an AAC track or without.
pub async fn check_clip(url: &str, sound: bool) -> Vec<u8> {
    let (status, kind, bytes) = download(url).await;
    assert_eq!((status, kind.as_str()), (200, "video/mp4"), "{url}");
    assert_eq!(&bytes[4..8], b"ftyp");
    assert!(has(&bytes, b"avc1"), "H.264");
    assert_eq!(has(&bytes, b"mp4a"), sound, "{url}: sound track {sound}");
    bytes
}

/// Width and height from the first track header box (16.16 fixed point at its end).
pub fn mp4_size(bytes: &[u8]) -> (u32, u32) {
    let at = bytes.windows(4).position(|w| w == b"tkhd").expect("a tkhd box") - 4;
    let end = at + u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    (u32::from_be_bytes(bytes[end - 8..end - 4].try_into().unwrap()) >> 16, u32::from_be_bytes(bytes[end - 4..end].try_into().unwrap()) >> 16)
}

/// A WAV read the long way: RIFF size, `fmt ` (PCM), `data`; its length in seconds.
pub fn wav_length(bytes: &[u8]) -> f64 {
    assert_eq!((&bytes[..4], &bytes[8..12]), (&b"RIFF"[..], &b"WAVE"[..]));
    assert_eq!(u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize, bytes.len() - 8, "RIFF size");
    let le16 = |at: usize| u16::from_le_bytes(bytes[at..at + 2].try_into().unwrap());
    let le32 = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let (mut at, mut byte_rate) = (12, 0);
    loop {
        let (id, size) = (&bytes[at..at + 4], le32(at + 4) as usize);
        if id == b"fmt " {
            assert_eq!(le16(at + 8), 1, "PCM");
            let (channels, rate, bits) = (le16(at + 10) as u32, le32(at + 12), le16(at + 22) as u32);
            byte_rate = le32(at + 16);
            assert_eq!(byte_rate, rate * channels * bits / 8, "byte rate");
        } else if id == b"data" {
            assert_eq!(at + 8 + size, bytes.len(), "data size");
            assert!(byte_rate > 0, "fmt before data");
            return size as f64 / f64::from(byte_rate);
        }
        at += 8 + size;
    }
}

/// MP3 frames from the start (an ID3 tag skipped): their count and length in seconds.
pub fn mp3_length(bytes: &[u8]) -> (usize, f64) {
    let mut at = 0;
    if bytes.starts_with(b"ID3") {
        let size = bytes[6..10].iter().fold(0usize, |n, b| (n << 7) | usize::from(*b & 0x7F));
        at = 10 + size;
    }
    let (mut frames, mut seconds) = (0, 0.0);
    while at + 4 <= bytes.len() {
        let h = &bytes[at..at + 4];
        assert!(h[0] == 0xFF && h[1] & 0xE0 == 0xE0, "frame sync at {at}");
        let version = (h[1] >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
        assert_eq!((h[1] >> 1) & 3, 1, "Layer III");
        let kbps: [u32; 15] = if version == 3 {
            [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
        } else {
            [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
        };
        let rates: [u32; 3] = match version {
            3 => [44_100, 48_000, 32_000],
            2 => [22_050, 24_000, 16_000],
            _ => [11_025, 12_000, 8_000],
        };
        let (bitrate, rate) = (kbps[usize::from(h[2] >> 4)] * 1000, rates[usize::from((h[2] >> 2) & 3)]);
        let samples = if version == 3 { 1152 } else { 576 };
        let size = (samples / 8 * bitrate / rate) as usize + usize::from((h[2] >> 1) & 1);
        assert!(size > 4);
        frames += 1;
        seconds += f64::from(samples) / f64::from(rate);
        at += size;
    }
    assert_eq!(at, bytes.len(), "whole frames");
    (frames, seconds)
}

/// A WAV of `seconds` of silence, in base64, as a client would send it.
pub fn wav_b64(seconds: f64) -> String {
    let samples = (seconds * 8000.0) as u32;
    let mut out = Vec::new();
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + samples * 2).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&8000u32.to_le_bytes());
    out.extend_from_slice(&16000u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&(samples * 2).to_le_bytes());
    out.resize(out.len() + samples as usize * 2, 0);
    base64::engine::general_purpose::STANDARD.encode(out)
}

/// One face of a session speaking `ms` of a sound, inserted at `insert`.
pub fn lip_sync(session: &str, face: &str, insert: i64, ms: i64) -> Value {
    json!({
        "session_id": session,
        "face_choose": [{ "face_id": face, "audio_id": "audio-1", "sound_start_time": 0, "sound_end_time": ms, "sound_insert_time": insert }],
    })
}

/// Posts `body` to `path` and expects a refusal with `code` whose message holds `needle`.
pub async fn refused(api: &Api, path: &str, body: Value, code: i64, needle: &str) {
    let (status, answer) = api.post(path, body.clone()).await;
    let shown = body.to_string().chars().take(200).collect::<String>();
    let want_status = match code {
        1102 | 1303 => 429,
        1103 => 403,
        _ => 400,
    };
    assert_eq!((status, answer["code"].as_i64()), (want_status, Some(code)), "{path} {shown}: {answer}");
    assert!(answer["message"].as_str().unwrap().contains(needle), "{path} {shown}: wanted {needle:?} in {answer}");
    assert_eq!(answer["data"], Value::Null);
}
