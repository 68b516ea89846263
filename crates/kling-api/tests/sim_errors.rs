//! Every business code the API documents, provoked through the emulator, and what the client
//! makes of each: the error kind, whether it retried, and that nothing was created.

mod common;

use common::*;
use kling_api::*;
use kling_sim::AccountState;
use reqwest::Method;
use std::time::Duration;

const LIST: &str = "/v1/images/generations?pageNum=1&pageSize=1";

#[tokio::test]
async fn authentication_codes_1000_to_1004() {
    let sim = sim().await;
    let creds = Credentials::new(AK, SK);
    let now = now_secs();
    let claims = |iss: &str, exp: u64, nbf: u64| jwt::sign_claims(&creds, &jwt::Claims { iss: iss.into(), exp, nbf });
    assert_eq!(raw(&sim, Method::GET, LIST, None, None).await.1, 1001);
    let (status, code, _) = raw(&sim, Method::GET, LIST, Some("not.a.jwt"), None).await;
    assert_eq!((status, code), (401, 1002));
    assert_eq!(raw(&sim, Method::GET, LIST, Some(&claims(AK, now + 3600, now + 600)), None).await.1, 1003, "nbf in the future");
    assert_eq!(raw(&sim, Method::GET, LIST, Some(&claims(AK, now - 60, now - 1900)), None).await.1, 1004, "expired");
    assert_eq!(raw(&sim, Method::GET, LIST, Some(&claims("someone-else", now + 1800, now - 5)), None).await.1, 1000, "unknown access key");
    assert_eq!(raw(&sim, Method::GET, LIST, Some(&good_token()), None).await.1, 0);

    // Through the client: a wrong secret key or access key is "bad_keys", not retried, and
    // nothing in the error shows the secret.
    for (ak, sk) in [(AK, "not-the-secret-SK"), ("wrong-AK", SK)] {
        sim.clear_requests();
        let c = client_for(&sim.url(), ak, sk);
        let err = c.create_image(&ImageRequest::new("x")).await.unwrap_err();
        let KlingError::Api { code, http_status, .. } = &err else { panic!("{err:?}") };
        assert_eq!((code.as_i64(), *http_status), (1000, 401));
        assert_eq!(err.code().as_str(), "bad_keys");
        assert!(!err.is_retryable());
        assert_eq!(sim.requests().len(), 1, "not retried");
        let shown = format!("{err} {err:?} {} {c:?}", err.user_message());
        assert!(!shown.contains("not-the-secret-SK") && !shown.contains(SK), "{shown}");
        assert!(err.user_message().starts_with("Kling API error 1000: "), "{}", err.user_message());
    }
    assert_eq!(sim.task_count(), 0);
}

#[tokio::test]
async fn an_expired_token_is_re_signed_and_retried_exactly_once() {
    let sim = sim().await;
    let c = client(&sim);
    sim.inject_error(1004, 1);
    c.list_tasks(TaskKind::Image, 1, 10).await.unwrap();
    assert_eq!(count(&sim, "GET", "/v1/images"), 2, "one re-signed retry");

    sim.clear_requests();
    sim.inject_error(1004, 2);
    assert_eq!(api_error(c.list_tasks(TaskKind::Image, 1, 10).await), (1004, 401, "bad_keys"));
    assert_eq!(count(&sim, "GET", "/v1/images"), 2, "one re-signed retry, no more");

    // On a create too: the server answered, so nothing was made and re-sending is safe.
    sim.clear_requests();
    sim.inject_error(1004, 1);
    c.create_text_to_video(&TextToVideoRequest::new("after expiry")).await.unwrap();
    assert_eq!(count(&sim, "POST", "/v1/videos"), 2);
    assert_eq!(sim.task_count(), 1);
}

#[tokio::test]
async fn account_states_1100_1101_1304() {
    let sim = sim().await;
    let c = client(&sim);
    for (state, expected) in [(AccountState::Exception, 1100), (AccountState::Arrears, 1101), (AccountState::IpDenied, 1304)] {
        sim.update(|cfg| cfg.account = state);
        sim.clear_requests();
        assert_eq!(api_error(c.account_costs(0, 1, None).await), (expected, 429, "account"));
        assert_eq!(api_error(c.create_image(&ImageRequest::new("x")).await), (expected, 429, "account"));
        assert_eq!(sim.requests().len(), 2, "{expected} is not retried");
    }
    let err = c.get_task(TaskKind::Image, "1").await.unwrap_err();
    assert!(err.user_message().contains("allow-list"), "{}", err.user_message());
    assert_eq!(sim.task_count(), 0);
}

#[tokio::test]
async fn credits_and_access_1102_1103() {
    let sim = sim().await;
    let c = client(&sim);
    sim.update(|cfg| cfg.denied_models = vec!["kling-v1-6".into()]);
    let req = TextToVideoRequest { model_name: "kling-v1-6".into(), ..TextToVideoRequest::new("x") };
    assert_eq!(api_error(c.create_text_to_video(&req).await), (1103, 403, "no_access"));

    sim.update(|cfg| cfg.credits.video_units = 0.5);
    let err = c.create_text_to_video(&TextToVideoRequest::new("x")).await.unwrap_err();
    assert_eq!(err.code().as_str(), "no_credits");
    let line = err.user_message();
    assert!(line.starts_with("Kling API error 1102: resource pack used up or expired"), "{line}");
    assert!(line.contains("bought separately from website credits"), "{line}");
    // The image pack is separate and still has units.
    c.create_image(&ImageRequest::new("still fine")).await.unwrap();
    assert_eq!(sim.task_count(), 1);
}

#[tokio::test]
async fn parameter_and_path_codes_1200_to_1203() {
    let sim = sim().await;
    let token = good_token();
    let t = Some(token.as_str());
    let (status, code, message) = raw(&sim, Method::POST, "/v1/images/generations", t, Some(serde_json::json!({ "n": 2 }))).await;
    assert_eq!((status, code), (400, 1200), "{message}");
    assert!(message.contains("prompt"), "{message}");
    let (status, code, message) = raw(&sim, Method::POST, "/v1/images/generations", t, Some(serde_json::json!({ "prompt": "x", "n": 20 }))).await;
    assert_eq!((status, code), (400, 1201), "{message}");
    assert!(message.contains('n'), "{message}");
    let (_, code, message) = raw(&sim, Method::POST, "/v1/videos/text2video", t, Some(serde_json::json!({ "prompt": "x", "duration": 5 }))).await;
    assert_eq!(code, 1200, "duration must be a string: {message}");
    let (status, code, _) = raw(&sim, Method::DELETE, "/v1/images/generations", t, None).await;
    assert_eq!((status, code), (404, 1202));
    let (status, code, _) = raw(&sim, Method::GET, "/v1/image-to-video", t, None).await;
    assert_eq!((status, code), (404, 1202));

    let c = client(&sim);
    // 1201 through the client: an external id used twice (only the API can know).
    let req = TextToVideoRequest { external_task_id: Some("twice".into()), ..TextToVideoRequest::new("x") };
    c.create_text_to_video(&req).await.unwrap();
    sim.clear_requests();
    let err = c.create_text_to_video(&req).await.unwrap_err();
    assert_eq!(api_error::<()>(Err(err)), (1201, 400, "invalid_input"));
    assert_eq!(count(&sim, "POST", "/v1/"), 1, "not retried");
    assert_eq!(api_error(c.get_task(TaskKind::Image, "123456789012345678").await), (1203, 404, "not_found"));
    assert_eq!(sim.task_count(), 1);
}

#[tokio::test]
async fn content_policy_1300_and_1301() {
    let sim = sim().await;
    sim.update(|cfg| {
        cfg.policy_word = Some("policy".into());
        cfg.refused_word = Some("forbidden".into());
    });
    let c = client(&sim);
    assert_eq!(api_error(c.create_image(&ImageRequest::new("trip the POLICY")).await), (1300, 400, "content_refused"));
    assert_eq!(api_error(c.create_image(&ImageRequest::new("something forbidden")).await), (1301, 400, "content_refused"));
    assert_eq!(api_error(c.create_text_to_video(&TextToVideoRequest::new("forbidden clip")).await).0, 1301);
    assert_eq!(sim.task_count(), 0);
    assert_eq!(count(&sim, "POST", "/v1/"), 3, "refusals are not retried");
}

#[tokio::test]
async fn rate_limits_1302_are_retried_with_backoff() {
    let sim = sim().await;
    let c = client(&sim);
    sim.inject_error(1302, 2);
    c.create_image(&ImageRequest::new("third time lucky")).await.unwrap();
    assert_eq!(count(&sim, "POST", "/v1/images"), 3);
    assert_eq!(sim.task_count(), 1);

    // Out of retries: reported, retryable.
    sim.clear_requests();
    sim.inject_error(1302, 10);
    let err = c.list_tasks(TaskKind::Image, 1, 1).await.unwrap_err();
    assert_eq!((err.code().as_str(), err.is_retryable()), ("rate_limited", true));
    assert_eq!(count(&sim, "GET", "/v1/images"), 5, "1 try + 4 retries");

    // The emulator's own counter: two per second, backoff rides it out.
    let sim = common::sim().await;
    sim.update(|cfg| cfg.rate_limit_per_sec = Some(2));
    let patient = {
        let mut config = ClientConfig::new(sim.url(), Credentials::new(AK, SK));
        config.retry = RetryPolicy { max_retries: 6, base_delay: Duration::from_millis(300), max_delay: Duration::from_millis(1200) };
        KlingClient::new(config).unwrap()
    };
    let results = futures_util::future::join_all((0..5).map(|_| patient.list_tasks(TaskKind::Image, 1, 1))).await;
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    assert!(sim.requests().len() > 5, "some were refused and retried");
}

#[tokio::test]
async fn concurrency_1303_is_left_to_the_callers_queue() {
    let sim = sim().await;
    let c = client(&sim);
    sim.update(|cfg| cfg.concurrency.video = 1);
    c.create_text_to_video(&TextToVideoRequest::new("one")).await.unwrap();
    sim.clear_requests();
    let err = c.create_text_to_video(&TextToVideoRequest::new("two")).await.unwrap_err();
    assert_eq!(api_error::<()>(Err(err)), (1303, 429, "concurrency_limit"));
    assert_eq!(count(&sim, "POST", "/v1/videos"), 1, "not retried by the client");
    // Images count n slots.
    c.create_image(&ImageRequest { n: Some(9), ..ImageRequest::new("nine") }).await.unwrap();
    let err = c.create_image(&ImageRequest::new("one more")).await.unwrap_err();
    assert_eq!(err.code().as_str(), "concurrency_limit");
    assert!(!err.is_retryable());
    assert_eq!(sim.task_count(), 2);
}

#[tokio::test]
async fn server_errors_5000_to_5002_are_retried_then_reported() {
    let sim = sim().await;
    let c = client(&sim);
    for (code, status) in [(5000, 500), (5001, 503), (5002, 504)] {
        sim.clear_requests();
        sim.inject_error(code, 2);
        c.account_costs(0, 1, None).await.unwrap();
        assert_eq!(count(&sim, "GET", "/account"), 3, "code {code}: two failures, then success");

        sim.clear_requests();
        sim.inject_error(code, 5);
        let err = c.account_costs(0, 1, None).await.unwrap_err();
        assert_eq!(api_error::<()>(Err(err)), (code, status, "server"));
        assert_eq!(count(&sim, "GET", "/account"), 5, "1 try + 4 retries");
    }
    // A create answered with a server error made nothing, so it is sent again.
    sim.clear_requests();
    sim.inject_error(5000, 1);
    c.create_image(&ImageRequest::new("again")).await.unwrap();
    assert_eq!(count(&sim, "POST", "/v1/images"), 2);
    assert_eq!(sim.task_count(), 1);
}
