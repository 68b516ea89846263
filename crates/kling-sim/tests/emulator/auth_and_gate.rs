//! The checks before any route: auth (1000–1004), account state, injected errors, rate limit,
//! unknown routes, and their order.

use crate::common::*;
use kling_sim::{AccountState, SimConfig};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

fn assert_error(status: u16, body: &Value, want_status: u16, want_code: i64) {
    assert_eq!((status, body["code"].as_i64()), (want_status, Some(want_code)), "{body}");
    assert_eq!(body["data"], Value::Null, "{body}");
    assert!(!body["message"].as_str().unwrap().is_empty());
    assert!(uuid_like(body["request_id"].as_str().unwrap()), "{body}");
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[tokio::test]
async fn each_auth_failure_answers_401_with_its_code_and_creates_nothing() {
    let api = Api::fast().await;
    let t = now();
    let cases: Vec<(Option<String>, i64)> = vec![
        (None, 1001),
        (Some("Basic abc".into()), 1002),
        (Some("Bearer not.a.jwt".into()), 1002),
        (Some(format!("Bearer {}", jwt(json!({ "iss": AK, "exp": t + 60 }), "wrong-secret"))), 1000),
        (Some(format!("Bearer {}", jwt(json!({ "iss": "someone-else", "exp": t + 60 }), SK))), 1000),
        (Some(format!("Bearer {}", jwt(json!({ "iss": AK, "exp": t + 600, "nbf": t + 120 }), SK))), 1003),
        (Some(format!("Bearer {}", jwt(json!({ "iss": AK, "exp": t - 10, "nbf": t - 100 }), SK))), 1004),
    ];
    for (auth, code) in cases {
        let (status, body) = api.send(Method::POST, "/v1/videos/text2video", Some(json!({ "prompt": "x" })), auth.clone()).await;
        assert_error(status, &body, 401, code);
    }
    assert_eq!(api.sim.task_count(), 0);
    // nbf a little ahead is within the default 5 s leeway.
    let skewed = format!("Bearer {}", jwt(json!({ "iss": AK, "exp": t + 600, "nbf": t + 3 }), SK));
    let (status, _) = api.send(Method::POST, "/v1/videos/text2video", Some(json!({ "prompt": "x" })), Some(skewed)).await;
    assert_eq!(status, 200);
    assert_eq!(api.sim.task_count(), 1);
}

#[tokio::test]
async fn account_states_answer_429_after_auth() {
    let api = Api::fast().await;
    for (state, code) in [(AccountState::Exception, 1100), (AccountState::Arrears, 1101), (AccountState::IpDenied, 1304)] {
        api.sim.update(|c| c.account = state);
        let (status, body) = api.post("/v1/images/generations", json!({ "prompt": "x" })).await;
        assert_error(status, &body, 429, code);
        let (status, body) = api.get("/account/costs?start_time=0&end_time=1").await;
        assert_error(status, &body, 429, code);
        // Auth comes first.
        let (status, body) = api.send(Method::GET, "/v1/images/generations", None, None).await;
        assert_error(status, &body, 401, 1001);
    }
    assert_eq!(api.sim.task_count(), 0);
    api.sim.update(|c| c.account = AccountState::Normal);
    api.create("/v1/images/generations", json!({ "prompt": "x" })).await;
}

#[cfg(feature = "faults")]
#[tokio::test]
async fn injected_errors_take_their_http_status_and_change_nothing() {
    let api = Api::fast().await;
    for (code, status) in [(5000, 500), (5001, 503), (5002, 504), (1303, 429), (1102, 429), (1103, 403), (1301, 400), (1203, 404)] {
        api.sim.inject_error(code, 1);
        let (got_status, body) = api.post("/v1/videos/text2video", json!({ "prompt": "x" })).await;
        assert_error(got_status, &body, status, code);
    }
    assert_eq!(api.sim.task_count(), 0, "no injected error creates a task");
    assert_eq!(api.costs().await["resource_pack_subscribe_infos"][0]["remaining_quantity"], 100.0, "nor spends");

    // Injected errors wait for a request that passes auth.
    api.sim.inject_error(5000, 2);
    let (status, body) = api.send(Method::GET, "/v1/images/generations", None, None).await;
    assert_error(status, &body, 401, 1001);
    assert_eq!(api.get("/v1/images/generations").await.0, 500);
    assert_eq!(api.get("/account/costs?start_time=0&end_time=1").await.0, 500);
    assert_eq!(api.get("/v1/images/generations").await.0, 200, "used up");
}

#[tokio::test]
async fn the_rate_limit_counts_all_api_routes_in_a_rolling_second() {
    let mut config = SimConfig::fast(AK, SK);
    config.rate_limit_per_sec = Some(3);
    let api = Api::new(config).await;
    let mut codes = Vec::new();
    for path in ["/v1/images/generations", "/v1/videos/text2video", "/account/costs?start_time=0&end_time=1", "/v1/videos/image2video", "/v1/images/generations"] {
        let (status, body) = api.get(path).await;
        if body["code"] == 1302 {
            assert_error(status, &body, 429, 1302);
        }
        codes.push(body["code"].as_i64().unwrap());
    }
    assert_eq!(codes, vec![0, 0, 0, 1302, 1302]);
    // Media is not rate-limited (and not authenticated): a 404 here, not a 429.
    let media = api.http.get(format!("{}/media/nope/x.png", api.sim.url())).send().await.unwrap();
    assert_eq!(media.status().as_u16(), 404);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(api.get("/v1/images/generations").await.1["code"], 0, "the window rolled on");
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods_are_1202_after_auth() {
    let api = Api::fast().await;
    for (method, path) in [
        (Method::GET, "/v1/image-to-video"),
        (Method::GET, "/v1/videos/lip-sync"),
        (Method::DELETE, "/v1/images/generations"),
        (Method::PUT, "/v1/videos/text2video"),
        (Method::POST, "/v1/videos/text2video/123456789012345678"),
        (Method::POST, "/account/costs"),
        (Method::GET, "/v1/images/generations/1/extra"),
    ] {
        let (status, body) = api.send(method.clone(), path, None, Some(format!("Bearer {}", token()))).await;
        assert_error(status, &body, 404, 1202);
        assert!(body["message"].as_str().unwrap().contains(path.trim_end_matches('/')), "{body}");
    }
    let (status, body) = api.send(Method::GET, "/nowhere", None, None).await;
    assert_error(status, &body, 401, 1001);
}

#[cfg(feature = "faults")]
#[tokio::test]
async fn server_errors_come_before_auth_and_any_side_effect() {
    let mut config = SimConfig::fast(AK, SK);
    config.faults.server_error_rate = 1.0;
    let api = Api::new(config).await;
    for _ in 0..6 {
        let (status, body) = api.send(Method::POST, "/v1/images/generations", Some(json!({ "prompt": "x" })), None).await;
        let code = body["code"].as_i64().unwrap();
        let want = match code {
            5000 => 500,
            5001 => 503,
            5002 => 504,
            other => panic!("unexpected code {other}"),
        };
        assert_error(status, &body, want, code);
    }
    assert_eq!(api.sim.task_count(), 0);
    assert_eq!(api.sim.config().credits.image_units, 100.0);
}
