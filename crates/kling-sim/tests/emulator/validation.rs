//! Create bodies checked with the API's rules: 1200 for a missing field or a wrong JSON type,
//! 1201 for a value outside the rules, each message naming the field; what the capability map
//! allows is accepted.

use crate::common::*;
use base64::Engine;
use serde_json::{json, Value};

const IMG: &str = "/v1/images/generations";
const T2V: &str = "/v1/videos/text2video";
const I2V: &str = "/v1/videos/image2video";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn mask(points: usize) -> Value {
    json!({ "mask": "https://example.com/m.png", "trajectories": (0..points).map(|i| json!({ "x": i, "y": i })).collect::<Vec<_>>() })
}

#[tokio::test]
async fn refused_bodies_name_the_field_and_the_rule() {
    let api = Api::fast().await;
    let p = png_b64(640, 480);
    let cases: Vec<(&str, Value, i64, &str)> = vec![
        // Images.
        (IMG, json!({}), 1200, "prompt is required"),
        (IMG, json!({ "prompt": 5 }), 1200, "prompt must be a string"),
        (IMG, json!({ "prompt": "  " }), 1201, "prompt"),
        (IMG, json!({ "prompt": "x".repeat(2501) }), 1201, "2500"),
        (IMG, json!({ "prompt": "x", "negative_prompt": "y".repeat(2501) }), 1201, "negative_prompt"),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v9" }), 1201, "model_name"),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v1-6" }), 1201, "model_name"),
        (IMG, json!({ "prompt": "x", "aspect_ratio": "21:9" }), 1201, "kling-v1"),
        (IMG, json!({ "prompt": "x", "aspect_ratio": "5:4" }), 1201, "aspect_ratio"),
        (IMG, json!({ "prompt": "x", "image_fidelity": 2 }), 1201, "image_fidelity"),
        (IMG, json!({ "prompt": "x", "image_fidelity": "high" }), 1200, "image_fidelity"),
        (IMG, json!({ "prompt": "x", "resolution": "4k" }), 1201, "resolution"),
        (IMG, json!({ "prompt": "x", "n": 10 }), 1201, "n must be between 1 and 9"),
        (IMG, json!({ "prompt": "x", "n": 0 }), 1201, "n must be between 1 and 9"),
        (IMG, json!({ "prompt": "x", "n": "2" }), 1200, "n must be a whole number"),
        (IMG, json!({ "prompt": "x", "image": p, "negative_prompt": "y" }), 1201, "negative_prompt"),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v1-5", "image": p }), 1201, "image_reference"),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v1-5", "image": p, "image_reference": "body" }), 1201, "image_reference"),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v2", "image": p, "image_reference": "face" }), 1201, "kling-v1-5"),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v1-5", "image_reference": "face" }), 1201, "image_reference"),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v1-5", "image": p, "image_reference": "face", "human_fidelity": 0.5 }), 1201, "human_fidelity"),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v2-new" }), 1201, "image"),
        // Text to video.
        (T2V, json!({ "negative_prompt": "x" }), 1200, "prompt"),
        (T2V, json!({ "prompt": "x", "model_name": "kling-v1-5" }), 1201, "model_name"),
        (T2V, json!({ "prompt": "x", "aspect_ratio": "4:3" }), 1201, "aspect_ratio"),
        (T2V, json!({ "prompt": "x", "mode": "ultra" }), 1201, "mode"),
        (T2V, json!({ "prompt": "x", "duration": 5 }), 1200, "duration must be a string"),
        (T2V, json!({ "prompt": "x", "duration": "7" }), 1201, "duration"),
        (T2V, json!({ "prompt": "x", "cfg_scale": 1.5 }), 1201, "cfg_scale"),
        (T2V, json!({ "prompt": "x", "cfg_scale": 0.5, "model_name": "kling-v2-master" }), 1201, "cfg_scale"),
        (T2V, json!({ "prompt": "x", "cfg_scale": 0.5, "model_name": "kling-v2-5-turbo" }), 1201, "cfg_scale"),
        (T2V, json!({ "prompt": "x", "external_task_id": 7 }), 1200, "external_task_id"),
        (T2V, json!({ "prompt": "x", "camera_control": "zoom" }), 1200, "camera_control must be an object"),
        (T2V, json!({ "prompt": "x", "camera_control": {} }), 1200, "camera_control.type"),
        (T2V, json!({ "prompt": "x", "camera_control": { "type": "spin" } }), 1201, "camera_control.type"),
        (T2V, json!({ "prompt": "x", "camera_control": { "type": "simple" } }), 1200, "camera_control.config"),
        (T2V, json!({ "prompt": "x", "camera_control": { "type": "simple", "config": { "zoom": 5, "pan": 1 } } }), 1201, "exactly one"),
        (T2V, json!({ "prompt": "x", "camera_control": { "type": "simple", "config": { "zoom": 0 } } }), 1201, "exactly one"),
        (T2V, json!({ "prompt": "x", "camera_control": { "type": "simple", "config": { "zoom": 11 } } }), 1201, "between -10 and 10"),
        (T2V, json!({ "prompt": "x", "camera_control": { "type": "simple", "config": { "zoom": "in" } } }), 1200, "camera_control.config.zoom"),
        (T2V, json!({ "prompt": "x", "camera_control": { "type": "simple", "config": { "spin": 1 } } }), 1201, "camera_control.config.spin"),
        (T2V, json!({ "prompt": "x", "camera_control": { "type": "down_back", "config": { "zoom": 1 } } }), 1201, "empty"),
        (T2V, json!({ "prompt": "x", "mode": "pro", "camera_control": { "type": "down_back" } }), 1201, "kling-v1/pro/5"),
        (T2V, json!({ "prompt": "x", "duration": "10", "camera_control": { "type": "down_back" } }), 1201, "kling-v1/std/10"),
        (T2V, json!({ "prompt": "x", "model_name": "kling-v1-6", "camera_control": { "type": "simple", "config": { "pan": 1 } } }), 1201, "kling-v1-6/std/5"),
        // Image to video.
        (I2V, json!({ "prompt": "x" }), 1200, "image"),
        (I2V, json!({ "image": 12 }), 1200, "image must be a string"),
        (I2V, json!({ "image": format!("data:image/png;base64,{p}") }), 1201, "data:"),
        (I2V, json!({ "image": png_b64(200, 200) }), 1201, "300px"),
        (I2V, json!({ "image": png_b64(900, 300) }), 1201, "aspect ratio"),
        (I2V, json!({ "image": png_b64(300, 800) }), 1201, "aspect ratio"),
        (I2V, json!({ "image": b64(b"not a picture at all") }), 1201, "JPG or PNG"),
        (I2V, json!({ "image": b64(b"GIF89a..........") }), 1201, "JPG or PNG"),
        (I2V, json!({ "image": "%%%not base64%%%" }), 1201, "base64"),
        (I2V, json!({ "image": b64(&vec![0u8; 10 * 1024 * 1024 + 1]) }), 1201, "10MB"),
        (I2V, json!({ "image": p, "image_tail": png_b64(100, 100), "mode": "pro", "model_name": "kling-v1-6" }), 1201, "image_tail"),
        (I2V, json!({ "image": p, "image_tail": p, "model_name": "kling-v2-master" }), 1201, "image_tail"),
        (I2V, json!({ "image": p, "image_tail": p, "model_name": "kling-v2-1-master" }), 1201, "image_tail"),
        (I2V, json!({ "image": p, "image_tail": p, "duration": "10" }), 1201, "kling-v1/std/10"),
        (I2V, json!({ "image": p, "image_tail": p, "model_name": "kling-v1-6" }), 1201, "kling-v1-6/std/5"),
        (
            I2V,
            json!({ "image": p, "image_tail": p, "model_name": "kling-v2-5-turbo", "duration": "10" }),
            1201,
            "kling-v2-5-turbo/std/10) is not supported with image_tail",
        ),
        (I2V, json!({ "image_tail": p }), 1201, "image_tail without image"),
        (I2V, json!({ "image": p, "model_name": "kling-v1-5", "mode": "pro", "camera_control": { "type": "forward_up" } }), 1201, "only simple"),
        (I2V, json!({ "image": p, "model_name": "kling-v1-5", "camera_control": { "type": "simple", "config": { "pan": 1 } } }), 1201, "kling-v1-5/std/5"),
        (I2V, json!({ "image": p, "image_tail": p, "camera_control": { "type": "down_back" } }), 1201, "cannot be combined"),
        (I2V, json!({ "image": p, "static_mask": p, "camera_control": { "type": "down_back" } }), 1201, "cannot be combined"),
        (I2V, json!({ "image": p, "image_tail": p, "dynamic_masks": [mask(2)] }), 1201, "cannot be combined"),
        (I2V, json!({ "image": p, "dynamic_masks": [mask(1)] }), 1201, "dynamic_masks[0].trajectories"),
        (I2V, json!({ "image": p, "dynamic_masks": [mask(78)] }), 1201, "2 to 77"),
        (I2V, json!({ "image": p, "dynamic_masks": (0..7).map(|_| mask(2)).collect::<Vec<_>>() }), 1201, "1 to 6"),
        (I2V, json!({ "image": p, "dynamic_masks": [{ "trajectories": [] }] }), 1200, "dynamic_masks[0].mask"),
        (I2V, json!({ "image": p, "dynamic_masks": "mask" }), 1200, "dynamic_masks must be an array"),
        (I2V, json!({ "image": p, "static_mask": p, "model_name": "kling-v1-6", "mode": "pro" }), 1201, "static_mask/dynamic_masks"),
        (I2V, json!({ "image": p, "static_mask": p, "duration": "10" }), 1201, "kling-v1/std/10"),
    ];
    for (path, body, code, needle) in cases {
        let (status, answer) = api.post(path, body.clone()).await;
        let shown = body.to_string().chars().take(160).collect::<String>();
        assert_eq!((status, answer["code"].as_i64()), (400, Some(code)), "{path} {shown}: {answer}");
        assert!(answer["message"].as_str().unwrap().contains(needle), "{path} {shown}: wanted {needle:?} in {answer}");
        assert_eq!(answer["data"], Value::Null);
    }
    assert_eq!(api.sim.task_count(), 0);
}

#[tokio::test]
async fn bodies_that_are_not_json_objects_are_1200() {
    let api = Api::fast().await;
    for raw in ["{not json", "[1,2]", "\"text\"", ""] {
        let resp = api.http.post(format!("{}{T2V}", api.sim.url())).bearer_auth(token()).header("Content-Type", "application/json").body(raw).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 400);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["code"], 1200, "{raw:?}: {body}");
    }
}

#[tokio::test]
async fn what_the_map_allows_is_accepted() {
    let api = Api::roomy().await;
    let p = png_b64(640, 480);
    let cases: Vec<(&str, Value)> = vec![
        (
            IMG,
            json!({ "prompt": "x", "model_name": "kling-v1-5", "image": jpeg_b64(400, 900), "image_reference": "subject", "human_fidelity": 0.3, "image_fidelity": 1 }),
        ),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v2", "aspect_ratio": "21:9", "resolution": "2k", "n": 9, "negative_prompt": "y".repeat(2500) })),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v2-new", "image": "https://example.com/a.jpg" })),
        (IMG, json!({ "prompt": "ü".repeat(2500), "callback_url": "https://example.com/hook", "unknown_field": true })),
        (
            T2V,
            json!({ "prompt": "x", "camera_control": { "type": "simple", "config": { "horizontal": 0, "vertical": 0, "pan": 0, "tilt": 0, "roll": 0, "zoom": -10 } } }),
        ),
        (T2V, json!({ "prompt": "x", "camera_control": { "type": "left_turn_forward", "config": null } })),
        (T2V, json!({ "prompt": "x", "camera_control": { "type": "forward_up", "config": {} }, "cfg_scale": 0 })),
        (T2V, json!({ "prompt": "x", "model_name": "kling-v2-1-master", "duration": "10", "aspect_ratio": "9:16" })),
        (T2V, json!({ "prompt": "x", "camera_control": null, "duration": null, "mode": null })),
        (I2V, json!({ "image": p, "model_name": "kling-v1-5", "mode": "pro", "camera_control": { "type": "simple", "config": { "pan": 2 } } })),
        (I2V, json!({ "image": p, "image_tail": "https://example.com/end.png", "model_name": "kling-v1-6", "mode": "pro", "duration": "10" })),
        (I2V, json!({ "image": p, "image_tail": p, "model_name": "kling-v1", "mode": "pro" })),
        (I2V, json!({ "image": p, "image_tail": p, "model_name": "kling-v2-5-turbo", "mode": "pro", "duration": "10" })),
        (I2V, json!({ "image_tail": p, "model_name": "kling-v1-5", "mode": "pro" })),
        (I2V, json!({ "image": p, "static_mask": p, "dynamic_masks": [mask(2), mask(77)] })),
        (I2V, json!({ "image": "https://example.com/a.png", "model_name": "kling-v2-master", "prompt": "", "aspect_ratio": "1:1" })),
        (I2V, json!({ "image": format!("{}\n", &p) })),
    ];
    let count = cases.len();
    for (path, body) in cases {
        let (status, answer) = api.post(path, body.clone()).await;
        let shown = body.to_string().chars().take(160).collect::<String>();
        assert_eq!((status, answer["code"].as_i64()), (200, Some(0)), "{path} {shown}: {answer}");
    }
    assert_eq!(api.sim.task_count(), count);
}

#[tokio::test]
async fn masks_that_do_not_match_the_picture_make_a_failed_task() {
    let api = Api::fast().await;
    let id = api.create(I2V, json!({ "image": png_b64(640, 480), "static_mask": png_b64(480, 640) })).await;
    let failed = api.wait_status(&format!("{I2V}/{id}"), "failed").await;
    assert!(failed["task_status_msg"].as_str().unwrap().contains("same resolution"), "{failed}");
}
