//! Lost answers on task creation, against the emulator: a create whose answer never arrives must
//! still end with exactly one task (creating twice would bill twice).

mod common;

use common::*;
use kling_api::*;
use std::time::Duration;

#[tokio::test]
async fn a_lost_video_answer_is_found_by_external_id_not_sent_twice() {
    let sim = sim().await;
    let c = client(&sim);
    sim.update(|cfg| cfg.faults.drop_rate = 1.0);
    let task = c.create_text_to_video(&TextToVideoRequest::new("lost then found")).await.unwrap();
    sim.update(|cfg| cfg.faults.drop_rate = 0.0);
    assert_eq!(sim.task_count(), 1, "exactly one task");
    assert_eq!(count(&sim, "POST", "/v1/videos"), 1, "looked up, not re-sent");
    let lookup = sim.requests().into_iter().find(|r| r.method == "GET").unwrap();
    assert!(lookup.query.unwrap().starts_with("external_task_id="));
    assert_eq!(c.get_task(TaskKind::TextToVideo, &task.task_id).await.unwrap().task_id, task.task_id);

    // Image-to-video the same way, with the caller's own external id.
    sim.update(|cfg| cfg.faults.drop_rate = 1.0);
    let req = ImageToVideoRequest { external_task_id: Some("mine-1".into()), ..ImageToVideoRequest::new(png_input(500, 500)) };
    let task = c.create_image_to_video(&req).await.unwrap();
    sim.update(|cfg| cfg.faults.drop_rate = 0.0);
    assert_eq!(task.task_info.external_task_id.as_deref(), Some("mine-1"));
    assert_eq!(sim.task_count(), 2);
    assert_eq!(count(&sim, "POST", "/v1/videos/image2video"), 1);
}

#[tokio::test]
async fn a_lost_image_answer_is_found_by_its_external_id() {
    let sim = sim().await;
    let c = client(&sim);
    // Another client on the account made a picture just before: a guess by time could not tell
    // the two apart; the external id can.
    let other = client(&sim).create_image(&ImageRequest::new("another client's picture")).await.unwrap();
    sim.update(|cfg| cfg.faults.drop_rate = 1.0);
    let lost = c.create_image(&ImageRequest::new("lost image")).await.unwrap();
    sim.update(|cfg| cfg.faults.drop_rate = 0.0);
    assert_ne!(lost.task_id, other.task_id, "the other client's task is not taken for ours");
    assert_eq!(sim.task_count(), 2, "exactly one new task");
    assert_eq!(count(&sim, "POST", "/v1/images"), 2, "looked up, not re-sent");
    let lookup = sim.requests().into_iter().rfind(|r| r.method == "GET").unwrap();
    assert_eq!(lookup.path, "/v1/images/generations");
    let ext = lost.task_info.external_task_id.clone().expect("the create carried an external id");
    assert_eq!(lookup.query.as_deref(), Some(format!("external_task_id={ext}").as_str()));
    let task = sim.tasks().into_iter().find(|t| t.id == lost.task_id).unwrap();
    assert_eq!(task.prompt, "lost image");
}

#[tokio::test]
async fn a_create_that_times_out_while_the_server_works_still_makes_one_task() {
    let sim = sim().await;
    let mut config = ClientConfig::new(sim.url(), Credentials::new(AK, SK));
    config.timeout = Duration::from_millis(250);
    config.retry = RetryPolicy { max_retries: 4, base_delay: Duration::from_millis(20), max_delay: Duration::from_millis(80) };
    let c = KlingClient::new(config).unwrap();
    // The create is held 600 ms before the server handles it: we give up at 250 ms.
    sim.update(|cfg| {
        cfg.faults.slow_rate = 1.0;
        cfg.faults.slow_ms = 600;
    });
    let create = tokio::spawn({
        let c = c.clone();
        async move { c.create_text_to_video(&TextToVideoRequest::new("slow server")).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    sim.update(|cfg| cfg.faults.slow_rate = 0.0);
    let task = create.await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await; // the held request lands by now
    assert_eq!(sim.task_count(), 1, "the external id keeps a late first request from making a second task");
    assert_eq!(c.get_task(TaskKind::TextToVideo, &task.task_id).await.unwrap().task_id, task.task_id);
}

#[tokio::test]
async fn random_faults_never_duplicate_a_video() {
    let sim = sim().await;
    sim.update(|cfg| {
        cfg.faults.drop_rate = 0.5;
        cfg.faults.server_error_rate = 0.2;
        cfg.faults.seed = 7;
        cfg.concurrency.video = 100;
    });
    let mut config = ClientConfig::new(sim.url(), Credentials::new(AK, SK));
    config.retry = RetryPolicy { max_retries: 8, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20) };
    let c = KlingClient::new(config).unwrap();
    let mut made = 0;
    for i in 0..12 {
        match c.create_text_to_video(&TextToVideoRequest::new(format!("clip {i}"))).await {
            Ok(_) => made += 1,
            Err(e) => assert!(e.is_retryable() || e.code().as_str() == "uncertain", "{e:?}"),
        }
    }
    assert!(made >= 10, "{made}");
    assert!(sim.task_count() >= made && sim.task_count() <= 12, "at most one task per create: {} for {made}", sim.task_count());
}
