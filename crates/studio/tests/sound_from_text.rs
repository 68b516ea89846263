//! A sound from words (text-to-audio, issue 14) through the engine: filed as one audio item, its
//! mp3 with the wav beside it, found by its words; a bad request is refused before anything is
//! queued or sent; a restart mid-task loses nothing and sends nothing twice.

use kling_api::{TaskKind, TextToAudioRequest};
use std::time::Duration;
use studio::engine::verify::{sniff, Sniffed};
use studio::{GalleryQuery, ItemKind, JobState, MediaType, NewJob};

mod common;

use common::{finish, kill_once_at_kling, setup};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sound_from_words_is_one_audio_item_with_its_wav_beside() {
    let s = setup().await;
    let engine = s.engine();
    let job = engine.enqueue(NewJob::TextToAudio { request: TextToAudioRequest::new("rain on a tin roof", 4.5) }).unwrap();
    let job = finish(&engine, &job).await;
    assert_eq!(job.state, JobState::Done, "{:?}", job.last_error);
    assert_eq!(job.item_ids.len(), 1, "{:?}", job.item_ids);
    let item = s.library.get(&job.item_ids[0]).unwrap();
    assert_eq!((item.media, item.kind, item.tool.as_str()), (MediaType::Audio, ItemKind::TextToAudio, "text-to-audio"));
    assert!(item.id.starts_with("text-to-audio:") && item.rel_path.ends_with(".mp3"), "{} {}", item.id, item.rel_path);
    let ms = item.duration_ms.expect("a length");
    assert!(ms.abs_diff(4_500) < 100, "{ms} ms");
    assert_eq!(item.prompt, "rain on a tin roof");
    let sidecar = s.library.sidecar(&item.id).unwrap().unwrap();
    assert!(sidecar.wav_copy && sidecar.ext == "mp3");
    assert_eq!((sidecar.kind, sidecar.request.clone()), (ItemKind::TextToAudio, job.request.clone()));
    assert!(sidecar.made_from.is_empty());
    assert_eq!(sniff(&std::fs::read(s.library.absolute(&item.rel_path).unwrap()).unwrap()), Some(Sniffed::Mp3));
    let wav = studio::library::wav_copy_rel_path(&item.rel_path);
    assert_eq!(sniff(&std::fs::read(s.library.absolute(&wav).unwrap()).unwrap()), Some(Sniffed::Wav));
    // Found by its words, and by its tool; after a rebuild from the folder too.
    for _ in 0..2 {
        let found = s.library.query(&GalleryQuery { search: Some("tin roof".into()), limit: 10, ..Default::default() }).unwrap();
        assert_eq!(found.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), [item.id.as_str()]);
        let tool = s.library.query(&GalleryQuery { tools: vec!["text-to-audio".into()], limit: 10, ..Default::default() }).unwrap();
        assert_eq!(tool.items.len(), 1);
        s.library.rebuild().unwrap();
    }
    assert_eq!(s.library.count().unwrap(), 1, "the wav is no item of its own");
    // The price was the flat one, and Kling's charge was kept.
    assert_eq!(job.charged_units, Some(0.25));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_sound_request_is_refused_with_nothing_queued_or_sent() {
    let s = setup().await;
    let engine = s.engine();
    for (request, field) in [
        (TextToAudioRequest::new("rain", 12.0), "duration"),
        (TextToAudioRequest::new("rain", 4.25), "duration"),
        (TextToAudioRequest::new("x".repeat(201), 5.0), "prompt"),
        (TextToAudioRequest::new("  ", 5.0), "prompt"),
    ] {
        let e = engine.enqueue(NewJob::TextToAudio { request }).unwrap_err();
        assert_eq!(e.code(), kling_api::ErrorCode::InvalidInput, "{e}");
        assert!(e.to_string().contains(field), "{e}");
    }
    assert!(engine.jobs(10).unwrap().is_empty());
    assert_eq!(s.sim.task_count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_mid_sound_loses_nothing() {
    let s = setup().await;
    s.sim.update(|c| c.timing.video_processing = Duration::from_millis(1200));
    let engine = s.engine();
    let id = engine.enqueue(NewJob::TextToAudio { request: TextToAudioRequest::new("a door creaks open", 3.0) }).unwrap().id;
    kill_once_at_kling(engine, std::slice::from_ref(&id)).await;
    let engine = s.engine();
    let job = finish(&engine, &engine.job(&id).unwrap()).await;
    assert_eq!((job.state, job.kind, job.item_ids.len()), (JobState::Done, TaskKind::TextToAudio, 1), "{:?}", job.last_error);
    assert_eq!(s.sim.task_count(), 1, "nothing sent twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sound_whose_links_lapse_is_fetched_again_from_the_same_task() {
    let s = setup().await;
    let engine = s.engine();
    // The first links of the task have lapsed: fresh ones are asked for and fetched.
    s.sim.update(|c| c.faults.expired_link_rate = 1.0);
    let job = finish(&engine, &engine.enqueue(NewJob::TextToAudio { request: TextToAudioRequest::new("waves on shingle", 3.0) }).unwrap()).await;
    assert_eq!((job.state, job.item_ids.len()), (JobState::Done, 1), "{:?}", job.last_error);
    s.sim.update(|c| c.faults.expired_link_rate = 0.0);

    // Links that stay dead fail the job plainly; a retry, once they work, fetches from the same
    // task rather than paying for a new one.
    s.sim.update(|c| c.url_ttl = Duration::ZERO);
    let job = finish(&engine, &engine.enqueue(NewJob::TextToAudio { request: TextToAudioRequest::new("a kettle whistles", 3.0) }).unwrap()).await;
    assert_eq!((job.state, job.last_error_code), (JobState::Failed, Some(kling_api::ErrorCode::Download)), "{:?}", job.last_error);
    assert!(job.last_error.as_deref().is_some_and(|e| e.contains("expired")), "{:?}", job.last_error);
    let tasks = s.sim.task_count();
    s.sim.update(|c| c.url_ttl = Duration::from_secs(3600));
    let retried = engine.retry(&job.id).unwrap();
    assert_eq!(retried.state, JobState::Downloading, "from the download, not a new submission");
    let job = finish(&engine, &retried).await;
    assert_eq!((job.state, job.item_ids.len()), (JobState::Done, 1), "{:?}", job.last_error);
    assert_eq!(s.sim.task_count(), tasks, "nothing sent again");
    assert_eq!(s.library.count().unwrap(), 2);
}
