//! A library of N items: full rebuild from sidecars, reopening, first page, search.

use crate::{ms, time};
use kling_api::{ImageRequest, TextToVideoRequest};
use studio::{GalleryQuery, ItemKind, JobRequest, Library, Sidecar};

const WORDS: &[&str] =
    &["lighthouse", "fox", "city", "night", "ocean", "forest", "portrait", "neon", "desert", "storm", "garden", "robot", "castle", "river", "sunset", "winter"];

pub fn run(n: usize) {
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| std::env::temp_dir().display().to_string())).unwrap();
    let root = dir.path().join("library");
    let mut rng = fastrand::Rng::with_seed(1);
    let start_ms = 1_760_000_000_000i64;
    for i in 0..n {
        let prompt: Vec<&str> = (0..6).map(|_| WORDS[rng.usize(..WORDS.len())]).collect();
        let kind = if i % 5 == 0 { ItemKind::Text2video } else { ItemKind::Image };
        let sidecar = Sidecar {
            version: studio::library::sidecar_version(),
            kind,
            task_id: format!("{:018}", 100_000_000_000_000_000u64 + i as u64),
            index: 0,
            external_task_id: None,
            model: if i % 3 == 0 { "kling-v2-1".into() } else { "kling-v1".into() },
            prompt: prompt.join(" "),
            negative_prompt: String::new(),
            request: if kind == ItemKind::Image {
                JobRequest::Image { request: ImageRequest::new(prompt.join(" ")), image: None }
            } else {
                JobRequest::TextToVideo { request: TextToVideoRequest::new(prompt.join(" ")) }
            },
            created_at: start_ms + i as i64 * 1000,
            finished_at: start_ms + i as i64 * 1000 + 5000,
            original_url: None,
            width: Some(1024),
            height: Some(576),
            duration_secs: if kind == ItemKind::Image { None } else { Some(5.1) },
            ext: if kind == ItemKind::Image { "png".into() } else { "mp4".into() },
            favorite: i % 7 == 0,
            tags: vec![],
            charged_units: None,
            watermarked: false,
            made_from: Vec::new(),
            video_id: None,
            wav_copy: false,
        };
        let media = root.join(sidecar.media_rel_path());
        std::fs::create_dir_all(media.parent().unwrap()).unwrap();
        std::fs::write(&media, b"\x89PNG\r\n\x1a\n").unwrap();
        std::fs::write(media.with_extension("json"), sidecar.to_json()).unwrap();
    }
    let (library, rebuild) = time(|| Library::open(&root).unwrap());
    assert_eq!(library.count().unwrap() as usize, n);
    drop(library);
    let (library, reopen) = time(|| Library::open(&root).unwrap());
    let (page, first_page) = time(|| library.query(&GalleryQuery { limit: 100, ..Default::default() }).unwrap());
    assert_eq!(page.items.len(), 100);
    let (deep, deep_page) = time(|| library.query(&GalleryQuery { offset: n as u64 - 200, limit: 100, ..Default::default() }).unwrap());
    assert_eq!(deep.items.len(), 100);
    let (found, search) = time(|| library.query(&GalleryQuery { search: Some("light".into()), limit: 100, ..Default::default() }).unwrap());
    let (two, search2) = time(|| library.query(&GalleryQuery { search: Some("fox storm".into()), limit: 100, ..Default::default() }).unwrap());
    let (fav, filtered) = time(|| library.query(&GalleryQuery { favorites_only: true, kinds: vec![ItemKind::Image], limit: 100, ..Default::default() }).unwrap());
    println!("library n={n}: full rebuild from sidecars {} | reopen + reconcile {} | first page (100) {} | page at offset {} {} | search \"light\" ({} hits) {} | search \"fox storm\" ({} hits) {} | favourites+kind filter ({} hits) {}",
        ms(rebuild), ms(reopen), ms(first_page), n - 200, ms(deep_page), found.total, ms(search), two.total, ms(search2), fav.total, ms(filtered));
}
