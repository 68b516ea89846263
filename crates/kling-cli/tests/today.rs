//! Today's models through the real `kling` and the emulator: a kling-v3 multi-shot video with
//! sound, a kling-v3 picture in 2K, a kling-v2-6 voice, exact element ids.

mod common;

use common::*;
use serde_json::{json, Value};

fn posted_bodies(sim: &kling_sim::Sim) -> Vec<Value> {
    sim.requests().into_iter().filter(|r| r.method == "POST").filter_map(|r| r.body).collect()
}

/// Whether an MP4 holds an AAC sound track (an `mp4a` sample entry).
fn has_aac_track(bytes: &[u8]) -> bool {
    bytes.windows(4).any(|w| w == b"mp4a")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]

async fn a_kling_v3_multi_shot_video_with_sound() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    // No --model: today's default.
    let out = run(kling(&sim)
        .args(["--json", "video", "--shot", "2:Two friends talk under a streetlight", "--shot", "3:A runner sprints through a forest"])
        .args(["--mode", "pro", "--sound", "on", "--aspect", "9:16", "--out"])
        .arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_of(&out);
    let files = files_of(&v);
    assert_eq!(files.len(), 1, "{v}");
    let bytes = std::fs::read(&files[0]).unwrap();
    assert_eq!(&bytes[4..8], b"ftyp", "an MP4 file");
    assert!(has_aac_track(&bytes), "a video with sound has a sound track");
    assert_eq!(v["estimate"], json!({ "units": 6.0, "pack": "video" }), "v3 pro 5 s with sound: {v}");
    assert_eq!(v["charged"], json!({ "units": 6.0, "pack": "video" }), "{v}");

    let bodies = posted_bodies(&sim);
    assert_eq!(bodies.len(), 1);
    let body = &bodies[0];
    assert_eq!(body["model_name"], "kling-v3");
    assert_eq!((body["multi_shot"].clone(), body["shot_type"].clone()), (json!(true), json!("customize")));
    assert_eq!(
        body["multi_prompt"],
        json!([
            { "index": 1, "prompt": "Two friends talk under a streetlight", "duration": "2" },
            { "index": 2, "prompt": "A runner sprints through a forest", "duration": "3" },
        ])
    );
    assert_eq!((body["duration"].as_str(), body["sound"].as_str(), body["mode"].as_str()), (Some("5"), Some("on"), Some("pro")));

    // Kling splits the shots; text output: the cost before, the charge after, on stderr.
    let out = run(kling(&sim).args(["video", "a day at the beach", "--multi-shot", "--duration", "10", "--sound", "off", "--out"]).arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Costs about 6 video units"), "v3 std 10 s silent: {err}");
    assert!(err.contains("Charged 6 video units"), "{err}");
    let body = posted_bodies(&sim).pop().unwrap();
    assert_eq!((body["shot_type"].as_str(), body.get("multi_prompt")), (Some("intelligence"), None));
    assert_eq!(body["prompt"], "a day at the beach");
    let clip = String::from_utf8_lossy(&out.stdout).lines().next().map(std::path::PathBuf::from).unwrap();
    assert!(!has_aac_track(&std::fs::read(clip).unwrap()), "sound off: no sound track");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]

async fn a_kling_v3_picture_in_2k() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let out =
        run(kling(&sim).args(["--json", "image", "a glass lighthouse", "--model", "kling-v3", "--resolution", "2k", "-n", "2", "--watermark", "--out"]).arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_of(&out);
    let files = files_of(&v);
    assert_eq!(files.len(), 2, "{v}");
    for file in &files {
        image::open(file).unwrap_or_else(|e| panic!("{} is a picture: {e}", file.display()));
    }
    assert_eq!(v["estimate"], json!({ "units": 16.0, "pack": "image" }), "8 image units a picture: {v}");
    assert_eq!(v["charged"], json!({ "units": 16.0, "pack": "image" }), "{v}");
    let body = posted_bodies(&sim).pop().unwrap();
    assert_eq!((body["model_name"].as_str(), body["resolution"].as_str(), body["n"].as_u64()), (Some("kling-v3"), Some("2k"), Some(2)));
    assert_eq!(body["watermark_info"], json!({ "enabled": true }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]

async fn a_kling_v2_6_video_speaks_with_a_voice_in_pro() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let picture = write_png(dir.path(), "girl.png", 640, 480);
    let out = run(kling(&sim)
        .args(["--json", "animate"])
        .arg(&picture)
        .args(["--model", "kling-v2-6", "--mode", "pro", "--sound", "on", "--voice", "voice-829836802793406551"])
        .args(["-p", "<<<voice_1>>> The girl says: \"Welcome everyone\"", "--out"])
        .arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_of(&out);
    assert_eq!(files_of(&v).len(), 1);
    assert!(has_aac_track(&std::fs::read(&files_of(&v)[0]).unwrap()), "it speaks: a sound track");
    assert_eq!(v["estimate"], json!({ "units": 6.0, "pack": "video" }), "v2-6 pro 5 s with a voice: {v}");
    assert_eq!(v["charged"], json!({ "units": 6.0, "pack": "video" }), "{v}");
    let body = posted_bodies(&sim).pop().unwrap();
    assert_eq!(body["voice_list"], json!([{ "voice_id": "voice-829836802793406551" }]));
    assert_eq!((body["model_name"].as_str(), body["sound"].as_str(), body["mode"].as_str()), (Some("kling-v2-6"), Some("on"), Some("pro")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]

async fn element_ids_go_out_as_exact_integers() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let picture = write_png(dir.path(), "cafe.png", 640, 480);
    let out = run(kling(&sim)
        .args(["--json", "animate"])
        .arg(&picture)
        .args(["--element", "829836802793406551", "-p", "<<<element_1>>> walks into the café", "--duration", "7", "--out"])
        .arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_of(&out);
    assert_eq!(v["estimate"]["units"].as_f64().map(|u| (u * 10.0).round()), Some(42.0), "v3 std 7 s silent = 4.2: {v}");
    let body = posted_bodies(&sim).pop().unwrap();
    let id = &body["element_list"][0]["element_id"];
    assert!(id.is_u64(), "an integer on the wire, not text: {id}");
    assert_eq!(id.as_u64(), Some(829836802793406551), "every digit kept");
    assert_eq!((body["model_name"].as_str(), body["duration"].as_str()), (Some("kling-v3"), Some("7")));
}
