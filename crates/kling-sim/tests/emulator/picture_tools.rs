//! The picture tools of issue 14 from create to result: an expanded picture comes back in the
//! expanded shape, one per `n`, priced per picture; the API's rules are checked.

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
