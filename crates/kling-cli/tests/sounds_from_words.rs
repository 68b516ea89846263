//! `kling audio` as a person runs it: the real `kling`, the emulator on loopback, a library per
//! test. A sound from words is filed as an mp3 with its wav beside it, priced before sending;
//! bad input is refused on one line naming the flag, with nothing sent or queued; a task left
//! with --no-wait is fetched by `kling task --download` and filed by `kling resume`.

mod common;

use common::*;
use std::path::Path;

use std::time::Duration;
use studio::{ItemKind, Library, MediaType};

const LIMIT: Duration = Duration::from_secs(90);

fn sniffed(file: &Path) -> Option<studio::engine::verify::Sniffed> {
    studio::engine::verify::sniff(&std::fs::read(file).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audio_files_a_sound_with_its_wav_and_says_the_price() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let out = dir.path().join("out");
    let v = ok(run_within(kling_in(&sim, &library).args(["--json", "audio", "rain on a tin roof", "--duration", "4.5", "--out"]).arg(&out), LIMIT));
    assert_eq!(v["kind"], "text-to-audio");
    assert_eq!((v["estimate"]["units"].as_f64(), v["estimate"]["pack"].as_str()), (Some(0.25), Some("video")), "{v}");
    assert_eq!(v["charged"]["units"].as_f64(), Some(0.25), "{v}");
    let files = files_of(&v);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].starts_with(&out) && files[0].extension().is_some_and(|e| e == "mp3"), "{files:?}");
    assert_eq!(sniffed(&files[0]), Some(studio::engine::verify::Sniffed::Mp3));
    let body = sim.requests().into_iter().find(|r| r.method == "POST" && r.path.ends_with("/audio/text-to-audio")).unwrap().body.unwrap();
    assert_eq!((body["prompt"].as_str(), body["duration"].as_f64()), (Some("rain on a tin roof"), Some(4.5)), "{body}");
    // In the library: one sound made from nothing else, its wav beside it.
    let lib = Library::open(&library).unwrap();
    let items = lib.query(&studio::GalleryQuery { tools: vec!["text-to-audio".into()], ..Default::default() }).unwrap().items;
    assert_eq!(items.len(), 1);
    assert_eq!((items[0].media, items[0].kind), (MediaType::Audio, ItemKind::TextToAudio));
    let wav = lib.absolute(&studio::library::wav_copy_rel_path(&items[0].rel_path)).unwrap();
    assert_eq!(sniffed(&wav), Some(studio::engine::verify::Sniffed::Wav));
    assert!(lib.sidecar(&items[0].id).unwrap().unwrap().made_from.is_empty());

    // As text: the price line before, the file after.
    let text = run_within(kling_in(&sim, &library).args(["audio", "a door creaks", "-d", "3"]), LIMIT);
    assert!(text.status.success(), "{}", stderr(&text));
    let said = format!("{}{}", String::from_utf8_lossy(&text.stdout), stderr(&text));
    assert!(said.contains("0.25 video units") && said.contains(".mp3"), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_sound_input_is_refused_naming_the_flag_and_nothing_is_sent() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let long = "x".repeat(201);
    each_refused_with_nothing_sent(
        &sim,
        &library,
        &[
            (vec!["audio", "rain", "--duration", "12"], vec!["--duration", "3 to 10 s"]),
            (vec!["audio", "rain", "--duration", "4.25"], vec!["--duration", "one decimal"]),
            (vec!["audio", long.as_str()], vec!["prompt", "at most 200 characters"]),
            (vec!["audio", "  "], vec!["prompt", "empty"]),
            (vec!["audio", "rain", "--duration", "five"], vec!["--duration", "five"]),
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sound_left_with_no_wait_is_fetched_by_task_and_filed_by_resume() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let out = run_within(kling_in(&sim, &library).args(["audio", "birdsong at dawn", "--no-wait"]), LIMIT);
    assert!(out.status.success(), "{}", stderr(&out));
    let task_id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!task_id.is_empty() && task_id.chars().all(|c| c.is_ascii_digit()), "{task_id:?}");
    let listed = ok(run_within(kling_in(&sim, &library).args(["--json", "tasks", "--kind", "audio"]), LIMIT));
    assert_eq!(listed["tasks"][0]["task_id"].as_str(), Some(task_id.as_str()), "{listed}");
    let v = ok(run_within(kling_in(&sim, &library).args(["--json", "resume"]), LIMIT));
    let jobs = v["jobs"].as_array().unwrap();
    assert_eq!((jobs.len(), jobs[0]["task_id"].as_str()), (1, Some(task_id.as_str())), "{v}");
    // `kling task --download` (every kind tried when none is given) fetches the mp3 and the wav.
    let fetched = dir.path().join("fetched");
    let shown = ok(run_within(kling_in(&sim, &library).args(["--json", "task", &task_id, "--download", "-o"]).arg(&fetched), LIMIT));
    assert_eq!(shown["kind"], "text-to-audio");
    let kinds: Vec<_> = files_of(&shown).iter().map(|f| sniffed(f)).collect();
    assert_eq!(kinds, [Some(studio::engine::verify::Sniffed::Mp3), Some(studio::engine::verify::Sniffed::Wav)]);
}
