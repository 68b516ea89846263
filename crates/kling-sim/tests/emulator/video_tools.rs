//! The video tools of issue 13 from create to result: each task moves submitted → processing →
//! succeed on its own path, is found by id, by external id and in its list, charges its price, and
//! serves real files (H.264 clips, MP3 and WAV sounds, face pictures).

use crate::common::*;
use crate::tool_helpers::*;
use kling_sim::SimConfig;
use serde_json::{json, Value};

fn units(task: &Value) -> &str {
    task["final_unit_deduction"].as_str().unwrap()
}

#[tokio::test]
async fn omni_video_from_text_a_first_frame_and_a_base_video() {
    let mut config = SimConfig::fast(AK, SK);
    config.timing.video_processing = std::time::Duration::from_millis(400);
    config.concurrency.video = 20;
    let api = Api::new(config).await;
    // From text, with sound: kling-v3-omni, pro by default, 1.0 unit a second (§7.2).
    let body = json!({ "model_name": "kling-v3-omni", "prompt": "a lantern festival", "aspect_ratio": "9:16", "sound": "on", "external_task_id": "omni-1" });
    let (status, created) = api.post(OMNI, body).await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["data"]["task_status"], "submitted");
    let id = created["data"]["task_id"].as_str().unwrap().to_string();
    let path = format!("{OMNI}/{id}");
    assert_eq!(api.wait_status(&path, "processing").await["task_result"], json!({}));
    let done = api.wait_status(&path, "succeed").await;
    assert_eq!(done["task_info"]["external_task_id"], "omni-1");
    let video = &done["task_result"]["videos"][0];
    assert_eq!(video["duration"], "5.1");
    assert_eq!(video["id"], format!("{id}0"));
    assert_eq!(units(&done), "5");
    assert_eq!(mp4_size(&check_clip(video["url"].as_str().unwrap(), true).await), (180, 320));
    for query in [format!("{OMNI}?external_task_id=omni-1"), format!("{OMNI}/omni-1?external_task_id=true"), format!("{OMNI}/omni-1")] {
        assert_eq!(api.get(&query).await.1["data"]["task_id"], id.as_str(), "{query}");
    }

    // kling-video-o1 from a portrait first frame: the clip takes its shape; 0.8 a second in pro.
    let frame = json!([{ "image_url": png_b64(480, 640), "type": "first_frame" }]);
    let done = finished(&api, OMNI, json!({ "prompt": "<<<image_1>>> turns around", "image_list": frame, "duration": "10" })).await;
    assert_eq!(done["task_result"]["videos"][0]["duration"], "10.1");
    assert_eq!(units(&done), "8");
    assert_eq!(mp4_size(&check_clip(done["task_result"]["videos"][0]["url"].as_str().unwrap(), false).await), (180, 320));

    // Editing a clip this emulator made (a base video): as long as it and of its shape, priced
    // with a video input (o1 std: 0.9 a second, on its rounded 5 s).
    let source = clip(&api, json!({ "prompt": "a square room", "aspect_ratio": "1:1" })).await;
    let edit = json!({ "prompt": "make <<<video_1>>> snowy", "mode": "std", "video_list": [{ "video_url": source.url, "refer_type": "base" }] });
    let done = finished(&api, OMNI, edit).await;
    assert_eq!(done["task_result"]["videos"][0]["duration"], "5.1");
    assert_eq!(units(&done), "4.5");
    assert_eq!(mp4_size(&check_clip(done["task_result"]["videos"][0]["url"].as_str().unwrap(), false).await), (240, 240));

    let (_, list) = api.get(&format!("{OMNI}?pageNum=1&pageSize=2")).await;
    let listed: Vec<&str> = list["data"].as_array().unwrap().iter().map(|t| t["task_id"].as_str().unwrap()).collect();
    assert_eq!(listed.len(), 2);
    assert!(!listed.contains(&id.as_str()), "newest first: the first task is on page 2");
    let (_, page2) = api.get(&format!("{OMNI}?pageNum=2&pageSize=2")).await;
    assert_eq!(page2["data"][0]["task_id"], id.as_str());
    assert_eq!(api.get(&format!("{T2V}/{id}")).await.0, 404, "an omni id is not a text2video id");
}

#[tokio::test]
async fn multi_image_to_video_makes_a_clip_of_the_asked_shape() {
    let api = Api::roomy().await;
    let pictures: Vec<Value> = [png_b64(640, 480), jpeg_b64(500, 500), "https://example.com/c.png".to_string()].into_iter().map(|p| json!({ "image": p })).collect();
    let body = json!({ "model_name": "kling-v1-6", "image_list": pictures, "prompt": "they meet", "aspect_ratio": "1:1", "mode": "pro", "external_task_id": "multi-1" });
    let done = finished(&api, MULTI, body).await;
    assert_eq!(done["task_info"]["external_task_id"], "multi-1");
    assert_eq!(done["task_result"]["videos"][0]["duration"], "5.1");
    assert_eq!(units(&done), "3.5");
    assert_eq!(mp4_size(&check_clip(done["task_result"]["videos"][0]["url"].as_str().unwrap(), false).await), (240, 240));
}

#[tokio::test]
async fn video_extend_adds_to_a_v1_video_and_names_its_parent() {
    let api = Api::roomy().await;
    let source = v1_clip(&api).await;
    let done = finished(&api, EXTEND, json!({ "video_id": source.id, "prompt": "the car drives on", "external_task_id": "ext-1" })).await;
    assert_eq!(done["task_info"]["external_task_id"], "ext-1");
    assert_eq!(done["task_info"]["parent_video"], json!({ "id": source.id, "url": source.url, "duration": "5.1" }));
    let video = &done["task_result"]["videos"][0];
    assert_eq!(video["duration"], "9.6", "4.5 s longer");
    assert_eq!(units(&done), "1", "std, as its parent");
    assert_eq!(mp4_size(&check_clip(video["url"].as_str().unwrap(), false).await), (320, 180));
    // An extension is a kling-v1 video too: it extends again.
    let again = finished(&api, EXTEND, json!({ "video_id": video["id"] })).await;
    assert_eq!(again["task_result"]["videos"][0]["duration"], "14.1");
    assert_eq!(again["task_info"]["parent_video"]["id"], video["id"]);
}

#[tokio::test]
async fn identify_face_then_advanced_lip_sync() {
    let api = Api::roomy().await;
    let wide = v1_clip(&api).await;
    let before = api.sim.config().credits.video_units;
    let (status, found) = api.post(FACES, json!({ "video_id": wide.id })).await;
    assert_eq!(status, 200, "{found}");
    let data = &found["data"];
    assert_eq!(data["final_unit_deduction"], "0.05");
    assert!((before - api.sim.config().credits.video_units - 0.05).abs() < 1e-9, "the call is charged");
    let faces = data["face_data"].as_array().unwrap();
    assert_eq!(faces.len(), 2, "a landscape clip shows two faces: the user must pick one");
    assert_eq!((faces[0]["face_id"].as_str(), faces[0]["start_time"].as_i64(), faces[0]["end_time"].as_i64()), (Some("0"), Some(0), Some(5100)));
    assert_eq!((faces[1]["face_id"].as_str(), faces[1]["start_time"].as_i64()), (Some("1"), Some(1000)));
    for face in faces {
        let (status, kind, bytes) = download(face["face_image"].as_str().unwrap()).await;
        assert_eq!((status, kind.as_str()), (200, "image/png"));
        image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).expect("a real picture");
    }
    assert_ne!(download(faces[0]["face_image"].as_str().unwrap()).await.2, download(faces[1]["face_image"].as_str().unwrap()).await.2);
    let session = data["session_id"].as_str().unwrap().to_string();

    // The second face speaks 3 s of a WAV sent inline, from 1.5 s into the video.
    let mut body = lip_sync(&session, "1", 1500, 3000);
    let choice = &mut body["face_choose"][0];
    choice.as_object_mut().unwrap().remove("audio_id");
    choice["sound_file"] = wav_b64(4.0).into();
    choice["sound_volume"] = 1.5.into();
    body["external_task_id"] = "lips-1".into();
    let done = finished(&api, LIP_SYNC, body).await;
    assert_eq!(done["task_info"], json!({ "parent_video": { "id": wide.id, "url": wide.url, "duration": "5.1" } }), "parent_video only (§3.2)");
    assert_eq!(done["task_result"]["videos"][0]["duration"], "5.1");
    assert_eq!(units(&done), "1", "0.5 a 5 s begun");
    check_clip(done["task_result"]["videos"][0]["url"].as_str().unwrap(), true).await;
    assert_eq!(api.get(&format!("{LIP_SYNC}?external_task_id=lips-1")).await.1["data"]["task_id"], done["task_id"], "still found by it");

    // A portrait clip shows one face; a link the emulator cannot see into (https) is taken as 5 s of 16:9: two.
    let tall = clip(&api, json!({ "prompt": "a portrait", "aspect_ratio": "9:16" })).await;
    assert_eq!(api.post(FACES, json!({ "video_url": tall.url })).await.1["data"]["face_data"].as_array().unwrap().len(), 1);
    let (status, outside) = api.post(FACES, json!({ "video_url": "https://cdn.example.com/v.mp4" })).await;
    assert_eq!((status, outside["data"]["face_data"].as_array().map(Vec::len)), (200, Some(2)), "{outside}");
    assert_eq!(outside["data"]["face_data"][0]["end_time"], 5000);
}

#[tokio::test]
async fn effects_with_one_and_two_pictures() {
    let api = Api::roomy().await;
    let done = finished(&api, EFFECTS, json!({ "effect_scene": "summer_fireworks", "input": { "image": png_b64(480, 640) }, "external_task_id": "fx-1" })).await;
    let video = &done["task_result"]["videos"][0];
    assert!(video.get("duration").is_none(), "effects videos carry no duration (§3.2): {video}");
    assert_eq!(done["task_info"]["external_task_id"], "fx-1");
    assert_eq!(units(&done), "1");
    assert_eq!(mp4_size(&check_clip(video["url"].as_str().unwrap(), false).await), (180, 320));
    let two = json!({ "effect_scene": "hug_pro", "input": { "images": [png_b64(640, 480), "https://example.com/right.png"], "duration": "5" } });
    let done = finished(&api, EFFECTS, two).await;
    assert_eq!(mp4_size(&check_clip(done["task_result"]["videos"][0]["url"].as_str().unwrap(), false).await), (320, 180));
}

#[tokio::test]
async fn video_to_audio_answers_the_video_and_its_sound_as_mp3_and_wav() {
    let api = Api::roomy().await;
    let source = clip(&api, json!({ "prompt": "rain on a window", "duration": "10", "aspect_ratio": "1:1" })).await;
    let body = json!({ "video_id": source.id, "sound_effect_prompt": "rain", "bgm_prompt": "soft piano", "asmr_mode": true, "external_task_id": "v2a-1" });
    let done = finished(&api, V2A, body).await;
    assert_eq!(done["task_info"]["parent_video"], json!({ "id": source.id, "url": source.url, "duration": "10.1" }));
    assert_eq!(done["task_info"]["external_task_id"], "v2a-1");
    assert_eq!(units(&done), "0.25");
    let video = &done["task_result"]["videos"][0];
    assert_eq!(video["duration"], "10.1");
    assert_eq!(mp4_size(&check_clip(video["url"].as_str().unwrap(), true).await), (240, 240));
    let audio = &done["task_result"]["audios"][0];
    assert_eq!((audio["duration_mp3"].as_str(), audio["duration_wav"].as_str()), (Some("10.1"), Some("10.1")));
    assert!(audio["id"].as_str().is_some_and(|id| !id.is_empty()));

    let wav_url = audio["url_wav"].as_str().unwrap();
    assert!(wav_url.ends_with(".wav"));
    let (status, kind, wav) = download(wav_url).await;
    assert_eq!((status, kind.as_str()), (200, "audio/wav"));
    assert!((wav_length(&wav) - 10.1).abs() < 0.001, "{}", wav_length(&wav));
    let part = api.http.get(wav_url).header("Range", "bytes=0-43").send().await.unwrap();
    assert_eq!(part.status().as_u16(), 206);
    assert_eq!(part.headers()["content-range"].to_str().unwrap(), format!("bytes 0-43/{}", wav.len()));
    assert_eq!(part.bytes().await.unwrap(), wav[..44], "the header alone");

    let (status, kind, mp3) = download(audio["url_mp3"].as_str().unwrap()).await;
    assert_eq!((status, kind.as_str()), (200, "audio/mpeg"));
    let (frames, seconds) = mp3_length(&mp3);
    assert!(frames > 200 && (seconds - 10.1).abs() < 1.0, "{frames} frames, {seconds} s");
    let head = api.http.head(audio["url_mp3"].as_str().unwrap()).send().await.unwrap();
    assert_eq!(head.headers()["content-length"].to_str().unwrap(), mp3.len().to_string());

    // By link: a clip this emulator served.
    let by_link = finished(&api, V2A, json!({ "video_url": source.url })).await;
    assert_eq!(by_link["task_info"]["parent_video"]["id"], source.id.as_str());
}

#[tokio::test]
async fn motion_control_follows_the_reference_video() {
    let api = Api::roomy().await;
    let reference = clip(&api, json!({ "prompt": "a dancer", "aspect_ratio": "9:16" })).await;
    let body = json!({
        "image_url": png_b64(640, 480), "video_url": reference.url, "character_orientation": "video", "mode": "std",
        "keep_original_sound": "no", "external_task_id": "motion-1",
    });
    let done = finished(&api, MOTION, body).await;
    let video = &done["task_result"]["videos"][0];
    assert_eq!(video["duration"], "5.1", "as long as the reference");
    assert_eq!(units(&done), "2.5", "kling-v2-6 std: 0.5 a second, 5 s");
    assert_eq!(mp4_size(&check_clip(video["url"].as_str().unwrap(), false).await), (180, 320), "orientation video: the video's shape");
    let body = json!({ "model_name": "kling-v3", "image_url": png_b64(640, 480), "video_url": reference.url, "character_orientation": "image", "mode": "pro" });
    let done = finished(&api, MOTION, body).await;
    assert_eq!(units(&done), "6", "kling-v3 pro: 1.2 a second");
    assert_eq!(mp4_size(&check_clip(done["task_result"]["videos"][0]["url"].as_str().unwrap(), false).await), (320, 180), "orientation image: the picture's");
}

#[tokio::test]
async fn the_account_checks_apply_to_the_tools() {
    let mut config = SimConfig::fast(AK, SK);
    config.concurrency.video = 1;
    config.credits.video_units = 2.2;
    config.timing.video_processing = std::time::Duration::from_millis(1500);
    config.refused_word = Some("forbidden".into());
    config.denied_models = vec!["kling-v3-omni".into()];
    let api = Api::new(config).await;
    let omni = json!({ "model_name": "kling-v3-omni", "prompt": "x", "aspect_ratio": "1:1" });
    refused(&api, OMNI, omni, 1103, "kling-v3-omni").await;
    refused(&api, OMNI, json!({ "prompt": "x", "aspect_ratio": "1:1" }), 1102, "needs 4").await;
    refused(&api, V2A, json!({ "video_url": "https://example.com/v.mp4", "bgm_prompt": "forbidden tunes" }), 1301, "").await;
    let effect = json!({ "effect_scene": "birthday_board", "input": { "image": "https://example.com/a.png" } });
    api.create(EFFECTS, effect.clone()).await;
    refused(&api, EFFECTS, effect, 1303, "parallel task").await;
    let (status, body) = api.send(reqwest::Method::POST, FACES, Some(json!({ "video_url": "https://example.com/v.mp4" })), None).await;
    assert_eq!((status, body["code"].as_i64()), (401, Some(1001)), "identify-face is authenticated");
    api.sim.update(|c| c.credits.video_units = 0.04);
    refused(&api, FACES, json!({ "video_url": "https://example.com/v.mp4" }), 1102, "identify-face needs 0.05").await;
}

#[cfg(feature = "faults")]
#[tokio::test]
async fn faults_reach_the_tools_routes() {
    let api = Api::roomy().await;
    // An injected error answers in place of identify-face and of a tool's query.
    api.sim.inject_error(5001, 2);
    let (status, body) = api.post(FACES, json!({ "video_url": "https://example.com/v.mp4" })).await;
    assert_eq!((status, body["code"].as_i64()), (503, Some(5001)), "{body}");
    let (status, _) = api.get(LIP_SYNC).await;
    assert_eq!(status, 503);
    // A lost create answer: the task exists and is found by its external id.
    api.sim.drop_next_answers(1);
    let sent = api
        .http
        .post(format!("{}{V2A}", api.sim.url()))
        .bearer_auth(token())
        .json(&json!({ "video_url": "https://example.com/v.mp4", "external_task_id": "lost-v2a" }))
        .send()
        .await;
    let read = match sent {
        Ok(resp) => resp.text().await.map(|_| ()),
        Err(e) => Err(e),
    };
    assert!(read.is_err(), "the answer breaks off");
    assert_eq!(api.sim.task_count(), 1);
    assert_eq!(api.get(&format!("{V2A}?external_task_id=lost-v2a")).await.1["data"]["task_info"]["external_task_id"], "lost-v2a");
    // Hostile links reach the sound links too.
    api.wait_status(&format!("{V2A}/lost-v2a"), "succeed").await;
    api.sim.update(|c| c.hostile = Some(kling_sim::Hostile::FileLinks));
    let result = api.get(&format!("{V2A}/lost-v2a")).await.1["data"]["task_result"].clone();
    for link in [&result["videos"][0]["url"], &result["audios"][0]["url_mp3"], &result["audios"][0]["url_wav"]] {
        assert_eq!(link, "file:///etc/passwd", "{result}");
    }
}
