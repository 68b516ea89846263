//! `kling compose` and `kling tryon` as a person runs them: the real `kling`, the emulator on
//! loopback, a library per test. Library pictures go in and come back as the results' parents;
//! the composed pictures have the asked shape, the try-on the person's; bad input is refused on
//! one line naming the flag, with nothing sent or queued.

mod common;

use common::*;
use std::time::Duration;
use studio::{ItemKind, Library, MediaType};

const LIMIT: Duration = Duration::from_secs(90);

fn posted(sim: &kling_sim::Sim, path_end: &str) -> serde_json::Value {
    sim.requests().into_iter().find(|r| r.method == "POST" && r.path.ends_with(path_end)).unwrap().body.unwrap()
}

/// The results, each a picture of `kind` whose sidecar names these parents as (item id, role).
fn linked(library: &std::path::Path, files: &[std::path::PathBuf], kind: ItemKind, parents: &[(String, &str)]) {
    let lib = Library::open(library).unwrap();
    for file in files {
        let item = lib.item_at(file).unwrap();
        assert_eq!((item.media, item.kind), (MediaType::Image, kind));
        let made_from: Vec<_> = lib.sidecar(&item.id).unwrap().unwrap().made_from.into_iter().map(|p| (p.item_id, p.role)).collect();
        let expected: Vec<_> = parents.iter().map(|(id, role)| (id.clone(), role.to_string())).collect();
        assert_eq!(made_from, expected);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compose_puts_library_subjects_in_a_scene_and_links_back() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    std::fs::create_dir_all(&library).unwrap();
    let fox = write_png(&library, "fox.png", 600, 600);
    let owl = write_png(&library, "owl.png", 600, 600);
    let scene = write_png(dir.path(), "park.png", 800, 450);
    let mut cmd = kling_in(&sim, &library);
    cmd.args(["--json", "compose", "--subject"]).arg(&fox).arg("--subject").arg(&owl).arg("--scene").arg(&scene);
    let v = ok(run_within(cmd.args(["-p", "the two at a picnic", "-n", "2", "--aspect", "4:3"]), LIMIT));
    assert_eq!(v["kind"], "multi-image2image");
    assert_eq!((v["estimate"]["units"].as_f64(), v["estimate"]["pack"].as_str()), (Some(32.0), Some("image")), "{v}");
    let files = files_of(&v);
    assert_eq!(files.len(), 2, "{files:?}");
    for file in &files {
        let (w, h) = image::image_dimensions(file).unwrap();
        assert!((f64::from(w) / f64::from(h) - 4.0 / 3.0).abs() < 0.02, "{w}×{h}");
    }
    let lib = Library::open(&library).unwrap();
    let id = |file: &std::path::Path| lib.item_at(file).expect("a library item").id;
    linked(&library, &files, ItemKind::MultiImageToImage, &[(id(&fox), "subject_image_list"), (id(&owl), "subject_image_list")]);
    let body = posted(&sim, "/images/multi-image2image");
    assert_eq!((body["model_name"].as_str(), body["subject_image_list"].as_array().map(Vec::len)), (Some("kling-v2-1"), Some(2)), "{body}");
    assert!(body["scene_image"].as_str().is_some_and(|b| b.len() > 100) && body.get("style_image").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tryon_dresses_a_library_person_and_links_back() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    std::fs::create_dir_all(&library).unwrap();
    let person = write_png(&library, "me.png", 600, 900);
    let garment = write_png(dir.path(), "coat.png", 600, 600);
    let v = ok(run_within(kling_in(&sim, &library).args(["--json", "tryon"]).arg(&person).arg(&garment).args(["--model", "v1-5"]), LIMIT));
    assert_eq!(v["kind"], "virtual-try-on");
    assert_eq!((v["estimate"]["units"].as_f64(), v["estimate"]["pack"].as_str()), (None, Some("try-on")), "{v}");
    let files = files_of(&v);
    assert_eq!(files.len(), 1);
    let (w, h) = image::image_dimensions(&files[0]).unwrap();
    assert!((f64::from(w) / f64::from(h) - 600.0 / 900.0).abs() < 0.02, "the person's shape: {w}×{h}");
    let source = Library::open(&library).unwrap().item_at(&person).unwrap().id;
    linked(&library, &files, ItemKind::VirtualTryOn, &[(source, "human_image")]);
    assert_eq!(posted(&sim, "/images/kolors-virtual-try-on")["model_name"], "kolors-virtual-try-on-v1-5");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_compositions_and_try_ons_are_refused_naming_the_flag_and_nothing_is_sent() {
    let sim = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let library = dir.path().join("library");
    let picture = write_png(dir.path(), "p.png", 640, 480);
    let picture = picture.to_str().unwrap();
    let small = write_png(dir.path(), "small.png", 100, 100);
    let small = small.to_str().unwrap();
    let missing = dir.path().join("nope.png");
    let missing = missing.to_str().unwrap();
    let five: Vec<&str> = (0..5).flat_map(|_| ["--subject", picture]).collect();
    each_refused_with_nothing_sent(
        &sim,
        &library,
        &[
            ([&["compose"][..], &five].concat(), vec!["--subject", "1 to 4 subject pictures (got 5)"]),
            (vec!["compose", "--subject", picture, "--subject", small], vec!["--subject", "picture 2", "300"]),
            (vec!["compose", "--subject", picture, "--scene", missing], vec!["--scene", "nope.png"]),
            (vec!["compose", "--subject", picture, "--model", "kling-v3"], vec!["--model", "kling-v2-1, kling-v2"]),
            (vec!["compose", "--subject", picture, "--aspect", "5:4"], vec!["--aspect", "16:9"]),
            (vec!["compose", "--subject", picture, "-n", "10"], vec!["-n", "between 1 and 9"]),
            (vec!["tryon", picture, missing], vec!["GARMENT", "nope.png"]),
            (vec!["tryon", small, picture], vec!["PERSON", "300"]),
            (vec!["tryon", picture, picture, "--model", "v3"], vec!["--model", "kolors-virtual-try-on-v1-5"]),
        ],
    );
}
