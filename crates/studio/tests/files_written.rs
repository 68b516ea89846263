//! Files are written where the person meant (issue 12): an export never writes through a link
//! planted in the target folder, and moving the library copies links as links, checks the copy by
//! content and removes from the old place only what it copied.

use kling_api::ImageRequest;
use std::path::Path;
use studio::{ItemKind, JobRequest, Library, Sidecar};

fn file_result(library: &Library, task_id: &str) -> studio::Item {
    let request = ImageRequest { n: Some(1), ..ImageRequest::new("a lighthouse") };
    let sidecar = Sidecar {
        version: studio::library::sidecar_version(),
        kind: ItemKind::Image,
        task_id: task_id.into(),
        index: 0,
        external_task_id: None,
        model: "kling-v1".into(),
        prompt: request.prompt.clone(),
        negative_prompt: String::new(),
        request: JobRequest::Image { request, image: None },
        created_at: 1_764_000_000_000,
        finished_at: 1_764_000_005_000,
        original_url: None,
        width: Some(32),
        height: Some(32),
        duration_secs: None,
        ext: "png".into(),
        favorite: false,
        tags: vec![],
        charged_units: None,
        watermarked: false,
        made_from: Vec::new(),
        video_id: None,
        wav_copy: false,
    };
    let tmp = library.tmp_dir().join(format!("{task_id}.part"));
    image::RgbImage::from_pixel(32, 32, image::Rgb([7, 8, 9])).save_with_format(&tmp, image::ImageFormat::Png).unwrap();
    library.add(&tmp, &sidecar).unwrap()
}

fn name_of(rel: &str) -> String {
    Path::new(rel).file_name().unwrap().to_string_lossy().into_owned()
}

/// Links planted in the export folder under the names the export would take — one dangling
/// (pointing at a file it would create outside), one to an existing file outside — are never
/// written through: the copy takes the next free name and both outside files stay as they were.
#[cfg(unix)]
#[test]
fn export_never_writes_through_a_link_planted_at_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path().join("library")).unwrap();
    let item = file_result(&library, "827574871634235396");
    let out = dir.path().join("exported");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let name = name_of(&item.rel_path);
    let stem = name.trim_end_matches(".png");
    std::os::unix::fs::symlink(outside.join("created.png"), out.join(&name)).unwrap();
    std::fs::write(outside.join("existing.png"), b"the person's own file").unwrap();
    std::os::unix::fs::symlink(outside.join("existing.png"), out.join(format!("{stem} (2).png"))).unwrap();

    let copies = library.export(std::slice::from_ref(&item.id), &out).unwrap();
    assert_eq!(copies, vec![out.join(format!("{stem} (3).png"))]);
    assert_eq!(std::fs::read(&copies[0]).unwrap(), std::fs::read(library.absolute(&item.rel_path).unwrap()).unwrap());
    assert!(!outside.join("created.png").exists(), "nothing was created through the dangling link");
    assert_eq!(std::fs::read(outside.join("existing.png")).unwrap(), b"the person's own file");
    assert!(out.join(&name).symlink_metadata().unwrap().file_type().is_symlink(), "the planted links are left as they were");
}
