//! The sandbox (the app's and the CLI's built-in emulator) keeps no request log and offers no
//! control routes: any local process can reach its loopback port, and the log would hold every
//! prompt and picture of the session.

use crate::common::*;
use kling_sim::SimConfig;
use serde_json::json;

#[tokio::test]
async fn the_sandbox_logs_nothing_and_cannot_be_driven_from_outside() {
    let mut config = SimConfig::sandbox();
    config.access_key = AK.into();
    config.secret_key = SK.into();
    let api = Api::new(config).await;
    let (status, created) = api.post("/v1/images/generations", json!({ "prompt": "a private idea" })).await;
    assert_eq!((status, created["code"].as_i64()), (200, Some(0)), "{created}");
    assert!(api.sim.requests().is_empty(), "no request log in the sandbox");
    for control in ["/__sim/requests", "/__sim/blob?bytes=1000000"] {
        let resp = api.http.get(format!("{}{control}", api.sim.url())).send().await.unwrap();
        assert_eq!(resp.status().as_u16(), 404, "{control} is not served");
    }
    // The same emulator for tests keeps both.
    let tests = Api::fast().await;
    tests.post("/v1/images/generations", json!({ "prompt": "logged" })).await;
    assert_eq!(tests.sim.requests().len(), 1);
    let resp = tests.http.get(format!("{}/__sim/requests", tests.sim.url())).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
}
