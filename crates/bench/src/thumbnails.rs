//! Thumbnails per second on N generated 1024–2048 px pictures: studio's thumbnailer (the image
//! crate) against vipsthumbnail (libvips) on the same files, same size and quality.

use crate::time;
use std::process::Command;

pub fn run(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = fastrand::Rng::with_seed(2);
    let mut files = Vec::new();
    for i in 0..n {
        let (w, h) = (rng.u32(1024..=2048), rng.u32(1024..=2048));
        let seed = rng.u8(..);
        let picture = image::RgbImage::from_fn(w, h, |x, y| {
            let n = ((x * 7 + y * 13) as u8).wrapping_mul(seed);
            image::Rgb([(x % 256) as u8 ^ (n / 8), (y % 256) as u8, ((x + y) % 256) as u8])
        });
        let path = dir.path().join(format!("p{i:04}.jpg"));
        picture.save(&path).unwrap();
        files.push(path);
    }
    let out = dir.path().join("ours");
    std::fs::create_dir_all(&out).unwrap();
    // Two threads: the machine has two cores, and vips uses them too.
    let (_, ours) = time(|| {
        std::thread::scope(|s| {
            for half in files.chunks(files.len().div_ceil(2)) {
                let out = &out;
                s.spawn(move || {
                    for f in half {
                        let jpeg = studio::library::picture_thumbnail(f).unwrap();
                        std::fs::write(out.join(f.file_name().unwrap()), jpeg).unwrap();
                    }
                });
            }
        })
    });
    let vips_out = dir.path().join("vips");
    std::fs::create_dir_all(&vips_out).unwrap();
    let (status, vips) = time(|| Command::new("vipsthumbnail").args(["-s", "384", "-o"]).arg(format!("{}/%s.jpg[Q=80]", vips_out.display())).args(&files).status());
    let ours_rate = n as f64 / ours.as_secs_f64();
    match status {
        Ok(s) if s.success() => {
            let vips_rate = n as f64 / vips.as_secs_f64();
            println!(
                "thumbnails n={n} (1024–2048 px JPEG → 384 px JPEG q80): studio {ours_rate:.1}/s | vipsthumbnail {vips_rate:.1}/s | ratio studio/vips {:.2}",
                ours_rate / vips_rate
            );
        }
        _ => println!("thumbnails n={n}: studio {ours_rate:.1}/s | vipsthumbnail not available (apt-get install libvips-tools)"),
    }
}
