//! The picture tools of issue 14 from create to result: an expanded picture comes back in the
//! expanded shape, composed pictures in the asked one, a try-on in the person's, one per `n`,
//! priced per picture (a try-on on its own pack, with its own slots); the API's rules are checked.

use crate::common::*;
use crate::tool_helpers::*;
use serde_json::json;

#[tokio::test]
async fn expand_answers_pictures_of_the_expanded_shape() {
    let api = Api::roomy().await;
    let body = json!({ "image": png_b64(640, 480), "left_expansion_ratio": 0.5, "right_expansion_ratio": 0.5, "prompt": "more of the beach", "n": 2, "external_task_id": "x-1" });
    let done = finished(&api, EXPAND, body).await;
    assert_eq!(done["task_info"]["external_task_id"], "x-1");
    assert_eq!(done["final_unit_deduction"], "16", "8 image units a picture");
    let images = done["task_result"]["images"].as_array().unwrap();
    assert_eq!(images.len(), 2);
    for image in images {
        let (status, kind, png) = download(image["url"].as_str().unwrap()).await;
        assert_eq!((status, kind.as_str()), (200, "image/png"));
        let (w, h) = image::load_from_memory(&png).unwrap().to_rgb8().dimensions();
        // 640×480 grown by half its width on each side: 1280×480.
        assert!((f64::from(w) / f64::from(h) - 1280.0 / 480.0).abs() < 0.02, "{w}×{h}");
    }
    let id = done["task_id"].as_str().unwrap();
    assert_eq!(api.get(&format!("{EXPAND}/{id}")).await.1["data"]["task_id"], id);
}

#[tokio::test]
async fn expand_rules() {
    let api = Api::roomy().await;
    let picture = png_b64(640, 480);
    refused(&api, EXPAND, json!({ "up_expansion_ratio": 0.5 }), 1200, "image is required").await;
    refused(&api, EXPAND, json!({ "image": picture, "up_expansion_ratio": 2.5 }), 1201, "between 0 and 2").await;
    refused(&api, EXPAND, json!({ "image": picture, "up_expansion_ratio": "1" }), 1200, "must be a number").await;
    refused(&api, EXPAND, json!({ "image": picture, "up_expansion_ratio": 1.0, "left_expansion_ratio": 0.6 }), 1201, "at most 3 times").await;
    refused(&api, EXPAND, json!({ "image": picture, "up_expansion_ratio": 1.0, "n": 10 }), 1201, "n must be between 1 and 9").await;
    refused(&api, EXPAND, json!({ "image": png_b64(100, 100), "up_expansion_ratio": 1.0 }), 1201, "at least 300px").await;
    finished(&api, EXPAND, json!({ "image": "https://example.com/a.png", "up_expansion_ratio": 2.0 })).await;
}

/// The shape of a downloaded picture result, after checking it is a PNG.
async fn picture_shape(url: &str) -> f64 {
    let (status, kind, png) = download(url).await;
    assert_eq!((status, kind.as_str()), (200, "image/png"));
    let (w, h) = image::load_from_memory(&png).unwrap().to_rgb8().dimensions();
    f64::from(w) / f64::from(h)
}

#[tokio::test]
async fn compose_answers_pictures_of_the_asked_shape_at_16_units_each() {
    let api = Api::roomy().await;
    let subjects = json!([{ "subject_image": png_b64(600, 600) }, { "subject_image": "https://example.com/dog.png" }]);
    let body = json!({ "subject_image_list": subjects, "scene_image": png_b64(800, 450), "style_image": "https://example.com/ink.png",
                       "prompt": "the two at a picnic", "n": 2, "aspect_ratio": "4:3", "external_task_id": "c-1" });
    let done = finished(&api, COMPOSE, body).await;
    assert_eq!(done["task_info"]["external_task_id"], "c-1");
    assert_eq!(done["final_unit_deduction"], "32", "16 image units a picture on kling-v2-1");
    let images = done["task_result"]["images"].as_array().unwrap();
    assert_eq!(images.len(), 2);
    for image in images {
        assert!((picture_shape(image["url"].as_str().unwrap()).await - 4.0 / 3.0).abs() < 0.02);
    }
    // kling-v2, from the older docs, is taken too; its price is not published.
    finished(&api, COMPOSE, json!({ "model_name": "kling-v2", "subject_image_list": [{ "subject_image": "https://example.com/a.png" }] })).await;
}

#[tokio::test]
async fn compose_rules() {
    let api = Api::roomy().await;
    let one = json!([{ "subject_image": "https://example.com/a.png" }]);
    refused(&api, COMPOSE, json!({ "prompt": "x" }), 1200, "subject_image_list is required").await;
    refused(&api, COMPOSE, json!({ "subject_image_list": [] }), 1201, "1 to 4 pictures, got 0").await;
    let five: Vec<_> = (0..5).map(|i| json!({ "subject_image": format!("https://example.com/{i}.png") })).collect();
    refused(&api, COMPOSE, json!({ "subject_image_list": five }), 1201, "got 5").await;
    refused(&api, COMPOSE, json!({ "subject_image_list": [{ "image": "https://example.com/a.png" }] }), 1200, "subject_image_list[0].subject_image is required").await;
    refused(&api, COMPOSE, json!({ "subject_image_list": [{ "subject_image": png_b64(100, 100) }] }), 1201, "at least 300px").await;
    refused(&api, COMPOSE, json!({ "subject_image_list": one, "scene_image": png_b64(1000, 300) }), 1201, "scene_image aspect ratio").await;
    refused(&api, COMPOSE, json!({ "subject_image_list": one, "model_name": "kling-v3" }), 1201, "use one of kling-v2-1, kling-v2").await;
    refused(&api, COMPOSE, json!({ "subject_image_list": one, "aspect_ratio": "5:4" }), 1201, "aspect_ratio 5:4 is not supported").await;
    refused(&api, COMPOSE, json!({ "subject_image_list": one, "n": 10 }), 1201, "n must be between 1 and 9").await;
    refused(&api, COMPOSE, json!({ "subject_image_list": one, "prompt": "x".repeat(2501) }), 1201, "2500").await;
}

#[tokio::test]
async fn try_on_answers_one_picture_of_the_persons_shape_from_its_own_pack() {
    let api = Api::roomy().await;
    let before = api.costs().await["resource_pack_subscribe_infos"].clone();
    let body = json!({ "model_name": "kolors-virtual-try-on-v1-5", "human_image": png_b64(600, 900), "cloth_image": "https://example.com/coat.png" });
    let done = finished(&api, TRY_ON, body).await;
    let images = done["task_result"]["images"].as_array().unwrap();
    assert_eq!(images.len(), 1);
    assert!((picture_shape(images[0]["url"].as_str().unwrap()).await - 2.0 / 3.0).abs() < 0.02, "the person's 600×900");
    let after = api.costs().await["resource_pack_subscribe_infos"].clone();
    let remaining = |packs: &serde_json::Value, name: &str| {
        packs.as_array().unwrap().iter().find(|p| p["resource_pack_name"] == name).unwrap()["remaining_quantity"].as_f64().unwrap()
    };
    assert_eq!(remaining(&before, "Virtual Try-On Pack") - remaining(&after, "Virtual Try-On Pack"), 1.0, "charged to the try-on pack");
    assert_eq!(remaining(&before, "Image Generation Pack"), remaining(&after, "Image Generation Pack"), "not to the image pack");
    // v1 is the default; a person given by link comes back as a portrait.
    let linked = finished(&api, TRY_ON, json!({ "human_image": "https://example.com/me.png", "cloth_image": png_b64(500, 500) })).await;
    assert!((picture_shape(linked["task_result"]["images"][0]["url"].as_str().unwrap()).await - 0.75).abs() < 0.02);
}

#[tokio::test]
async fn try_on_rules_and_its_own_slots_and_units() {
    let mut config = kling_sim::SimConfig::fast(AK, SK);
    config.concurrency.try_on = 1;
    config.credits.try_on_units = 1.0;
    config.timing.image_processing = std::time::Duration::from_millis(1500);
    let api = Api::new(config).await;
    let garment = "https://example.com/coat.png";
    let person = "https://example.com/me.png";
    refused(&api, TRY_ON, json!({ "cloth_image": garment }), 1200, "human_image is required").await;
    refused(&api, TRY_ON, json!({ "human_image": person }), 1200, "cloth_image is required").await;
    refused(&api, TRY_ON, json!({ "human_image": png_b64(200, 900), "cloth_image": garment }), 1201, "human_image").await;
    refused(&api, TRY_ON, json!({ "model_name": "kolors-virtual-try-on-v2", "human_image": person, "cloth_image": garment }), 1201, "kolors-virtual-try-on-v1-5").await;
    refused(&api, TRY_ON, json!({ "human_image": person, "cloth_image": garment, "watermark_info": { "enabled": true } }), 1201, "watermark_info is not supported").await;
    refused(&api, TRY_ON, json!({ "human_image": person, "cloth_image": garment, "n": 2 }), 1201, "n is not supported").await;
    let first = api.create(TRY_ON, json!({ "human_image": person, "cloth_image": garment })).await;
    // Its one slot is taken, and its one unit spent: a second waits on the slot, then on the pack.
    let (status, body) = api.post(TRY_ON, json!({ "human_image": person, "cloth_image": garment })).await;
    assert_eq!((status, body["code"].as_i64()), (429, Some(1102)), "{body}");
    assert!(body["message"].as_str().unwrap().contains("the try-on pack has 0 units left"), "{body}");
    api.sim.update(|c| c.credits.try_on_units = 5.0);
    assert_eq!(api.post(TRY_ON, json!({ "human_image": person, "cloth_image": garment })).await.1["code"], 1303, "one try-on slot");
    // Pictures have their own slots beside it.
    api.create("/v1/images/generations", json!({ "prompt": "x" })).await;
    api.wait_status(&format!("{TRY_ON}/{first}"), "succeed").await;
    api.create(TRY_ON, json!({ "human_image": person, "cloth_image": garment })).await;
}

#[tokio::test]
async fn a_try_on_with_the_failing_word_in_a_link_fails() {
    let mut config = kling_sim::SimConfig::fast(AK, SK);
    config.failing_word = Some("failme".into());
    let api = Api::new(config).await;
    let task = api.create(TRY_ON, json!({ "human_image": png_b64(600, 900), "cloth_image": "https://example.com/failme-coat.png" })).await;
    let failed = api.wait_status(&format!("{TRY_ON}/{task}"), "failed").await;
    assert!(failed["task_status_msg"].as_str().is_some_and(|m| !m.is_empty()), "{failed}");
}

#[tokio::test]
async fn omni_image_answers_single_pictures_and_series() {
    let api = Api::rich().await;
    let elements = json!([{ "element_id": 829836802793406551u64 }]);
    let body = json!({ "prompt": "<<<image_1>>> meets <<<element_1>>>", "image_list": [{ "image": png_b64(600, 600) }], "element_list": elements,
                       "n": 2, "aspect_ratio": "3:2", "resolution": "2k" });
    let done = finished(&api, OMNI_IMAGE, body).await;
    assert_eq!((done["task_result"]["result_type"].as_str(), done["final_unit_deduction"].as_str()), (Some("single"), Some("16")), "{done}");
    let images = done["task_result"]["images"].as_array().unwrap();
    assert_eq!(images.len(), 2);
    assert!((picture_shape(images[0]["url"].as_str().unwrap()).await - 1.5).abs() < 0.02);
    // kling-v3-omni at 4K: 16 image units a picture.
    let four_k = finished(&api, OMNI_IMAGE, json!({ "model_name": "kling-v3-omni", "prompt": "a harbour", "aspect_ratio": "16:9", "resolution": "4k" })).await;
    assert_eq!(four_k["final_unit_deduction"], "16");
    // A series from a portrait picture, shaped like it (auto), in `series_images`.
    let series = json!({ "model_name": "kling-v3-omni", "prompt": "<<<image_1>>> through the seasons", "image_list": [{ "image": png_b64(600, 900) }],
                         "result_type": "series", "series_amount": 5 });
    let done = finished(&api, OMNI_IMAGE, series.clone()).await;
    let result = &done["task_result"];
    assert_eq!((result["result_type"].as_str(), result["images"].as_array().map(Vec::len)), (Some("series"), Some(0)));
    let pictures = result["series_images"].as_array().unwrap();
    assert_eq!((pictures.len(), done["final_unit_deduction"].as_str()), (5, Some("40")));
    assert!((picture_shape(pictures[4]["url"].as_str().unwrap()).await - 2.0 / 3.0).abs() < 0.02);
    let mut auto = series;
    auto["series_amount"] = json!("auto");
    let done = finished(&api, OMNI_IMAGE, auto).await;
    assert!(done["task_result"]["series_images"].as_array().is_some_and(|p| (2..=9).contains(&p.len())));
}

#[tokio::test]
async fn omni_image_rules() {
    let api = Api::rich().await;
    let one = json!([{ "image": "https://example.com/a.png" }]);
    let v3 = "kling-v3-omni";
    refused(&api, OMNI_IMAGE, json!({ "image_list": one }), 1200, "prompt is required").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "resolution": "4k" }), 1201, "resolution 4k is not supported by kling-image-o1").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "model_name": v3 }), 1201, "aspect_ratio auto is not supported by kling-v3-omni without image_list").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "image_list": one, "result_type": "series" }), 1201, "series is not supported by kling-image-o1").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "model_name": v3, "aspect_ratio": "1:1", "result_type": "series" }), 1201, "needs image_list").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "model_name": v3, "image_list": one, "result_type": "series", "series_amount": 10 }), 1201, "2 to 9").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "model_name": v3, "image_list": one, "result_type": "series", "series_amount": "lots" }), 1200, "series_amount")
        .await;
    let eight: Vec<_> = (0..8).map(|i| json!({ "image": format!("https://example.com/{i}.png") })).collect();
    let three: Vec<_> = (0..3).map(|i| json!({ "element_id": i + 1 })).collect();
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "image_list": eight, "element_list": three }), 1201, "at most 10, got 11").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "image_list": [{ "image_url": "https://example.com/a.png" }] }), 1200, "image_list[0].image is required").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "n": 10 }), 1201, "n must be between 1 and 9").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "aspect_ratio": "5:4" }), 1201, "aspect_ratio must be").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "<<<image_2>>> x", "image_list": one }), 1201, "<<<image_2>>> but image_list holds 1").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "<<<element_1>>> x" }), 1201, "<<<element_1>>> but element_list holds 0").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "model_name": v3, "image_list": one, "result_type": "series", "n": 2 }), 1201, "a series takes series_amount").await;
    refused(&api, OMNI_IMAGE, json!({ "prompt": "x", "series_amount": 3 }), 1201, "series_amount is for result_type series").await;
}
