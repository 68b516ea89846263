//! The video tools' rules (addendum §5.1, §6.1–6.4, §6.8, §6.9), each refused by the emulator's own
//! checks with 1200 (missing, wrong JSON type) or 1201 (outside the rules) naming the field; and
//! the rules that need the account's videos and face sessions (ids, lengths, ages, sessions).

use crate::common::*;
use crate::tool_helpers::*;
use kling_sim::SimConfig;
use serde_json::{json, Value};

const PIC: &str = "https://example.com/a.png";

fn with(base: &Value, extra: Value) -> Value {
    let mut body = base.clone();
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    body
}

#[tokio::test]
async fn omni_video_rules() {
    let api = Api::roomy().await;
    let v3 = json!({ "model_name": "kling-v3-omni", "prompt": "x", "aspect_ratio": "16:9" });
    let o1 = json!({ "prompt": "x", "aspect_ratio": "16:9" });
    let first = json!({ "image_url": PIC, "type": "first_frame" });
    let end = json!({ "image_url": PIC, "type": "end_frame" });
    let plain = json!({ "image_url": PIC });
    let video = |refer: &str| json!([{ "video_url": "https://example.com/v.mp4", "refer_type": refer }]);
    let els = |n: usize| (0..n).map(|i| json!({ "element_id": i + 1 })).collect::<Vec<_>>();
    let cases: Vec<(Value, i64, &str)> = vec![
        (with(&o1, json!({ "model_name": "kling-v3" })), 1201, "model_name: kling-v3"),
        (with(&o1, json!({ "mode": "4k" })), 1201, "mode 4k is not supported by kling-video-o1"),
        (with(&v3, json!({ "mode": "ultra" })), 1201, "mode must be"),
        (json!({ "prompt": "x" }), 1200, "aspect_ratio is required"),
        (with(&o1, json!({ "aspect_ratio": "4:3" })), 1201, "aspect_ratio must be"),
        (with(&o1, json!({ "image_list": [first] })), 1201, "aspect_ratio is not supported with a first frame"),
        (with(&o1, json!({ "video_list": video("base") })), 1201, "aspect_ratio is not supported with a base video"),
        (json!({ "aspect_ratio": "1:1" }), 1200, "prompt is required"),
        (with(&o1, json!({ "prompt": "x".repeat(2501) })), 1201, "2500"),
        (with(&o1, json!({ "image_list": "a.png" })), 1200, "image_list must be an array"),
        (with(&o1, json!({ "image_list": [{ "image": PIC }] })), 1200, "image_list[0].image_url is required"),
        (with(&o1, json!({ "image_list": [{ "image_url": png_b64(200, 200) }] })), 1201, "image_list[0].image_url must be at least 300px"),
        (with(&o1, json!({ "image_list": [{ "image_url": PIC, "type": "middle_frame" }] })), 1201, "image_list[0].type must be first_frame or end_frame"),
        (json!({ "prompt": "x", "image_list": [first, first] }), 1201, "more than one first_frame"),
        (json!({ "prompt": "x", "image_list": [end] }), 1201, "an end_frame needs a first_frame"),
        (json!({ "prompt": "x", "image_list": [first, end, plain] }), 1201, "more than 2 pictures"),
        (json!({ "prompt": "x", "image_list": [first, end], "element_list": els(1) }), 1201, "element_list is not supported by kling-video-o1 with first and end frames"),
        (with(&v3, json!({ "aspect_ratio": null, "image_list": [first], "element_list": els(4) })), 1201, "at most 3 elements with a first frame"),
        (with(&v3, json!({ "image_list": [plain, plain, plain], "element_list": els(5) })), 1201, "at most 7 together"),
        (with(&v3, json!({ "image_list": [plain, plain], "element_list": els(3), "video_list": video("feature") })), 1201, "at most 4 together with a video"),
        (with(&v3, json!({ "element_list": [{ "element_id": 1.5 }] })), 1201, "element_list[0].element_id"),
        (
            with(&v3, json!({ "video_list": [{ "video_url": "https://example.com/a.mp4" }, { "video_url": "https://example.com/b.mp4" }] })),
            1201,
            "video_list holds at most 1",
        ),
        (with(&v3, json!({ "video_list": [{ "refer_type": "feature" }] })), 1200, "video_list[0].video_url is required"),
        (with(&v3, json!({ "video_list": [{ "video_url": "ZmFrZQ==", "refer_type": "feature" }] })), 1201, "video_list[0].video_url must be an http(s) URL"),
        (
            with(&v3, json!({ "video_list": [{ "video_url": "https://example.com/a.mp4", "refer_type": "style" }] })),
            1201,
            "video_list[0].refer_type must be feature or base",
        ),
        (
            with(&v3, json!({ "video_list": [{ "video_url": "https://example.com/a.mp4", "refer_type": "feature", "keep_original_sound": true }] })),
            1200,
            "video_list[0].keep_original_sound must be a string",
        ),
        (json!({ "prompt": "x", "image_list": [first], "video_list": [{ "video_url": "https://example.com/a.mp4" }] }), 1201, "cannot be used with a base video"),
        (with(&o1, json!({ "sound": "on" })), 1201, "sound \"on\" is not supported by kling-video-o1"),
        (with(&v3, json!({ "sound": "on", "video_list": video("feature") })), 1201, "sound must be \"off\" with video_list"),
        (with(&v3, json!({ "sound": true })), 1200, "sound must be the string"),
        (with(&o1, json!({ "duration": "7" })), 1201, "duration must be \"5\" or \"10\" for kling-video-o1"),
        (json!({ "prompt": "x", "image_list": [first], "duration": "3" }), 1201, "duration must be \"5\" or \"10\""),
        (with(&o1, json!({ "image_list": [plain], "duration": "11" })), 1201, "\"3\" to \"10\" for kling-video-o1"),
        (with(&v3, json!({ "duration": "16" })), 1201, "\"3\" to \"15\" for kling-v3-omni"),
        (with(&v3, json!({ "duration": 5 })), 1200, "duration must be a string"),
        (with(&o1, json!({ "multi_shot": true, "shot_type": "intelligence" })), 1201, "multi_shot is not supported by kling-video-o1"),
        (with(&v3, json!({ "multi_shot": true })), 1200, "shot_type is required"),
        (
            with(&v3, json!({ "multi_shot": true, "shot_type": "customize", "multi_prompt": [{ "index": 1, "prompt": "a", "duration": "3" }] })),
            1201,
            "add up to 3 s but duration is 5 s",
        ),
        (
            with(
                &v3,
                json!({ "multi_shot": true, "shot_type": "customize", "video_list": video("feature"), "multi_prompt": [{ "index": 1, "prompt": "a", "duration": "5" }] }),
            ),
            1201,
            "shot_type must be intelligence with a feature video",
        ),
        (with(&v3, json!({ "prompt": "<<<image_2>>> waves", "image_list": [plain] })), 1201, "<<<image_2>>> but image_list holds 1"),
        (with(&v3, json!({ "prompt": "<<<element_1>>> waves" })), 1201, "<<<element_1>>> but element_list holds 0"),
        (with(&v3, json!({ "prompt": "<<<video_1>>> again" })), 1201, "<<<video_1>>> but video_list holds 0"),
        (with(&v3, json!({ "watermark_info": { "enabled": "yes" } })), 1200, "watermark_info.enabled"),
        (with(&v3, json!({ "external_task_id": "" })), 1201, "external_task_id"),
        // What the account holds: links on this emulator must lead to a finished video of it.
        (
            with(&v3, json!({ "video_list": [{ "video_url": format!("{}/media/nope/1.mp4", api.sim.url()), "refer_type": "feature" }] })),
            1201,
            "does not lead to a finished video",
        ),
        (with(&v3, json!({ "video_list": [{ "video_url": "http://example.com/a.mp4", "refer_type": "feature" }] })), 1201, "video_url must be an https URL"),
    ];
    for (body, code, needle) in cases {
        refused(&api, OMNI, body, code, needle).await;
    }
    assert_eq!(api.sim.task_count(), 0);

    // Accepted: the documented combinations (the frames with multi-shot since 2026-05-07, 4K).
    let accepted = vec![
        json!({ "model_name": "kling-v3-omni", "prompt": "<<<image_1>>> strolls through Tokyo and meets <<<element_1>>>", "image_list": [{ "image_url": PIC }],
                "element_list": [{ "element_id": 829836802793406551u64 }], "mode": "pro", "aspect_ratio": "16:9", "duration": "7", "sound": "on" }),
        with(
            &v3,
            json!({ "aspect_ratio": null, "image_list": [first, end], "element_list": els(3), "multi_shot": true, "shot_type": "intelligence", "mode": "4k", "duration": "15" }),
        ),
        with(
            &v3,
            json!({ "prompt": "", "multi_shot": true, "shot_type": "customize", "multi_prompt": [{ "index": 1, "prompt": "a", "duration": "2" }, { "index": 2, "prompt": "b", "duration": "3" }] }),
        ),
        with(&o1, json!({ "image_list": [plain, plain, plain], "element_list": els(4), "duration": "3", "mode": "std" })),
        with(&v3, json!({ "prompt": "the next shot of <<<video_1>>>", "video_list": video("feature"), "multi_shot": true, "shot_type": "intelligence", "sound": "off" })),
        json!({ "prompt": "x", "image_list": [first], "duration": "10" }),
    ];
    let count = accepted.len();
    for body in accepted {
        let (status, answer) = api.post(OMNI, body.clone()).await;
        assert_eq!((status, answer["code"].as_i64()), (200, Some(0)), "{body}: {answer}");
    }
    assert_eq!(api.sim.task_count(), count);
}

#[tokio::test]
async fn multi_image_and_effects_rules() {
    let api = Api::roomy().await;
    let pictures = |n: usize| (0..n).map(|_| json!({ "image": PIC })).collect::<Vec<_>>();
    let multi = json!({ "image_list": pictures(2), "prompt": "x" });
    let cases: Vec<(&str, Value, i64, &str)> = vec![
        (MULTI, json!({ "prompt": "x" }), 1200, "image_list is required"),
        (MULTI, with(&multi, json!({ "image_list": pictures(5) })), 1201, "image_list must hold 1 to 4 pictures, got 5"),
        (MULTI, with(&multi, json!({ "image_list": [] })), 1201, "image_list must hold 1 to 4 pictures, got 0"),
        (MULTI, with(&multi, json!({ "image_list": [{ "url": PIC }] })), 1200, "image_list[0].image is required"),
        (MULTI, with(&multi, json!({ "image_list": [{ "image": png_b64(900, 300) }] })), 1201, "image_list[0].image aspect ratio"),
        (MULTI, with(&multi, json!({ "model_name": "kling-v1" })), 1201, "model_name: kling-v1 is not supported here; use one of kling-v1-6"),
        (MULTI, json!({ "image_list": pictures(1) }), 1200, "prompt is required"),
        (MULTI, with(&multi, json!({ "duration": "7" })), 1201, "duration must be \"5\" or \"10\""),
        (MULTI, with(&multi, json!({ "aspect_ratio": "4:3" })), 1201, "aspect_ratio must be 16:9 or 9:16 or 1:1"),
        (MULTI, with(&multi, json!({ "mode": "4k" })), 1201, "mode 4k is not supported by kling-v1-6"),
        (MULTI, with(&multi, json!({ "negative_prompt": "n".repeat(2501) })), 1201, "negative_prompt"),
        (EFFECTS, json!({ "input": { "image": PIC } }), 1200, "effect_scene is required"),
        (EFFECTS, json!({ "effect_scene": "hug", "input": { "images": [PIC, PIC] } }), 1201, "effect_scene hug is invalid"),
        (EFFECTS, json!({ "effect_scene": "kiss", "input": { "images": [PIC, PIC] } }), 1201, "effect_scene kiss is invalid"),
        (EFFECTS, json!({ "effect_scene": "heart_gesture", "input": { "images": [PIC, PIC] } }), 1201, "effect_scene heart_gesture is invalid"),
        (EFFECTS, json!({ "effect_scene": "fight", "input": { "images": [PIC, PIC] } }), 1201, "effect_scene fight is invalid"),
        (EFFECTS, json!({ "effect_scene": "moonwalk_9000", "input": { "image": PIC } }), 1201, "effect_scene moonwalk_9000 is invalid"),
        (EFFECTS, json!({ "effect_scene": "birthday_board" }), 1200, "input is required"),
        (EFFECTS, json!({ "effect_scene": "birthday_board", "input": {} }), 1200, "input.image is required"),
        (EFFECTS, json!({ "effect_scene": "birthday_board", "input": { "images": [PIC, PIC] } }), 1201, "input.images is not taken by birthday_board"),
        (EFFECTS, json!({ "effect_scene": "birthday_board", "input": { "image": png_b64(100, 100) } }), 1201, "input.image must be at least 300px"),
        (EFFECTS, json!({ "effect_scene": "birthday_board", "input": { "image": PIC, "duration": "7" } }), 1201, "input.duration must be \"5\" or \"10\""),
        (EFFECTS, json!({ "effect_scene": "hug_pro", "input": { "images": [PIC] } }), 1201, "input.images must hold exactly 2 pictures for hug_pro, got 1"),
        (EFFECTS, json!({ "effect_scene": "hug_pro", "input": { "images": [PIC, PIC, PIC] } }), 1201, "exactly 2 pictures for hug_pro, got 3"),
        (EFFECTS, json!({ "effect_scene": "hug_pro", "input": { "image": PIC } }), 1201, "input.image is not taken by hug_pro"),
        (EFFECTS, json!({ "effect_scene": "hug_pro", "input": { "images": [PIC, "data:image/png;base64,AAAA"] } }), 1201, "input.images[1] must be raw base64"),
        (EFFECTS, json!({ "effect_scene": "hug_pro", "input": { "images": [PIC, PIC], "duration": "10" } }), 1201, "input.duration must be \"5\""),
        (EFFECTS, json!({ "effect_scene": "hug_pro", "input": "two people" }), 1200, "input must be an object"),
    ];
    for (path, body, code, needle) in cases {
        refused(&api, path, body, code, needle).await;
    }
    assert_eq!(api.sim.task_count(), 0);
}

#[tokio::test]
async fn video_extend_rules() {
    let mut config = SimConfig::fast(AK, SK);
    // Quick tasks: reaching 3 minutes takes some forty extensions.
    config.timing.video_submitted = std::time::Duration::from_millis(1);
    config.timing.video_processing = std::time::Duration::from_millis(4);
    config.credits.video_units = 1_000.0;
    config.concurrency.video = 100;
    let api = Api::new(config).await;
    let v1 = v1_clip(&api).await;
    let v2_6 = clip(&api, json!({ "model_name": "kling-v2-6", "prompt": "x", "mode": "pro" })).await;
    let cases: Vec<(Value, i64, String)> = vec![
        (json!({ "prompt": "x" }), 1200, "video_id is required".into()),
        (json!({ "video_id": "" }), 1201, "video_id must not be empty".into()),
        (json!({ "video_id": 5 }), 1200, "video_id must be a string".into()),
        (json!({ "video_id": "123456789012345678" }), 1201, "video_id 123456789012345678 is not a video made by this account".into()),
        (json!({ "video_id": v2_6.id }), 1201, format!("video_id {} was made by kling-v2-6; only videos made by kling-v1, kling-v1-5 or kling-v1-6", v2_6.id)),
        (json!({ "video_id": v1.id, "prompt": "x".repeat(2501) }), 1201, "prompt cannot be longer than 2500".into()),
        (json!({ "video_id": v1.id, "negative_prompt": "x".repeat(2501) }), 1201, "negative_prompt".into()),
        (json!({ "video_id": v1.id, "cfg_scale": 1.5 }), 1201, "cfg_scale must be between 0 and 1".into()),
        (json!({ "video_id": v1.id, "watermark_info": { "enabled": true, "logo": "x" } }), 1201, "watermark_info.logo".into()),
    ];
    for (body, code, needle) in cases {
        refused(&api, EXTEND, body, code, &needle).await;
    }
    // Extended again and again, up to 3 minutes: 5.1 s + 39 × 4.5 s = 180.6 s would be too long.
    let mut id = v1.id.clone();
    let mut length = String::new();
    for _ in 0..38 {
        let done = finished(&api, EXTEND, json!({ "video_id": id })).await;
        id = done["task_result"]["videos"][0]["id"].as_str().unwrap().to_string();
        length = done["task_result"]["videos"][0]["duration"].as_str().unwrap().to_string();
    }
    assert_eq!(length, "176.1");
    refused(&api, EXTEND, json!({ "video_id": id }), 1201, "would make it 180.6 s; a video can be extended to 3 minutes (180 s) at most").await;
    // Too long for the tools that take a video by id.
    refused(&api, FACES, json!({ "video_id": id }), 1201, "video_id: the video must be at most 60 s long, this one is 176.1 s").await;
    refused(&api, V2A, json!({ "video_id": id }), 1201, "video_id: the video must be 3 to 20 s long, this one is 176.1 s").await;
}

#[tokio::test]
async fn videos_older_than_30_days_are_refused_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sandbox-tasks.json");
    let mut config = SimConfig::fast(AK, SK);
    config.task_file = Some(file.clone());
    let api = Api::new(config.clone()).await;
    let old = v1_clip(&api).await;
    api.sim.shutdown().await;
    // The task file says the clip was made 31 days ago.
    let mut saved: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    for task in saved.as_array_mut().unwrap() {
        let created = task["created_ms"].as_i64().unwrap();
        task["created_ms"] = (created - 31 * 24 * 3600 * 1000).into();
    }
    std::fs::write(&file, serde_json::to_vec(&saved).unwrap()).unwrap();
    let api = Api::new(config).await;
    let needle = format!("video_id {} is more than 30 days old", old.id);
    refused(&api, EXTEND, json!({ "video_id": old.id }), 1201, &needle).await;
    refused(&api, V2A, json!({ "video_id": old.id }), 1201, &needle).await;
    refused(&api, FACES, json!({ "video_id": old.id }), 1201, &needle).await;
    let fresh = v1_clip(&api).await;
    api.create(EXTEND, json!({ "video_id": fresh.id })).await;
}

#[tokio::test]
async fn identify_face_and_lip_sync_rules() {
    let mut config = SimConfig::fast(AK, SK);
    config.concurrency.video = 100;
    let api = Api::new(config).await;
    let wide = v1_clip(&api).await;
    let picture_task = api.create("/v1/images/generations", json!({ "prompt": "x" })).await;
    let picture = api.wait_status(&format!("/v1/images/generations/{picture_task}"), "succeed").await["task_result"]["images"][0]["url"].as_str().unwrap().to_string();
    let face_cases: Vec<(Value, i64, String)> = vec![
        (json!({}), 1200, "video_id or video_url is required".into()),
        (json!({ "video_id": wide.id, "video_url": wide.url }), 1201, "video_id and video_url cannot both be given".into()),
        (json!({ "video_id": "42" }), 1201, "video_id 42 is not a video made by this account".into()),
        (json!({ "video_url": picture }), 1201, "does not lead to a finished video".into()),
        (json!({ "video_url": "http://example.com/v.mp4" }), 1201, "video_url must be an https URL".into()),
        (json!({ "video_url": "file:///etc/passwd" }), 1201, "video_url must be an http(s) URL".into()),
    ];
    for (body, code, needle) in face_cases {
        refused(&api, FACES, body, code, &needle).await;
    }
    let (status, found) = api.get(FACES).await;
    assert_eq!((status, found["code"].as_i64()), (404, Some(1202)), "identify-face is POST only");

    let session = api.post(FACES, json!({ "video_id": wide.id })).await.1["data"]["session_id"].as_str().unwrap().to_string();
    let ok = lip_sync(&session, "0", 0, 3000);
    let face = |extra: Value| {
        let mut body = ok.clone();
        body["face_choose"][0].as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    let without = |field: &str| {
        let mut body = ok.clone();
        body["face_choose"][0].as_object_mut().unwrap().remove(field);
        body
    };
    let sound_file = |sound: String| {
        let mut body = without("audio_id");
        body["face_choose"][0]["sound_file"] = sound.into();
        body
    };
    let cases: Vec<(Value, i64, String)> = vec![
        (json!({ "face_choose": ok["face_choose"] }), 1200, "session_id is required".into()),
        (with(&ok, json!({ "face_choose": null })), 1200, "face_choose is required".into()),
        (with(&ok, json!({ "face_choose": [ok["face_choose"][0], ok["face_choose"][0]] })), 1201, "face_choose must hold exactly 1 face, got 2".into()),
        (with(&ok, json!({ "face_choose": [] })), 1201, "face_choose must hold exactly 1 face, got 0".into()),
        (without("face_id"), 1200, "face_choose[0].face_id is required".into()),
        (without("audio_id"), 1200, "face_choose[0].audio_id or face_choose[0].sound_file is required".into()),
        (face(json!({ "sound_file": wav_b64(3.0) })), 1201, "audio_id and sound_file cannot both be given".into()),
        (without("sound_start_time"), 1200, "face_choose[0].sound_start_time is required".into()),
        (without("sound_insert_time"), 1200, "face_choose[0].sound_insert_time is required".into()),
        (face(json!({ "sound_end_time": "3000" })), 1200, "face_choose[0].sound_end_time must be a whole number".into()),
        (face(json!({ "sound_start_time": -1 })), 1201, "face_choose[0].sound_start_time must not be negative".into()),
        (face(json!({ "sound_start_time": 1500, "sound_end_time": 3000 })), 1201, "face_choose[0].sound_end_time must be at least 2000 ms after sound_start_time".into()),
        (face(json!({ "sound_volume": 2.5 })), 1201, "face_choose[0].sound_volume must be between 0 and 2".into()),
        (face(json!({ "original_audio_volume": -0.1 })), 1201, "face_choose[0].original_audio_volume".into()),
        (sound_file(wav_b64(1.0)), 1201, "face_choose[0].sound_file must be 2 to 60 s long, got 1 s".into()),
        (sound_file(wav_b64(2.5)), 1201, "face_choose[0].sound_end_time 3000 is past the end of the sound (2500 ms)".into()),
        (sound_file(b64_of(b"GIF89a not a sound")), 1201, "face_choose[0].sound_file must be an mp3, wav, m4a or aac file".into()),
        // Needing the session.
        (lip_sync("no-such-session", "0", 0, 3000), 1201, "session_id no-such-session is unknown".into()),
        (face(json!({ "face_id": "7" })), 1201, format!("face_choose[0].face_id 7 is not a face of session {session}; its faces are 0, 1")),
        (face(json!({ "sound_insert_time": 5100 })), 1201, "face_choose[0].sound_insert_time 5100 must be inside the video (0 to 5100 ms)".into()),
        // Face 1 shows from 1 s; 3 s of sound from 4 s overlap it 1.1 s only (the video ends at 5.1 s).
        (lip_sync(&session, "1", 4000, 3000), 1201, "must overlap face 1 (1000 to 5100 ms) for at least 2000 ms, it overlaps 1100 ms".into()),
    ];
    for (body, code, needle) in cases {
        refused(&api, LIP_SYNC, body, code, &needle).await;
    }
    assert_eq!(api.sim.tasks().iter().filter(|t| t.path == "videos/advanced-lip-sync").count(), 0);
    api.create(LIP_SYNC, lip_sync(&session, "1", 3000, 2100)).await;

    // Sessions lapse.
    api.sim.update(|c| c.face_session_ttl = std::time::Duration::ZERO);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    refused(&api, LIP_SYNC, ok, 1201, &format!("session_id {session} has expired")).await;
}

#[tokio::test]
async fn video_to_audio_and_motion_control_rules() {
    let mut config = SimConfig::fast(AK, SK);
    config.concurrency.video = 100;
    config.timing.video_submitted = std::time::Duration::from_millis(1);
    config.timing.video_processing = std::time::Duration::from_millis(10);
    let api = Api::new(config).await;
    let short = v1_clip(&api).await;
    let ten = clip(&api, json!({ "prompt": "x", "duration": "10" })).await;
    // 10.1 + 3 × 4.5 = 23.6 s: longer than video-to-audio takes.
    let mut long = ten.id.clone();
    for _ in 0..3 {
        long = finished(&api, EXTEND, json!({ "video_id": long })).await["task_result"]["videos"][0]["id"].as_str().unwrap().to_string();
    }
    let cases: Vec<(Value, i64, &str)> = vec![
        (json!({}), 1200, "video_id or video_url is required"),
        (json!({ "video_id": short.id, "video_url": short.url }), 1201, "video_id and video_url cannot both be given"),
        (json!({ "video_id": long }), 1201, "video_id: the video must be 3 to 20 s long, this one is 23.6 s"),
        (json!({ "video_url": short.url, "sound_effect_prompt": "s".repeat(201) }), 1201, "sound_effect_prompt cannot be longer than 200"),
        (json!({ "video_url": short.url, "bgm_prompt": "b".repeat(201) }), 1201, "bgm_prompt cannot be longer than 200"),
        (json!({ "video_url": short.url, "asmr_mode": "yes" }), 1200, "asmr_mode must be a JSON boolean"),
        (json!({ "video_url": "http://example.com/v.mp4" }), 1201, "video_url must be an https URL"),
    ];
    for (body, code, needle) in cases {
        refused(&api, V2A, body, code, needle).await;
    }

    let motion = json!({ "image_url": PIC, "video_url": short.url, "character_orientation": "image", "mode": "std" });
    let cases: Vec<(Value, i64, &str)> = vec![
        (with(&motion, json!({ "image_url": null })), 1200, "image_url is required"),
        (with(&motion, json!({ "image_url": png_b64(299, 400) })), 1201, "image_url must be at least 300px"),
        (with(&motion, json!({ "video_url": null })), 1200, "video_url is required"),
        (with(&motion, json!({ "character_orientation": null })), 1200, "character_orientation is required"),
        (with(&motion, json!({ "character_orientation": "camera" })), 1201, "character_orientation must be image or video"),
        (with(&motion, json!({ "mode": null })), 1200, "mode is required"),
        (with(&motion, json!({ "mode": "4k" })), 1201, "mode 4k is not supported by motion control"),
        (with(&motion, json!({ "model_name": "kling-v2-5-turbo" })), 1201, "model_name: kling-v2-5-turbo is not supported here; use one of kling-v2-6, kling-v3"),
        (with(&motion, json!({ "keep_original_sound": "maybe" })), 1201, "keep_original_sound must be yes or no"),
        (
            with(&motion, json!({ "character_orientation": "video", "element_list": [{ "element_id": 1 }, { "element_id": 2 }] })),
            1201,
            "element_list holds at most 1 element",
        ),
        (with(&motion, json!({ "element_list": [{ "element_id": 1 }] })), 1201, "character_orientation must be video with element_list"),
        (with(&motion, json!({ "prompt": "p".repeat(2501) })), 1201, "prompt cannot be longer than 2500"),
        (with(&motion, json!({ "video_url": ten.url })), 1201, "video_url (with character_orientation image): the video must be 3 to 10 s long, this one is 10.1 s"),
        (with(&motion, json!({ "video_url": "http://example.com/v.mp4" })), 1201, "video_url must be an https URL"),
    ];
    for (body, code, needle) in cases {
        refused(&api, MOTION, body, code, needle).await;
    }
    // The orientation of the video takes up to 30 s.
    api.create(MOTION, with(&motion, json!({ "video_url": ten.url, "character_orientation": "video" }))).await;
}

fn b64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
