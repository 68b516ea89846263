//! Readable file names: by month folder, then date, time, kind and task, so a person browsing the
//! folder finds things in order, e.g. `2026-11/2026-11-25_143012_image_827574871634235396_1.png`.

use super::ItemKind;
use chrono::{Local, TimeZone};

pub fn media_rel_path(kind: ItemKind, task_id: &str, index: u32, created_at_ms: i64, ext: &str) -> String {
    let when = Local.timestamp_millis_opt(created_at_ms).single().unwrap_or_else(Local::now);
    format!("{}/{}_{}_{}_{}.{}", when.format("%Y-%m"), when.format("%Y-%m-%d_%H%M%S"), kind.as_str(), safe(task_id), index + 1, safe(ext))
}

/// The sidecar sits beside its media file: same name, `.json`.
pub fn sidecar_rel_path(media_rel: &str) -> String {
    match media_rel.rfind('.') {
        Some(dot) if !media_rel[dot..].contains('/') => format!("{}.json", &media_rel[..dot]),
        _ => format!("{media_rel}.json"),
    }
}

/// The watermarked copy of a result sits beside it: `…_1.watermarked.mp4`. The scanner leaves
/// such files out of the gallery (they belong to their result).
pub fn watermarked_rel_path(media_rel: &str) -> String {
    match media_rel.rfind('.') {
        Some(dot) if !media_rel[dot..].contains('/') => format!("{}.{WATERMARKED}{}", &media_rel[..dot], &media_rel[dot..]),
        _ => format!("{media_rel}.{WATERMARKED}"),
    }
}

const WATERMARKED: &str = "watermarked";

/// The wav of a sound filed as mp3 sits beside it: `…_2.lossless.wav`. The scanner leaves it
/// out of the gallery (it belongs to its sound).
pub fn wav_copy_rel_path(media_rel: &str) -> String {
    let stem = match media_rel.rfind('.') {
        Some(dot) if !media_rel[dot..].contains('/') => &media_rel[..dot],
        _ => media_rel,
    };
    format!("{stem}.{LOSSLESS}.wav")
}

const LOSSLESS: &str = "lossless";

/// Whether a file is the wav kept beside a sound (not an item of its own).
pub fn is_wav_copy(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').is_some_and(|(stem, ext)| ext.eq_ignore_ascii_case("wav") && stem.ends_with(&format!(".{LOSSLESS}")))
}

/// Whether a file belongs to another item (a watermarked copy, a sound's wav), not an item of
/// its own.
pub fn is_companion(rel: &str) -> bool {
    is_watermarked_copy(rel) || is_wav_copy(rel)
}

/// Whether a file is the watermarked copy of another (not an item of its own).
pub fn is_watermarked_copy(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    stem.ends_with(&format!(".{WATERMARKED}"))
}

/// Task ids and extensions come from the network: keep only characters safe in a file name,
/// so an answer like "../../x" can never escape the library folder.
fn safe(part: &str) -> String {
    let cleaned: String = part.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(64).collect();
    if cleaned.is_empty() {
        "x".into()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_date_and_say_what_they_are() {
        let ms = Local.with_ymd_and_hms(2026, 11, 25, 14, 30, 12).unwrap().timestamp_millis();
        assert_eq!(media_rel_path(ItemKind::Image, "827574871634235396", 0, ms, "png"), "2026-11/2026-11-25_143012_image_827574871634235396_1.png");
        assert_eq!(sidecar_rel_path("2026-11/a_1.png"), "2026-11/a_1.json");
    }

    #[test]
    fn watermarked_copies_sit_beside_their_result() {
        assert_eq!(watermarked_rel_path("2026-11/a_1.mp4"), "2026-11/a_1.watermarked.mp4");
        assert!(is_watermarked_copy("2026-11/a_1.watermarked.mp4") && is_watermarked_copy("a.watermarked.png"));
        assert!(!is_watermarked_copy("2026-11/a_1.mp4") && !is_watermarked_copy("2026-11/watermarked.png") && !is_watermarked_copy("x.watermarked/a.png"));
    }

    #[test]
    fn a_sounds_wav_sits_beside_its_mp3() {
        assert_eq!(wav_copy_rel_path("2026-11/a_2.mp3"), "2026-11/a_2.lossless.wav");
        assert!(is_wav_copy("2026-11/a_2.lossless.wav") && is_companion("2026-11/a_2.lossless.wav") && is_companion("a_1.watermarked.mp4"));
        assert!(!is_wav_copy("2026-11/a_2.wav") && !is_wav_copy("2026-11/a_2.lossless.mp3") && !is_companion("2026-11/lossless.wav"));
    }

    #[test]
    fn hostile_ids_cannot_escape_the_folder() {
        let name = media_rel_path(ItemKind::Text2video, "../../etc/passwd", 0, 0, "mp4/../x");
        assert!(!name.contains(".."), "{name}");
        assert_eq!(name.matches('/').count(), 1, "{name}");
    }
}
