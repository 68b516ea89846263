//! Today's `kling` against the emulator of mid-2025 models: the catalogue (`kling models`), the
//! default model in the help, the cost before sending and the charge after, credits per pack,
//! and the new flags where an old model takes them. Tasks with kling-v3 and kling-v2-6 are in
//! today.rs.

mod common;

use common::*;
use serde_json::Value;

fn posted_bodies(sim: &kling_sim::Sim) -> Vec<Value> {
    sim.requests().into_iter().filter(|r| r.method == "POST").filter_map(|r| r.body).collect()
}

#[test]
fn kling_models_prints_the_catalogue_without_keys() {
    let out = run(bare_kling().arg("models"));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for heading in ["image — `kling image --model MODEL` (default kling-v3)", "text2video — `kling video", "image2video — `kling animate"] {
        assert!(text.contains(heading), "{heading:?} missing:\n{text}");
    }
    assert!(text.contains("  kling-v3 (default)\n    modes: std, pro, 4k; durations: 3–15 s; sound: on or off"), "{text}");
    assert!(text.contains("price: 0.6/0.8/3 video units a second (std/pro/4k), with sound 0.9/1.2/3"), "{text}");
    assert!(text.contains("price: 8 image units a picture"), "{text}");
    assert!(text.contains("voices: up to 2; multi-shot: no; elements: no; end frames: pro 5/10 s (silent)"), "kling-v2-6 animate:\n{text}");
    assert!(text.contains("camera control: std 5 s (every move)"), "kling-v1 text to video:\n{text}");
    assert!(text.contains("price: price not published"), "{text}");
    // Every model of every kind, once per kind.
    for kind in [kling_api::TaskKind::Image, kling_api::TaskKind::TextToVideo, kling_api::TaskKind::ImageToVideo] {
        for model in kling_api::capabilities::models_for(kind) {
            assert!(text.contains(&format!("\n  {model}\n")) || text.contains(&format!("\n  {model} (default)\n")), "{model} ({kind}) missing");
        }
    }
}

#[test]
fn kling_models_json_has_stable_fields() {
    let out = run(bare_kling().args(["--json", "models"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_of(&out);
    let kinds = v["kinds"].as_array().expect("kinds");
    let names: Vec<&str> = kinds.iter().map(|k| k["kind"].as_str().unwrap()).collect();
    assert_eq!(names, ["image", "text2video", "image2video", "omni-video", "multi-image2video", "motion-control", "multi-image2image", "omni-image"]);
    let commands: Vec<&str> = kinds.iter().map(|k| k["command"].as_str().unwrap()).collect();
    assert_eq!(commands, ["image", "video", "animate", "omni", "multi", "motion", "compose", "omni-image"], "each kind names the subcommand that makes it");
    let models = |kind: usize| kinds[kind]["models"].as_array().unwrap().clone();
    let find = |kind: usize, model: &str| models(kind).into_iter().find(|m| m["model"] == model).unwrap_or_else(|| panic!("{model} missing"));
    assert_eq!(kinds[1]["command"], "video");
    assert_eq!(kinds[1]["default_model"], "kling-v3");

    let v3 = find(1, "kling-v3");
    assert_eq!(v3["default"], true);
    assert_eq!(v3["modes"], serde_json::json!(["std", "pro", "4k"]));
    assert_eq!(v3["durations"], serde_json::json!((3..=15).collect::<Vec<u32>>()));
    assert_eq!(v3["multi_shot"], true);
    assert_eq!(v3["sound"][2], serde_json::json!({ "mode": "4k", "values": ["on", "off"] }));
    assert_eq!(v3["price"]["rule"], "video_per_second");
    assert_eq!(v3["price"]["pack"], "video");
    let pro_sound = v3["price"]["video_rates"].as_array().unwrap().iter().find(|r| r["mode"] == "pro" && r["sound"] == true).unwrap().clone();
    assert_eq!(pro_sound["units_per_second"], 1.2);

    let v2_6 = find(2, "kling-v2-6");
    assert_eq!((v2_6["max_voices"].as_u64(), v2_6["end_frame_silent"].as_bool()), (Some(2), Some(true)));
    assert_eq!(v2_6["sound"][0], serde_json::json!({ "mode": "std", "values": ["off"] }));
    assert_eq!(find(2, "kling-v3")["max_elements"], 3);
    let camera = &find(1, "kling-v1")["camera_control"][0];
    assert_eq!((camera["mode"].as_str(), camera["durations"].clone(), camera["moves"].as_str()), (Some("std"), serde_json::json!([5]), Some("all")));
    assert_eq!(find(1, "kling-v1")["price"]["rule"], "unpublished");

    let picture = find(0, "kling-v2-1");
    assert_eq!((picture["price"]["per_picture_text"].as_f64(), picture["price"]["per_picture_with_image"].as_f64()), (Some(4.0), Some(8.0)));
    assert_eq!(picture["resolutions_text"], serde_json::json!(["1k", "2k"]));
    assert_eq!(picture["image_reference"], serde_json::json!({ "rule": "optional_with_image", "kinds": ["subject", "face"] }));
    assert_eq!(find(0, "kling-v3")["price"]["words"], "8 image units a picture");
}

#[test]
fn the_help_names_todays_model_as_the_default() {
    for command in ["image", "video", "animate"] {
        let out = run(bare_kling().args([command, "--help"]));
        assert!(out.status.success());
        let help = String::from_utf8_lossy(&out.stdout);
        let model_line = help.lines().find(|l| l.trim_start().starts_with("--model")).unwrap_or_else(|| panic!("no --model in {command} --help"));
        assert!(model_line.contains("[default: kling-v3]") && model_line.contains("kling models"), "{command}: {model_line}");
        assert!(!help.contains("default: kling-v1"), "{help}");
    }
    let help = String::from_utf8_lossy(&run(bare_kling().args(["video", "--help"])).stdout).into_owned();
    for flag in ["--sound <SOUND>", "--duration <SECONDS>", "--shot <SECONDS:PROMPT>", "--multi-shot", "--watermark", "[possible values: std, pro, 4k]"] {
        assert!(help.contains(flag), "video --help lacks {flag}:\n{help}");
    }
    assert!(!help.contains("--voice"), "voices are for animate only");
    let help = String::from_utf8_lossy(&run(bare_kling().args(["animate", "--help"])).stdout).into_owned();
    assert!(help.contains("--voice <ID>") && help.contains("--element <ID>"), "{help}");
}

/// A model with a published price (kling-v2-5-turbo, which this emulator knows): the cost shows
/// before anything is sent, in video units, and Kling's charge after, equal to what the video
/// pack lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cost_shows_before_sending_and_the_charge_after() {
    let sim = sim().await;
    let credits = |sim: &kling_sim::Sim| json_of(&run(kling(sim).args(["--json", "credits"])));
    let video_pack = |v: &Value| v["packs"].as_array().unwrap().iter().find(|p| p["name"] == "Video Generation Pack").unwrap()["remaining"].as_f64().unwrap();
    let before = credits(&sim);
    let out = run(kling(&sim).args(["video", "waves", "--model", "kling-v2-5-turbo", "--duration", "10", "--mode", "std"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    let cost_at = lines.iter().position(|l| *l == "Costs about 3 video units").unwrap_or_else(|| panic!("no cost line: {err}"));
    let submit_at = lines.iter().position(|l| l.contains("submitting") || l.contains("queued")).unwrap_or(usize::MAX);
    assert!(cost_at < submit_at, "the cost comes before sending: {err}");
    let charged = lines.iter().find_map(|l| l.strip_prefix("Charged ")).unwrap_or_else(|| panic!("no charge line: {err}"));
    let units: f64 = charged.strip_suffix(" video units").unwrap_or_else(|| panic!("in video units: {charged}")).parse().unwrap();
    let spent = video_pack(&before) - video_pack(&credits(&sim));
    assert!(units > 0.0 && (units - spent).abs() < 1e-9, "charged {units}, the pack lost {spent}");

    // --json: the same figures as fields; an unpublished price is null in its pack's unit.
    let out = run(kling(&sim).args(["--json", "image", "two pears", "--model", "kling-v2-1", "-n", "2"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_of(&out);
    assert_eq!(v["estimate"], serde_json::json!({ "units": 8.0, "pack": "image" }), "{v}");
    assert_eq!(v["charged"]["pack"], "image", "{v}");
    assert!(!stderr(&out).contains("Costs"), "--json keeps stderr free of the text summary: {}", stderr(&out));

    let out = run(kling(&sim).args(["video", "old", "--model", "kling-v1", "--no-wait"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Price not published for kling-v1: the charge shows after the task"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credits_are_shown_per_pack_with_the_delay_note_and_no_total() {
    let sim = sim().await;
    let out = run(kling(&sim).arg("credits"));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("PACK") && lines[0].contains("REMAINING") && lines[0].contains("TOTAL") && lines[0].contains("EXPIRES"), "{text}");
    let video = lines.iter().find(|l| l.starts_with("Video Generation Pack")).unwrap_or_else(|| panic!("{text}"));
    let image = lines.iter().find(|l| l.starts_with("Image Generation Pack")).unwrap_or_else(|| panic!("{text}"));
    for line in [video, image] {
        assert!(line.contains(" 100 ") && line.contains("online"), "remaining and total of 100 units each: {line}");
        let date = line.split_whitespace().last().unwrap();
        assert!(date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-', "an expiry date: {line}");
    }
    assert!(text.contains("up to 12 h behind"), "{text}");
    assert!(!text.contains("200"), "the packs were added up: {text}");
    assert!(!text.to_lowercase().contains("remaining in packs"), "{text}");
}

/// The new flags an old model takes too: a watermark, 10 s in pro; and what it does not take is
/// refused before sending (bad_input.rs has every refusal row).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watermark_and_lengths_go_out_as_asked_on_an_old_model() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let out = run(kling(&sim).args(["--json", "video", "a tide", "--model", "kling-v1", "--mode", "pro", "--duration", "10", "--watermark", "--out"]).arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(files_of(&json_of(&out)).len(), 1);
    let out = run(kling(&sim).args(["--json", "image", "a shell", "--model", "kling-v1", "--watermark"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let bodies = posted_bodies(&sim);
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert_eq!((bodies[0]["mode"].as_str(), bodies[0]["duration"].as_str()), (Some("pro"), Some("10")));
    assert_eq!(bodies[0]["watermark_info"], serde_json::json!({ "enabled": true }));
    assert_eq!(bodies[1]["watermark_info"], serde_json::json!({ "enabled": true }));
    for body in &bodies {
        for absent in ["sound", "multi_shot", "shot_type", "multi_prompt", "voice_list", "element_list"] {
            assert!(body.get(absent).is_none(), "{absent} sent unasked: {body}");
        }
    }
}
