//! The engine end to end against the emulator: jobs go in, files come out in the library,
//! exactly once, through refusals, lost answers, broken downloads and restarts.

use kling_api::{ImageInput, ImageRequest, ImageToVideoRequest, TaskKind, TextToVideoRequest};
use std::time::Duration;
use studio::{Engine, EngineConfig, EngineEvent, InputPicture, JobState, Library, NewJob, Sidecar};

mod common;

use common::{client, config, setup};

fn image_job(prompt: &str, n: u8) -> NewJob {
    let mut request = ImageRequest::new(prompt);
    request.n = Some(n);
    NewJob::Image { request, image: None }
}

fn video_job(prompt: &str) -> NewJob {
    NewJob::TextToVideo { request: TextToVideoRequest::new(prompt) }
}

async fn finish(engine: &Engine, ids: &[String]) -> Vec<studio::Job> {
    tokio::time::timeout(Duration::from_secs(30), engine.run_until_finished(ids)).await.expect("jobs finish in time").unwrap()
}

fn tmp_is_empty(library: &Library) -> bool {
    std::fs::read_dir(library.tmp_dir()).unwrap().next().is_none()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_job_files_every_picture_with_its_sidecar() {
    let s = setup().await;
    let engine = s.engine();
    let job = engine.enqueue(image_job("a lighthouse at dusk", 4)).unwrap();
    assert_eq!(job.state, JobState::Queued);
    let done = finish(&engine, std::slice::from_ref(&job.id)).await.remove(0);
    assert_eq!(done.state, JobState::Done, "{:?}", done.last_error);
    assert_eq!(done.item_ids.len(), 4);
    for id in &done.item_ids {
        let item = s.library.get(id).unwrap();
        assert_eq!(item.prompt, "a lighthouse at dusk");
        let sidecar = s.library.sidecar(id).unwrap().unwrap();
        let studio::JobRequest::Image { request, .. } = &sidecar.request else { panic!("an image request") };
        assert_eq!(request.n, Some(4));
        assert_eq!(sidecar.task_id, done.task_id.clone().unwrap());
        assert!(sidecar.original_url.is_some() && sidecar.width.is_some());
        assert!(s.library.thumbnail(id).unwrap().is_file());
    }
    assert!(tmp_is_empty(&s.library));
    assert_eq!(s.sim.task_count(), 1);
}

/// Today's results: a watermarked copy of each result beside it when one was asked for (and not
/// otherwise), and what the task cost in the sidecar, as Kling reported it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watermarked_copies_and_the_charge_are_kept_with_the_results() {
    let s = setup().await;
    let engine = s.engine();
    let marked = ImageRequest {
        model_name: "kling-v3".into(),
        n: Some(2),
        watermark_info: Some(kling_api::WatermarkInfo { enabled: true }),
        ..ImageRequest::new("a marked fox")
    };
    let clip =
        TextToVideoRequest { model_name: "kling-v3".into(), mode: Some(kling_api::Mode::Pro), sound: Some(kling_api::Sound::On), ..TextToVideoRequest::new("waves") };
    let jobs = [engine.enqueue(NewJob::Image { request: marked, image: None }).unwrap(), engine.enqueue(NewJob::TextToVideo { request: clip }).unwrap()];
    let ids: Vec<String> = jobs.iter().map(|j| j.id.clone()).collect();
    let done = finish(&engine, &ids).await;
    let (pictures, video) = (&done[0], &done[1]);
    assert!(pictures.state == JobState::Done && video.state == JobState::Done, "{done:?}");
    assert_eq!((pictures.charged_units, video.charged_units), (Some(16.0), Some(6.0)), "8 image units a picture; 1.2 video units a second with sound");
    for id in &pictures.item_ids {
        let item = s.library.get(id).unwrap();
        let sidecar = s.library.sidecar(id).unwrap().unwrap();
        assert_eq!((sidecar.watermarked, sidecar.charged_units), (true, Some(16.0)));
        let media = s.library.absolute(&item.rel_path).unwrap();
        let copy = media.with_file_name(media.file_name().unwrap().to_string_lossy().replace(".png", ".watermarked.png"));
        assert!(copy.is_file(), "the watermarked copy beside {}", media.display());
        assert_ne!(std::fs::read(&copy).unwrap(), std::fs::read(&media).unwrap(), "a different file");
    }
    let clip = s.library.sidecar(&video.item_ids[0]).unwrap().unwrap();
    assert_eq!((clip.watermarked, clip.charged_units), (false, Some(6.0)), "no watermark asked, none fetched");
    assert_eq!(s.library.count().unwrap(), 3, "copies are not gallery items");
    assert!(tmp_is_empty(&s.library));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn animate_copies_its_input_into_the_library_and_records_it() {
    let s = setup().await;
    let engine = s.engine();
    let picture = s.dir.path().join("still.png");
    image::RgbImage::from_pixel(640, 480, image::Rgb([10, 120, 200])).save(&picture).unwrap();
    let mut request = ImageToVideoRequest::new(ImageInput::Url("https://placeholder.invalid/x.png".into()));
    request.prompt = Some("the sea moves".into());
    let job = engine.enqueue(NewJob::ImageToVideo { request, image: Some(InputPicture::File(picture.clone())), image_tail: None }).unwrap();
    let input = job.request.image_ref().unwrap().to_string();
    assert!(input.starts_with("inputs/"));
    std::fs::remove_file(&picture).unwrap(); // the job no longer needs the original
    let done = finish(&engine, std::slice::from_ref(&job.id)).await.remove(0);
    assert_eq!(done.state, JobState::Done, "{:?}", done.last_error);
    let sidecar: Sidecar = s.library.sidecar(&done.item_ids[0]).unwrap().unwrap();
    assert_eq!(sidecar.source_image(), Some(input.as_str()));
    assert_eq!(sidecar.ext, "mp4");
    assert!(sidecar.duration_secs.unwrap() > 4.0);
    let sent = s.sim.requests().into_iter().find(|r| r.method == "POST").unwrap().body.unwrap();
    assert!(sent["image"].as_str().unwrap().len() > 100, "the picture went as base64, not the placeholder URL");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_at_enqueue_and_nothing_is_stored() {
    let s = setup().await;
    let engine = s.engine();
    let tiny = s.dir.path().join("tiny.png");
    image::RgbImage::new(100, 100).save(&tiny).unwrap();
    let request = ImageToVideoRequest::new(ImageInput::Url("https://x.invalid/a.png".into()));
    let err = engine.enqueue(NewJob::ImageToVideo { request, image: Some(InputPicture::File(tiny)), image_tail: None }).unwrap_err();
    assert_eq!(err.code(), kling_api::ErrorCode::InvalidInput);
    assert!(err.to_string().contains("300"), "{err}");
    assert!(engine.enqueue(image_job("", 1)).is_err());
    assert!(engine.jobs(10).unwrap().is_empty());
    assert!(!s.library.root().join("inputs").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_account_keeps_jobs_queued_until_slots_free() {
    let s = setup().await;
    s.sim.update(|c| c.concurrency.video = 1);
    let engine = s.engine();
    let ids: Vec<String> = (0..3).map(|i| engine.enqueue(video_job(&format!("clip {i}"))).unwrap().id).collect();
    let jobs = finish(&engine, &ids).await;
    assert!(jobs.iter().all(|j| j.state == JobState::Done), "{jobs:?}");
    assert_eq!(s.sim.task_count(), 3, "each job made exactly one task");
    let posts = s.sim.requests().iter().filter(|r| r.method == "POST").count();
    assert!(posts > 3, "some submissions were refused with 1303 first ({posts} POSTs)");
    // After a 1303 the next one goes when one of ours ends, not on a timer: the first burst meets
    // the limit, then each freed slot takes one job.
    let refused = s.sim.fault_counts().slots_full;
    assert!(refused <= 3, "{refused} creates refused with 1303 for 3 jobs and 1 slot");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_concurrency_limits_tasks_in_flight() {
    let s = setup().await;
    let engine = s.engine_with(EngineConfig { concurrency: 1, ..config() });
    let mut events = engine.subscribe();
    let ids: Vec<String> = (0..3).map(|i| engine.enqueue(video_job(&format!("one at a time {i}"))).unwrap().id).collect();
    let watcher = tokio::spawn(async move {
        let mut in_flight = std::collections::HashMap::new();
        let mut most = 0;
        while let Ok(event) = events.recv().await {
            if let EngineEvent::JobChanged { job } = event {
                in_flight.insert(job.id.clone(), job.state.holds_slot());
                most = most.max(in_flight.values().filter(|v| **v).count());
            }
            if in_flight.len() == 3 && in_flight.values().all(|v| !v) && most > 0 {
                break;
            }
        }
        most
    });
    finish(&engine, &ids).await;
    let most = tokio::time::timeout(Duration::from_secs(5), watcher).await.unwrap().unwrap();
    assert_eq!(most, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn download_progress_is_reported_up_to_the_whole_file() {
    let s = setup().await;
    let engine = s.engine();
    let mut events = engine.subscribe();
    let job = engine.enqueue(video_job("progress")).unwrap();
    let done = finish(&engine, std::slice::from_ref(&job.id)).await.remove(0);
    assert_eq!(done.state, JobState::Done, "{:?}", done.last_error);
    let mut progress = Vec::new();
    while let Ok(event) = events.try_recv() {
        if let EngineEvent::DownloadProgress { job_id, index, received, total } = event {
            assert_eq!((job_id.as_str(), index), (job.id.as_str(), 0));
            progress.push((received, total));
        }
    }
    let item = s.library.get(&done.item_ids[0]).unwrap();
    let size = std::fs::metadata(s.library.absolute(&item.rel_path).unwrap()).unwrap().len();
    assert_eq!(progress.last(), Some(&(size, Some(size))), "the last report is the whole file: {progress:?}");
    assert!(progress.windows(2).all(|w| w[0].0 <= w[1].0), "{progress:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_keep_their_cause_and_can_be_retried() {
    let s = setup().await;
    s.sim.update(|c| {
        c.failing_word = Some("failme".into());
        c.refused_word = Some("forbidden".into());
    });
    let engine = s.engine();
    let failing = engine.enqueue(video_job("please failme")).unwrap();
    let refused = engine.enqueue(image_job("something forbidden", 1)).unwrap();
    let jobs = finish(&engine, &[failing.id.clone(), refused.id.clone()]).await;
    assert_eq!(jobs[0].state, JobState::Failed);
    assert_eq!(jobs[0].last_error_code.map(kling_api::ErrorCode::as_str), Some("task_failed"));
    assert!(jobs[0].last_error.as_deref().unwrap().contains("risk control"));
    assert_eq!(jobs[1].state, JobState::Failed);
    assert_eq!(jobs[1].last_error_code.map(kling_api::ErrorCode::as_str), Some("content_refused"));
    assert!(jobs[1].last_error.as_deref().unwrap().contains("1301"));
    assert_eq!(jobs[1].prompt(), "something forbidden", "the prompt is kept for editing");

    s.sim.update(|c| c.failing_word = None);
    let retried = engine.retry(&failing.id).unwrap();
    assert_eq!(retried.state, JobState::Queued);
    let again = finish(&engine, std::slice::from_ref(&failing.id)).await.remove(0);
    assert_eq!(again.state, JobState::Done, "{:?}", again.last_error);
    assert_ne!(again.task_id, jobs[0].task_id, "a new task");
    assert!(engine.retry(&failing.id).is_err(), "a done job is not retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_answers_and_cut_downloads_still_land_exactly_once() {
    let s = setup().await;
    let engine = s.engine();
    s.sim.drop_next_answers(1);
    let video = engine.enqueue(video_job("lost answer")).unwrap();
    let first = finish(&engine, std::slice::from_ref(&video.id)).await.remove(0);
    assert_eq!(first.state, JobState::Done, "{:?}", first.last_error);
    assert_eq!(s.sim.task_count(), 1);

    s.sim.truncate_next_downloads(2);
    let image = engine.enqueue(image_job("cut download", 1)).unwrap();
    let done = finish(&engine, std::slice::from_ref(&image.id)).await.remove(0);
    assert_eq!(done.state, JobState::Done, "{:?}", done.last_error);
    let item = s.library.get(&done.item_ids[0]).unwrap();
    assert!(image::open(s.library.absolute(&item.rel_path).unwrap()).is_ok(), "the resumed file is whole");
    assert_eq!(s.sim.task_count(), 2);
    assert!(tmp_is_empty(&s.library));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_videos_in_flight_are_polled_with_the_list_endpoint() {
    let s = setup().await;
    s.sim.update(|c| {
        c.timing.video_processing = Duration::from_millis(600);
        c.concurrency.video = 8; // all six in flight together (a queued tail would be polled alone)
    });
    let engine = s.engine_with(EngineConfig { concurrency: 8, ..config() });
    let ids: Vec<String> = (0..6).map(|i| engine.enqueue(video_job(&format!("batch {i}"))).unwrap().id).collect();
    finish(&engine, &ids).await;
    let requests = s.sim.requests();
    let lists = requests.iter().filter(|r| r.method == "GET" && r.path == "/v1/videos/text2video" && r.query.as_deref().is_some_and(|q| q.contains("pageSize"))).count();
    let singles = requests.iter().filter(|r| r.method == "GET" && r.path.starts_with("/v1/videos/text2video/")).count();
    assert!(lists > 0, "the list endpoint was used");
    assert!(singles < lists, "{singles} single queries vs {lists} list queries");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_link_fails_clearly_after_asking_for_a_fresh_one() {
    let s = setup().await;
    s.sim.update(|c| c.url_ttl = Duration::ZERO);
    let engine = s.engine();
    let job = engine.enqueue(image_job("too late", 1)).unwrap();
    let failed = finish(&engine, std::slice::from_ref(&job.id)).await.remove(0);
    assert_eq!(failed.state, JobState::Failed);
    assert_eq!(failed.last_error_code.map(kling_api::ErrorCode::as_str), Some("download"));
    assert!(failed.last_error.as_deref().unwrap().contains("expired"), "{:?}", failed.last_error);
    let gets = s.sim.requests().iter().filter(|r| r.method == "GET" && r.path.starts_with("/v1/images/generations/")).count();
    assert!(gets >= 2, "the task was asked again for a fresh link");
    assert!(s.library.count().unwrap() == 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_that_keeps_breaking_keeps_its_part_for_a_retry_until_the_job_is_removed() {
    let s = setup().await;
    s.sim.truncate_next_downloads(100);
    let engine = s.engine();
    let job = engine.enqueue(image_job("cut every time", 1)).unwrap();
    let failed = finish(&engine, std::slice::from_ref(&job.id)).await.remove(0);
    assert_eq!(failed.state, JobState::Failed);
    assert_eq!(failed.last_error_code.map(kling_api::ErrorCode::as_str), Some("download"));
    assert!(!tmp_is_empty(&s.library), "the half file waits for a retry to resume it");
    engine.remove(&job.id).unwrap();
    assert!(tmp_is_empty(&s.library), "a removed job leaves no half file behind");
    assert!(engine.remove(&job.id).is_err(), "removing it twice says there is no such job");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restarts_at_random_points_lose_nothing_and_duplicate_nothing() {
    let s = setup().await;
    s.sim.update(|c| {
        c.faults.drop_rate = 0.15;
        c.faults.truncate_rate = 0.2;
        c.faults.server_error_rate = 0.1;
        c.faults.seed = 42;
        c.timing.video_processing = Duration::from_millis(200);
    });
    let engine = s.engine();
    let mut ids = Vec::new();
    for i in 0..4 {
        ids.push(engine.enqueue(image_job(&format!("restart image {i}"), 2)).unwrap().id);
        ids.push(engine.enqueue(video_job(&format!("restart video {i}"))).unwrap().id);
    }
    drop(engine);
    // Engines that die at random moments (a task aborted at an await point, like a kill).
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..12 {
        let engine = s.engine();
        let runner = tokio::spawn(async move { engine.run(std::future::pending()).await });
        tokio::time::sleep(Duration::from_millis(rng.u64(5..120))).await;
        runner.abort();
        let _ = runner.await;
        tokio::time::sleep(Duration::from_millis(350)).await; // the dead engine's leases run out
    }
    let engine = s.engine();
    let jobs = finish(&engine, &ids).await;
    for job in &jobs {
        assert_eq!(job.state, JobState::Done, "{job:?}");
    }
    assert_eq!(s.sim.task_count(), ids.len(), "one task per job, never two");
    assert_eq!(s.library.count().unwrap(), 4 * 2 + 4, "every file once");
    s.library.rebuild().unwrap();
    assert_eq!(s.library.count().unwrap(), 12, "the folder agrees with the index");
    assert!(tmp_is_empty(&s.library));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_imports_past_tasks_once() {
    let s = setup().await;
    let other_device = client(&s.sim);
    for i in 0..2 {
        other_device.create_image(&ImageRequest::new(format!("made elsewhere {i}"))).await.unwrap();
    }
    other_device.create_text_to_video(&TextToVideoRequest::new("video elsewhere")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let engine = s.engine();
    let report = engine.sync().await.unwrap();
    assert_eq!((report.seen, report.imported), (3, 3));
    let ids: Vec<String> = engine.unfinished().unwrap().into_iter().map(|j| j.id).collect();
    let jobs = finish(&engine, &ids).await;
    assert!(jobs.iter().all(|j| j.state == JobState::Done), "{jobs:?}");
    assert_eq!(s.library.count().unwrap(), 3);
    let again = engine.sync().await.unwrap();
    assert_eq!((again.imported, again.already_present), (0, 3));
    assert_eq!(s.library.task_ids(studio::ItemKind::Image).unwrap().len(), 2);
    let _ = TaskKind::Image;
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_fails_clearly_and_retry_resumes_the_download() {
    let s = setup().await;
    let engine = s.engine();
    let job = engine.enqueue(image_job("no room", 1)).unwrap();
    // The download's temporary file is really /dev/full: every write fails with ENOSPC.
    let part = engine.part_path(&job.id, 0);
    assert!(part.starts_with(s.library.tmp_dir()) && !part.to_string_lossy().contains(&job.id), "named by a hash of the id");
    std::os::unix::fs::symlink("/dev/full", &part).unwrap();
    let failed = finish(&engine, std::slice::from_ref(&job.id)).await.remove(0);
    assert_eq!(failed.state, JobState::Failed);
    assert_eq!(failed.last_error_code.map(kling_api::ErrorCode::as_str), Some("disk_full"), "{:?}", failed.last_error);
    assert!(failed.last_error.as_deref().unwrap().contains("free some space"), "{:?}", failed.last_error);
    assert_eq!(s.library.count().unwrap(), 0, "nothing half-written was filed");

    std::fs::remove_file(&part).unwrap();
    engine.retry(&job.id).unwrap();
    let done = finish(&engine, std::slice::from_ref(&job.id)).await.remove(0);
    assert_eq!(done.state, JobState::Done, "{:?}", done.last_error);
    assert_eq!(done.task_id, failed.task_id, "the same task, downloaded again, not generated again");
    assert_eq!(s.sim.task_count(), 1);
}
