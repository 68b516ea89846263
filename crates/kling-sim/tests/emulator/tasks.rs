//! Task lifecycle, queries, lists, external ids, and the account checks at create
//! (1103, 1300, 1301, 1102, 1303) with credits visible in /account/costs.

use crate::common::*;
use kling_sim::SimConfig;
use serde_json::{json, Value};

#[tokio::test]
async fn an_image_task_moves_to_succeed_with_the_documented_shape() {
    // A processing phase wide enough to be seen by polling on a busy machine.
    let mut config = SimConfig::fast(AK, SK);
    config.timing.image_processing = std::time::Duration::from_millis(500);
    let api = Api::new(config).await;
    let (status, body) = api.post("/v1/images/generations", json!({ "prompt": "a cat", "n": 2, "aspect_ratio": "1:1", "external_task_id": "pic-1" })).await;
    assert_eq!(status, 200);
    assert_eq!((body["code"].as_i64(), body["message"].as_str()), (Some(0), Some("SUCCEED")));
    assert_eq!(body["request_id"].as_str().unwrap().len(), 36);
    let created = &body["data"];
    let id = created["task_id"].as_str().unwrap().to_string();
    assert!(id.len() == 18 && id.chars().all(|c| c.is_ascii_digit()), "{id}");
    assert_eq!(created["task_status"], "submitted");
    assert_eq!(created["task_info"], json!({ "external_task_id": "pic-1" }), "images carry the external id too (addendum §4)");
    assert_eq!(created["created_at"], created["updated_at"]);
    let created_at = created["created_at"].as_i64().unwrap();
    assert!((created_at - now() as i64 * 1000).abs() < 5_000, "milliseconds");

    let path = format!("/v1/images/generations/{id}");
    let processing = api.wait_status(&path, "processing").await;
    assert_eq!(processing["task_result"], json!({}));
    let done = api.wait_status(&path, "succeed").await;
    let images = done["task_result"]["images"].as_array().unwrap();
    assert_eq!(images.len(), 2);
    for (i, image) in images.iter().enumerate() {
        assert_eq!(image["index"], i);
        assert!(image["url"].as_str().unwrap().starts_with(&format!("{}/media/", api.sim.url())));
    }
    assert_ne!(images[0]["url"], images[1]["url"]);
    assert_eq!(done["final_unit_deduction"], "0.5");
    assert_eq!(done["updated_at"].as_i64().unwrap() - created_at, 530, "30 ms submitted + 500 ms processing");
    assert_eq!(processing["updated_at"].as_i64().unwrap() - created_at, 30, "processing since the end of submitted");
}

#[tokio::test]
async fn video_tasks_carry_the_external_id_and_take_longer_in_pro_and_10s() {
    let api = Api::fast().await;
    // (extra fields, ms from created to finished, units charged)
    let cases =
        [(json!({}), 150, "1"), (json!({ "mode": "pro" }), 225, "3.5"), (json!({ "duration": "10" }), 225, "2"), (json!({ "mode": "pro", "duration": "10" }), 337, "7")];
    for (i, (extra, want_ms, units)) in cases.iter().enumerate() {
        let mut body = json!({ "prompt": "waves", "external_task_id": format!("ext-{i}") });
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let id = api.create("/v1/videos/text2video", body).await;
        let done = api.wait_status(&format!("/v1/videos/text2video/{id}"), "succeed").await;
        assert_eq!(done["task_info"]["external_task_id"], format!("ext-{i}"));
        let video = &done["task_result"]["videos"][0];
        let ten = extra.get("duration").is_some();
        assert_eq!(video["duration"], if ten { "10.1" } else { "5.1" });
        assert!(video["id"].as_str().is_some_and(|v| !v.is_empty()));
        assert!(video["url"].as_str().unwrap().ends_with(".mp4"));
        let took = done["updated_at"].as_i64().unwrap() - done["created_at"].as_i64().unwrap();
        assert_eq!(took, *want_ms as i64, "{extra}");
        assert_eq!(done["final_unit_deduction"], *units, "{extra}");
    }
}

#[tokio::test]
async fn a_failing_prompt_ends_failed_with_the_reason_and_empty_objects() {
    let mut config = SimConfig::fast(AK, SK);
    config.timing.video_processing = std::time::Duration::from_millis(500);
    config.failing_word = Some("FailMe".into());
    let api = Api::new(config).await;
    let id = api.create("/v1/videos/text2video", json!({ "prompt": "please failme now", "external_task_id": "will-fail" })).await;
    let path = format!("/v1/videos/text2video/{id}");
    assert_eq!(api.wait_status(&path, "processing").await["task_info"]["external_task_id"], "will-fail");
    let failed = api.wait_status(&path, "failed").await;
    assert_eq!(failed["task_status_msg"], "Failure to pass the risk control system");
    assert_eq!(failed["task_info"], json!({}));
    assert_eq!(failed["task_result"], json!({}));
    assert!(failed.get("final_unit_deduction").is_none());
    let (status, whole) = api.get(&path).await;
    assert_eq!((status, whole["code"].as_i64(), whole["message"].as_str()), (200, Some(0), Some("SUCCEED")), "a failed task is not an HTTP error");
}

#[tokio::test]
async fn ids_are_scoped_per_kind() {
    let api = Api::fast().await;
    let image = api.create("/v1/images/generations", json!({ "prompt": "x" })).await;
    let t2v = api.create("/v1/videos/text2video", json!({ "prompt": "x" })).await;
    assert_eq!(api.get(&format!("/v1/images/generations/{image}")).await.0, 200);
    for path in [
        format!("/v1/videos/text2video/{image}"),
        format!("/v1/videos/image2video/{t2v}"),
        format!("/v1/images/generations/{t2v}"),
        "/v1/videos/text2video/999999999999999999".to_string(),
    ] {
        let (status, body) = api.get(&path).await;
        assert_eq!((status, body["code"].as_i64()), (404, Some(1203)), "{path}: {body}");
        assert_eq!(body["data"], Value::Null);
        assert!(body["message"].as_str().unwrap().contains("not found"), "{body}");
    }
}

#[tokio::test]
async fn lists_page_newest_first_within_bounds() {
    let api = Api::roomy().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(api.create("/v1/videos/text2video", json!({ "prompt": format!("clip {i}") })).await);
    }
    api.create("/v1/videos/image2video", json!({ "image": "https://example.com/a.png" })).await;
    let page = |body: &Value| body["data"].as_array().unwrap().iter().map(|t| t["task_id"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let (status, all) = api.get("/v1/videos/text2video").await;
    assert_eq!(status, 200);
    assert_eq!(page(&all), ids.iter().rev().cloned().collect::<Vec<_>>(), "default page: newest first, this kind only");
    assert_eq!(page(&api.get("/v1/videos/text2video?pageNum=1&pageSize=2").await.1), vec![ids[4].clone(), ids[3].clone()]);
    assert_eq!(page(&api.get("/v1/videos/text2video?pageNum=3&pageSize=2").await.1), vec![ids[0].clone()]);
    assert_eq!(page(&api.get("/v1/videos/text2video?pageNum=1000&pageSize=500").await.1), Vec::<String>::new());
    assert_eq!(page(&api.get("/v1/images/generations").await.1), Vec::<String>::new());
    for bad in ["pageNum=0", "pageNum=1001", "pageSize=0", "pageSize=501", "pageSize=abc", "pageNum=-1"] {
        let (status, body) = api.get(&format!("/v1/videos/text2video?{bad}")).await;
        assert_eq!((status, body["code"].as_i64()), (400, Some(1201)), "{bad}");
        let key = bad.split('=').next().unwrap();
        assert!(body["message"].as_str().unwrap().contains(key), "{body}");
    }
}

#[tokio::test]
async fn external_ids_find_tasks_both_ways_and_must_be_unique_per_account() {
    let api = Api::fast().await;
    let t2v = api.create("/v1/videos/text2video", json!({ "prompt": "x", "external_task_id": "order-1" })).await;
    let i2v = api.create("/v1/videos/image2video", json!({ "image": "https://example.com/a.png", "external_task_id": "order-2" })).await;
    let (status, by_query) = api.get("/v1/videos/text2video?external_task_id=order-1").await;
    assert_eq!(status, 200);
    assert!(by_query["data"].is_object(), "one task object, not a list");
    assert_eq!(by_query["data"]["task_id"], t2v.as_str());
    assert_eq!(api.get("/v1/videos/text2video/order-1").await.1["data"]["task_id"], t2v.as_str());
    assert_eq!(api.get("/v1/videos/image2video/order-2").await.1["data"]["task_id"], i2v.as_str());
    assert_eq!(api.get("/v1/videos/image2video?external_task_id=order-2").await.1["data"]["task_id"], i2v.as_str());
    for path in ["/v1/videos/image2video/order-1", "/v1/videos/image2video?external_task_id=order-1", "/v1/videos/text2video?external_task_id=nope"] {
        let (status, body) = api.get(path).await;
        assert_eq!((status, body["code"].as_i64()), (404, Some(1203)), "{path}");
    }
    // Unique per account: across both video kinds.
    for (path, body) in [
        ("/v1/videos/text2video", json!({ "prompt": "again", "external_task_id": "order-1" })),
        ("/v1/videos/image2video", json!({ "image": "https://example.com/b.png", "external_task_id": "order-1" })),
    ] {
        let (status, answer) = api.post(path, body).await;
        assert_eq!((status, answer["code"].as_i64()), (400, Some(1201)), "{answer}");
        assert!(answer["message"].as_str().unwrap().contains("external_task_id"));
    }
    assert_eq!(api.sim.task_count(), 2);
}

#[tokio::test]
async fn pictures_are_found_by_external_id_in_every_form_and_ids_stay_unique() {
    let api = Api::roomy().await;
    const IMG: &str = "/v1/images/generations";
    let (status, created) = api.post(IMG, json!({ "prompt": "x", "external_task_id": "pic-7" })).await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["data"]["task_info"]["external_task_id"], "pic-7", "the create answer carries it (addendum §4)");
    let id = created["data"]["task_id"].as_str().unwrap().to_string();
    // The three forms public clients use (addendum §4), the plain path, and the task id itself.
    for path in [
        format!("{IMG}?external_task_id=pic-7"),
        format!("{IMG}/pic-7?external_task_id=true"),
        format!("{IMG}/pic-7?external_task_id=pic-7"),
        format!("{IMG}/{id}?external_task_id=pic-7"),
        format!("{IMG}/pic-7"),
        format!("{IMG}/{id}"),
    ] {
        let (status, body) = api.get(&path).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert!(body["data"].is_object(), "{path}: one task object");
        assert_eq!(body["data"]["task_id"], id.as_str(), "{path}");
        assert_eq!(body["data"]["task_info"]["external_task_id"], "pic-7", "{path}");
    }
    // Unknown ids, and a picture's id on a video path: the same answer as an unknown task.
    let (_, unknown_task) = api.get(&format!("{IMG}/123456789012345678")).await;
    for path in [
        format!("{IMG}?external_task_id=nope"),
        format!("{IMG}/nope?external_task_id=true"),
        format!("{IMG}/nope?external_task_id=nope"),
        format!("{IMG}/{id}?external_task_id=nope"),
        "/v1/videos/text2video?external_task_id=pic-7".to_string(),
        "/v1/videos/text2video/pic-7?external_task_id=true".to_string(),
    ] {
        let (status, body) = api.get(&path).await;
        assert_eq!((status, body["code"].as_i64()), (404, Some(1203)), "{path}: {body}");
        assert_eq!(body["code"], unknown_task["code"]);
    }
    // Unique per account, across pictures and videos both ways.
    let video = api.create("/v1/videos/text2video", json!({ "prompt": "x", "external_task_id": "clip-1" })).await;
    for (path, body) in [
        (IMG, json!({ "prompt": "again", "external_task_id": "pic-7" })),
        (IMG, json!({ "prompt": "again", "external_task_id": "clip-1" })),
        ("/v1/videos/text2video", json!({ "prompt": "again", "external_task_id": "pic-7" })),
    ] {
        let (status, answer) = api.post(path, body).await;
        assert_eq!((status, answer["code"].as_i64()), (400, Some(1201)), "{answer}");
        assert!(answer["message"].as_str().unwrap().contains("external_task_id"), "{answer}");
    }
    assert_eq!(api.get("/v1/videos/text2video/clip-1?external_task_id=true").await.1["data"]["task_id"], video.as_str(), "videos take every form too");
    assert_eq!(api.sim.task_count(), 2);
}

#[tokio::test]
async fn account_checks_at_create_in_order() {
    let mut config = SimConfig::fast(AK, SK);
    config.denied_models = vec!["kling-v1-6".into()];
    config.policy_word = Some("policy".into());
    config.refused_word = Some("Forbidden".into());
    config.credits.video_units = 0.5;
    let api = Api::new(config).await;
    let cases = [
        (json!({ "prompt": "policy forbidden", "model_name": "kling-v1-6" }), 403, 1103),
        (json!({ "prompt": "a POLICY matter, forbidden" }), 400, 1300),
        (json!({ "prompt": "something FORBIDDEN" }), 400, 1301),
        (json!({ "prompt": "fine" }), 429, 1102),
        // Validation comes before all of them.
        (json!({ "prompt": "forbidden", "model_name": "kling-v1-6", "mode": "fast" }), 400, 1201),
    ];
    for (body, status, code) in cases {
        let (got, answer) = api.post("/v1/videos/text2video", body.clone()).await;
        assert_eq!((got, answer["code"].as_i64()), (status, Some(code)), "{body}: {answer}");
        assert_eq!(answer["data"], Value::Null);
    }
    assert_eq!(api.sim.task_count(), 0);
    assert_eq!(api.sim.config().credits.video_units, 0.5, "nothing spent");
}

#[tokio::test]
async fn credits_are_spent_at_create_and_shown_by_account_costs() {
    let mut config = SimConfig::fast(AK, SK);
    config.credits.video_units = 5.0;
    config.credits.image_units = 1.0;
    let api = Api::new(config).await;
    let costs = api.costs().await;
    assert_eq!((costs["code"].as_i64(), costs["msg"].as_str()), (Some(0), Some("success")));
    let packs = costs["resource_pack_subscribe_infos"].as_array().unwrap();
    assert_eq!(packs.len(), 3, "video, image and try-on");
    for pack in packs {
        for field in ["resource_pack_name", "resource_pack_id"] {
            assert!(pack[field].as_str().is_some_and(|s| !s.is_empty()));
        }
        assert_eq!(pack["resource_pack_type"], "decreasing_total");
        assert_eq!(pack["status"], "online");
        for field in ["purchase_time", "effective_time", "invalid_time"] {
            assert!(pack[field].as_i64().unwrap() > 1_600_000_000_000, "{field} in ms");
        }
        assert!(pack["invalid_time"].as_i64() > pack["effective_time"].as_i64());
    }

    api.create("/v1/videos/text2video", json!({ "prompt": "x", "mode": "pro" })).await; // 3.5
    api.create("/v1/videos/text2video", json!({ "prompt": "x" })).await; // 1
    api.create("/v1/images/generations", json!({ "prompt": "x", "n": 4 })).await; // 1.0
    let (status, body) = api.post("/v1/videos/text2video", json!({ "prompt": "x" })).await;
    assert_eq!((status, body["code"].as_i64()), (429, Some(1102)), "0.5 left, a clip costs 1");
    let (status, body) = api.post("/v1/images/generations", json!({ "prompt": "x" })).await;
    assert_eq!((status, body["code"].as_i64()), (429, Some(1102)));

    let packs = api.costs().await["resource_pack_subscribe_infos"].clone();
    assert_eq!((packs[0]["total_quantity"].as_f64(), packs[0]["remaining_quantity"].as_f64()), (Some(5.0), Some(0.5)));
    assert_eq!(packs[0]["status"], "online");
    assert_eq!((packs[1]["total_quantity"].as_f64(), packs[1]["remaining_quantity"].as_f64()), (Some(1.0), Some(0.0)));
    assert_eq!(packs[1]["status"], "runOut");
    assert_eq!(api.sim.config().credits.video_units, 0.5);

    let name = packs[1]["resource_pack_name"].as_str().unwrap();
    let (_, filtered) = api.get(&format!("/account/costs?start_time=0&end_time=1&resource_pack_name={}", name.replace(' ', "%20"))).await;
    assert_eq!(filtered["data"]["resource_pack_subscribe_infos"].as_array().unwrap().len(), 1);
    for bad in ["/account/costs", "/account/costs?start_time=0", "/account/costs?end_time=1", "/account/costs?start_time=x&end_time=1"] {
        let (status, body) = api.get(bad).await;
        assert_eq!((status, body["code"].as_i64()), (400, Some(1200)), "{bad}");
    }
    // Raising the balance live works.
    api.sim.update(|c| c.credits.video_units += 10.0);
    api.create("/v1/videos/text2video", json!({ "prompt": "x" })).await;
}

#[tokio::test]
async fn slots_are_held_until_a_task_ends() {
    let mut config = SimConfig::fast(AK, SK);
    config.concurrency.image = 4;
    config.concurrency.video = 1;
    // Long enough that the refusals below happen while the first tasks still run.
    config.timing.image_processing = std::time::Duration::from_millis(1500);
    config.timing.video_processing = std::time::Duration::from_millis(1500);
    config.failing_word = Some("failme".into());
    let api = Api::new(config).await;
    let first = api.create("/v1/images/generations", json!({ "prompt": "x", "n": 3 })).await;
    let (status, body) = api.post("/v1/images/generations", json!({ "prompt": "x", "n": 2 })).await;
    assert_eq!((status, body["code"].as_i64()), (429, Some(1303)), "3 + 2 slots > 4");
    assert_eq!(body["message"], "parallel task over resource pack limit");
    api.create("/v1/images/generations", json!({ "prompt": "x", "n": 1 })).await;

    // Video slots are counted apart from image slots.
    let video = api.create("/v1/videos/text2video", json!({ "prompt": "failme" })).await;
    assert_eq!(api.post("/v1/videos/text2video", json!({ "prompt": "x" })).await.1["code"], 1303);
    api.wait_status(&format!("/v1/videos/text2video/{video}"), "failed").await;
    api.create("/v1/videos/text2video", json!({ "prompt": "x" })).await;

    api.wait_status(&format!("/v1/images/generations/{first}"), "succeed").await;
    api.create("/v1/images/generations", json!({ "prompt": "x", "n": 3 })).await;
    assert_eq!(api.sim.task_count(), 5);
}

#[tokio::test]
async fn task_ids_differ_between_emulator_runs() {
    let mut ids = Vec::new();
    for _ in 0..2 {
        let api = Api::fast().await;
        ids.push(api.create("/v1/images/generations", json!({ "prompt": "x" })).await);
    }
    assert_ne!(ids[0], ids[1], "a library outlives an emulator: ids must not repeat");
}
