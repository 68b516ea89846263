//! Sound results (video-to-audio): a WAV written here (16-bit PCM, mono, 8 kHz, a 440 Hz tone) of
//! exactly the length asked, and an MP3 made of the frames of a committed one-second tone, repeated
//! to the length asked within one frame (see fixtures/README.md). The MP3 is MPEG-2 Layer III, 16 kHz mono, 32 kb/s, constant bit rate with no
//! bit reservoir, no ID3 tag and no Xing header, so copies of it end to end are a valid stream.

static TONE_MP3: &[u8] = include_bytes!("../../fixtures/tone-1s.mp3");

/// Bytes and samples of one frame of the MP3 fixture (144 × 8 bits = 32 kb/s × 576 / 16 kHz).
const MP3_FRAME_BYTES: usize = 144;
const MP3_FRAME_SECONDS: f64 = 576.0 / 16_000.0;

const WAV_RATE: u32 = 8_000;
const TONE_HZ: f64 = 440.0;

/// An MP3 of `seconds` to within one frame (36 ms), at least one frame: the fixture's frames in
/// turn, each whole (frames of a stream without a bit reservoir stand alone).
pub fn mp3(seconds: f64) -> Vec<u8> {
    let frames: Vec<&[u8]> = TONE_MP3.chunks_exact(MP3_FRAME_BYTES).collect();
    let wanted = (seconds.max(0.0) / MP3_FRAME_SECONDS).round().max(1.0) as usize;
    frames.iter().cycle().take(wanted).flat_map(|frame| frame.iter().copied()).collect()
}

/// A WAV of `seconds` of tone.
pub fn wav(seconds: f64) -> Vec<u8> {
    let samples = (seconds.max(0.0) * f64::from(WAV_RATE)).round() as u32;
    let data_len = samples * 2;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&WAV_RATE.to_le_bytes());
    out.extend_from_slice(&(WAV_RATE * 2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // bytes per sample frame
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..samples {
        let t = f64::from(i) / f64::from(WAV_RATE);
        let sample = (8_000.0 * (std::f64::consts::TAU * TONE_HZ * t).sin()) as i16;
        out.extend_from_slice(&sample.to_le_bytes());
    }
    out
}

/// The length of a PCM WAV from its header (`fmt ` byte rate, `data` size); None when it is not one.
pub fn wav_seconds(bytes: &[u8]) -> Option<f64> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return None;
    }
    let (mut at, mut byte_rate, mut data) = (12usize, None, None);
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().ok()?) as usize;
        if id == b"fmt " && at + 20 <= bytes.len() {
            byte_rate = Some(u32::from_le_bytes(bytes[at + 16..at + 20].try_into().ok()?));
        } else if id == b"data" {
            data = Some(size);
            break;
        }
        at = at.checked_add(8 + size + size % 2)?;
    }
    let rate = byte_rate.filter(|r| *r > 0)?;
    Some(data? as f64 / f64::from(rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mp3_fixture_is_whole_frames_of_mpeg2_layer3() {
        assert_eq!(TONE_MP3.len() % MP3_FRAME_BYTES, 0);
        for frame in TONE_MP3.chunks(MP3_FRAME_BYTES) {
            // Sync, MPEG-2, Layer III, no CRC; 32 kb/s, 16 kHz, no padding.
            assert_eq!(&frame[..3], &[0xFF, 0xF3, 0x48]);
        }
        // Whole frames in the fixture's order, as many as the length takes (36 ms each).
        assert_eq!(mp3(0.0), &TONE_MP3[..MP3_FRAME_BYTES]);
        assert_eq!(mp3(1.08), TONE_MP3);
        let ten = mp3(10.0);
        assert_eq!(ten.len(), 278 * MP3_FRAME_BYTES, "278 frames of 36 ms for 10 s");
        assert_eq!(&ten[..TONE_MP3.len()], TONE_MP3);
        assert_eq!(&ten[TONE_MP3.len()..TONE_MP3.len() * 2], TONE_MP3, "then the fixture again from its first frame");
        assert_eq!(mp3(4.5).len() / MP3_FRAME_BYTES, 125);
    }

    #[test]
    fn wav_headers_say_the_length() {
        let bytes = wav(3.5);
        assert_eq!(bytes.len(), 44 + 28_000 * 2);
        assert_eq!(wav_seconds(&bytes), Some(3.5));
        assert_eq!(u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize, bytes.len() - 8);
        assert_eq!(wav_seconds(b"RIFF\0\0\0\0WAVE"), None);
        assert_eq!(wav_seconds(b"not a wav file at all"), None);
    }
}
