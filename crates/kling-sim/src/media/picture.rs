//! Placeholder pictures drawn from the prompt: a gradient and a few soft shapes whose colours and
//! places come from a hash of (prompt, index), so each prompt gets its own picture.

use image::{ImageFormat, Rgb, RgbImage};
use std::hash::{Hash, Hasher};

/// Longest side. 2k requests get the same size on purpose: the emulator stays fast.
const LONG_SIDE: u32 = 1024;

pub fn size_for(aspect: (u32, u32)) -> (u32, u32) {
    let (w, h) = (aspect.0.max(1), aspect.1.max(1));
    if w >= h {
        (LONG_SIDE, LONG_SIDE * h / w)
    } else {
        (LONG_SIDE * w / h, LONG_SIDE)
    }
}

pub fn draw(prompt: &str, index: u32, aspect: (u32, u32)) -> Vec<u8> {
    encode(&paint(prompt, index, aspect))
}

/// The same picture with a visible mark: a striped white band across the bottom right corner.
pub fn draw_watermarked(prompt: &str, index: u32, aspect: (u32, u32)) -> Vec<u8> {
    let mut picture = paint(prompt, index, aspect);
    let (w, h) = picture.dimensions();
    let (left, top) = (w - w / 3, h - h / 8);
    for y in top..h {
        for x in left..w {
            let stripe = (x + y) / 8 % 2 == 0;
            let p = picture.get_pixel_mut(x, y);
            for c in p.0.iter_mut() {
                *c = if stripe { 255 } else { (u16::from(*c) / 2 + 128) as u8 };
            }
        }
    }
    encode(&picture)
}

fn encode(picture: &RgbImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, ImageFormat::Png).expect("encoding a PNG in memory cannot fail");
    out.into_inner()
}

fn paint(prompt: &str, index: u32, aspect: (u32, u32)) -> RgbImage {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (prompt, index).hash(&mut hasher);
    let mut rng = fastrand::Rng::with_seed(hasher.finish());
    let (w, h) = size_for(aspect);
    let hue = rng.f32();
    let top = hsv(hue, 0.55, 0.95);
    let bottom = hsv((hue + 0.15 + rng.f32() * 0.2) % 1.0, 0.7, 0.45);
    let shapes: Vec<(f32, f32, f32, [f32; 3])> =
        (0..5).map(|_| (rng.f32() * w as f32, rng.f32() * h as f32, (0.08 + rng.f32() * 0.22) * w.min(h) as f32, hsv((hue + rng.f32() * 0.5) % 1.0, 0.5, 1.0))).collect();
    RgbImage::from_fn(w, h, |x, y| {
        let t = y as f32 / h as f32;
        let mut c = [0.0; 3];
        for i in 0..3 {
            c[i] = top[i] * (1.0 - t) + bottom[i] * t;
        }
        for (cx, cy, r, colour) in &shapes {
            let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
            let a = (1.0 - d / r).clamp(0.0, 1.0) * 0.6;
            for i in 0..3 {
                c[i] = c[i] * (1.0 - a) + colour[i] * a;
            }
        }
        Rgb([(c[0] * 255.0) as u8, (c[1] * 255.0) as u8, (c[2] * 255.0) as u8])
    })
}

fn hsv(h: f32, s: f32, v: f32) -> [f32; 3] {
    let i = (h * 6.0).floor();
    let f = h * 6.0 - i;
    let (p, q, t) = (v * (1.0 - s), v * (1.0 - f * s), v * (1.0 - (1.0 - f) * s));
    match i as i32 % 6 {
        0 => [v, t, p],
        1 => [q, v, p],
        2 => [p, v, t],
        3 => [p, q, v],
        4 => [t, p, v],
        _ => [v, p, q],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_aspect_ratio() {
        assert_eq!(size_for((16, 9)), (1024, 576));
        assert_eq!(size_for((9, 16)), (576, 1024));
        assert_eq!(size_for((1, 1)), (1024, 1024));
        assert_eq!(size_for((21, 9)), (1024, 438));
    }

    #[test]
    fn each_prompt_and_index_gets_its_own_picture() {
        let a = draw("a red fox", 0, (4, 3));
        assert_eq!(a, draw("a red fox", 0, (4, 3)), "the same input draws the same picture");
        assert_ne!(a, draw("a red fox", 1, (4, 3)));
        assert_ne!(a, draw("a blue whale", 0, (4, 3)));
        let decoded = image::load_from_memory(&a).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (1024, 768));
    }

    #[test]
    fn the_watermarked_copy_differs_only_in_its_corner() {
        let clean = image::load_from_memory(&draw("a red fox", 0, (1, 1))).unwrap().to_rgb8();
        let marked = image::load_from_memory(&draw_watermarked("a red fox", 0, (1, 1))).unwrap().to_rgb8();
        assert_eq!(clean.dimensions(), marked.dimensions());
        assert_eq!(clean.get_pixel(10, 10), marked.get_pixel(10, 10));
        assert_eq!(marked.get_pixel(1016, 1016).0, [255, 255, 255], "a white stripe in the corner");
        let changed = clean.pixels().zip(marked.pixels()).filter(|(a, b)| a != b).count();
        assert!(changed > 1024 * 1024 / 50, "the mark is visible: {changed} pixels changed");
    }
}
