//! The gallery at 100,000 items, measured in the real app (debug build, software rendering on
//! Xvfb): opening it, searching, and scrolling. Ignored by default; `scripts/bench.sh gallery`
//! runs it and BENCHMARKS.md records its figures.

use crate::harness::{picture, serial, testid, World};
use keychain::KeyStore;
use std::path::Path;
use studio::{ItemKind, Library, Sidecar};

const WORDS: &[&str] =
    &["lighthouse", "fox", "city", "night", "ocean", "forest", "portrait", "neon", "desert", "storm", "garden", "robot", "castle", "river", "sunset", "winter"];

/// N pictures with sidecars; the media files are hard links to one small PNG (the index and the
/// grid, not the disk, are under test).
fn big_library(root: &Path, n: usize) {
    // A file takes at most 65,000 links (ext4): a fresh source every 30,000 items.
    let source_for = |i: usize| {
        let source = root.with_file_name(format!("source-{}.png", i / 30_000));
        if !source.exists() {
            picture(&source, 512, 288);
        }
        source
    };
    let mut rng_state = 1u64;
    let mut next = || {
        rng_state = rng_state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (rng_state >> 33) as usize
    };
    for i in 0..n {
        let prompt: Vec<&str> = (0..6).map(|_| WORDS[next() % WORDS.len()]).collect();
        let created = 1_760_000_000_000i64 + i as i64 * 1000;
        let sidecar = Sidecar {
            version: studio::library::sidecar_version(),
            kind: ItemKind::Image,
            task_id: format!("{:018}", 200_000_000_000_000_000u64 + i as u64),
            index: 0,
            external_task_id: None,
            model: if i % 3 == 0 { "kling-v2-1".into() } else { "kling-v1".into() },
            prompt: prompt.join(" "),
            negative_prompt: String::new(),
            request: studio::JobRequest::Image { request: kling_api::ImageRequest::new(prompt.join(" ")), image: None },
            created_at: created,
            finished_at: created + 5000,
            original_url: None,
            width: Some(512),
            height: Some(288),
            duration_secs: None,
            ext: "png".into(),
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
        std::fs::hard_link(source_for(i), &media).unwrap();
        std::fs::write(media.with_extension("json"), sidecar.to_json()).unwrap();
    }
    let library = Library::open(root).unwrap();
    assert_eq!(library.count().unwrap() as usize, n);
}

const OPEN_GALLERY: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
document.querySelector('[data-testid=nav-gallery]').click();
const check = () => {
  // Only tiles on screen: lazy images in the overscan rows never load while off screen.
  const imgs = [...document.querySelectorAll('[data-testid=tile] img')].filter(i => { const r = i.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; });
  if (imgs.length > 0 && imgs.every(i => i.complete)) requestAnimationFrame(() => done(performance.now() - t0));
  else requestAnimationFrame(check);
};
check();
"#;

const SEARCH: &str = r#"
const done = arguments[arguments.length - 1];
const input = document.querySelector('[data-testid=gallery-search]');
const count = document.querySelector('[data-testid=gallery-count]');
const before = count.innerText;
const t0 = performance.now();
input.value = arguments[0];
input.dispatchEvent(new Event('input', { bubbles: true }));
const check = () => {
  if (count.innerText !== before && document.querySelector('[data-testid=tile]')) requestAnimationFrame(() => done([performance.now() - t0, count.innerText]));
  else requestAnimationFrame(check);
};
check();
"#;

const SCROLL: &str = r#"
const done = arguments[arguments.length - 1];
const grid = document.querySelector('[data-testid=gallery-grid]');
const frames = [];
let last = performance.now();
let n = 0;
const step = (now) => {
  frames.push(now - last);
  last = now;
  grid.scrollTop += arguments[0];
  if (++n < 120) requestAnimationFrame(step);
  else {
    frames.sort((a, b) => a - b);
    const pick = (q) => frames[Math.min(frames.length - 1, Math.floor(frames.length * q))];
    done([pick(0.5), pick(0.95), grid.scrollTop, document.querySelectorAll('[data-testid=tile]').length]);
  }
};
requestAnimationFrame(step);
"#;

const IDLE_FRAMES: &str = r#"
const done = arguments[arguments.length - 1];
const frames = [];
let last = performance.now();
const step = (now) => { frames.push(now - last); last = now; if (frames.length < 120) requestAnimationFrame(step); else { frames.sort((a,b)=>a-b); done(frames[60]); } };
requestAnimationFrame(step);
"#;

const JUMP_TO_END: &str = r#"
const done = arguments[arguments.length - 1];
const grid = document.querySelector('[data-testid=gallery-grid]');
const t0 = performance.now();
grid.scrollTop = grid.scrollHeight;
const check = () => {
  const tiles = [...document.querySelectorAll('[data-testid=tile] img')].filter(i => { const r = i.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; });
  if (tiles.length > 0 && tiles.every(i => i.complete)) requestAnimationFrame(() => done(performance.now() - t0));
  else requestAnimationFrame(check);
};
requestAnimationFrame(check);
"#;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: scripts/bench.sh gallery"]
async fn gallery_at_100k() {
    let _one = serial().await;
    let n: usize = std::env::var("GALLERY_ITEMS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let world = World::new().await;
    world.preconfigure();
    let started = std::time::Instant::now();
    big_library(&world.library(), n);
    eprintln!("bench: {n} items filed and indexed in {:.1} s", started.elapsed().as_secs_f64());
    let app = world.launch().await;
    // Scripts may run long on a software-rendered display: the page's own bound is 180 s, the
    // harness's per-call bound stays as the backstop.
    app.set_script_timeout(180).await;
    let js = |script: &'static str, args: Vec<serde_json::Value>| app.script_async(script, args);
    let idle = js(IDLE_FRAMES, vec![]).await.as_f64().unwrap();
    eprintln!("bench: idle frame {idle}");
    let open = js(OPEN_GALLERY, vec![]).await.as_f64().unwrap();
    eprintln!("bench: open {open}");
    app.wait_for(&testid("gallery-grid"), 10).await;
    let scroll = js(SCROLL, vec![serde_json::json!(600)]).await;
    eprintln!("bench: scroll {scroll}");
    let end = js(JUMP_TO_END, vec![]).await.as_f64().unwrap();
    let one = js(SEARCH, vec![serde_json::json!("light")]).await;
    let two = js(SEARCH, vec![serde_json::json!("fox storm")]).await;
    println!("\n## Gallery at {n} items (debug build, Xvfb software rendering)\n");
    println!("| measure | figure |\n|---|---|");
    println!("| frame interval when idle (the display's pace, baseline) | {idle:.1} ms |");
    println!("| open the gallery → first page of thumbnails painted | {open:.0} ms |");
    println!(
        "| scroll 120 frames at 600 px/frame (thumbnails wait for the scroll to settle): median / p95 frame | {:.1} / {:.1} ms ({} tiles in the DOM) |",
        scroll[0].as_f64().unwrap(),
        scroll[1].as_f64().unwrap(),
        scroll[3]
    );
    println!("| jump to the end → its thumbnails painted | {end:.0} ms |");
    println!("| search \"light\" → grid repainted (incl. 150 ms typing pause) | {:.0} ms, {} |", one[0].as_f64().unwrap(), one[1].as_str().unwrap_or(""));
    println!("| search \"fox storm\" → grid repainted (incl. 150 ms typing pause) | {:.0} ms, {} |", two[0].as_f64().unwrap(), two[1].as_str().unwrap_or(""));
    app.close().await;
    let _ = world.keychain().delete();
}
