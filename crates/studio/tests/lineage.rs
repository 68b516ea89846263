//! Lineage (issue 13): a result made from a library item names it in its sidecar; the library
//! answers "made from" and "used in" both ways, finds the links again when the index is rebuilt
//! from the sidecars alone, shows a deleted parent as gone, and filters the gallery by tool.

use kling_api::{ClientConfig, Credentials, ImageInput, ImageRequest, ImageToVideoRequest, KlingClient, RetryPolicy, TextToVideoRequest};
use kling_sim::{Sim, SimConfig};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use studio::{
    Engine, EngineConfig, GalleryQuery, InputPicture, Item, ItemKind, JobRequest, JobState, Library, LibraryError, NewJob, Parent, ParentInput, ParentLink, Sidecar,
};

const AK: &str = "lineage-ak";
const SK: &str = "lineage-sk";

fn engine(sim: &Sim, library: &Arc<Library>) -> Engine {
    let mut config = ClientConfig::new(sim.url(), Credentials::new(AK, SK));
    config.retry = RetryPolicy { max_retries: 3, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(30) };
    Engine::new(library.clone(), KlingClient::new(config).unwrap(), EngineConfig { lease: Duration::from_millis(300), ..EngineConfig::fast() })
}

fn picture_sidecar(task_id: &str, made_from: Vec<ParentLink>) -> Sidecar {
    Sidecar {
        version: studio::library::sidecar_version(),
        kind: ItemKind::Image,
        task_id: task_id.into(),
        index: 0,
        external_task_id: None,
        model: "kling-v1".into(),
        prompt: format!("picture {task_id}"),
        negative_prompt: String::new(),
        request: JobRequest::Image { request: ImageRequest::new(format!("picture {task_id}")), image: None },
        created_at: 1_764_000_000_000,
        finished_at: 1_764_000_005_000,
        original_url: None,
        width: Some(640),
        height: Some(480),
        duration_secs: None,
        ext: "png".into(),
        favorite: false,
        tags: vec![],
        charged_units: None,
        watermarked: false,
        made_from,
        video_id: None,
        wav_copy: false,
    }
}

/// A picture result in the gallery, filed the way the engine files one.
fn picture_result(library: &Library, task_id: &str, made_from: Vec<ParentLink>) -> Item {
    let tmp = library.tmp_dir().join(format!("{task_id}.part"));
    image::RgbImage::from_fn(640, 480, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])).save_with_format(&tmp, image::ImageFormat::Png).unwrap();
    library.add(&tmp, &picture_sidecar(task_id, made_from)).unwrap()
}

fn remove_index(root: &Path) {
    for name in ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm"] {
        let _ = std::fs::remove_file(root.join(".kling-studio").join(name));
    }
}

fn tool_filter(library: &Library, tool: &str) -> Vec<String> {
    let page = library.query(&GalleryQuery { tools: vec![tool.into()], limit: 100, ..Default::default() }).unwrap();
    assert_eq!(page.total as usize, page.items.len());
    page.items.into_iter().map(|i| i.id).collect()
}

fn present(parent: &Parent) -> (&str, &str) {
    match parent {
        Parent::Present { item, role } => (item.id.as_str(), role.as_str()),
        Parent::Gone { file, .. } => panic!("{file} is gone"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_animated_gallery_picture_is_linked_both_ways_and_survives_a_rebuild_and_its_deletion() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("library");
    let library = Arc::new(Library::open(&root).unwrap());
    let parent = picture_result(&library, "700000000000000001", vec![]);
    let unrelated = picture_result(&library, "700000000000000002", vec![]);

    // Animate the gallery picture by a roundabout path to it, as `kling animate 2026-11/x.png` would.
    let file = library.absolute(&parent.rel_path).unwrap();
    let month = file.parent().unwrap();
    let roundabout = month.join("..").join(month.file_name().unwrap()).join(file.file_name().unwrap());
    let engine = engine(&sim, &library);
    let mut request = ImageToVideoRequest::new(ImageInput::Url("https://placeholder.invalid/x.png".into()));
    request.prompt = Some("the picture moves".into());
    let job = engine.enqueue(NewJob::ImageToVideo { request, image: Some(InputPicture::File(roundabout)), image_tail: None }).unwrap();
    let expected = ParentLink { file: parent.rel_path.clone(), task_id: parent.task_id.clone(), item_id: parent.id.clone(), tool: "image".into(), role: "image".into() };
    assert_eq!(job.parents, vec![expected.clone()], "recognised as a library item at enqueue");

    // Stored with the job: another engine (a restart) reads it back.
    let again = Engine::new(library.clone(), engine.client(), EngineConfig::fast());
    assert_eq!(again.job(&job.id).unwrap().parents, vec![expected.clone()]);
    drop(again);

    let done = tokio::time::timeout(Duration::from_secs(30), engine.run_until_finished(std::slice::from_ref(&job.id))).await.expect("in time").unwrap().remove(0);
    assert_eq!(done.state, JobState::Done, "{:?}", done.last_error);
    let child_id = done.item_ids[0].clone();
    let sidecar = library.sidecar(&child_id).unwrap().unwrap();
    assert_eq!(sidecar.made_from, vec![expected.clone()], "the result's sidecar names its parent");
    let on_disk: serde_json::Value =
        serde_json::from_slice(&std::fs::read(library.absolute(library.get(&child_id).unwrap().sidecar_path.as_deref().unwrap()).unwrap()).unwrap()).unwrap();
    assert_eq!(on_disk["made_from"][0]["file"], parent.rel_path.as_str());
    assert_eq!(on_disk["made_from"][0]["tool"], "image");

    let check_links = |library: &Library| {
        let made_from = library.made_from(&child_id).unwrap();
        assert_eq!(made_from.len(), 1);
        assert_eq!(present(&made_from[0]), (parent.id.as_str(), "image"));
        let used_in = library.used_in(&parent.id).unwrap();
        assert_eq!(used_in.iter().map(|c| (c.item.id.as_str(), c.role.as_str())).collect::<Vec<_>>(), [(child_id.as_str(), "image")]);
        assert!(library.used_in(&unrelated.id).unwrap().is_empty());
        assert!(library.made_from(&parent.id).unwrap().is_empty());
    };
    check_links(&library);

    // The tool filter: by the item's own tool, "imported" for a file put in by hand.
    std::fs::copy(&file, root.join("dropped.png")).unwrap();
    library.rescan().unwrap();
    assert_eq!(tool_filter(&library, "image2video"), std::slice::from_ref(&child_id));
    let mut pictures = tool_filter(&library, "image");
    pictures.sort();
    assert_eq!(pictures, [parent.id.clone(), unrelated.id.clone()]);
    assert_eq!(tool_filter(&library, "imported"), ["file:dropped.png".to_string()]);
    assert!(tool_filter(&library, "lip-sync").is_empty());
    assert_eq!(library.tools().unwrap(), ["image", "image2video", "imported"]);
    assert_eq!(library.get(&child_id).unwrap().tool, "image2video");
    drop(engine);

    // The index is a cache: delete it and the sidecars alone bring both directions back.
    drop(library);
    remove_index(&root);
    let library = Library::open(&root).unwrap();
    check_links(&library);
    assert_eq!(tool_filter(&library, "image2video"), std::slice::from_ref(&child_id));

    // Deleting the parent leaves the child and shows the link as gone, also after a rebuild.
    assert_eq!(library.delete(std::slice::from_ref(&parent.id)).unwrap(), 1);
    let child = library.get(&child_id).unwrap();
    assert!(library.absolute(&child.rel_path).unwrap().is_file(), "the child's file is kept");
    let gone = Parent::Gone { file: parent.rel_path.clone(), task_id: parent.task_id.clone(), tool: "image".into(), role: "image".into() };
    assert_eq!(library.made_from(&child_id).unwrap(), vec![gone.clone()]);
    assert!(matches!(library.used_in(&parent.id), Err(LibraryError::NotFound(_))));
    library.rebuild().unwrap();
    assert_eq!(library.made_from(&child_id).unwrap(), vec![gone]);
    assert_eq!(library.sidecar(&child_id).unwrap().unwrap().made_from, vec![expected], "the sidecar keeps what it recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_library_items_become_parents_and_named_parents_must_exist() {
    let sim = Sim::start(SimConfig::fast(AK, SK)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = Arc::new(Library::open(dir.path().join("library")).unwrap());
    let engine = engine(&sim, &library);
    let animate = |picture: &Path| {
        let request = ImageToVideoRequest::new(ImageInput::Url("https://placeholder.invalid/x.png".into()));
        engine.enqueue(NewJob::ImageToVideo { request, image: Some(InputPicture::File(picture.to_path_buf())), image_tail: None }).unwrap()
    };

    // A picture from elsewhere, and the library's own copy of it in inputs/, are no items.
    let outside = dir.path().join("outside.png");
    image::RgbImage::from_pixel(640, 480, image::Rgb([1, 2, 3])).save(&outside).unwrap();
    let job = animate(&outside);
    assert!(job.parents.is_empty());
    let input_copy = library.absolute(job.request.image_ref().unwrap()).unwrap();
    assert!(animate(&input_copy).parents.is_empty());

    // A picture put into the folder by hand is an imported item: a parent with no task.
    let dropped = library.root().join("dropped.png");
    std::fs::copy(&outside, &dropped).unwrap();
    let parents = animate(&dropped).parents;
    assert_eq!(
        parents,
        vec![ParentLink { file: "dropped.png".into(), task_id: None, item_id: "file:dropped.png".into(), tool: "imported".into(), role: "image".into() }]
    );

    // A parent named by the caller (a clip given by its id): recorded with its role, or refused.
    let clip = picture_result(&library, "700000000000000003", vec![]);
    let named = [ParentInput { item_id: clip.id.clone(), role: "video".into() }];
    let job = engine.enqueue_made_from(NewJob::TextToVideo { request: TextToVideoRequest::new("after the clip") }, &named).unwrap();
    assert_eq!(job.parents.iter().map(|p| (p.item_id.as_str(), p.role.as_str())).collect::<Vec<_>>(), [(clip.id.as_str(), "video")]);
    // The jobs table is input too: a planted link is dropped, a broken list is no lineage.
    let db = rusqlite::Connection::open(library.root().join(".kling-studio/index.sqlite")).unwrap();
    let planted = r#"[{"file":"../../etc/passwd","item_id":"x","tool":"image","role":"image"},{"file":"a.png","item_id":"file:a.png","tool":"imported","role":"image"}]"#;
    db.execute("UPDATE jobs SET parents = ?2 WHERE id = ?1", [&job.id, planted]).unwrap();
    assert_eq!(engine.job(&job.id).unwrap().parents.iter().map(|p| p.file.as_str()).collect::<Vec<_>>(), ["a.png"]);
    db.execute("UPDATE jobs SET parents = '{not json' WHERE id = ?1", [&job.id]).unwrap();
    let read = engine.job(&job.id).unwrap();
    assert!(read.parents.is_empty() && read.state == JobState::Queued, "the job itself is kept");

    let unknown = [ParentInput { item_id: "image:1:0".into(), role: "video".into() }];
    let err = engine.enqueue_made_from(NewJob::TextToVideo { request: TextToVideoRequest::new("x") }, &unknown).unwrap_err();
    assert!(err.to_string().contains("image:1:0"), "{err}");
}

#[test]
fn planted_links_outside_the_library_are_dropped_and_the_rest_kept() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    let parent = picture_result(&library, "700000000000000010", vec![]);
    let honest = ParentLink::to_item(&parent, "image");
    let planted = |file: &str| ParentLink { file: file.into(), ..honest.clone() };
    let child = picture_result(&library, "700000000000000011", vec![]);
    // Written by someone else into the synced folder.
    let mut sidecar = picture_sidecar("700000000000000011", vec![planted("../../etc/passwd"), honest.clone(), planted("/etc/shadow")]);
    sidecar.created_at = library.sidecar(&child.id).unwrap().unwrap().created_at;
    let path = library.absolute(child.sidecar_path.as_deref().unwrap()).unwrap();
    std::fs::write(&path, sidecar.to_json()).unwrap();

    let report = library.rescan().unwrap();
    assert!(report.warnings.iter().any(|w| w.contains("made_from file \"../../etc/passwd\"") && w.contains("made_from file \"/etc/shadow\"")), "{:?}", report.warnings);
    let made_from = library.made_from(&child.id).unwrap();
    assert_eq!(made_from.iter().map(present).collect::<Vec<_>>(), [(parent.id.as_str(), "image")]);
    assert_eq!(library.sidecar(&child.id).unwrap().unwrap().made_from, vec![honest]);
    let raw = std::fs::read(&path).unwrap();
    let (_, refused) = Sidecar::parse_reporting(&raw).unwrap();
    assert_eq!(refused.len(), 2, "{refused:?}");
}

#[test]
fn an_index_from_before_tools_opens_with_each_item_s_tool() {
    // The fixture's index is from before tools (no tool column, no lineage table).
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library-v1");
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let version: i64 = rusqlite::Connection::open(dir.path().join(".kling-studio/index.sqlite")).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert!(version < 4, "schema {version}");
    let library = Library::open_unscanned(dir.path()).unwrap();
    assert_eq!(library.tools().unwrap(), ["image", "image2video", "text2video"], "filled from the kinds, no rescan needed");
    assert_eq!(tool_filter(&library, "image").len(), 3);
    assert_eq!(tool_filter(&library, "image2video"), ["image2video:748606211471734281:0"]);
    assert!(library.made_from("image2video:748606211471734281:0").unwrap().is_empty());
}
