//! The server as a whole: loopback only, recording, control routes, shutdown, and the binary.

use crate::common::*;
use kling_sim::{Sim, SimConfig, SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY};
use serde_json::{json, Value};

#[tokio::test]
async fn only_loopback_addresses_are_accepted() {
    for addr in ["0.0.0.0:0", "192.168.1.10:0", "[::]:0"] {
        let err = Sim::start_on(addr.parse().unwrap(), SimConfig::fast(AK, SK)).await.err().expect("refused");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("loopback"), "{err}");
    }
    let sim = Sim::start_on("127.0.0.1:0".parse().unwrap(), SimConfig::fast(AK, SK)).await.unwrap();
    assert!(sim.addr().port() != 0);
    assert_eq!(sim.url(), format!("http://127.0.0.1:{}", sim.addr().port()));
    assert!(!sim.url().ends_with('/'));
}

#[tokio::test]
async fn every_request_is_recorded_in_order() {
    let api = Api::fast().await;
    api.post("/v1/images/generations", json!({ "prompt": "x", "n": 3 })).await;
    api.get("/v1/images/generations?pageNum=1&pageSize=5").await;
    api.send(reqwest::Method::GET, "/nowhere", None, None).await;
    let recorded = api.sim.requests();
    assert_eq!(recorded.len(), 3);
    let first = &recorded[0];
    assert_eq!((first.method.as_str(), first.path.as_str(), first.query.as_deref()), ("POST", "/v1/images/generations", None));
    assert_eq!(first.body.as_ref().unwrap()["n"], 3);
    assert!(first.authorization.as_deref().unwrap().starts_with("Bearer "));
    assert_eq!((recorded[1].method.as_str(), recorded[1].query.as_deref()), ("GET", Some("pageNum=1&pageSize=5")));
    assert!(recorded[1].body.is_none());
    assert_eq!((recorded[2].path.as_str(), recorded[2].authorization.as_deref()), ("/nowhere", None));
    assert!(recorded.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
    assert!((recorded[0].at_ms - now() as i64 * 1000).abs() < 5_000);

    // The same list over HTTP, for tests that run the binary.
    let over_http: Value = reqwest::get(format!("{}/__sim/requests", api.sim.url())).await.unwrap().json().await.unwrap();
    let list = over_http.as_array().unwrap();
    assert_eq!(list.len(), 4, "the control request itself is recorded too");
    assert_eq!(list[0]["body"]["n"], 3);
    assert_eq!(list[1]["query"], "pageNum=1&pageSize=5");

    let typed: Vec<kling_sim::RecordedRequest> = serde_json::from_value(over_http).unwrap();
    assert_eq!(typed[..3], recorded[..]);

    api.sim.clear_requests();
    assert!(api.sim.requests().is_empty());
}

#[tokio::test]
async fn config_reads_back_and_updates_live() {
    let api = Api::fast().await;
    let config = api.sim.config();
    assert_eq!((config.access_key.as_str(), config.secret_key.as_str()), (AK, SK));
    assert_eq!(config.nbf_leeway_secs, 5);
    assert_eq!(config.url_ttl, std::time::Duration::from_secs(30 * 24 * 3600));
    api.sim.update(|c| c.refused_word = Some("nope".into()));
    assert_eq!(api.post("/v1/images/generations", json!({ "prompt": "NOPE" })).await.1["code"], 1301);
    // New keys take effect at once: the old token no longer fits.
    api.sim.update(|c| c.secret_key = "rotated".into());
    assert_eq!(api.get("/v1/images/generations").await.1["code"], 1000);
    assert_eq!(SANDBOX_ACCESS_KEY, "sandbox-access-key");
    assert_eq!(SANDBOX_SECRET_KEY, "sandbox-secret-key");
    let defaults = SimConfig::new("a", "b");
    assert_eq!((defaults.concurrency.video, defaults.concurrency.image), (5, 9));
    assert_eq!((defaults.credits.video_units, defaults.credits.image_units), (100.0, 100.0));
    assert!(defaults.timing.video_processing > SimConfig::fast("a", "b").timing.video_processing);
}

#[tokio::test]
async fn shutdown_stops_answering_even_on_kept_alive_connections() {
    let api = Api::fast().await;
    let url = api.sim.url();
    assert_eq!(api.get("/v1/images/generations").await.0, 200);
    api.sim.shutdown().await;
    let again = api.http.get(format!("{url}/__sim/health")).send().await;
    assert!(again.is_err(), "{again:?}");
    assert!(reqwest::get(format!("{url}/__sim/health")).await.is_err());
}

#[test]
fn the_binary_prints_its_url_serves_and_refuses_other_hosts() {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kling-sim"))
        .args(["--port", "0", "--fast", "--refused-word", "banned"])
        .env_remove("KLING_SIM_ACCESS_KEY")
        .env_remove("KLING_SIM_SECRET_KEY")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("kling-sim listening on ").unwrap_or_else(|| panic!("{line}")).to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let outcome = std::thread::spawn({
        let url = url.clone();
        move || {
            tokio::runtime::Runtime::new().unwrap().block_on(async move {
                let health = reqwest::get(format!("{url}/__sim/health")).await.unwrap().text().await.unwrap();
                let t = now();
                let token = jsonwebtoken::encode(
                    &jsonwebtoken::Header::default(),
                    &json!({ "iss": SANDBOX_ACCESS_KEY, "exp": t + 60, "nbf": t - 5 }),
                    &jsonwebtoken::EncodingKey::from_secret(SANDBOX_SECRET_KEY.as_bytes()),
                )
                .unwrap();
                let http = reqwest::Client::new();
                let refused: Value = http
                    .post(format!("{url}/v1/images/generations"))
                    .bearer_auth(&token)
                    .json(&json!({ "prompt": "something BANNED" }))
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let recorded: Value = reqwest::get(format!("{url}/__sim/requests")).await.unwrap().json().await.unwrap();
                (health, refused["code"].as_i64(), recorded.as_array().map(Vec::len))
            })
        }
    })
    .join();
    child.kill().unwrap();
    let _ = child.wait();
    let (health, code, recorded) = outcome.unwrap();
    assert_eq!(health, "ok");
    assert_eq!(code, Some(1301), "the sandbox keys and the refused word apply");
    assert_eq!(recorded, Some(3));

    for host in ["0.0.0.0", "192.168.0.1"] {
        let refused = std::process::Command::new(env!("CARGO_BIN_EXE_kling-sim")).args(["--host", host, "--port", "0"]).output().unwrap();
        assert_eq!(refused.status.code(), Some(2), "{host}");
        assert!(String::from_utf8_lossy(&refused.stderr).contains("loopback"), "{host}");
        assert!(refused.stdout.is_empty());
    }
}
