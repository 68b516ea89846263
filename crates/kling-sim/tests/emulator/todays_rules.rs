//! Today's request fields (addendum §1–2), checked by the emulator's own rules with the models'
//! facts from the catalogue: sound, voices, 3–15 s, 4K, the master models' missing mode,
//! multi-shot, elements, watermark, unknown models. Each refusal is 1200 (missing field, wrong
//! JSON type) or 1201 (outside the rules) and names the field.

use crate::common::*;
use serde_json::{json, Value};

const IMG: &str = "/v1/images/generations";
const T2V: &str = "/v1/videos/text2video";
const I2V: &str = "/v1/videos/image2video";
const PIC: &str = "https://example.com/a.png";

fn v3(extra: Value) -> Value {
    let mut body = json!({ "model_name": "kling-v3", "prompt": "x" });
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    body
}

fn v2_6_i2v(extra: Value) -> Value {
    let mut body = json!({ "model_name": "kling-v2-6", "image": PIC, "mode": "pro" });
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    body
}

fn shot(index: u32, prompt: &str, duration: &str) -> Value {
    json!({ "index": index, "prompt": prompt, "duration": duration })
}

fn customised(shots: Vec<Value>, duration: &str) -> Value {
    v3(json!({ "prompt": "", "multi_shot": true, "shot_type": "customize", "multi_prompt": shots, "duration": duration }))
}

#[tokio::test]
async fn todays_fields_refused_with_the_field_named() {
    let api = Api::fast().await;
    let voice = json!([{ "voice_id": "v-1" }]);
    let cases: Vec<(&str, Value, i64, &str)> = vec![
        // Models: one the catalogue does not know on this endpoint is answered as the API would.
        (T2V, json!({ "model_name": "kling-v9", "prompt": "x" }), 1201, "model_name: kling-v9"),
        (I2V, json!({ "model_name": "kling-v3-omni", "image": PIC }), 1201, "model_name"),
        (IMG, json!({ "model_name": "kling-v2-6", "prompt": "x" }), 1201, "model_name"),
        // sound: the string "on"/"off", where the model and mode have it.
        (T2V, v3(json!({ "sound": true })), 1200, "sound must be the string \"on\" or \"off\""),
        (T2V, v3(json!({ "sound": "yes" })), 1201, "sound must be \"on\" or \"off\""),
        (T2V, json!({ "prompt": "x", "sound": "on" }), 1201, "sound is not supported by kling-v1"),
        (T2V, json!({ "model_name": "kling-v2-5-turbo", "prompt": "x", "sound": "off" }), 1201, "sound is not supported by kling-v2-5-turbo"),
        (T2V, json!({ "model_name": "kling-v2-6", "prompt": "x", "sound": "on" }), 1201, "sound \"on\" needs mode pro on kling-v2-6"),
        (T2V, json!({ "model_name": "kling-v2-6", "prompt": "x", "mode": "std", "sound": "on" }), 1201, "needs mode pro"),
        (I2V, v2_6_i2v(json!({ "image_tail": PIC, "sound": "on" })), 1201, "sound \"on\" is not supported by kling-v2-6 with image_tail"),
        // voice_list: kling-v2-6 image-to-video, ≤ 2, sound on, referred to, no elements.
        (
            T2V,
            json!({ "model_name": "kling-v2-6", "prompt": "<<<voice_1>>>", "mode": "pro", "sound": "on", "voice_list": voice }),
            1201,
            "voice_list is not supported by kling-v2-6",
        ),
        (I2V, v3(json!({ "image": PIC, "prompt": "<<<voice_1>>>", "sound": "on", "voice_list": voice })), 1201, "voice_list is not supported by kling-v3"),
        (
            I2V,
            v2_6_i2v(json!({ "prompt": "<<<voice_1>>>", "sound": "on", "voice_list": [{ "voice_id": "a" }, { "voice_id": "b" }, { "voice_id": "c" }] })),
            1201,
            "voice_list holds at most 2",
        ),
        (I2V, v2_6_i2v(json!({ "prompt": "<<<voice_1>>>", "voice_list": voice })), 1201, "voice_list needs sound \"on\""),
        (I2V, v2_6_i2v(json!({ "prompt": "<<<voice_1>>>", "sound": "off", "voice_list": voice })), 1201, "voice_list needs sound"),
        (I2V, v2_6_i2v(json!({ "prompt": "she says hello", "sound": "on", "voice_list": voice })), 1201, "voice_list: the prompt must say where a voice speaks"),
        (I2V, v2_6_i2v(json!({ "prompt": "<<<voice_1>>>", "sound": "on", "voice_list": [{ "voice_id": " " }] })), 1201, "voice_list[0].voice_id"),
        (I2V, v2_6_i2v(json!({ "prompt": "<<<voice_1>>>", "sound": "on", "voice_list": [{ "id": "a" }] })), 1200, "voice_list[0].voice_id is required"),
        (I2V, v2_6_i2v(json!({ "prompt": "<<<voice_1>>>", "sound": "on", "voice_list": "v-1" })), 1200, "voice_list must be an array"),
        (I2V, v2_6_i2v(json!({ "prompt": "<<<voice_1>>>", "sound": "on", "voice_list": voice, "element_list": [{ "element_id": 1 }] })), 1201, "element_list"),
        // Durations as the model offers them; 4K only on kling-v3; the masters take no mode.
        (T2V, json!({ "model_name": "kling-v2-6", "prompt": "x", "duration": "7" }), 1201, "duration must be \"5\" or \"10\" for kling-v2-6"),
        (T2V, v3(json!({ "duration": "16" })), 1201, "duration must be \"3\" to \"15\" for kling-v3, got \"16\""),
        (T2V, v3(json!({ "duration": "2" })), 1201, "duration"),
        (T2V, v3(json!({ "duration": "07" })), 1201, "duration"),
        (T2V, v3(json!({ "duration": 7 })), 1200, "duration must be a string"),
        (T2V, json!({ "model_name": "kling-v2-5-turbo", "prompt": "x", "mode": "4k" }), 1201, "mode 4k is not supported by kling-v2-5-turbo"),
        (I2V, json!({ "model_name": "kling-v2-6", "image": PIC, "mode": "4k" }), 1201, "mode 4k is not supported by kling-v2-6"),
        (T2V, v3(json!({ "mode": "4K" })), 1201, "mode must be std, pro or 4k"),
        (T2V, json!({ "model_name": "kling-v2-master", "prompt": "x", "mode": "std" }), 1201, "mode: kling-v2-master does not support mode"),
        (I2V, json!({ "model_name": "kling-v2-1-master", "image": PIC, "mode": "pro" }), 1201, "mode: kling-v2-1-master"),
        // Multi-shot.
        (T2V, v3(json!({ "multi_shot": "true", "shot_type": "intelligence" })), 1200, "multi_shot must be a JSON boolean"),
        (T2V, json!({ "model_name": "kling-v2-6", "prompt": "x", "multi_shot": true, "shot_type": "intelligence" }), 1201, "multi_shot is not supported by kling-v2-6"),
        (T2V, v3(json!({ "multi_shot": true })), 1200, "shot_type is required"),
        (T2V, v3(json!({ "multi_shot": true, "shot_type": "auto" })), 1201, "shot_type must be customize or intelligence"),
        (T2V, v3(json!({ "shot_type": "intelligence" })), 1201, "shot_type needs multi_shot true"),
        (T2V, v3(json!({ "multi_shot": false, "multi_prompt": [shot(1, "a", "5")] })), 1201, "multi_prompt needs multi_shot true"),
        (T2V, v3(json!({ "multi_shot": true, "shot_type": "customize" })), 1200, "multi_prompt is required"),
        (
            T2V,
            v3(json!({ "multi_shot": true, "shot_type": "intelligence", "multi_prompt": [shot(1, "a", "5")] })),
            1201,
            "multi_prompt is not taken with shot_type intelligence",
        ),
        (T2V, v3(json!({ "prompt": "", "multi_shot": true, "shot_type": "intelligence" })), 1201, "prompt must not be empty"),
        (T2V, json!({ "model_name": "kling-v3", "multi_shot": true, "shot_type": "intelligence" }), 1200, "prompt is required"),
        (T2V, customised(vec![], "5"), 1201, "multi_prompt must hold 1 to 6 shots, got 0"),
        (T2V, customised((1..=7).map(|i| shot(i, "a", "2")).collect(), "14"), 1201, "multi_prompt must hold 1 to 6 shots, got 7"),
        (T2V, customised(vec![shot(1, "a", "2"), shot(2, "b", "2")], "5"), 1201, "multi_prompt durations add up to 4 s but duration is 5 s"),
        (T2V, customised(vec![shot(1, "a", "3"), shot(2, "b", "3")], "5"), 1201, "multi_prompt durations add up to 6 s but duration is 5 s"),
        (T2V, customised(vec![shot(1, "a", "6")], "5"), 1201, "multi_prompt[0].duration"),
        (T2V, customised(vec![shot(1, "a", "0"), shot(2, "b", "5")], "5"), 1201, "multi_prompt[0].duration"),
        (T2V, customised(vec![json!({ "index": 1, "prompt": "a", "duration": 5 })], "5"), 1200, "multi_prompt[0].duration must be a string"),
        (T2V, customised(vec![shot(1, &"p".repeat(513), "5")], "5"), 1201, "multi_prompt[0].prompt must hold 1 to 512 characters, got 513"),
        (T2V, customised(vec![shot(1, " ", "5")], "5"), 1201, "multi_prompt[0].prompt"),
        (T2V, customised(vec![shot(0, "a", "2"), shot(1, "b", "3")], "5"), 1201, "multi_prompt[0].index must be 1"),
        (T2V, customised(vec![json!({ "prompt": "a", "duration": "5" })], "5"), 1200, "multi_prompt[0].index is required"),
        (T2V, customised(vec![json!("a shot")], "5"), 1200, "multi_prompt[0] must be an object"),
        // Elements: kling-v3 image-to-video and pictures, at most 3, whole-number ids.
        (T2V, v3(json!({ "element_list": [{ "element_id": 1 }] })), 1201, "element_list is not supported by kling-v3"),
        (I2V, json!({ "image": PIC, "element_list": [{ "element_id": 1 }] }), 1201, "element_list is not supported by kling-v1"),
        (I2V, v3(json!({ "image": PIC, "element_list": (1..=4).map(|i| json!({ "element_id": i })).collect::<Vec<_>>() })), 1201, "element_list holds at most 3"),
        (IMG, v3(json!({ "element_list": (1..=4).map(|i| json!({ "element_id": i })).collect::<Vec<_>>() })), 1201, "element_list holds at most 3"),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v2-1", "element_list": [{ "element_id": 1 }] }), 1201, "element_list is not supported by kling-v2-1"),
        (I2V, v3(json!({ "image": PIC, "element_list": [{ "element_id": 1.5 }] })), 1201, "element_list[0].element_id must be a whole number"),
        (I2V, v3(json!({ "image": PIC, "element_list": [{ "element_id": 8.298368027934066e17 }] })), 1201, "element_list[0].element_id"),
        (I2V, v3(json!({ "image": PIC, "element_list": [{ "element_id": -3 }] })), 1201, "element_list[0].element_id"),
        (I2V, v3(json!({ "image": PIC, "element_list": [{ "element_id": 1 }, { "element_id": "16a" }] })), 1201, "element_list[1].element_id"),
        (I2V, v3(json!({ "image": PIC, "element_list": [{ "element_id": true }] })), 1201, "element_list[0].element_id"),
        (I2V, v3(json!({ "image": PIC, "element_list": [{ "id": 1 }] })), 1200, "element_list[0].element_id is required"),
        (I2V, v3(json!({ "image": PIC, "element_list": { "element_id": 1 } })), 1200, "element_list must be an array"),
        // watermark_info: {"enabled": bool}.
        (T2V, v3(json!({ "watermark_info": true })), 1200, "watermark_info must be an object"),
        (T2V, v3(json!({ "watermark_info": {} })), 1200, "watermark_info.enabled is required"),
        (T2V, v3(json!({ "watermark_info": { "enabled": "true" } })), 1200, "watermark_info.enabled must be a JSON boolean"),
        (IMG, json!({ "prompt": "x", "watermark_info": { "enabled": 1 } }), 1200, "watermark_info.enabled"),
        (IMG, json!({ "prompt": "x", "watermark_info": { "enabled": true, "text": "mine" } }), 1201, "watermark_info.text"),
        // Pictures' external ids.
        (IMG, json!({ "prompt": "x", "external_task_id": "" }), 1201, "external_task_id must not be empty"),
        (IMG, json!({ "prompt": "x", "external_task_id": 12 }), 1200, "external_task_id must be a string"),
    ];
    for (path, body, code, needle) in cases {
        let (status, answer) = api.post(path, body.clone()).await;
        let shown = body.to_string().chars().take(200).collect::<String>();
        assert_eq!((status, answer["code"].as_i64()), (400, Some(code)), "{path} {shown}: {answer}");
        assert!(answer["message"].as_str().unwrap().contains(needle), "{path} {shown}: wanted {needle:?} in {answer}");
    }
    assert_eq!(api.sim.task_count(), 0, "nothing refused was made");
}

#[tokio::test]
async fn todays_fields_accepted_where_the_catalogue_offers_them() {
    let api = Api::rich().await;
    let cases: Vec<(&str, Value)> = vec![
        (T2V, v3(json!({ "duration": "3" }))),
        (T2V, v3(json!({ "duration": "15", "mode": "4k", "sound": "on" }))),
        (T2V, v3(json!({ "duration": "7", "mode": "std", "sound": "on", "aspect_ratio": "9:16" }))),
        (T2V, v3(json!({ "sound": "off", "watermark_info": { "enabled": false } }))),
        // The EN docs' customised multi-shot example, and with no prompt at all.
        (T2V, customised(vec![shot(1, "Two friends talking under a streetlight at night.", "2"), shot(2, "A runner sprinting through a forest.", "3")], "5")),
        (T2V, json!({ "model_name": "kling-v3", "multi_shot": true, "shot_type": "customize", "multi_prompt": [shot(1, "one long take", "12")], "duration": "12" })),
        (T2V, customised((1..=6).map(|i| shot(i, &"p".repeat(512), "2")).collect(), "12")),
        (T2V, v3(json!({ "multi_shot": true, "shot_type": "intelligence", "duration": "10" }))),
        (T2V, v3(json!({ "multi_shot": false }))),
        (T2V, json!({ "model_name": "kling-v2-6", "prompt": "x", "mode": "std", "sound": "off" })),
        (T2V, json!({ "model_name": "kling-v2-6", "prompt": "x", "mode": "pro", "sound": "on", "duration": "10" })),
        (T2V, json!({ "model_name": "kling-v2-master", "prompt": "x", "duration": "10" })),
        (T2V, json!({ "model_name": "kling-v2-1-master", "prompt": "x", "watermark_info": { "enabled": true } })),
        // The EN docs' voice and element examples.
        (I2V, v2_6_i2v(json!({ "prompt": "<<<voice_1>>>The girl says: \"Welcome everyone\"", "voice_list": [{ "voice_id": "v-1" }], "duration": "5", "sound": "on" }))),
        (I2V, v2_6_i2v(json!({ "prompt": "<<<voice_2>>> answers", "voice_list": [{ "voice_id": "a" }, { "voice_id": "b" }], "duration": "10", "sound": "on" }))),
        (I2V, v2_6_i2v(json!({ "image_tail": PIC, "sound": "off" }))),
        (
            I2V,
            json!({ "model_name": "kling-v3", "image": PIC, "prompt": "<<<element_1>>> walks into the café", "element_list": [{ "element_id": 829836802793406551u64 }],
                    "duration": "7", "mode": "std", "sound": "off", "watermark_info": { "enabled": false } }),
        ),
        (I2V, v3(json!({ "image": PIC, "element_list": [{ "element_id": "160" }, { "element_id": 1 }, { "element_id": u64::MAX }], "sound": "on", "mode": "4k" }))),
        (I2V, v3(json!({ "image": PIC, "image_tail": PIC, "multi_shot": true, "shot_type": "intelligence", "duration": "8" }))),
        (I2V, v3(json!({ "image": PIC, "element_list": [] }))),
        (
            IMG,
            v3(json!({ "element_list": [{ "element_id": 1 }, { "element_id": "2" }, { "element_id": 3 }], "resolution": "2k", "watermark_info": { "enabled": true } })),
        ),
        (IMG, json!({ "prompt": "x", "model_name": "kling-v2-1", "image": PIC, "image_reference": "face", "external_task_id": "pic-a" })),
    ];
    let count = cases.len();
    for (path, body) in cases {
        let (status, answer) = api.post(path, body.clone()).await;
        let shown = body.to_string().chars().take(200).collect::<String>();
        assert_eq!((status, answer["code"].as_i64()), (200, Some(0)), "{path} {shown}: {answer}");
    }
    assert_eq!(api.sim.task_count(), count);
}
