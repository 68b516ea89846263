//! Files a person might offer as an input picture, good and bad, written into a folder for the
//! bad-input tests of every surface (the client's picture check, the `kling` tool, the app's
//! forms): one catalogue, so each surface meets the same files and the same expected words.
//! Rows that cannot be made on this system (links, pipes, unreadable files as root) are left out
//! with a printed reason rather than faked.

use image::ImageFormat;
use std::path::{Path, PathBuf};

/// What the picture rules must make of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    /// Refused; the message a person reads holds this fragment (it names the file).
    Refused(&'static str),
}

#[derive(Clone, Debug)]
pub struct TestPicture {
    pub what: &'static str,
    pub path: PathBuf,
    pub verdict: Verdict,
    /// The most bytes checking it may allocate at once: a refusal that needs no pixels must not
    /// decode (or, for most, even read) the file. None: a whole decode is expected.
    pub max_alloc: Option<usize>,
}

const KB: usize = 1024;

/// A picture of `w`×`h` in `format`, whatever `name` says (some rows mislead on purpose).
pub fn write_picture(dir: &Path, name: &str, w: u32, h: u32, format: ImageFormat) -> PathBuf {
    let path = dir.join(name);
    let picture = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 90]));
    picture.save_with_format(&path, format).expect("the test folder is writable");
    path
}

/// The smallest valid GIF (1×1): a real picture in a format Kling does not take.
const GIF_1X1: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";

/// The start of a lossy WebP file (RIFF container, VP8 chunk).
pub fn webp_header() -> Vec<u8> {
    let mut bytes = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00".to_vec();
    bytes.resize(44, 0);
    bytes
}

/// A well-formed PNG whose header claims `w`×`h` pixels over a few bytes of data: decoding it
/// would take tens of gigabytes, reading its header takes nothing.
pub fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&w.to_be_bytes());
    header.extend_from_slice(&h.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, no interlace
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// A valid progressive JPEG of 16 × 16 whose frame header (SOF2) then claims `w`×`h`: a few
/// hundred bytes from which a decoder without limits sizes its coefficient buffers (for
/// 65,000 × 65,000, tens of gigabytes) before it reads a single scan.
pub fn progressive_jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut jpeg = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 80);
    encoder.set_progressive(true);
    let pixels: Vec<u8> = (0..16 * 16 * 3).map(|i| (i * 7 % 251) as u8).collect();
    encoder.encode(&pixels, 16, 16, jpeg_encoder::ColorType::Rgb).expect("a 16×16 picture encodes");
    // Walk the segments (marker, 2-byte length) to the frame header; its height and width follow
    // the length and the sample precision.
    let mut at = 2;
    while jpeg[at + 1] != 0xC2 {
        at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    }
    jpeg[at + 5..at + 7].copy_from_slice(&h.to_be_bytes());
    jpeg[at + 7..at + 9].copy_from_slice(&w.to_be_bytes());
    jpeg
}

/// An extended WebP (VP8X) whose canvas claims `w`×`h` (each at most 2^24) over an empty frame.
pub fn webp_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut vp8x = vec![0u8; 4]; // flags and reserved
    vp8x.extend_from_slice(&(w - 1).to_le_bytes()[..3]);
    vp8x.extend_from_slice(&(h - 1).to_le_bytes()[..3]);
    let mut body = b"WEBPVP8X".to_vec();
    body.extend_from_slice(&(vp8x.len() as u32).to_le_bytes());
    body.extend_from_slice(&vp8x);
    body.extend_from_slice(b"VP8 \x0a\x00\x00\x00\x10\x02\x00\x9d\x01\x2a\x01\x00\x01\x00");
    let mut webp = b"RIFF".to_vec();
    webp.extend_from_slice(&(body.len() as u32).to_le_bytes());
    webp.extend_from_slice(&body);
    webp
}

/// Pictures of a few hundred bytes that claim far more pixels than any picture may have (a
/// progressive JPEG, a PNG bomb, a WebP canvas), each with a file name: what the pixel limit
/// must refuse before anything decodes them, wherever they come from.
pub fn bombs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("progressive-65000x65000.jpg", progressive_jpeg_claiming(65_000, 65_000)),
        ("bomb-30000x30000.png", png_claiming(30_000, 30_000)),
        ("canvas-16383x16383.webp", webp_claiming(16_383, 16_383)),
    ]
}

/// Writes the catalogue into `dir` (which should be empty) and returns it.
pub fn write_all(dir: &Path) -> Vec<TestPicture> {
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("the test folder is writable");
        path
    };
    let png = |name: &str, w: u32, h: u32| write_picture(dir, name, w, h, ImageFormat::Png);
    let row = |what, path, verdict, max_alloc| TestPicture { what, path, verdict, max_alloc };
    let refused = Verdict::Refused;
    let good = png("good.png", 640, 480);
    let whole = std::fs::read(png("whole.png", 400, 400)).expect("just written");
    let whole_jpeg = std::fs::read(write_picture(dir, "whole.jpg", 800, 600, ImageFormat::Jpeg)).expect("just written");
    let mut eleven_mb = std::fs::read(&good).expect("just written");
    eleven_mb.resize(11 * 1024 * 1024, 0);
    let folder = dir.join("album.png");
    std::fs::create_dir(&folder).expect("the test folder is writable");

    let mut rows = vec![
        row("a PNG", good.clone(), Verdict::Accepted, None),
        row("a JPEG", write_picture(dir, "photo.jpg", 800, 600, ImageFormat::Jpeg), Verdict::Accepted, None),
        row("a JPEG named .png (content decides)", write_picture(dir, "jpeg-inside.png", 500, 500, ImageFormat::Jpeg), Verdict::Accepted, None),
        row("exactly 2.5:1 at the smallest side", png("edge.png", 750, 300), Verdict::Accepted, None),
        row("a GIF", write("anim.gif", GIF_1X1), refused("anim.gif is a GIF picture; Kling takes only JPG or PNG"), Some(64 * KB)),
        row("a WebP named .png", write("sticker.png", &webp_header()), refused("sticker.png is a WEBP picture; Kling takes only JPG or PNG"), Some(64 * KB)),
        row("text renamed .png", write("notes.png", b"just some notes, not a picture"), refused("notes.png is not a JPG or PNG picture"), Some(64 * KB)),
        row("an empty file", write("empty.png", b""), refused("empty.png is not a JPG or PNG picture"), Some(64 * KB)),
        row("a truncated PNG", write("cut.png", &whole[..whole.len() / 2]), refused("cut.png is damaged or incomplete"), None),
        row("a truncated JPEG (decodes grey)", write("cut.jpg", &whole_jpeg[..whole_jpeg.len() * 6 / 10]), refused("cut.jpg is damaged or incomplete"), None),
        row("a PNG signature alone", write("sig.png", b"\x89PNG\r\n\x1a\n"), refused("sig.png is damaged or incomplete"), Some(64 * KB)),
        row(
            "huge dimensions in the header (100000×100000)",
            write("huge-dims.png", &png_claiming(100_000, 100_000)),
            refused("huge-dims.png is 100000×100000 px; pictures may have at most 67 megapixels"),
            Some(256 * KB),
        ),
        row("tiny (120×90)", png("tiny.png", 120, 90), refused("tiny.png is 120×90 px; each side must be at least 300 px"), Some(256 * KB)),
        row(
            "an extreme aspect (300×1000)",
            png("tall.png", 300, 1000),
            refused("tall.png has an aspect ratio of 1:3.33; it must be between 1:2.5 and 2.5:1"),
            Some(512 * KB),
        ),
        row("11 MB", write("big.png", &eleven_mb), refused("big.png is 11.0 MB; the limit is 10 MB"), Some(64 * KB)),
        row("a folder", folder, refused("album.png is a folder"), Some(64 * KB)),
        row("a missing file", dir.join("gone.png"), refused("gone.png: no such file"), Some(64 * KB)),
    ];
    unix_rows(dir, &good, &mut rows);
    rows
}

/// Links, devices, pipes and permissions.
#[cfg(unix)]
fn unix_rows(dir: &Path, good: &Path, rows: &mut Vec<TestPicture>) {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let link = |name: &str, target: &Path| {
        let path = dir.join(name);
        symlink(target, &path).expect("the test folder takes links");
        path
    };
    let row = |what, path, verdict, max_alloc| TestPicture { what, path, verdict, max_alloc };
    // A link to a good picture is fine: people keep links in their picture folders, the content
    // is what is checked, and the engine copies that content into the library.
    rows.push(row("a link to a good picture", link("link-good.png", good), Verdict::Accepted, None));
    rows.push(row(
        "a dangling link",
        link("link-dangling.png", &dir.join("deleted.png")),
        Verdict::Refused("link-dangling.png is a link to a file that does not exist"),
        Some(64 * KB),
    ));
    rows.push(row(
        "a link to /dev/zero (endless)",
        link("link-zero.png", Path::new("/dev/zero")),
        Verdict::Refused("link-zero.png is not a regular file"),
        Some(64 * KB),
    ));
    let fifo = dir.join("pipe.png");
    match std::process::Command::new("mkfifo").arg(&fifo).status() {
        // Opening a pipe with no writer blocks for ever: it must be refused before that.
        Ok(status) if status.success() => rows.push(row("a named pipe", fifo, Verdict::Refused("pipe.png is not a regular file"), Some(64 * KB))),
        _ => eprintln!("skipped the named-pipe picture: mkfifo is not available here"),
    }
    let locked = write_picture(dir, "locked.png", 640, 480, ImageFormat::Png);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("the test folder is ours");
    if std::fs::File::open(&locked).is_ok() {
        // Root (or CAP_DAC_OVERRIDE) reads any file: the row would test nothing.
        let _ = std::fs::remove_file(&locked);
        eprintln!("skipped the unreadable-picture row: this process can read a chmod 000 file (running as root?)");
    } else {
        rows.push(row("an unreadable file (chmod 000)", locked, Verdict::Refused("locked.png: permission denied"), Some(64 * KB)));
    }
}

#[cfg(not(unix))]
fn unix_rows(_: &Path, _: &Path, _: &mut Vec<TestPicture>) {
    eprintln!("skipped the link, device, pipe and permission pictures: not a Unix system");
}
