//! The emulator's own behaviour, through hand-made HTTP requests (no client crate), so it checks
//! the wire and not just what our client happens to send.

use base64::Engine;
use jsonwebtoken::{encode, EncodingKey, Header};
use kling_sim::{Faults, Sim, SimConfig};
use serde_json::{json, Value};
use std::time::Duration;

const AK: &str = "sim-ak";
const SK: &str = "sim-sk";

fn token() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    encode(&Header::default(), &json!({ "iss": AK, "exp": now + 1800, "nbf": now - 5 }), &EncodingKey::from_secret(SK.as_bytes())).unwrap()
}

struct Api {
    sim: Sim,
    http: reqwest::Client,
}

impl Api {
    async fn new(config: SimConfig) -> Self {
        Self { sim: Sim::start(config).await.unwrap(), http: reqwest::Client::new() }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.sim.url())).bearer_auth(token());
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.unwrap();
        (resp.status().as_u16(), resp.json().await.unwrap())
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.call(reqwest::Method::GET, path, None).await
    }

    async fn wait_status(&self, path: &str, status: &str) -> Value {
        for _ in 0..200 {
            let (_, body) = self.get(path).await;
            if body["data"]["task_status"] == status {
                return body["data"].clone();
            }
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
        panic!("{path} never reached {status}");
    }
}

fn png_b64(w: u32, h: u32) -> String {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::new(w, h).write_to(&mut out, image::ImageFormat::Png).unwrap();
    base64::engine::general_purpose::STANDARD.encode(out.into_inner())
}

#[tokio::test]
async fn tasks_move_through_their_states_with_the_documented_shape() {
    let api = Api::new(SimConfig::fast(AK, SK)).await;
    let (status, body) = api.post("/v1/images/generations", json!({ "prompt": "a cat", "n": 2, "aspect_ratio": "1:1" })).await;
    assert_eq!(status, 200);
    assert_eq!(body["code"], 0);
    assert_eq!(body["message"], "SUCCEED");
    assert_eq!(body["request_id"].as_str().unwrap().len(), 36);
    let id = body["data"]["task_id"].as_str().unwrap().to_string();
    assert!(id.len() == 18 && id.chars().all(|c| c.is_ascii_digit()));
    assert_eq!(body["data"]["task_status"], "submitted");
    let path = format!("/v1/images/generations/{id}");
    api.wait_status(&path, "processing").await;
    let done = api.wait_status(&path, "succeed").await;
    assert_eq!(done["task_result"]["images"].as_array().unwrap().len(), 2);
    assert_eq!(done["final_unit_deduction"], "0.5");
    assert!(done["updated_at"].as_i64().unwrap() > done["created_at"].as_i64().unwrap());

    let url = done["task_result"]["images"][1]["url"].as_str().unwrap();
    let bytes = reqwest::get(url).await.unwrap().bytes().await.unwrap();
    let picture = image::load_from_memory(&bytes).unwrap();
    assert_eq!(picture.width(), picture.height());
    let other = api.post("/v1/images/generations", json!({ "prompt": "a dog", "aspect_ratio": "1:1" })).await.1;
    let other_id = other["data"]["task_id"].as_str().unwrap().to_string();
    let other_done = api.wait_status(&format!("/v1/images/generations/{other_id}"), "succeed").await;
    let other_bytes = reqwest::get(other_done["task_result"]["images"][0]["url"].as_str().unwrap()).await.unwrap().bytes().await.unwrap();
    assert_ne!(bytes, other_bytes, "different prompts give different pictures");
}

#[tokio::test]
async fn failing_prompts_end_failed_with_a_reason_and_empty_objects() {
    let mut config = SimConfig::fast(AK, SK);
    config.failing_word = Some("failme".into());
    let api = Api::new(config).await;
    let (_, body) = api.post("/v1/videos/text2video", json!({ "prompt": "please failme" })).await;
    let id = body["data"]["task_id"].as_str().unwrap();
    let failed = api.wait_status(&format!("/v1/videos/text2video/{id}"), "failed").await;
    assert!(failed["task_status_msg"].as_str().unwrap().contains("risk control"));
    assert_eq!(failed["task_info"], json!({}));
    assert_eq!(failed["task_result"], json!({}));
}

#[tokio::test]
async fn videos_are_real_h264_clips_served_with_ranges_and_expiry() {
    let api = Api::new(SimConfig::fast(AK, SK)).await;
    let (_, body) = api.post("/v1/videos/text2video", json!({ "prompt": "waves", "aspect_ratio": "9:16", "duration": "10" })).await;
    let id = body["data"]["task_id"].as_str().unwrap();
    let done = api.wait_status(&format!("/v1/videos/text2video/{id}"), "succeed").await;
    assert_eq!(done["task_result"]["videos"][0]["duration"], "10.1");
    let url = done["task_result"]["videos"][0]["url"].as_str().unwrap().to_string();
    let full = reqwest::get(&url).await.unwrap();
    assert_eq!(full.headers()["content-type"], "video/mp4");
    let bytes = full.bytes().await.unwrap();
    assert_eq!(&bytes[4..8], b"ftyp");
    assert!(bytes.windows(4).any(|w| w == b"avc1"));

    let http = reqwest::Client::new();
    let part = http.get(&url).header("Range", "bytes=100-").send().await.unwrap();
    assert_eq!(part.status().as_u16(), 206);
    assert_eq!(part.headers()["content-range"].to_str().unwrap(), format!("bytes 100-{}/{}", bytes.len() - 1, bytes.len()));
    assert_eq!(part.bytes().await.unwrap(), bytes.slice(100..));
    let past = http.get(&url).header("Range", format!("bytes={}-", bytes.len())).send().await.unwrap();
    assert_eq!(past.status().as_u16(), 416);

    api.sim.truncate_next_downloads(1);
    let cut = reqwest::get(&url).await.unwrap();
    assert_eq!(cut.content_length(), Some(bytes.len() as u64), "the full length is announced");
    assert!(cut.bytes().await.is_err(), "but the body breaks off");

    api.sim.update(|c| c.url_ttl = Duration::ZERO);
    assert_eq!(reqwest::get(&url).await.unwrap().status().as_u16(), 403);
    assert_eq!(reqwest::get(format!("{}/media/nope/video.mp4", api.sim.url())).await.unwrap().status().as_u16(), 404);
}

#[tokio::test]
async fn validation_follows_the_api_rules_and_names_the_field() {
    let api = Api::new(SimConfig::fast(AK, SK)).await;
    let cases = [
        ("/v1/images/generations", json!({ "prompt": "" }), 1201, "prompt"),
        ("/v1/images/generations", json!({ "prompt": "x".repeat(2501) }), 1201, "2500"),
        ("/v1/images/generations", json!({ "prompt": "x", "aspect_ratio": "21:9" }), 1201, "kling-v1"),
        ("/v1/images/generations", json!({ "prompt": "x", "image_fidelity": 2 }), 1201, "image_fidelity"),
        ("/v1/images/generations", json!({ "prompt": "x", "image": png_b64(640, 480), "negative_prompt": "y" }), 1201, "negative_prompt"),
        ("/v1/images/generations", json!({ "prompt": "x", "model_name": "kling-v1-5", "image": png_b64(640, 480) }), 1201, "image_reference"),
        ("/v1/images/generations", json!({ "prompt": 5 }), 1200, "prompt"),
        ("/v1/videos/text2video", json!({ "prompt": "x", "aspect_ratio": "4:3" }), 1201, "aspect_ratio"),
        ("/v1/videos/text2video", json!({ "prompt": "x", "mode": "ultra" }), 1201, "mode"),
        ("/v1/videos/text2video", json!({ "prompt": "x", "cfg_scale": 0.5, "model_name": "kling-v2-master" }), 1201, "cfg_scale"),
        ("/v1/videos/text2video", json!({ "prompt": "x", "camera_control": { "type": "simple", "config": { "zoom": 5, "pan": 1 } } }), 1201, "exactly one"),
        ("/v1/videos/text2video", json!({ "prompt": "x", "camera_control": { "type": "simple", "config": { "zoom": 11 } } }), 1201, "between -10 and 10"),
        ("/v1/videos/text2video", json!({ "prompt": "x", "camera_control": { "type": "down_back", "config": { "zoom": 1 } } }), 1201, "empty"),
        ("/v1/videos/text2video", json!({ "prompt": "x", "mode": "pro", "camera_control": { "type": "down_back" } }), 1201, "kling-v1/pro/5"),
        ("/v1/videos/image2video", json!({ "prompt": "x" }), 1200, "image"),
        ("/v1/videos/image2video", json!({ "image": format!("data:image/png;base64,{}", png_b64(640, 480)) }), 1201, "data:"),
        ("/v1/videos/image2video", json!({ "image": png_b64(200, 200) }), 1201, "300px"),
        ("/v1/videos/image2video", json!({ "image": png_b64(900, 300) }), 1201, "aspect"),
        ("/v1/videos/image2video", json!({ "image": base64::engine::general_purpose::STANDARD.encode("not a picture") }), 1201, "JPG or PNG"),
        ("/v1/videos/image2video", json!({ "image": png_b64(640, 480), "image_tail": png_b64(640, 480), "model_name": "kling-v2-master" }), 1201, "image_tail"),
        ("/v1/videos/image2video", json!({ "image": png_b64(640, 480), "image_tail": png_b64(640, 480), "duration": "10" }), 1201, "kling-v1/std/10"),
        ("/v1/videos/image2video", json!({ "image": png_b64(640, 480), "model_name": "kling-v1-5", "mode": "pro", "camera_control": { "type": "forward_up" } }), 1201, "camera_control"),
    ];
    for (path, body, code, needle) in cases {
        let (status, answer) = api.post(path, body.clone()).await;
        assert_eq!(answer["code"], code, "{path} {body}: {answer}");
        assert_eq!(status, 400);
        assert!(answer["message"].as_str().unwrap().contains(needle), "{path}: {answer}");
        assert_eq!(answer["data"], Value::Null);
    }
    // What the map allows is accepted.
    for (path, body) in [
        ("/v1/videos/text2video", json!({ "prompt": "x", "camera_control": { "type": "simple", "config": { "horizontal": 0, "vertical": 0, "pan": 0, "tilt": 0, "roll": 0, "zoom": -3 } } })),
        ("/v1/videos/image2video", json!({ "image": png_b64(640, 480), "model_name": "kling-v1-5", "mode": "pro", "camera_control": { "type": "simple", "config": { "pan": 2 } } })),
        ("/v1/videos/image2video", json!({ "image": png_b64(640, 480), "image_tail": "https://example.com/end.png", "model_name": "kling-v1-6", "mode": "pro", "duration": "10" })),
    ] {
        let (status, answer) = api.post(path, body).await;
        assert_eq!((status, answer["code"].as_i64()), (200, Some(0)), "{answer}");
    }
    assert_eq!(api.sim.task_count(), 3);
}

#[tokio::test]
async fn lists_page_newest_first_and_find_external_ids_both_ways() {
    let api = Api::new(SimConfig::fast(AK, SK)).await;
    for i in 0..3 {
        api.post("/v1/videos/text2video", json!({ "prompt": format!("clip {i}"), "external_task_id": format!("ext-{i}") })).await;
    }
    let (_, page) = api.get("/v1/videos/text2video?pageNum=1&pageSize=2").await;
    let ids: Vec<_> = page["data"].as_array().unwrap().iter().map(|t| t["task_info"]["external_task_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, vec!["ext-2", "ext-1"]);
    assert_eq!(api.get("/v1/videos/text2video?pageNum=2&pageSize=2").await.1["data"].as_array().unwrap().len(), 1);
    for bad in ["pageNum=0", "pageNum=1001", "pageSize=501", "pageSize=abc"] {
        let (status, body) = api.get(&format!("/v1/videos/text2video?{bad}")).await;
        assert_eq!((status, body["code"].as_i64()), (400, Some(1201)), "{bad}");
    }
    let by_query = api.get("/v1/videos/text2video?external_task_id=ext-1").await.1;
    let by_path = api.get("/v1/videos/text2video/ext-1").await.1;
    assert_eq!(by_query["data"]["task_id"], by_path["data"]["task_id"]);
    assert_eq!(api.get("/v1/videos/image2video/ext-1").await.1["code"], 1203, "scoped by kind");
    assert_eq!(api.post("/v1/videos/text2video", json!({ "prompt": "again", "external_task_id": "ext-0" })).await.1["code"], 1201);
}

#[tokio::test]
async fn limits_credits_and_recording() {
    let mut config = SimConfig::fast(AK, SK);
    config.concurrency.image = 4;
    config.credits.video_units = 1.5;
    let api = Api::new(config).await;
    assert_eq!(api.post("/v1/images/generations", json!({ "prompt": "x", "n": 3 })).await.1["code"], 0);
    let (status, body) = api.post("/v1/images/generations", json!({ "prompt": "x", "n": 2 })).await;
    assert_eq!((status, body["code"].as_i64()), (429, Some(1303)), "3 + 2 slots > 4");
    assert_eq!(api.post("/v1/videos/text2video", json!({ "prompt": "x" })).await.1["code"], 0);
    let (status, body) = api.post("/v1/videos/text2video", json!({ "prompt": "x" })).await;
    assert_eq!((status, body["code"].as_i64()), (429, Some(1102)), "0.5 units left, a clip costs 1");
    let (_, costs) = api.get("/account/costs?start_time=0&end_time=1").await;
    let video = &costs["data"]["resource_pack_subscribe_infos"][0];
    assert_eq!((video["total_quantity"].as_f64(), video["remaining_quantity"].as_f64()), (Some(1.5), Some(0.5)));
    assert_eq!(video["status"], "online");
    assert_eq!(api.get("/account/costs").await.1["code"], 1200, "both times are required");

    api.sim.update(|c| c.rate_limit_per_sec = Some(2));
    let mut codes = Vec::new();
    for _ in 0..4 {
        codes.push(api.get("/account/costs?start_time=0&end_time=1").await.1["code"].as_i64().unwrap());
    }
    assert_eq!(codes, vec![0, 0, 1302, 1302]);

    let recorded = api.sim.requests();
    let first = &recorded[0];
    assert_eq!((first.method.as_str(), first.path.as_str()), ("POST", "/v1/images/generations"));
    assert_eq!(first.body.as_ref().unwrap()["n"], 3);
    assert!(first.authorization.as_deref().unwrap().starts_with("Bearer "));
}

#[tokio::test]
async fn faults_are_reproducible_with_a_seed() {
    let run = |seed: u64| async move {
        let mut config = SimConfig::fast(AK, SK);
        config.faults = Faults { server_error_rate: 0.5, seed, ..Faults::default() };
        let api = Api::new(config).await;
        let mut codes = Vec::new();
        for _ in 0..12 {
            codes.push(api.get("/account/costs?start_time=0&end_time=1").await.1["code"].as_i64().unwrap());
        }
        codes
    };
    let a = run(7).await;
    assert_eq!(a, run(7).await);
    assert!(a.contains(&0) && a.iter().any(|c| (5000..=5002).contains(c)), "{a:?}");
}

#[tokio::test]
async fn only_loopback_addresses_are_accepted() {
    let err = Sim::start_on("0.0.0.0:0".parse().unwrap(), SimConfig::fast(AK, SK)).await.err().expect("refused");
    assert!(err.to_string().contains("loopback"));
}

#[test]
fn the_binary_prints_its_url_and_serves_health() {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kling-sim"))
        .args(["--port", "0", "--fast"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("kling-sim listening on ").expect(&line).to_string();
    assert!(url.starts_with("http://127.0.0.1:"));
    let health = std::process::Command::new("curl").args(["-s", &format!("{url}/__sim/health")]).output();
    child.kill().unwrap();
    let _ = child.wait();
    if let Ok(out) = health {
        assert_eq!(String::from_utf8_lossy(&out.stdout), "ok");
    }

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_kling-sim")).args(["--host", "0.0.0.0"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("loopback"));
}

#[tokio::test]
async fn task_ids_differ_between_emulator_runs() {
    let mut ids = Vec::new();
    for _ in 0..2 {
        let api = Api::new(SimConfig::fast(AK, SK)).await;
        ids.push(api.post("/v1/images/generations", json!({ "prompt": "x" })).await.1["data"]["task_id"].as_str().unwrap().to_string());
    }
    assert_ne!(ids[0], ids[1], "a library outlives an emulator: ids must not repeat");
}
