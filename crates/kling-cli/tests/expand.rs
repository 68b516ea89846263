//! `kling expand` as a person runs it: the real `kling`, the emulator on loopback, a library per
//! test. A library picture grown on its edges comes back as pictures of the new shape, linked to
//! it; bad ratios are refused on one line naming the flag, with nothing sent or queued.

mod common;

use common::*;
use std::time::Duration;
use studio::{ItemKind, Library, MediaType};

const LIMIT: Duration = Duration::from_secs(90);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expand_grows_a_library_picture_and_links_back() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    std::fs::create_dir_all(&library).unwrap();
    let picture = write_png(&library, "beach.png", 640, 480);
    let v =
        ok(run_within(kling_in(&sim, &library).args(["--json", "expand"]).arg(&picture).args(["--left", "0.5", "--right", "0.5", "-p", "more sand", "-n", "2"]), LIMIT));
    assert_eq!(v["kind"], "image-expand");
    assert_eq!((v["estimate"]["units"].as_f64(), v["estimate"]["pack"].as_str()), (Some(16.0), Some("image")), "{v}");
    let files = files_of(&v);
    assert_eq!(files.len(), 2, "{files:?}");
    let lib = Library::open(&library).unwrap();
    let source = lib.item_at(&picture).expect("the picture is a library item").id;
    for file in &files {
        let (w, h) = image::image_dimensions(file).unwrap();
        assert!((f64::from(w) / f64::from(h) - 1280.0 / 480.0).abs() < 0.02, "{w}×{h}");
        let item = lib.item_at(file).unwrap();
        assert_eq!((item.media, item.kind), (MediaType::Image, ItemKind::ImageExpand));
        let made_from: Vec<_> = lib.sidecar(&item.id).unwrap().unwrap().made_from.into_iter().map(|p| (p.item_id, p.role)).collect();
        assert_eq!(made_from, [(source.clone(), "image".to_string())]);
    }
    let body = sim.requests().into_iter().find(|r| r.method == "POST" && r.path.ends_with("/images/editing/expand")).unwrap().body.unwrap();
    assert_eq!((body["left_expansion_ratio"].as_f64(), body["up_expansion_ratio"].as_f64(), body["n"].as_u64()), (Some(0.5), Some(0.0), Some(2)), "{body}");
    assert!(body["image"].as_str().is_some_and(|b| !b.starts_with("data:") && b.len() > 100), "sent inline as raw base64");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_expansions_are_refused_naming_the_flag_and_nothing_is_sent() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let picture = write_png(dir.path(), "p.png", 640, 480);
    let picture = picture.to_str().unwrap();
    let missing = dir.path().join("nope.png");
    each_refused_with_nothing_sent(
        &sim,
        &library,
        &[
            (vec!["expand", picture, "--up", "2.5"], vec!["--up", "between 0 and 2"]),
            (vec!["expand", picture], vec!["--up", "expand at least one edge"]),
            (vec!["expand", picture, "--up", "1", "--right", "0.6"], vec!["3.20×", "at most 3×"]),
            (vec!["expand", picture, "--left", "1", "-n", "10"], vec!["-n", "between 1 and 9"]),
            (vec!["expand", missing.to_str().unwrap(), "--left", "1"], vec!["PICTURE", "nope.png"]),
        ],
    );
}
