//! Result media: real PNGs in the asked shape, real H.264 MP4s, ranges, HEAD, expiry, truncation.

use crate::common::*;
use serde_json::{json, Value};
use std::time::Duration;

async fn image_urls(api: &Api, body: Value) -> Vec<String> {
    let id = api.create("/v1/images/generations", body).await;
    let done = api.wait_status(&format!("/v1/images/generations/{id}"), "succeed").await;
    done["task_result"]["images"].as_array().unwrap().iter().map(|i| i["url"].as_str().unwrap().to_string()).collect()
}

async fn video_url(api: &Api, path: &str, body: Value) -> String {
    let id = api.create(path, body).await;
    let done = api.wait_status(&format!("{path}/{id}"), "succeed").await;
    done["task_result"]["videos"][0]["url"].as_str().unwrap().to_string()
}

/// Width and height from the first track header box (16.16 fixed point at its end).
fn mp4_size(bytes: &[u8]) -> (u32, u32) {
    let at = bytes.windows(4).position(|w| w == b"tkhd").expect("a tkhd box") - 4;
    let size = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let end = at + size;
    let w = u32::from_be_bytes(bytes[end - 8..end - 4].try_into().unwrap()) >> 16;
    let h = u32::from_be_bytes(bytes[end - 4..end].try_into().unwrap()) >> 16;
    (w, h)
}

#[tokio::test]
async fn pictures_are_real_pngs_in_the_asked_shape_and_differ_by_prompt() {
    let api = Api::roomy().await;
    for (aspect, model, want) in [
        ("16:9", "kling-v1", (1024, 576)),
        ("9:16", "kling-v1", (576, 1024)),
        ("1:1", "kling-v1", (1024, 1024)),
        ("3:4", "kling-v1", (768, 1024)),
        ("21:9", "kling-v2", (1024, 438)),
    ] {
        let url = &image_urls(&api, json!({ "prompt": format!("a fox {aspect}"), "aspect_ratio": aspect, "model_name": model })).await[0];
        assert!(url.ends_with(".png"));
        let resp = reqwest::get(url).await.unwrap();
        assert_eq!(resp.status().as_u16(), 200);
        assert_eq!(resp.headers()["content-type"], "image/png");
        let length = resp.content_length();
        let bytes = resp.bytes().await.unwrap();
        assert_eq!(length, Some(bytes.len() as u64));
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let picture = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).unwrap();
        assert_eq!((picture.width(), picture.height()), want, "{aspect}");
    }
    let pair = image_urls(&api, json!({ "prompt": "a dog", "n": 2, "aspect_ratio": "1:1" })).await;
    let first = reqwest::get(&pair[0]).await.unwrap().bytes().await.unwrap();
    let second = reqwest::get(&pair[1]).await.unwrap().bytes().await.unwrap();
    let again = reqwest::get(&pair[0]).await.unwrap().bytes().await.unwrap();
    assert_eq!(first, again, "cached, stable");
    assert_ne!(first, second, "each index its own picture");
    let cat = image_urls(&api, json!({ "prompt": "a cat", "aspect_ratio": "1:1" })).await;
    assert_ne!(first, reqwest::get(&cat[0]).await.unwrap().bytes().await.unwrap(), "each prompt its own picture");
}

#[tokio::test]
async fn videos_are_real_h264_mp4s_in_the_asked_shape() {
    let api = Api::roomy().await;
    let mut seen = Vec::new();
    for (aspect, want) in [("16:9", (320, 180)), ("9:16", (180, 320)), ("1:1", (240, 240))] {
        for duration in ["5", "10"] {
            let url = video_url(&api, "/v1/videos/text2video", json!({ "prompt": "waves", "aspect_ratio": aspect, "duration": duration })).await;
            let resp = reqwest::get(&url).await.unwrap();
            assert_eq!(resp.headers()["content-type"], "video/mp4");
            assert_eq!(resp.headers()["accept-ranges"], "bytes");
            let bytes = resp.bytes().await.unwrap();
            assert_eq!(&bytes[4..8], b"ftyp", "{aspect} {duration}");
            assert!(bytes.windows(4).any(|w| w == b"avc1"), "H.264");
            assert!(bytes.len() < 150_000);
            assert_eq!(mp4_size(&bytes), want, "{aspect}");
            seen.push(bytes);
        }
    }
    assert!(seen[1].len() > seen[0].len(), "the 10 s clip is longer");
    // Image to video follows the picture's shape.
    let url = video_url(&api, "/v1/videos/image2video", json!({ "image": png_b64(480, 640) })).await;
    assert_eq!(mp4_size(&reqwest::get(&url).await.unwrap().bytes().await.unwrap()), (180, 320));
}

#[tokio::test]
async fn ranges_head_expiry_and_unknown_links() {
    let api = Api::fast().await;
    let url = video_url(&api, "/v1/videos/text2video", json!({ "prompt": "waves" })).await;
    let http = reqwest::Client::new();
    let whole = reqwest::get(&url).await.unwrap().bytes().await.unwrap();
    let len = whole.len();
    for (range, start, end) in [("bytes=100-", 100, len - 1), ("bytes=10-19", 10, 19), ("bytes=-50", len - 50, len - 1)] {
        let part = http.get(&url).header("Range", range).send().await.unwrap();
        assert_eq!(part.status().as_u16(), 206, "{range}");
        assert_eq!(part.headers()["content-range"].to_str().unwrap(), format!("bytes {start}-{end}/{len}"));
        assert_eq!(part.content_length(), Some((end - start + 1) as u64));
        assert_eq!(part.bytes().await.unwrap(), whole.slice(start..=end), "{range}");
    }
    let past = http.get(&url).header("Range", format!("bytes={len}-")).send().await.unwrap();
    assert_eq!(past.status().as_u16(), 416);
    assert_eq!(past.headers()["content-range"].to_str().unwrap(), format!("bytes */{len}"));

    let head = http.head(&url).send().await.unwrap();
    assert_eq!(head.status().as_u16(), 200);
    assert_eq!(head.headers()["content-length"].to_str().unwrap(), len.to_string());

    let base = api.sim.url();
    let token_path = url.strip_prefix(&format!("{base}/media/")).unwrap();
    let token = token_path.split('/').next().unwrap();
    for wrong in [format!("{base}/media/nope/video.mp4"), format!("{base}/media/{token}/other.mp4"), format!("{base}/media/{token}")] {
        assert_eq!(reqwest::get(&wrong).await.unwrap().status().as_u16(), 404, "{wrong}");
    }
    assert_eq!(http.post(&url).send().await.unwrap().status().as_u16(), 405);

    api.sim.update(|c| c.url_ttl = Duration::ZERO);
    assert_eq!(reqwest::get(&url).await.unwrap().status().as_u16(), 403, "expired");
    api.sim.update(|c| c.url_ttl = Duration::from_secs(60));
    assert_eq!(reqwest::get(&url).await.unwrap().status().as_u16(), 200, "the lifetime is read live");

    // Media needs no auth and is recorded like everything else.
    let media: Vec<_> = api.sim.requests().into_iter().filter(|r| r.path.starts_with("/media/")).collect();
    assert!(media.len() >= 9);
    assert!(media.iter().all(|r| r.authorization.is_none()));
}

#[cfg(feature = "faults")]
#[tokio::test]
async fn truncated_downloads_announce_the_full_length_and_break_off() {
    let api = Api::fast().await;
    let url = video_url(&api, "/v1/videos/text2video", json!({ "prompt": "waves" })).await;
    let whole = reqwest::get(&url).await.unwrap().bytes().await.unwrap();

    api.sim.truncate_next_downloads(1);
    let cut = reqwest::get(&url).await.unwrap();
    assert_eq!(cut.status().as_u16(), 200);
    assert_eq!(cut.content_length(), Some(whole.len() as u64), "the full length is announced");
    assert!(cut.bytes().await.is_err(), "but the body breaks off");
    assert_eq!(reqwest::get(&url).await.unwrap().bytes().await.unwrap(), whole, "only the next one");

    // With the rate at 1 every download breaks, ranges too; a resume from the cut would work
    // once the fault is gone.
    api.sim.update(|c| c.faults.truncate_rate = 1.0);
    let http = reqwest::Client::new();
    let part = http.get(&url).header("Range", "bytes=1000-").send().await.unwrap();
    assert_eq!(part.status().as_u16(), 206);
    assert_eq!(part.content_length(), Some((whole.len() - 1000) as u64));
    let mut stream = part;
    let mut got = Vec::new();
    let broke = loop {
        match stream.chunk().await {
            Ok(Some(chunk)) => got.extend_from_slice(&chunk),
            Ok(None) => break false,
            Err(_) => break true,
        }
    };
    assert!(broke);
    assert!(!got.is_empty() && got.len() < whole.len() - 1000);
    assert_eq!(&got[..], &whole[1000..1000 + got.len()], "what arrived is right");
    api.sim.update(|c| c.faults.truncate_rate = 0.0);
    let rest = http.get(&url).header("Range", format!("bytes={}-", 1000 + got.len())).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(&rest[..], &whole[1000 + got.len()..]);
}
