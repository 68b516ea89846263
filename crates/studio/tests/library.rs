//! The library as the app and the CLI use it, on a real folder.

use kling_api::ImageRequest;
use std::path::{Path, PathBuf};
use studio::{GalleryQuery, ItemKind, JobRequest, Library, LibraryError, MediaType, Sidecar, SortOrder};

fn png(path: &Path, w: u32, h: u32, shade: u8) {
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([shade, (x % 256) as u8, (y % 256) as u8])).save_with_format(path, image::ImageFormat::Png).unwrap();
}

fn sidecar(task_id: &str, index: u32, prompt: &str, created_at: i64) -> Sidecar {
    Sidecar {
        version: studio::library::sidecar_version(),
        kind: ItemKind::Image,
        task_id: task_id.into(),
        index,
        external_task_id: None,
        model: "kling-v1".into(),
        prompt: prompt.into(),
        negative_prompt: String::new(),
        request: JobRequest::Image { request: ImageRequest { n: Some(1), ..ImageRequest::new(prompt) }, image: None },
        created_at,
        finished_at: created_at + 5_000,
        original_url: Some(format!("https://cdn.example/{task_id}.png")),
        width: Some(640),
        height: Some(360),
        duration_secs: None,
        ext: "png".into(),
        favorite: false,
        tags: vec![],
        charged_units: None,
        watermarked: false,
        made_from: Vec::new(),
        video_id: None,
        wav_copy: false,
    }
}

/// Files a result the way the engine does: the download sits in the library's tmp folder.
fn file_result(library: &Library, sidecar: &Sidecar) -> studio::Item {
    let tmp = library.tmp_dir().join(format!("{}-{}.part", sidecar.task_id, sidecar.index));
    png(&tmp, 640, 360, (sidecar.created_at % 250) as u8);
    library.add(&tmp, sidecar).unwrap()
}

fn all(library: &Library) -> Vec<studio::Item> {
    library.query(&GalleryQuery { limit: 500, ..Default::default() }).unwrap().items
}

fn remove_index(root: &Path) {
    for name in ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm"] {
        let _ = std::fs::remove_file(root.join(".kling-studio").join(name));
    }
}

#[test]
fn filed_results_are_named_by_date_kind_and_task_with_a_sidecar() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    let item = file_result(&library, &sidecar("827574871634235396", 0, "a lighthouse at dusk", 1_764_000_000_000));
    assert!(item.rel_path.contains("_image_827574871634235396_1.png"), "{}", item.rel_path);
    assert!(library.absolute(&item.rel_path).unwrap().is_file());
    let sidecar_path = library.absolute(item.sidecar_path.as_deref().unwrap()).unwrap();
    let back = Sidecar::read(&sidecar_path).unwrap();
    assert_eq!(back.prompt, "a lighthouse at dusk");
    let JobRequest::Image { request, .. } = &back.request else { panic!("an image request") };
    assert_eq!(request.n, Some(1));
    assert_eq!(std::fs::read_dir(library.tmp_dir()).unwrap().count(), 0, "the download was moved, not copied");

    // Filing the same result again leaves one item.
    file_result(&library, &sidecar("827574871634235396", 0, "a lighthouse at dusk", 1_764_000_000_000));
    assert_eq!(library.count().unwrap(), 1);
}

#[test]
fn deleting_the_index_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let before = {
        let library = Library::open(dir.path()).unwrap();
        for i in 0..5 {
            file_result(&library, &sidecar(&format!("10000000000000000{i}"), 0, &format!("prompt number {i}"), 1_764_000_000_000 + i));
        }
        let id = sidecar("100000000000000002", 0, "", 0).item_id();
        library.set_favorite(&id, true).unwrap();
        library.set_tags(&id, &["keep".into(), " blue ".into(), "keep".into()]).unwrap();
        all(&library)
    };
    remove_index(dir.path());
    let library = Library::open(dir.path()).unwrap();
    assert_eq!(all(&library), before);
    let id = sidecar("100000000000000002", 0, "", 0).item_id();
    assert!(library.get(&id).unwrap().favorite, "favourites live in the sidecar too");
    assert_eq!(library.tags(&id).unwrap(), vec!["blue".to_string(), "keep".to_string()]);

    let report = library.rebuild().unwrap();
    assert_eq!(report.added, 5);
    assert_eq!(all(&library), before);
}

#[test]
fn files_added_or_removed_by_hand_are_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    let filed = file_result(&library, &sidecar("200000000000000001", 0, "filed", 1_764_000_000_000));

    std::fs::create_dir_all(dir.path().join("my pictures")).unwrap();
    png(&dir.path().join("my pictures/holiday.png"), 500, 400, 10);
    std::fs::write(dir.path().join("notes.txt"), "not media").unwrap();
    png(&dir.path().join(".hidden.png"), 400, 400, 1);
    let report = library.rescan().unwrap();
    assert_eq!((report.added, report.removed, report.unchanged), (1, 0, 1));
    let imported = library.get("file:my pictures/holiday.png").unwrap();
    assert_eq!(imported.kind, ItemKind::Imported);
    assert_eq!(imported.media, MediaType::Image);
    assert_eq!((imported.width, imported.height), (Some(500), Some(400)));

    std::fs::remove_file(library.absolute(&filed.rel_path).unwrap()).unwrap();
    let report = library.rescan().unwrap();
    assert_eq!(report.removed, 1);
    assert!(matches!(library.get(&filed.id), Err(LibraryError::NotFound(_))));
    assert_eq!(library.count().unwrap(), 1);
}

#[test]
fn a_corrupt_sidecar_is_skipped_with_a_warning_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let (good, bad) = {
        let library = Library::open(dir.path()).unwrap();
        let good = file_result(&library, &sidecar("300000000000000001", 0, "good one", 1));
        let bad = file_result(&library, &sidecar("300000000000000002", 0, "bad one", 2));
        (good, bad)
    };
    std::fs::write(dir.path().join(bad.sidecar_path.as_deref().unwrap()), "{ this is not json").unwrap();
    remove_index(dir.path());
    let library = Library::open(dir.path()).unwrap();
    let report = library.rebuild().unwrap();
    assert_eq!(report.warnings.len(), 1, "{report:?}");
    assert!(report.warnings[0].contains(bad.sidecar_path.as_deref().unwrap()));
    assert_eq!(library.get(&good.id).unwrap().prompt, "good one");
    let still_listed = library.get(&format!("file:{}", bad.rel_path)).unwrap();
    assert_eq!(still_listed.kind, ItemKind::Imported, "the media is kept and shown");
}

#[test]
fn an_unusable_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = match Library::open(file.join("library")) {
        Err(e) => e,
        Ok(_) => panic!("a folder inside a file cannot exist"),
    };
    assert_eq!(err.code(), kling_api::ErrorCode::LibraryUnwritable);
    let text = err.to_string();
    assert!(text.contains("a-file") && text.contains("choose another folder"), "{text}");
}

#[test]
fn search_filter_sort_and_page() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    let prompts = ["a red fox in snow", "lighthouse at dusk", "Fox cubs playing", "city lights at night", "an empty beach"];
    for (i, prompt) in prompts.iter().enumerate() {
        let mut s = sidecar(&format!("40000000000000000{i}"), 0, prompt, 1_000 + i as i64);
        if i == 3 {
            s.kind = ItemKind::Text2video;
            s.ext = "mp4".into();
            s.model = "kling-v2-master".into();
        }
        let tmp = library.tmp_dir().join(format!("{i}.part"));
        std::fs::write(&tmp, b"bytes").unwrap();
        library.add(&tmp, &s).unwrap();
    }
    let search = |text: &str| {
        library.query(&GalleryQuery { search: Some(text.into()), limit: 50, ..Default::default() }).unwrap().items.into_iter().map(|i| i.prompt).collect::<Vec<_>>()
    };
    assert_eq!(search("light"), vec!["city lights at night", "lighthouse at dusk"], "prefixes match, newest first");
    assert_eq!(search("FOX"), vec!["Fox cubs playing", "a red fox in snow"]);
    assert_eq!(search("fox snow"), vec!["a red fox in snow"]);
    assert!(search("fox dusk").is_empty());
    assert!(search("\"unbalanced OR (").is_empty(), "FTS syntax in the text is harmless");

    let videos = library.query(&GalleryQuery { kinds: vec![ItemKind::Text2video], limit: 50, ..Default::default() }).unwrap();
    assert_eq!(videos.total, 1);
    assert_eq!(videos.items[0].media, MediaType::Video);
    let by_model = library.query(&GalleryQuery { model: Some("kling-v1".into()), limit: 50, ..Default::default() }).unwrap();
    assert_eq!(by_model.total, 4);
    assert_eq!(library.models().unwrap(), vec!["kling-v1".to_string(), "kling-v2-master".to_string()]);

    let id = library.query(&GalleryQuery { search: Some("beach".into()), limit: 1, ..Default::default() }).unwrap().items[0].id.clone();
    library.set_favorite(&id, true).unwrap();
    let favs = library.query(&GalleryQuery { favorites_only: true, limit: 50, ..Default::default() }).unwrap();
    assert_eq!(favs.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), vec![id]);

    let page2 = library.query(&GalleryQuery { sort: SortOrder::OldestFirst, offset: 2, limit: 2, ..Default::default() }).unwrap();
    assert_eq!(page2.total, 5);
    assert_eq!(page2.items.iter().map(|i| i.prompt.as_str()).collect::<Vec<_>>(), vec!["Fox cubs playing", "city lights at night"]);
}

#[test]
fn delete_moves_files_out_and_forgets_the_item() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    let item = file_result(&library, &sidecar("500000000000000001", 0, "to be deleted", 1));
    let keep = file_result(&library, &sidecar("500000000000000002", 0, "to keep", 2));
    let media: PathBuf = library.absolute(&item.rel_path).unwrap();
    let side: PathBuf = library.absolute(item.sidecar_path.as_deref().unwrap()).unwrap();
    assert_eq!(library.delete(std::slice::from_ref(&item.id)).unwrap(), 1);
    assert!(!media.exists() && !side.exists());
    assert!(matches!(library.get(&item.id), Err(LibraryError::NotFound(_))));
    assert_eq!(library.rescan().unwrap().added, 0, "nothing comes back");
    assert!(library.get(&keep.id).is_ok());
    assert!(matches!(library.delete(&[item.id]), Err(LibraryError::NotFound(_))));
}

#[test]
fn thumbnails_are_small_keep_the_aspect_and_are_cached() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    let item = file_result(&library, &sidecar("600000000000000001", 0, "thumb me", 1));
    let thumb = library.thumbnail(&item.id).unwrap();
    let picture = image::open(&thumb).unwrap();
    assert_eq!((picture.width(), picture.height()), (384, 216));
    let made = std::fs::metadata(&thumb).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(library.thumbnail(&item.id).unwrap(), thumb);
    assert_eq!(std::fs::metadata(&thumb).unwrap().modified().unwrap(), made, "not made twice");
}

#[test]
fn inputs_are_copied_once_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path().join("lib")).unwrap();
    let source = dir.path().join("photo.png");
    png(&source, 400, 400, 3);
    let a = library.import_input(&source).unwrap();
    let b = library.import_input(&source).unwrap();
    assert_eq!(a, b);
    assert!(a.starts_with("inputs/"));
    assert_eq!(std::fs::read(library.absolute(&a).unwrap()).unwrap(), std::fs::read(&source).unwrap());
    assert_eq!(library.rescan().unwrap().added, 0, "inputs are not gallery items");
}

#[test]
fn videos_get_size_length_and_a_poster_frame_without_ffmpeg() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/red-320x180-1s.mp4"), dir.path().join("clip.mp4")).unwrap();
    library.rescan().unwrap();
    let item = library.get("file:clip.mp4").unwrap();
    assert_eq!(item.media, MediaType::Video);
    assert_eq!((item.width, item.height), (Some(320), Some(180)));
    let ms = item.duration_ms.unwrap();
    assert!((900..=1100).contains(&ms), "about one second: {ms}");

    let poster = image::open(library.thumbnail(&item.id).unwrap()).unwrap().to_rgb8();
    assert_eq!(poster.dimensions(), (320, 180), "small videos are not enlarged");
    let image::Rgb([r, g, b]) = *poster.get_pixel(160, 90);
    assert!(r > 200 && g < 60 && b < 60, "the decoded frame is red: {r},{g},{b}");
}

#[test]
fn a_broken_video_gets_a_clear_thumbnail_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.mp4"), b"\0\0\0\x18ftypisom not really a video").unwrap();
    let library = Library::open(dir.path()).unwrap();
    let err = library.thumbnail("file:broken.mp4").unwrap_err();
    assert_eq!(err.code(), kling_api::ErrorCode::Thumbnail);
    assert!(err.to_string().contains("broken.mp4"), "{err}");
}

#[test]
fn large_jpegs_are_shrunk_on_load_with_the_right_size_and_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let colour = dir.path().join("wide.jpg");
    image::RgbImage::from_pixel(2000, 1000, image::Rgb([30, 160, 220])).save(&colour).unwrap();
    let grey = dir.path().join("tall-grey.jpg");
    image::GrayImage::from_pixel(900, 1800, image::Luma([200])).save(&grey).unwrap();

    let thumb = image::load_from_memory(&studio::library::picture_thumbnail(&colour).unwrap()).unwrap().to_rgb8();
    assert_eq!(thumb.dimensions(), (384, 192));
    let image::Rgb([r, g, b]) = *thumb.get_pixel(192, 96);
    assert!(r.abs_diff(30) < 12 && g.abs_diff(160) < 12 && b.abs_diff(220) < 12, "{r},{g},{b}");

    let thumb = image::load_from_memory(&studio::library::picture_thumbnail(&grey).unwrap()).unwrap().to_rgb8();
    assert_eq!(thumb.dimensions(), (192, 384));
    assert!(thumb.get_pixel(96, 192).0.iter().all(|c| c.abs_diff(200) < 12));

    let broken = dir.path().join("broken.jpg");
    std::fs::write(&broken, [0xFF, 0xD8, 0xFF, 0xE0, 0, 1, 2]).unwrap();
    assert_eq!(studio::library::picture_thumbnail(&broken).unwrap_err().code(), kling_api::ErrorCode::Thumbnail, "falls back, then reports");
}

#[test]
fn relocating_moves_everything_and_refuses_unsafe_targets_losing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let old_root = dir.path().join("Kling Studio");
    let library = Library::open(&old_root).unwrap();
    let a = file_result(&library, &sidecar("101", 0, "a red kite", 1_764_000_000_000));
    let b = file_result(&library, &sidecar("102", 0, "a blue boat", 1_764_000_100_000));
    library.set_favorite(&b.id, true).unwrap();
    drop(library);

    // A folder that already holds files is refused, and the library stays whole where it was.
    let busy = dir.path().join("busy");
    std::fs::create_dir_all(&busy).unwrap();
    std::fs::write(busy.join("notes.txt"), b"mine").unwrap();
    let err = studio::library::relocate(&old_root, &busy).unwrap_err();
    assert!(matches!(err, studio::RelocateError::NotEmpty(_)), "{err}");
    assert_eq!(std::fs::read(busy.join("notes.txt")).unwrap(), b"mine");
    // Inside itself and onto itself are refused too.
    assert!(matches!(studio::library::relocate(&old_root, &old_root.join("sub")).unwrap_err(), studio::RelocateError::InsideLibrary(_)));
    assert!(matches!(studio::library::relocate(&old_root, &old_root).unwrap_err(), studio::RelocateError::SameFolder(_)));
    assert_eq!(all(&Library::open(&old_root).unwrap()).len(), 2);

    // An empty destination folder is fine; no staging folder is left behind.
    let new_root = dir.path().join("elsewhere").join("My Kling");
    std::fs::create_dir_all(&new_root).unwrap();
    let report = studio::library::relocate(&old_root, &new_root).unwrap();
    assert!(report.files >= 4, "media + sidecars at least: {report:?}");
    assert!(!old_root.exists(), "the old folder is removed once the new one is whole");
    let leftovers: Vec<_> = std::fs::read_dir(new_root.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("My Kling")]);
    let moved = Library::open(&new_root).unwrap();
    let items = all(&moved);
    assert_eq!(items.len(), 2);
    assert!(moved.absolute(&moved.get(&a.id).unwrap().rel_path).unwrap().is_file());
    assert!(moved.get(&b.id).unwrap().favorite, "marks travel with the sidecars");
}

#[test]
fn an_unscanned_open_shows_the_index_at_once_and_a_rescan_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    file_result(&library, &sidecar("201", 0, "first", 1_764_000_000_000));
    drop(library);
    // A file added by hand while the app was closed: not there until the background rescan.
    png(&dir.path().join("by-hand.png"), 300, 200, 9);
    let library = Library::open_unscanned(dir.path()).unwrap();
    assert_eq!(all(&library).len(), 1);
    library.rescan().unwrap();
    assert_eq!(all(&library).len(), 2);
}

/// A result with its watermarked copy and its charge: the copy sits beside the file, is not an
/// item of its own (a rescan or a rebuild does not list it), and goes with its result when it is
/// deleted; the charge is kept in the sidecar, and a hand-edited bad charge is dropped on reading.
#[test]
fn a_watermarked_copy_and_the_charge_travel_with_their_result() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path()).unwrap();
    let side = Sidecar { watermarked: true, charged_units: Some(8.0), ..sidecar("600000000000000001", 0, "marked", 3) };
    let tmp = library.tmp_dir().join("marked.part");
    let copy = library.tmp_dir().join("marked-watermarked.part");
    png(&tmp, 640, 360, 10);
    png(&copy, 640, 360, 200);
    let item = library.add_with_copy(&tmp, Some(&copy), &side).unwrap();
    let media = library.absolute(&item.rel_path).unwrap();
    let marked = media.with_file_name(media.file_name().unwrap().to_string_lossy().replace(".png", ".watermarked.png"));
    assert!(marked.is_file() && !copy.exists(), "the copy moved beside {}", media.display());
    assert_ne!(std::fs::read(&marked).unwrap(), std::fs::read(&media).unwrap());
    let read = library.sidecar(&item.id).unwrap().unwrap();
    assert_eq!((read.watermarked, read.charged_units), (true, Some(8.0)));

    assert_eq!(library.rescan().unwrap().added, 0, "the copy is not an item");
    assert_eq!(library.rebuild().unwrap().added, 1);
    assert_eq!(all(&library).len(), 1);

    // A charge edited into nonsense is input: dropped, not shown.
    let sidecar_path = library.absolute(item.sidecar_path.as_deref().unwrap()).unwrap();
    let text = std::fs::read_to_string(&sidecar_path).unwrap().replace("\"charged_units\": 8.0", "\"charged_units\": -3.0");
    std::fs::write(&sidecar_path, text).unwrap();
    assert_eq!(library.sidecar(&item.id).unwrap().unwrap().charged_units, None);

    assert_eq!(library.delete(std::slice::from_ref(&item.id)).unwrap(), 1);
    assert!(!media.exists() && !marked.exists(), "the copy goes with its result");
}
