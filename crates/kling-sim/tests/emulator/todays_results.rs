//! Today's results (addendum §3, §7): sound-on videos are real MP4s with an AAC track, kling-v3
//! videos report the seconds asked for, a watermark asked for adds `watermark_url` to every result
//! (served as a distinct file), and `final_unit_deduction` is the catalogue's price, taken from
//! the right pack.

use crate::common::*;
use serde_json::{json, Value};

const IMG: &str = "/v1/images/generations";
const T2V: &str = "/v1/videos/text2video";
const I2V: &str = "/v1/videos/image2video";

const SOUND_9X16_5: &[u8] = include_bytes!("../../fixtures/clip-9x16-5s-sound.mp4");
const SOUND_16X9_10: &[u8] = include_bytes!("../../fixtures/clip-16x9-10s-sound.mp4");
const SILENT_16X9_5: &[u8] = include_bytes!("../../fixtures/clip-16x9-5s.mp4");

fn has(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

async fn fetch(api: &Api, url: &str) -> (String, Vec<u8>) {
    let resp = api.http.get(url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{url}");
    let kind = resp.headers()["content-type"].to_str().unwrap().to_string();
    (kind, resp.bytes().await.unwrap().to_vec())
}

/// Creates a task and waits for its end; the task object.
async fn finished(api: &Api, path: &str, body: Value) -> Value {
    let id = api.create(path, body).await;
    api.wait_status(&format!("{path}/{id}"), "succeed").await
}

fn pack_left(costs: &Value, name: &str) -> f64 {
    let packs = costs["resource_pack_subscribe_infos"].as_array().unwrap();
    packs.iter().find(|p| p["resource_pack_name"] == name).unwrap()["remaining_quantity"].as_f64().unwrap()
}

#[tokio::test]
async fn sound_on_videos_are_mp4s_with_an_aac_track() {
    let api = Api::rich().await;
    let loud = finished(&api, T2V, json!({ "model_name": "kling-v3", "prompt": "a choir", "mode": "pro", "sound": "on", "aspect_ratio": "9:16" })).await;
    let (kind, bytes) = fetch(&api, loud["task_result"]["videos"][0]["url"].as_str().unwrap()).await;
    assert_eq!(kind, "video/mp4");
    assert!(has(&bytes, b"mp4a"), "an AAC sample entry");
    assert!(has(&bytes, b"avc1"), "and the H.264 picture");
    assert_eq!(bytes, SOUND_9X16_5);
    // Sound off, or a model without sound: the silent clips.
    for body in [json!({ "model_name": "kling-v3", "prompt": "quiet", "sound": "off" }), json!({ "prompt": "old model" })] {
        let quiet = finished(&api, T2V, body).await;
        let (_, bytes) = fetch(&api, quiet["task_result"]["videos"][0]["url"].as_str().unwrap()).await;
        assert!(!has(&bytes, b"mp4a"), "no sound track");
        assert_eq!(bytes, SILENT_16X9_5);
    }
    // kling-v2-6 image-to-video with a voice: sound too.
    let voiced = json!({ "model_name": "kling-v2-6", "image": "https://example.com/a.png", "mode": "pro", "sound": "on", "duration": "10",
                         "prompt": "<<<voice_1>>> hello", "voice_list": [{ "voice_id": "v" }] });
    let done = finished(&api, I2V, voiced).await;
    let (_, bytes) = fetch(&api, done["task_result"]["videos"][0]["url"].as_str().unwrap()).await;
    assert_eq!(bytes, SOUND_16X9_10);
}

#[tokio::test]
async fn kling_v3_videos_report_the_seconds_asked_for() {
    let api = Api::rich().await;
    // The served clip is the 5 s fixture up to 7 s and the 10 s one from 8 s (fixtures/README.md).
    for (seconds, fixture) in [(3, SOUND_9X16_5), (7, SOUND_9X16_5), (13, &include_bytes!("../../fixtures/clip-9x16-10s-sound.mp4")[..])] {
        let body = json!({ "model_name": "kling-v3", "prompt": "x", "duration": seconds.to_string(), "sound": "on", "aspect_ratio": "9:16" });
        let done = finished(&api, T2V, body).await;
        let video = &done["task_result"]["videos"][0];
        assert_eq!(video["duration"], format!("{seconds}.1"), "a little over the length asked for, as the API reports it");
        assert_eq!(fetch(&api, video["url"].as_str().unwrap()).await.1, fixture, "{seconds} s");
    }
    // Customised shots: the video lasts what the shots add up to.
    let shots = json!({ "model_name": "kling-v3", "prompt": "", "multi_shot": true, "shot_type": "customize", "duration": "9",
                        "multi_prompt": [{ "index": 1, "prompt": "a", "duration": "4" }, { "index": 2, "prompt": "b", "duration": "5" }] });
    assert_eq!(finished(&api, T2V, shots).await["task_result"]["videos"][0]["duration"], "9.1");
}

#[tokio::test]
async fn a_watermark_asked_for_adds_a_distinct_watermarked_copy() {
    let api = Api::rich().await;
    let done = finished(&api, T2V, json!({ "model_name": "kling-v3", "prompt": "x", "watermark_info": { "enabled": true } })).await;
    let video = &done["task_result"]["videos"][0];
    let (url, marked_url) = (video["url"].as_str().unwrap(), video["watermark_url"].as_str().unwrap());
    assert_ne!(url, marked_url);
    assert!(marked_url.ends_with("-watermarked.mp4"), "{marked_url}");
    let (clean, (kind, marked)) = (fetch(&api, url).await.1, fetch(&api, marked_url).await);
    assert_eq!(kind, "video/mp4");
    assert_ne!(clean, marked, "the watermarked copy is its own file");
    assert!(marked.starts_with(&clean) && has(&marked[clean.len()..], b"free"), "the clip, then a free box players skip");

    let pictures = finished(&api, IMG, json!({ "model_name": "kling-v3", "prompt": "x", "n": 2, "aspect_ratio": "1:1", "watermark_info": { "enabled": true } })).await;
    let images = pictures["task_result"]["images"].as_array().unwrap();
    assert_eq!(images.len(), 2);
    for image in images {
        let (clean, marked) = (fetch(&api, image["url"].as_str().unwrap()).await.1, fetch(&api, image["watermark_url"].as_str().unwrap()).await.1);
        let (clean, marked) = (image::load_from_memory(&clean).unwrap().to_rgb8(), image::load_from_memory(&marked).unwrap().to_rgb8());
        assert_eq!(clean.dimensions(), marked.dimensions());
        assert_eq!(clean.get_pixel(0, 0), marked.get_pixel(0, 0), "the picture itself is the same");
        assert_eq!(marked.get_pixel(1016, 1016).0, [255, 255, 255], "a visible white stripe in the corner");
        assert_ne!(clean.get_pixel(1016, 1016).0, [255, 255, 255]);
    }
    assert_ne!(images[0]["watermark_url"], images[1]["watermark_url"]);

    // Not asked for (or asked off): no watermark_url at all.
    for body in [json!({ "model_name": "kling-v3", "prompt": "x" }), json!({ "model_name": "kling-v3", "prompt": "x", "watermark_info": { "enabled": false } })] {
        let plain = finished(&api, T2V, body).await;
        assert!(plain["task_result"]["videos"][0].get("watermark_url").is_none(), "{plain}");
    }
    let plain = finished(&api, IMG, json!({ "prompt": "x" })).await;
    assert!(plain["task_result"]["images"][0].get("watermark_url").is_none(), "{plain}");
}

#[tokio::test]
async fn final_unit_deduction_is_the_catalogue_price_taken_from_the_right_pack() {
    let api = Api::rich().await;
    // (path, body, units charged, pack)
    let cases = [
        (T2V, json!({ "model_name": "kling-v2-5-turbo", "prompt": "x", "mode": "pro" }), "2.5", "Video Generation Pack"),
        (T2V, json!({ "model_name": "kling-v2-5-turbo", "prompt": "x", "duration": "10" }), "3", "Video Generation Pack"),
        (T2V, json!({ "model_name": "kling-v3", "prompt": "x", "mode": "pro", "sound": "on" }), "6", "Video Generation Pack"),
        (T2V, json!({ "model_name": "kling-v3", "prompt": "x", "mode": "4k", "duration": "7" }), "21", "Video Generation Pack"),
        (T2V, json!({ "model_name": "kling-v3", "prompt": "x", "mode": "std", "sound": "on", "duration": "7" }), "6.3", "Video Generation Pack"),
        (
            I2V,
            json!({ "model_name": "kling-v2-6", "image": "https://example.com/a.png", "mode": "pro", "sound": "on", "prompt": "<<<voice_1>>>", "voice_list": [{ "voice_id": "v" }] }),
            "6",
            "Video Generation Pack",
        ),
        (IMG, json!({ "model_name": "kling-v2-1", "prompt": "x", "n": 2 }), "8", "Image Generation Pack"),
        (IMG, json!({ "model_name": "kling-v3", "prompt": "x", "image": "https://example.com/a.png" }), "8", "Image Generation Pack"),
        // No published price: the emulator's own made-up charge.
        (T2V, json!({ "prompt": "x", "mode": "pro" }), "3.5", "Video Generation Pack"),
        (IMG, json!({ "prompt": "x", "n": 4 }), "1", "Image Generation Pack"),
    ];
    for (path, body, units, pack) in cases {
        let before = pack_left(&api.costs().await, pack);
        let done = finished(&api, path, body.clone()).await;
        assert_eq!(done["final_unit_deduction"], units, "{body}");
        let after = pack_left(&api.costs().await, pack);
        let spent: f64 = units.parse().unwrap();
        assert!((before - after - spent).abs() < 1e-9, "{body}: {pack} went from {before} to {after}, not down by {spent}");
    }
}
