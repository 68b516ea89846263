//! Elements and voices (issue 14 item 6, addendum §6.10) on the wire: made by tasks, listed as
//! the account's own or Kling's presets, their pictures and trial sounds served, deleted (then
//! listed as deleted and no longer served), each rule refused with the field named.

use crate::common::*;
use crate::tool_helpers::*;
use serde_json::{json, Value};

const ELEMENTS: &str = "/v1/general/advanced-custom-elements";
const VOICES: &str = "/v1/general/custom-voices";

#[tokio::test]
async fn an_element_from_pictures_is_made_listed_served_and_deleted() {
    let api = Api::roomy().await;
    let front = png_b64(600, 800);
    let body = json!({
        "element_name": "Mia", "element_description": "a girl in a yellow raincoat", "reference_type": "image_refer",
        "element_image_list": { "frontal_image": front, "refer_images": [{ "image_url": "https://example.com/side.png" }] },
        "tag_list": [{ "tag_id": "o_102" }], "element_voice_id": "preset-voice-1", "external_task_id": "el-1",
    });
    let done = finished(&api, ELEMENTS, body).await;
    assert_eq!(done["task_info"]["external_task_id"], "el-1");
    let element = &done["task_result"]["elements"][0];
    let id = element["element_id"].as_u64().expect("the id is a JSON integer");
    assert!(id > 1 << 53, "ids exceed what a float holds exactly: {id}");
    assert_eq!((element["element_name"].as_str(), element["owned_by"].as_str(), element["status"].as_str()), (Some("Mia"), Some("sim-account"), Some("succeed")));
    assert_eq!(element["tag_list"][0], json!({ "tag_id": "o_102", "tag_name": "Character" }));
    assert_eq!(element["element_voice_info"]["voice_name"], "Warm narrator");
    // The front picture comes back as given; the linked one is drawn.
    let (status, kind, bytes) = download(element["element_image_list"]["frontal_image"].as_str().unwrap()).await;
    assert_eq!((status, kind.as_str()), (200, "image/png"));
    assert_eq!(image::load_from_memory(&bytes).unwrap().to_rgb8().dimensions(), (600, 800));
    let side = element["element_image_list"]["refer_images"][0]["image_url"].as_str().unwrap().to_string();
    assert_eq!(download(&side).await.0, 200);

    // Listed among the account's own, not among the presets; found by its external id.
    let (_, own) = api.get(&format!("{ELEMENTS}?pageNum=1&pageSize=30")).await;
    assert_eq!(own["data"].as_array().unwrap().len(), 1);
    let (_, presets) = api.get("/v1/general/advanced-presets-elements?pageNum=1&pageSize=30").await;
    let presets = presets["data"].as_array().unwrap();
    assert!(presets.len() >= 4 && presets.iter().all(|t| t["task_result"]["elements"][0]["owned_by"] == "kling"), "{presets:?}");
    assert_eq!(api.get(&format!("{ELEMENTS}?external_task_id=el-1")).await.1["data"]["task_id"], done["task_id"]);

    // Deleted: listed as such, its pictures gone; a preset cannot be deleted; an unknown id is 1203.
    let (status, answer) = api.post("/v1/general/delete-elements", json!({ "element_id": id.to_string() })).await;
    assert_eq!((status, answer["code"].as_i64()), (200, Some(0)), "{answer}");
    let (_, own) = api.get(ELEMENTS).await;
    assert_eq!(own["data"][0]["task_result"]["elements"][0]["status"], "deleted");
    assert_eq!(download(&side).await.0, 404);
    let preset = presets[0]["task_result"]["elements"][0]["element_id"].as_u64().unwrap();
    refused(&api, "/v1/general/delete-elements", json!({ "element_id": preset.to_string() }), 1201, "presets").await;
    let (status, answer) = api.post("/v1/general/delete-elements", json!({ "element_id": "123" })).await;
    assert_eq!((status, answer["code"].as_i64()), (404, Some(1203)), "{answer}");
}

#[tokio::test]
async fn element_rules() {
    let api = Api::roomy().await;
    let pictures = |refer: Value| json!({ "frontal_image": "https://example.com/f.png", "refer_images": refer });
    let good = json!({ "element_name": "Mia", "element_description": "a girl", "reference_type": "image_refer",
                       "element_image_list": pictures(json!([{ "image_url": "https://example.com/s.png" }])) });
    let with = |key: &str, value: Value| {
        let mut body = good.clone();
        body[key] = value;
        body
    };
    refused(&api, ELEMENTS, with("element_name", json!("x".repeat(21))), 1201, "element_name must be at most 20").await;
    refused(&api, ELEMENTS, with("element_description", json!("")), 1201, "element_description must not be empty").await;
    refused(&api, ELEMENTS, with("reference_type", json!("text_refer")), 1201, "image_refer or video_refer").await;
    refused(&api, ELEMENTS, with("element_image_list", pictures(json!([]))), 1201, "refer_images must hold 1 to 3").await;
    let four = json!([{ "image_url": "https://e.com/1.png" }, { "image_url": "https://e.com/2.png" }, { "image_url": "https://e.com/3.png" }, { "image_url": "https://e.com/4.png" }]);
    refused(&api, ELEMENTS, with("element_image_list", pictures(four)), 1201, "1 to 3").await;
    refused(
        &api,
        ELEMENTS,
        with("element_image_list", json!({ "frontal_image": png_b64(100, 100), "refer_images": [{ "image_url": "https://e.com/1.png" }] })),
        1201,
        "at least 300px",
    )
    .await;
    refused(&api, ELEMENTS, with("tag_list", json!([{ "tag_id": "o_109" }])), 1201, "o_101 to o_108").await;
    refused(&api, ELEMENTS, with("element_voice_id", json!("nobody")), 1201, "not a voice of this account").await;
    let clip = json!({ "element_name": "Leo", "element_description": "a man", "reference_type": "video_refer" });
    refused(&api, ELEMENTS, clip.clone(), 1200, "element_video_list is required").await;
    let two = json!({ "refer_videos": [{ "video_url": "https://e.com/a.mp4" }, { "video_url": "https://e.com/b.mp4" }] });
    let mut clips = clip.clone();
    clips["element_video_list"] = two;
    refused(&api, ELEMENTS, clips, 1201, "exactly one clip").await;
    let mut one = clip;
    one["element_video_list"] = json!({ "refer_videos": [{ "video_url": "https://e.com/leo.mp4" }] });
    let done = finished(&api, ELEMENTS, one).await;
    let element = &done["task_result"]["elements"][0];
    assert_eq!(
        (element["reference_type"].as_str(), element["element_video_list"]["refer_videos"][0]["video_url"].as_str()),
        (Some("video_refer"), Some("https://e.com/leo.mp4"))
    );
}

#[tokio::test]
async fn a_voice_from_a_video_with_sound_costs_a_twentieth_of_a_unit() {
    let api = Api::rich().await;
    let silent = v1_clip(&api).await;
    let loud = clip(&api, json!({ "model_name": "kling-v2-6", "mode": "pro", "prompt": "a girl sings", "sound": "on" })).await;
    refused(&api, VOICES, json!({ "voice_name": "Singer", "video_id": silent.id }), 1201, "has no sound").await;
    refused(&api, VOICES, json!({ "voice_name": "Singer", "video_id": "404" }), 1201, "not a finished video").await;
    refused(&api, VOICES, json!({ "voice_name": "Singer", "voice_url": "https://e.com/me.ogg" }), 1201, "mp3, wav, mp4 or mov").await;
    refused(&api, VOICES, json!({ "voice_name": "Singer", "voice_url": "https://e.com/me.mp3", "video_id": loud.id }), 1201, "not both").await;
    refused(&api, VOICES, json!({ "voice_name": "n".repeat(21), "voice_url": "https://e.com/me.mp3" }), 1201, "at most 20").await;
    let before = api.costs().await["resource_pack_subscribe_infos"][0]["remaining_quantity"].as_f64().unwrap();
    let done = finished(&api, VOICES, json!({ "voice_name": "Singer", "video_id": loud.id })).await;
    let after = api.costs().await["resource_pack_subscribe_infos"][0]["remaining_quantity"].as_f64().unwrap();
    assert!((before - after - 0.05).abs() < 1e-9, "{before} → {after}");
    let voice = &done["task_result"]["voices"][0];
    assert_eq!((voice["voice_name"].as_str(), voice["owned_by"].as_str()), (Some("Singer"), Some("sim-account")));
    let (status, kind, mp3) = download(voice["trial_url"].as_str().unwrap()).await;
    assert_eq!((status, kind.as_str()), (200, "audio/mpeg"));
    assert!(!mp3.is_empty());
    // Listed, usable by an element, deleted, then no longer usable.
    let voice_id = voice["voice_id"].as_str().unwrap().to_string();
    let (_, presets) = api.get("/v1/general/presets-voices").await;
    assert!(presets["data"].as_array().unwrap().iter().all(|t| t["task_result"]["voices"][0]["owned_by"] == "kling"));
    let element = json!({ "element_name": "Mia", "element_description": "a girl", "reference_type": "image_refer", "element_voice_id": voice_id,
                          "element_image_list": { "frontal_image": "https://e.com/f.png", "refer_images": [{ "image_url": "https://e.com/s.png" }] } });
    api.create(ELEMENTS, element.clone()).await;
    let (status, answer) = api.post("/v1/general/delete-voices", json!({ "voice_id": voice_id })).await;
    assert_eq!((status, answer["code"].as_i64()), (200, Some(0)), "{answer}");
    refused(&api, ELEMENTS, element, 1201, "not a voice of this account").await;
}

#[tokio::test]
async fn the_sandbox_emulators_share_the_accounts_elements_and_voices() {
    let dir = tempfile::tempdir().unwrap();
    let config = || {
        let mut config = kling_sim::SimConfig::fast(AK, SK);
        config.task_file = Some(dir.path().join("sandbox-tasks.json"));
        config
    };
    let (app, cli) = (Api::new(config()).await, Api::new(config()).await);
    let body = json!({ "element_name": "Mia", "element_description": "a girl", "reference_type": "image_refer",
                       "element_image_list": { "frontal_image": png_b64(400, 400), "refer_images": [{ "image_url": "https://e.com/s.png" }] } });
    let done = finished(&app, ELEMENTS, body).await;
    let id = done["task_result"]["elements"][0]["element_id"].as_u64().unwrap();
    let task = done["task_id"].as_str().unwrap();
    // The other emulator knows it, serves its picture (as given) and can delete it.
    assert_eq!(cli.get(&format!("{ELEMENTS}/{task}")).await.1["data"]["task_status"], "succeed");
    let front = cli.get(ELEMENTS).await.1["data"][0]["task_result"]["elements"][0]["element_image_list"]["frontal_image"].as_str().unwrap().to_string();
    let (status, _, png) = download(&front).await;
    assert_eq!((status, image::load_from_memory(&png).unwrap().to_rgb8().dimensions()), (200, (400, 400)));
    let (status, _) = cli.post("/v1/general/delete-elements", json!({ "element_id": id.to_string() })).await;
    assert_eq!(status, 200);
    assert_eq!(app.get(ELEMENTS).await.1["data"][0]["task_result"]["elements"][0]["status"], "deleted");
}
