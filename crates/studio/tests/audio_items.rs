//! Sounds in the library (issue 13): mp3 and wav files are items (media "audio"), from a result's
//! sidecar or dropped into the folder, with their length read from the header and a waveform
//! tile drawn from the decoded samples on the thumbnail pool. Broken files are refused with a
//! reason and stop nothing.

use kling_api::TextToVideoRequest;
use std::path::Path;
use std::sync::Arc;
use studio::library::audio::{WAVE, WAVEFORM_HEIGHT, WAVEFORM_WIDTH};
use studio::{GalleryQuery, Item, ItemKind, JobRequest, Library, LibraryError, MediaType, Sidecar, ThumbnailPool};

const MP3_TONE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tone-440hz-1s.mp3");

/// A 16-bit PCM WAV file of `frames` frames, each channel given by `sample(frame)`.
fn wav(path: &Path, rate: u32, channels: u16, frames: u32, sample: impl Fn(u32) -> f64) {
    let data_len = frames * u32::from(channels) * 2;
    let mut bytes = Vec::with_capacity(44 + data_len as usize);
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes()); // PCM
    bytes.extend_from_slice(&channels.to_le_bytes());
    bytes.extend_from_slice(&rate.to_le_bytes());
    bytes.extend_from_slice(&(rate * u32::from(channels) * 2).to_le_bytes());
    bytes.extend_from_slice(&(channels * 2).to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..frames {
        let s = (sample(i).clamp(-1.0, 1.0) * 32767.0).round() as i16;
        for _ in 0..channels {
            bytes.extend_from_slice(&s.to_le_bytes());
        }
    }
    std::fs::write(path, bytes).unwrap();
}

fn tone(rate: u32, hz: f64) -> impl Fn(u32) -> f64 {
    move |i| 0.8 * (2.0 * std::f64::consts::PI * hz * f64::from(i) / f64::from(rate)).sin()
}

fn by_path(library: &Library, rel: &str) -> Item {
    let page = library.query(&GalleryQuery { limit: 100, ..Default::default() }).unwrap();
    page.items.into_iter().find(|i| i.rel_path == rel).unwrap_or_else(|| panic!("{rel} is listed"))
}

async fn tile(library: &Arc<Library>, id: &str) -> Result<Vec<u8>, LibraryError> {
    let pool = ThumbnailPool::new(2);
    tokio::time::timeout(std::time::Duration::from_secs(30), pool.thumbnail(library.clone(), id.to_string())).await.expect("in time").expect("no panic")
}

/// The rows of each column the wave is drawn in, from a PNG tile.
fn wave_rows(png: &[u8]) -> Vec<Vec<u32>> {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    assert_eq!(studio::library::thumbnail_mime(png), "image/png");
    let picture = image::load_from_memory_with_format(png, image::ImageFormat::Png).unwrap().to_rgb8();
    assert_eq!(picture.dimensions(), (WAVEFORM_WIDTH, WAVEFORM_HEIGHT));
    (0..picture.width()).map(|x| (0..picture.height()).filter(|&y| *picture.get_pixel(x, y) == WAVE).collect()).collect()
}

fn assert_near(ms: Option<u64>, expected: u64, what: &str) {
    let ms = ms.unwrap_or_else(|| panic!("{what} has a length"));
    assert!(ms.abs_diff(expected) <= 50, "{what}: {ms} ms, expected {expected} ± 50");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_sounds_are_items_with_their_length_and_a_waveform() {
    let dir = tempfile::tempdir().unwrap();
    wav(&dir.path().join("tone.wav"), 16_000, 2, 24_000, tone(16_000, 300.0));
    wav(&dir.path().join("silence.wav"), 8_000, 1, 8_000, |_| 0.0);
    std::fs::create_dir(dir.path().join("sounds")).unwrap();
    std::fs::copy(MP3_TONE, dir.path().join("sounds/tone.MP3")).unwrap();
    let library = Arc::new(Library::open(dir.path()).unwrap());

    let wave = by_path(&library, "tone.wav");
    let silence = by_path(&library, "silence.wav");
    let mp3 = by_path(&library, "sounds/tone.MP3");
    for item in [&wave, &silence, &mp3] {
        assert_eq!((item.media, item.kind, item.tool.as_str()), (MediaType::Audio, ItemKind::Imported, "imported"), "{}", item.rel_path);
    }
    assert_near(wave.duration_ms, 1500, "the generated WAV");
    assert_near(silence.duration_ms, 1000, "the silent WAV");
    assert_near(mp3.duration_ms, 1000, "the MP3 fixture (encoder delay and padding left out)");

    let sounds = library.query(&GalleryQuery { media: vec![MediaType::Audio], limit: 100, ..Default::default() }).unwrap();
    assert_eq!(sounds.total, 3);
    assert_eq!(library.query(&GalleryQuery { media: vec![MediaType::Image], limit: 100, ..Default::default() }).unwrap().total, 0);

    // A tone fills most of the height, in every column; silence is one flat line in the middle.
    for item in [&wave, &mp3] {
        let rows = wave_rows(&tile(&library, &item.id).await.unwrap());
        let tall = rows.iter().filter(|r| r.len() as u32 > WAVEFORM_HEIGHT / 2).count();
        assert!(tall > rows.len() * 9 / 10, "{}: only {tall} of {} columns show the tone", item.rel_path, rows.len());
    }
    let rows = wave_rows(&tile(&library, &silence.id).await.unwrap());
    assert!(rows.iter().all(|r| r == &[WAVEFORM_HEIGHT / 2]), "silence is a flat line: {:?}", &rows[..4]);
    assert!(library.thumbnail(&wave.id).unwrap().extension().is_some_and(|e| e == "png"), "the cached tile says what it is");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_sounds_are_refused_with_a_reason_and_stop_no_scan() {
    let dir = tempfile::tempdir().unwrap();
    let mp3 = std::fs::read(MP3_TONE).unwrap();
    std::fs::write(dir.path().join("garbage.mp3"), b"this is not a sound at all, only words in a file named .mp3\n".repeat(40)).unwrap();
    std::fs::write(dir.path().join("cut.mp3"), &mp3[..60]).unwrap();
    std::fs::write(dir.path().join("empty.wav"), b"").unwrap();
    // A WAV header in front of 300 MB of nothing (a sparse file): too big to draw.
    wav(&dir.path().join("huge.wav"), 8_000, 1, 8, |_| 0.0);
    std::fs::OpenOptions::new().write(true).open(dir.path().join("huge.wav")).unwrap().set_len(300 << 20).unwrap();
    wav(&dir.path().join("fine.wav"), 8_000, 1, 4_000, tone(8_000, 200.0));

    let library = Arc::new(Library::open_unscanned(dir.path()).unwrap());
    let report = library.rescan().unwrap();
    assert_eq!(report.added, 5, "every file is listed, so it can be seen and deleted");
    for name in ["garbage.mp3", "cut.mp3", "empty.wav"] {
        let warning = report.warnings.iter().find(|w| w.starts_with(name)).unwrap_or_else(|| panic!("{name} is reported: {:?}", report.warnings));
        assert!(warning.contains("not a readable MP3 or WAV") || warning.contains("no sound"), "{warning}");
        let item = by_path(&library, name);
        assert_eq!(item.duration_ms, None);
        let err = tile(&library, &item.id).await.unwrap_err();
        assert!(matches!(&err, LibraryError::Thumbnail { detail, .. } if !detail.is_empty()), "{err}");
    }
    let huge = by_path(&library, "huge.wav");
    let err = tile(&library, &huge.id).await.unwrap_err();
    assert!(err.to_string().contains("more than the 256 MB"), "{err}");
    let fine = by_path(&library, "fine.wav");
    assert_near(fine.duration_ms, 500, "the good file beside them");
    assert!(tile(&library, &fine.id).await.is_ok());
}

#[test]
fn a_sound_result_filed_with_its_sidecar_is_an_audio_item() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    let tmp = library.tmp_dir().join("sound.part");
    std::fs::copy(MP3_TONE, &tmp).unwrap();
    // Until the video-to-audio tool files its own, a text2video request stands in for its tool.
    let sidecar = Sidecar {
        version: studio::library::sidecar_version(),
        kind: ItemKind::Text2video,
        task_id: "800000000000000001".into(),
        index: 0,
        external_task_id: None,
        model: "kling-v1".into(),
        prompt: "waves on a shore".into(),
        negative_prompt: String::new(),
        request: JobRequest::TextToVideo { request: TextToVideoRequest::new("waves on a shore") },
        created_at: 1_764_000_000_000,
        finished_at: 1_764_000_001_000,
        original_url: None,
        width: None,
        height: None,
        duration_secs: None,
        ext: "mp3".into(),
        favorite: false,
        tags: vec![],
        charged_units: None,
        watermarked: false,
        made_from: vec![],
        video_id: None,
        wav_copy: false,
    };
    let item = library.add(&tmp, &sidecar).unwrap();
    assert!(item.rel_path.ends_with(".mp3"), "{}", item.rel_path);
    assert_eq!((item.media, item.tool.as_str()), (MediaType::Audio, "text2video"));
    assert_near(item.duration_ms, 1000, "the filed sound, its length read from the file");
    library.rebuild().unwrap();
    assert_eq!(library.get(&item.id).unwrap().media, MediaType::Audio);
}
