//! `kling task ID --download` fetches results carefully (issue 12, item 3): the engine's checks
//! (sniffed type and extension, a header that decodes within the limits), at most 9 pictures or
//! 1 video per task, no redirect to this machine, and never over an existing file. A refusal is
//! one clear line naming no link, and leaves the folder as it was.

mod common;

use common::*;
use kling_sim::{Hostile, Sim};
use std::path::Path;
use std::time::{Duration, Instant};

/// A finished picture task's id.
fn finished_picture(sim: &Sim) -> String {
    let out = run(kling(sim).args(["image", "a careful download", "--no-wait"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let v = json_of(&run(kling(sim).args(["--json", "task", &id])));
        if v["status"] == "succeeded" {
            return id;
        }
        assert!(Instant::now() < deadline, "the task did not finish: {v}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn download(sim: &Sim, id: &str, out: &Path) -> std::process::Output {
    run_within(kling(sim).args(["task", id, "--download", "--out"]).arg(out), Duration::from_secs(60))
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_download_never_overwrites_a_file() {
    let sim = sim().await;
    let id = finished_picture(&sim);
    let dir = tempfile::tempdir().unwrap();
    // The person's own file, where the result would go.
    let name = format!("kling-image-{id}-1.png");
    std::fs::write(dir.path().join(&name), b"precious").unwrap();

    let out = download(&sim, &id, dir.path());
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(said.contains("will not overwrite the existing file") && said.contains(&name), "{said}");
    assert_eq!(said.trim().lines().count(), 1, "one line: {said}");
    assert_eq!(std::fs::read(dir.path().join(&name)).unwrap(), b"precious", "the person's file is intact");
    assert_eq!(names(dir.path()), std::slice::from_ref(&name), "no part file left");

    // Elsewhere it lands under its sniffed type, and a second run does not replace it either.
    let other = tempfile::tempdir().unwrap();
    let out = download(&sim, &id, other.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let kept = std::fs::read(other.path().join(&name)).unwrap();
    assert!(kept.starts_with(b"\x89PNG"), "a PNG under .png");
    let out = download(&sim, &id, other.path());
    assert!(!out.status.success() && stderr(&out).contains("will not overwrite the existing file"), "{}", stderr(&out));
    assert_eq!(std::fs::read(other.path().join(&name)).unwrap(), kept);
    assert_eq!(names(other.path()), [name]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_download_refuses_what_the_engine_refuses() {
    let rows = [
        // A clip behind a `.png` link: the bytes decide, not the name.
        (Hostile::WrongKindMedia, "the file server sent a video where a picture was expected"),
        (Hostile::ManyResults, "the task lists 12 results, but a task makes at most 9 pictures"),
        (Hostile::LoopbackRedirect, "the file server redirected to this machine, which is not followed"),
        (Hostile::PlainHttpLinks, "only https links are fetched"),
    ];
    let mut failures = Vec::new();
    for (mode, says) in rows {
        let sim = sim().await;
        let id = finished_picture(&sim);
        sim.update(|c| c.hostile = Some(mode));
        let dir = tempfile::tempdir().unwrap();
        let out = download(&sim, &id, dir.path());
        let said = stderr(&out);
        if out.status.success() || !said.contains(says) || said.trim().lines().count() != 1 {
            failures.push(format!("{mode:?}: exit {:?}, said {said:?}; expected {says:?}", out.status.code()));
        }
        if said.contains("http://") || said.contains("/media/") {
            failures.push(format!("{mode:?}: the link was shown: {said:?}"));
        }
        if !names(dir.path()).is_empty() {
            failures.push(format!("{mode:?}: left {:?}", names(dir.path())));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_added_sound_downloads_its_video_and_both_sound_files() {
    let sim = sim().await;
    let out = run(kling(&sim).args(["sound", "https://example.com/clip.mp4", "--effects", "rain on a roof", "--no-wait"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let deadline = Instant::now() + Duration::from_secs(30);
    while json_of(&run(kling(&sim).args(["--json", "task", &id])))["status"] != "succeeded" {
        assert!(Instant::now() < deadline, "the task did not finish");
        std::thread::sleep(Duration::from_millis(50));
    }
    let dir = tempfile::tempdir().unwrap();
    let out = download(&sim, &id, dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let stem = format!("kling-video-to-audio-{id}");
    assert_eq!(names(dir.path()), [format!("{stem}-1.mp4"), format!("{stem}-2.mp3"), format!("{stem}-3.wav")]);
    let sniff = |name: &str| studio::engine::verify::sniff(&std::fs::read(dir.path().join(name)).unwrap());
    use studio::engine::verify::Sniffed;
    assert_eq!(sniff(&format!("{stem}-2.mp3")), Some(Sniffed::Mp3));
    assert_eq!(sniff(&format!("{stem}-3.wav")), Some(Sniffed::Wav));
}
