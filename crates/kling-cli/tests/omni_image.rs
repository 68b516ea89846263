//! `kling omni-image` as a person runs it: the real `kling`, the emulator on loopback, a library
//! per test. A series from a library picture comes back as pictures of one task, each linked to
//! the picture; single pictures with an element and a 4K price; bad input refused on one line
//! naming the flag, with nothing sent or queued.

mod common;

use common::*;
use std::time::Duration;
use studio::{ItemKind, Library, MediaType};

const LIMIT: Duration = Duration::from_secs(90);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_series_from_a_library_picture_is_filed_together_and_linked() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    std::fs::create_dir_all(&library).unwrap();
    let fox = write_png(&library, "fox.png", 600, 900);
    let mut cmd = kling_in(&sim, &library);
    cmd.args(["--json", "omni-image", "<<<image_1>>> through the four seasons", "--image"]).arg(&fox);
    let v = ok(run_within(cmd.args(["--model", "kling-v3-omni", "--series", "4", "--aspect", "auto"]), LIMIT));
    assert_eq!(v["kind"], "omni-image");
    assert_eq!((v["estimate"]["units"].as_f64(), v["estimate"]["pack"].as_str()), (Some(32.0), Some("image")), "{v}");
    let files = files_of(&v);
    assert_eq!(files.len(), 4, "{files:?}");
    let lib = Library::open(&library).unwrap();
    let source = lib.item_at(&fox).expect("a library item").id;
    let mut tasks = std::collections::HashSet::new();
    for file in &files {
        let (w, h) = image::image_dimensions(file).unwrap();
        assert!((f64::from(w) / f64::from(h) - 600.0 / 900.0).abs() < 0.02, "auto: the picture's shape, {w}×{h}");
        let item = lib.item_at(file).unwrap();
        assert_eq!((item.media, item.kind), (MediaType::Image, ItemKind::OmniImage));
        tasks.insert(item.task_id.clone());
        let made_from: Vec<_> = lib.sidecar(&item.id).unwrap().unwrap().made_from.into_iter().map(|p| (p.item_id, p.role)).collect();
        assert_eq!(made_from, [(source.clone(), "image_list".to_string())]);
    }
    assert_eq!(tasks.len(), 1, "one task's series");
    let body = sim.requests().into_iter().find(|r| r.method == "POST" && r.path.ends_with("/images/omni-image")).unwrap().body.unwrap();
    assert_eq!((body["result_type"].as_str(), body["series_amount"].as_u64(), body["aspect_ratio"].as_str()), (Some("series"), Some(4), Some("auto")), "{body}");
    assert!(body.get("n").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_pictures_with_an_element_at_4k() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let args = [
        "--json",
        "omni-image",
        "<<<element_1>>> at the harbour",
        "--element",
        "829836802793406551",
        "--model",
        "kling-v3-omni",
        "--resolution",
        "4k",
        "--aspect",
        "16:9",
        "-n",
        "2",
    ];
    let v = ok(run_within(kling_in(&sim, &library).args(args), LIMIT));
    assert_eq!(v["estimate"]["units"].as_f64(), Some(32.0), "16 image units a picture at 4K: {v}");
    assert_eq!(files_of(&v).len(), 2);
    let body = sim.requests().into_iter().find(|r| r.method == "POST" && r.path.ends_with("/images/omni-image")).unwrap().body.unwrap();
    assert_eq!(body["element_list"][0]["element_id"].as_u64(), Some(829836802793406551), "sent as an exact integer");
    assert_eq!((body["resolution"].as_str(), body["n"].as_u64()), (Some("4k"), Some(2)));
    // From words alone kling-v3-omni cannot take the shape from a picture: a square is asked.
    ok(run_within(kling_in(&sim, &library).args(["--json", "omni-image", "a quiet harbour"]), LIMIT));
    let body = sim.requests().into_iter().rev().find(|r| r.method == "POST" && r.path.ends_with("/images/omni-image")).unwrap().body.unwrap();
    assert_eq!((body["model_name"].as_str(), body["aspect_ratio"].as_str()), (Some("kling-v3-omni"), Some("1:1")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_omni_images_are_refused_naming_the_flag_and_nothing_is_sent() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let picture = write_png(dir.path(), "p.png", 640, 480);
    let picture = picture.to_str().unwrap();
    each_refused_with_nothing_sent(
        &sim,
        &library,
        &[
            (vec!["omni-image", "<<<image_2>>> again", "--image", picture], vec!["--image", "<<<image_2>>> but 1 image(s)"]),
            (vec!["omni-image", "x", "--model", "kling-image-o1", "--resolution", "4k"], vec!["--resolution", "kling-image-o1 makes 1k, 2k pictures, not 4k"]),
            (vec!["omni-image", "x", "--resolution", "8k"], vec!["--resolution", "8k"]),
            (vec!["omni-image", "x", "--model", "kling-v3-omni", "--aspect", "auto"], vec!["--aspect", "choose a ratio"]),
            (vec!["omni-image", "x", "--model", "kling-image-o1", "--image", picture, "--series", "4"], vec!["--series", "kling-v3-omni"]),
            (vec!["omni-image", "x", "--model", "kling-v3-omni", "--image", picture, "--series", "12"], vec!["--series", "2 to 9 or auto (got 12)"]),
            (vec!["omni-image", "x", "--model", "kling-v3-omni", "--image", picture, "--series", "lots"], vec!["--series", "2 to 9"]),
            (vec!["omni-image", "x", "--aspect", "5:4"], vec!["--aspect", "auto"]),
            (vec!["omni-image", "x", "-n", "3", "--series", "4"], vec!["--series"]),
        ],
    );
}
