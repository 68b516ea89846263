//! Pictures that claim far more pixels than they hold (issue 12, item 2): a few-hundred-byte
//! progressive JPEG declaring 65,000 × 65,000, a PNG bomb declaring 30,000 × 30,000 and a WebP
//! canvas of 16,383 × 16,383, dropped into the library folder. The scan lists them (so the person
//! can see and delete them) and warns; their thumbnails are refused with a clear message, before
//! anything is decoded; so is the poster of a video whose header declares 16,000 × 16,000 frames;
//! every other item is listed and gets its thumbnail.
//!
//! The work runs in a child process (this test binary again) whose address space is capped at
//! 2 GB: a decoder that believed a header would be refused its buffers and abort the child, so a
//! regression fails here even on a machine with memory to spare.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use studio::{GalleryQuery, Library};

const ADDRESS_SPACE: libc::rlim_t = 2 << 30;

/// Runs the ignored test `name` of this binary in a child capped at [`ADDRESS_SPACE`], and fails
/// unless it passed within a minute.
fn under_memory_limit(name: &str) {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--ignored", "--exact", name, "--nocapture", "--test-threads=1"]).stdout(Stdio::piped()).stderr(Stdio::piped());
    // SAFETY: only setrlimit, which is async-signal-safe, runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let cap = libc::rlimit { rlim_cur: ADDRESS_SPACE, rlim_max: ADDRESS_SPACE };
            if libc::setrlimit(libc::RLIMIT_AS, &cap) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{name} did not finish within a minute under the memory limit");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let (mut out, mut err) = (String::new(), String::new());
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success() && out.contains("1 passed"), "{name} under a 2 GB address space ended with {status}:\n{out}\n{err}");
}

/// A real 320×180 H.264 clip whose MP4 header (the `avc1` sample entry, what the library reads)
/// then declares `w`×`h` frames.
fn video_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut mp4 = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/red-320x180-1s.mp4")).unwrap();
    // The box, not the `avc1` brand in `ftyp`: the sample entry starts with six reserved zero bytes.
    let at = mp4.windows(10).position(|t| &t[..4] == b"avc1" && t[4..] == [0; 6]).expect("an H.264 sample entry");
    // After the type: the sample entry's 8 bytes, then 16 bytes of the visual entry, then width and height.
    assert_eq!((&mp4[at + 28..at + 30], &mp4[at + 30..at + 32]), (&320u16.to_be_bytes()[..], &180u16.to_be_bytes()[..]), "the fixture's size where expected");
    mp4[at + 28..at + 30].copy_from_slice(&w.to_be_bytes());
    mp4[at + 30..at + 32].copy_from_slice(&h.to_be_bytes());
    mp4
}

#[test]
fn picture_bombs_dropped_into_the_library_are_refused_and_the_library_stays_usable() {
    under_memory_limit("bombs_in_the_library_folder");
}

#[test]
#[ignore = "run by the test above, under a memory limit"]
fn bombs_in_the_library_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    let library = Library::open(&root).unwrap();
    let dropped = root.join("dropped");
    std::fs::create_dir_all(&dropped).unwrap();
    for (name, bytes) in kling_sim::test_pictures::bombs() {
        std::fs::write(dropped.join(name), bytes).unwrap();
    }
    // Honest neighbours: a PNG, and a small progressive JPEG (progressive files still get thumbnails).
    image::RgbImage::from_fn(640, 480, |x, y| image::Rgb([x as u8, y as u8, 90])).save(dropped.join("good.png")).unwrap();
    std::fs::write(dropped.join("small-progressive.jpg"), kling_sim::test_pictures::progressive_jpeg_claiming(16, 16)).unwrap();
    std::fs::write(dropped.join("huge-frames.mp4"), video_claiming(16_000, 16_000)).unwrap();

    let report = library.rescan().unwrap();
    assert_eq!(report.added, 6, "every file is listed: {report:?}");
    for (file, size) in [("progressive-65000x65000.jpg", "65000×65000"), ("bomb-30000x30000.png", "30000×30000")] {
        let warned = report.warnings.iter().any(|w| w.contains(file) && w.contains(&format!("the picture is {size} px, more than a picture may have")));
        assert!(warned, "the scan warns about {file}: {:?}", report.warnings);
    }

    let items = library.query(&GalleryQuery { limit: 50, ..Default::default() }).unwrap().items;
    assert_eq!(items.len(), 6, "the library lists everything: {items:?}");
    for item in &items {
        let thumbnail = library.thumbnail(&item.id);
        let name = item.rel_path.rsplit('/').next().unwrap();
        let refusal = match name {
            "progressive-65000x65000.jpg" => Some("the picture is 65000×65000 px, more than a picture may have"),
            "bomb-30000x30000.png" => Some("the picture is 30000×30000 px, more than a picture may have"),
            "canvas-16383x16383.webp" => Some("the picture does not open"),
            "huge-frames.mp4" => Some("the video's frames are 16000×16000 px, more than a picture may have"),
            _ => None,
        };
        match (refusal, thumbnail) {
            (Some(says), Err(e)) => assert!(e.to_string().contains(says) && e.to_string().contains(name), "{name}: {e}"),
            (Some(_), Ok(_)) => panic!("{name} got a thumbnail"),
            (None, Ok(path)) => {
                let small = image::open(&path).unwrap();
                assert!(small.width().max(small.height()) <= 384, "{name}: a small thumbnail");
            }
            (None, Err(e)) => panic!("{name} got no thumbnail: {e}"),
        }
    }
    // Still usable: a second scan finds nothing new and the listing is unchanged.
    let again = library.rescan().unwrap();
    assert_eq!((again.added, again.removed, again.unchanged), (0, 0, 6), "{again:?}");
    assert_eq!(library.query(&GalleryQuery { limit: 50, ..Default::default() }).unwrap().items.len(), 6);
}
